import OpenAI from 'openai';
import config from '../config';

const client = new OpenAI({
  apiKey: config.openaiApiKey,
  ...(config.heliconeApiKey
    ? {
        baseURL: 'https://oai.helicone.ai/v1',
        defaultHeaders: { 'Helicone-Auth': `Bearer ${config.heliconeApiKey}` },
      }
    : {}),
});

export async function digest(items: string[]): Promise<string> {
  const res = await client.chat.completions.create({
    model: config.digestModel,
    messages: [{ role: 'user', content: items.join('\n') }],
  });
  return res.choices[0]?.message.content ?? '';
}
