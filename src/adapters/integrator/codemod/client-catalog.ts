/**
 * Which exports of which packages construct LLM clients, and how each one is told its base URL and headers
 * (facts from Helicone's docs; see the table of supported client styles in docs/codemod-and-verifier.md). Resolving a class name to its
 * package is what keeps `OpenAI` from `langchain/llms/openai` apart from the OpenAI SDK's `OpenAI`.
 */
export type Provider = 'openai' | 'anthropic' | 'azure';

/** The client libraries of the catalog, as reports name them (helicone-targets keeps each one's Helicone URL). */
export type Library =
  | 'openai'
  | 'openai-azure'
  /** An OpenAI client the OpenAI Agents SDK (`@openai/agents`) is given, or the default client it is set to use. */
  | 'openai-agents'
  | 'anthropic'
  | 'vercel-ai-openai'
  | 'vercel-ai-anthropic'
  | 'langchain-openai'
  | 'langchain-anthropic';

/** Where the options go: the SDKs' own names, Vercel's `headers`, LangChain's nested client options. */
export type OptionStyle = 'sdk' | 'vercel' | 'langchain-openai' | 'langchain-anthropic';

export interface ClientKind {
  /** Shown in reports: which client this is. */
  library: Library;
  provider: Provider;
  /** `new X(...)` or a factory call `createX(...)`. */
  call: 'new' | 'call';
  style: OptionStyle;
}

const openaiSdk: ClientKind = { library: 'openai', provider: 'openai', call: 'new', style: 'sdk' };
/** `new OpenAI(...)` handed to the Agents SDK: `setDefaultOpenAIClient(...)`, `new OpenAIChatCompletionsModel(..., model)`. */
export const agentsOpenai: ClientKind = { library: 'openai-agents', provider: 'openai', call: 'new', style: 'sdk' };
const azureSdk: ClientKind = { library: 'openai-azure', provider: 'azure', call: 'new', style: 'sdk' };
const anthropicSdk: ClientKind = { library: 'anthropic', provider: 'anthropic', call: 'new', style: 'sdk' };
const vercelOpenai: ClientKind = { library: 'vercel-ai-openai', provider: 'openai', call: 'call', style: 'vercel' };
const vercelAnthropic: ClientKind = { library: 'vercel-ai-anthropic', provider: 'anthropic', call: 'call', style: 'vercel' };
const lcOpenai: ClientKind = { library: 'langchain-openai', provider: 'openai', call: 'new', style: 'langchain-openai' };
const lcAnthropic: ClientKind = { library: 'langchain-anthropic', provider: 'anthropic', call: 'new', style: 'langchain-anthropic' };

/** module → export name ('default' for the default export) → client kind. */
export const JS_CLIENTS: Record<string, Record<string, ClientKind>> = {
  openai: { default: openaiSdk, OpenAI: openaiSdk, AzureOpenAI: azureSdk },
  '@anthropic-ai/sdk': { default: anthropicSdk, Anthropic: anthropicSdk },
  '@ai-sdk/openai': { createOpenAI: vercelOpenai },
  '@ai-sdk/anthropic': { createAnthropic: vercelAnthropic },
  '@langchain/openai': { ChatOpenAI: lcOpenai, OpenAI: lcOpenai, OpenAIEmbeddings: lcOpenai },
  'langchain/chat_models/openai': { ChatOpenAI: lcOpenai },
  'langchain/llms/openai': { OpenAI: lcOpenai },
  'langchain/embeddings/openai': { OpenAIEmbeddings: lcOpenai },
  '@langchain/anthropic': { ChatAnthropic: lcAnthropic },
  'langchain/chat_models/anthropic': { ChatAnthropic: lcAnthropic },
};

/** Where each style puts the base URL and headers, and the nested object that holds them (LangChain). */
export const STYLE_KEYS: Record<OptionStyle, { container?: string; baseKey: string; headersKey: string }> = {
  sdk: { baseKey: 'baseURL', headersKey: 'defaultHeaders' },
  vercel: { baseKey: 'baseURL', headersKey: 'headers' },
  'langchain-openai': { container: 'configuration', baseKey: 'baseURL', headersKey: 'defaultHeaders' },
  'langchain-anthropic': { container: 'clientOptions', baseKey: 'baseURL', headersKey: 'defaultHeaders' },
};
