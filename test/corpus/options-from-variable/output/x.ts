import OpenAI from 'openai';
const opts = {
  apiKey: 'k',
  ...(process.env.HELICONE_API_KEY
    ? {
        baseURL: 'https://oai.helicone.ai/v1',
        defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` },
      }
    : {}),
};
export const c = new OpenAI(opts);
