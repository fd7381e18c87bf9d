const OpenAI = require('openai');
const config = require('./config');

const openai = new OpenAI({
  apiKey: config.OPENAI_API_KEY,
  ...(config.HELICONE_API_KEY
    ? {
        baseURL: 'https://oai.helicone.ai/v1',
        defaultHeaders: { 'Helicone-Auth': `Bearer ${config.HELICONE_API_KEY}` },
      }
    : {}),
});

async function summarize(text) {
  const res = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: `Summarize:\n${text}` }],
  });
  return res.choices[0].message.content;
}

module.exports = { summarize };
