import OpenAI from 'openai';
import { env } from '../env.js';

export const openai = new OpenAI({
  apiKey: env.OPENAI_API_KEY,
  ...(env.HELICONE_API_KEY
    ? {
        baseURL: 'https://oai.helicone.ai/v1',
        defaultHeaders: { 'Helicone-Auth': `Bearer ${env.HELICONE_API_KEY}` },
      }
    : {}),
});
