import OpenAI, { AzureOpenAI } from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { createAnthropic } from '@ai-sdk/anthropic';

// The maintainers asked for Helicone everywhere: routing `always` writes the unconditional forms.
export const openai = new OpenAI({
  apiKey: process.env.OPENAI_API_KEY,
  baseURL: 'https://oai.helicone.ai/v1',
  defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` },
});

export const anthropic = new Anthropic({
  baseURL: 'https://anthropic.helicone.ai',
  defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` },
});

// @ai-sdk/anthropic appends `/messages` itself, so its Helicone base URL keeps the `/v1`.
export const claude = createAnthropic({
  apiKey: process.env.ANTHROPIC_API_KEY,
  baseURL: 'https://anthropic.helicone.ai/v1',
  headers: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` },
});

export const azure = new AzureOpenAI({
  baseURL: 'https://oai.helicone.ai/openai',
  apiVersion: '2024-10-21',
  defaultHeaders: {
    'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}`,
    'Helicone-OpenAI-Api-Base': process.env.AZURE_ENDPOINT,
  },
});
