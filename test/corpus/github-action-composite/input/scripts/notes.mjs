import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic();
const msg = await anthropic.messages.create({ model: 'claude-3-5-sonnet-latest', max_tokens: 1024, messages: [{ role: 'user', content: `Notes for ${process.env.TAG}` }] });
console.log(msg.content);
