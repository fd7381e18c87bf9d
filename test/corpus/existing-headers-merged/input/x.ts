import OpenAI from 'openai';
export const o = new OpenAI({ defaultHeaders: { 'X-Team': 'search' } });
