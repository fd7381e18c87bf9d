import { AzureOpenAI } from 'openai';

// Reads AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY and OPENAI_API_VERSION from the environment.
export const client = new AzureOpenAI(
  process.env.HELICONE_API_KEY
    ? {
        baseURL: 'https://oai.helicone.ai/openai',
        defaultHeaders: {
          'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}`,
          'Helicone-OpenAI-Api-Base': process.env.AZURE_OPENAI_ENDPOINT,
        },
      }
    : {},
);
