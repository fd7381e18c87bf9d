import Anthropic from '@anthropic-ai/sdk';
const a = new Anthropic();
export default a;
