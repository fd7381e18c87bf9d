import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import { ChatAnthropic } from '@langchain/anthropic';
export const chat = new ChatOpenAI({ temperature: 0 });
export const emb = new OpenAIEmbeddings();
export const claude = new ChatAnthropic({ model: 'claude-3-5-sonnet-latest' });
