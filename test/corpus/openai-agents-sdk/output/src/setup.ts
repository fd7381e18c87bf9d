import { Agent, OpenAIChatCompletionsModel, run, setDefaultOpenAIClient } from '@openai/agents';
import OpenAI from 'openai';

setDefaultOpenAIClient(
  new OpenAI({
    apiKey: process.env.OPENAI_API_KEY,
    ...(process.env.HELICONE_API_KEY
      ? {
          baseURL: 'https://oai.helicone.ai/v1',
          defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` },
        }
      : {}),
  }),
);

const groq = new OpenAI({
  apiKey: process.env.GROQ_API_KEY,
  baseURL: process.env.HELICONE_API_KEY
    ? 'https://groq.helicone.ai/openai/v1'
    : 'https://api.groq.com/openai/v1',
  ...(process.env.HELICONE_API_KEY
    ? { defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` } }
    : {}),
});
export const fast = new Agent({
  name: 'Fast',
  instructions: 'Answer briefly.',
  model: new OpenAIChatCompletionsModel(
    new OpenAI({
      baseURL: process.env.HELICONE_API_KEY
        ? 'https://groq.helicone.ai/openai/v1'
        : 'https://api.groq.com/openai/v1',
      apiKey: process.env.GROQ_API_KEY,
      ...(process.env.HELICONE_API_KEY
        ? { defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` } }
        : {}),
    }),
    'llama-3.3-70b-versatile',
  ),
});
export const slow = new Agent({ name: 'Slow', model: new OpenAIChatCompletionsModel(groq, 'llama-3.3-70b-versatile') });

export async function ask(q: string) {
  return run(fast, q);
}
