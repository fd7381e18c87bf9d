/**
 * Python LLM clients the codemod knows: module → class → how it takes a base URL and headers (facts from Helicone's
 * docs). `base_url` / `default_headers` for the SDKs and LangChain's OpenAI classes; LangChain's ChatAnthropic
 * calls its base URL `anthropic_api_url`.
 */
import type { Provider } from '../client-catalog';

export interface PythonClientKind {
  library: string;
  provider: Provider;
  baseKey: string;
  headersKey: string;
}

const openai: PythonClientKind = { library: 'openai-python', provider: 'openai', baseKey: 'base_url', headersKey: 'default_headers' };
const azure: PythonClientKind = { library: 'openai-python-azure', provider: 'azure', baseKey: 'base_url', headersKey: 'default_headers' };
// LangChain's Azure classes take `azure_endpoint` / `openai_api_base` with their own precedence rules: left alone.
const lcAzure: PythonClientKind = {
  library: 'langchain-openai-azure-python',
  provider: 'azure',
  baseKey: 'base_url',
  headersKey: 'default_headers',
};
const anthropic: PythonClientKind = {
  library: 'anthropic-python',
  provider: 'anthropic',
  baseKey: 'base_url',
  headersKey: 'default_headers',
};
const lcOpenai: PythonClientKind = {
  library: 'langchain-openai-python',
  provider: 'openai',
  baseKey: 'base_url',
  headersKey: 'default_headers',
};
const lcAnthropic: PythonClientKind = {
  library: 'langchain-anthropic-python',
  provider: 'anthropic',
  baseKey: 'anthropic_api_url',
  headersKey: 'default_headers',
};

export const PY_CLIENTS: Record<string, Record<string, PythonClientKind>> = {
  openai: { OpenAI: openai, AsyncOpenAI: openai, AzureOpenAI: azure, AsyncAzureOpenAI: azure },
  anthropic: { Anthropic: anthropic, AsyncAnthropic: anthropic },
  langchain_openai: {
    ChatOpenAI: lcOpenai,
    OpenAIEmbeddings: lcOpenai,
    OpenAI: lcOpenai,
    AzureChatOpenAI: lcAzure,
    AzureOpenAIEmbeddings: lcAzure,
  },
  langchain_anthropic: { ChatAnthropic: lcAnthropic },
};
