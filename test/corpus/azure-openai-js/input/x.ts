import { AzureOpenAI } from 'openai';
export const az = new AzureOpenAI({ endpoint: process.env.AZURE_ENDPOINT, apiVersion: '2024-10-21' });
