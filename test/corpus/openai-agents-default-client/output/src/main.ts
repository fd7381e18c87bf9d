import { run, setDefaultOpenAIClient } from '@openai/agents';
import OpenAI from 'openai';
import { triage } from './agents.js';

if (process.env.HELICONE_API_KEY) {
  setDefaultOpenAIClient(
    new OpenAI({
      baseURL: 'https://oai.helicone.ai/v1',
      defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` },
    }),
  );
}

const result = await run(triage, process.argv[2] ?? 'What is the weather in Paris?');
console.log(result.finalOutput);
