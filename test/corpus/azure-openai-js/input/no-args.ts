import { AzureOpenAI } from 'openai';

// Reads AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY and OPENAI_API_VERSION from the environment.
export const client = new AzureOpenAI();
