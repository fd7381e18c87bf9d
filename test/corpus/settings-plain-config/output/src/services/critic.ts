import Anthropic from '@anthropic-ai/sdk';
import config from '../config';

const anthropic = new Anthropic({
  apiKey: process.env.ANTHROPIC_API_KEY,
  maxRetries: 4,
  ...(config.heliconeApiKey
    ? {
        baseURL: 'https://anthropic.helicone.ai',
        defaultHeaders: { 'Helicone-Auth': `Bearer ${config.heliconeApiKey}` },
      }
    : {}),
});

export async function critique(text: string) {
  return anthropic.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 512, messages: [{ role: 'user', content: text }] });
}
