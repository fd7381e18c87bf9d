import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import { ChatAnthropic } from '@langchain/anthropic';
export const chat = new ChatOpenAI({
  temperature: 0,
  ...(process.env.HELICONE_API_KEY
    ? {
        configuration: {
          baseURL: 'https://oai.helicone.ai/v1',
          defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` },
        },
      }
    : {}),
});
export const emb = new OpenAIEmbeddings(
  process.env.HELICONE_API_KEY
    ? {
        configuration: {
          baseURL: 'https://oai.helicone.ai/v1',
          defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` },
        },
      }
    : {},
);
export const claude = new ChatAnthropic({
  model: 'claude-3-5-sonnet-latest',
  ...(process.env.HELICONE_API_KEY
    ? {
        clientOptions: {
          baseURL: 'https://anthropic.helicone.ai',
          defaultHeaders: { 'Helicone-Auth': `Bearer ${process.env.HELICONE_API_KEY}` },
        },
      }
    : {}),
});
