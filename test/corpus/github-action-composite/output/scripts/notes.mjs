import Anthropic from '@anthropic-ai/sdk';

const anthropic = new Anthropic(
  process.env.HELICONE_API_KEY
    ? {
        baseURL: 'https://anthropic.helicone.ai',
        defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` },
      }
    : {},
);
const msg = await anthropic.messages.create({ model: 'claude-3-5-sonnet-latest', max_tokens: 1024, messages: [{ role: 'user', content: `Notes for ${process.env.TAG}` }] });
console.log(msg.content);
