import { createOpenAI } from '@ai-sdk/openai';
import { createAnthropic } from '@ai-sdk/anthropic';
export const openai = createOpenAI({
  compatibility: 'strict',
  ...(process.env.HELICONE_API_KEY
    ? {
        baseURL: 'https://oai.helicone.ai/v1',
        headers: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` },
      }
    : {}),
});
export const anthropic = createAnthropic({
  ...(process.env.HELICONE_API_KEY
    ? {
        baseURL: 'https://anthropic.helicone.ai/v1',
        headers: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` },
      }
    : {}),
});
