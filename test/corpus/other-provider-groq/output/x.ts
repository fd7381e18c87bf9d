import OpenAI from 'openai';
export const groq = new OpenAI({
  baseURL: process.env.HELICONE_API_KEY
    ? 'https://groq.helicone.ai/openai/v1'
    : 'https://api.groq.com/openai/v1',
  apiKey: process.env.GROQ_API_KEY,
  ...(process.env.HELICONE_API_KEY
    ? { defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` } }
    : {}),
});
