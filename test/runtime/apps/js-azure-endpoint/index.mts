import { AzureOpenAI } from 'openai';

const client = new AzureOpenAI({
  endpoint: 'https://runtime-test.openai.azure.com',
  apiKey: process.env.AZURE_OPENAI_API_KEY,
  apiVersion: '2024-10-21',
  deployment: 'gpt-4o-mini',
});

const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say ok' }] });
console.log(completion.choices[0]?.message.content);
