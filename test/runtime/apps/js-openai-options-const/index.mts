import OpenAI from 'openai';

const options = {
  apiKey: process.env.OPENAI_API_KEY,
  maxRetries: 1,
  timeout: 20_000,
};

const openai = new OpenAI(options);

const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say ok' }] });
console.log(completion.choices[0]?.message.content);
