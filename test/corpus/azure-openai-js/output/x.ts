import { AzureOpenAI } from 'openai';
export const az = new AzureOpenAI({ baseURL: 'https://oai.helicone.ai/openai', apiVersion: '2024-10-21', defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}`, 'Helicone-OpenAI-Api-Base': process.env.AZURE_ENDPOINT } });
