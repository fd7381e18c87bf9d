import OpenAI, { AzureOpenAI } from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { createAnthropic } from '@ai-sdk/anthropic';

// The maintainers asked for Helicone everywhere: routing `always` writes the unconditional forms.
export const openai = new OpenAI({
  apiKey: process.env.OPENAI_API_KEY,
});

export const anthropic = new Anthropic();

// @ai-sdk/anthropic appends `/messages` itself, so its Helicone base URL keeps the `/v1`.
export const claude = createAnthropic({ apiKey: process.env.ANTHROPIC_API_KEY });

export const azure = new AzureOpenAI({ endpoint: process.env.AZURE_ENDPOINT, apiVersion: '2024-10-21' });
