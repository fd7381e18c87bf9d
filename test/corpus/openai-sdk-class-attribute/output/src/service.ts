import { OpenAI } from 'openai';

export class Summarizer {
  private client = new OpenAI({
    apiKey: process.env.OPENAI_API_KEY,
    ...(process.env.HELICONE_API_KEY
      ? {
          baseURL: 'https://oai.helicone.ai/v1',
          defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` },
        }
      : {}),
  });
}
