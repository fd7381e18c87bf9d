import { createOpenAI } from '@ai-sdk/openai';
import { generateText } from 'ai';

const openai = createOpenAI({ apiKey: process.env.OPENAI_API_KEY });

const { text } = await generateText({ model: openai('gpt-4o-mini'), prompt: 'Say ok' });
console.log(text);
