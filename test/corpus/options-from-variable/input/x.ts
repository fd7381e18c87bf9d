import OpenAI from 'openai';
const opts = { apiKey: 'k' };
export const c = new OpenAI(opts);
