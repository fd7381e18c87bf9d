import OpenAI from 'openai';
export const local = new OpenAI({ baseURL: 'http://localhost:11434/v1' });
