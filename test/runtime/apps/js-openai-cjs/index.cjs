/* eslint-disable -- a plain CommonJS app of the runtime suite, run as-is by node */
const OpenAI = require('openai');

const client = new OpenAI({
  apiKey: process.env.OPENAI_API_KEY,
});

async function main() {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Say ok' }],
  });
  console.log(completion.choices[0].message.content);
}

main();
