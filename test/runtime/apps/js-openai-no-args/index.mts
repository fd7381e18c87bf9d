import OpenAI from 'openai';

const openai = new OpenAI();

const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say ok' }] });
console.log(completion.choices[0]?.message.content);
