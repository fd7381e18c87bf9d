import { createOpenAI } from '@ai-sdk/openai';
import { createAnthropic } from '@ai-sdk/anthropic';
export const openai = createOpenAI({ compatibility: 'strict' });
export const anthropic = createAnthropic({});
