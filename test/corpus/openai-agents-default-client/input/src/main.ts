import { run } from '@openai/agents';
import { triage } from './agents.js';

const result = await run(triage, process.argv[2] ?? 'What is the weather in Paris?');
console.log(result.finalOutput);
