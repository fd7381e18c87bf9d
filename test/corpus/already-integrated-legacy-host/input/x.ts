import OpenAI from 'openai';
export const o = new OpenAI({ baseURL: 'https://oai.hconeai.com/v1', defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` } });
