import { Agent, tool } from '@openai/agents';
import { z } from 'zod';

export const weather = tool({
  name: 'weather',
  description: 'Current weather',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => `Sunny in ${city}`,
});

export const triage = new Agent({ name: 'Triage', instructions: 'Help the user.', tools: [weather] });
