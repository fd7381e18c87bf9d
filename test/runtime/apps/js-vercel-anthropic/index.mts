import { createAnthropic } from '@ai-sdk/anthropic';
import { generateText } from 'ai';

const anthropic = createAnthropic({ apiKey: process.env.ANTHROPIC_API_KEY });

const { text } = await generateText({ model: anthropic('claude-haiku-4-5'), prompt: 'Say ok', maxOutputTokens: 64 });
console.log(text);
