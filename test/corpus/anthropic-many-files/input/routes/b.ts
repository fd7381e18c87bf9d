import Anthropic from '@anthropic-ai/sdk';
const b = new Anthropic({ maxRetries: 1 });
export default b;
