import { AzureOpenAI } from 'openai';
export const az = new AzureOpenAI({
  ...(process.env.HELICONE_API_KEY
    ? {
        baseURL: 'https://oai.helicone.ai/openai',
        defaultHeaders: {
          'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}`,
          'Helicone-OpenAI-Api-Base': process.env.AZURE_ENDPOINT,
        },
      }
    : { endpoint: process.env.AZURE_ENDPOINT }),
  apiVersion: '2024-10-21',
});
