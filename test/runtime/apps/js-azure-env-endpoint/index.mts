import { AzureOpenAI } from 'openai';

// The endpoint comes from AZURE_OPENAI_ENDPOINT, the key from AZURE_OPENAI_API_KEY.
const client = new AzureOpenAI({ apiVersion: '2024-10-21', deployment: 'gpt-4o-mini' });

const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say ok' }] });
console.log(completion.choices[0]?.message.content);
