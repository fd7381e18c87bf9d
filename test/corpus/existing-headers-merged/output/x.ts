import OpenAI from 'openai';
export const o = new OpenAI({
  defaultHeaders: {
    'X-Team': 'search',
    ...(process.env.HELICONE_API_KEY
      ? { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` }
      : {}),
  },
  ...(process.env.HELICONE_API_KEY ? { baseURL: 'https://oai.helicone.ai/v1' } : {}),
});
