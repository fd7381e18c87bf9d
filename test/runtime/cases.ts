/**
 * The runtime suite's apps (one folder each under apps/, one request each) and what each must send once rewritten,
 * with HELICONE_API_KEY set. Without the key, every app must send exactly what its unmodified version sends; that
 * needs no per-app expectation.
 */

export const HELICONE_TEST_KEY = 'sk-helicone-test';

/** Provider keys (and the Azure endpoint for the app that reads it from the environment) every run gets. */
export const PROVIDER_ENV: Record<string, string> = {
  OPENAI_API_KEY: 'sk-openai-test',
  ANTHROPIC_API_KEY: 'sk-ant-test',
  GROQ_API_KEY: 'gsk-groq-test',
  AZURE_OPENAI_API_KEY: 'azure-key-test',
};

export interface RuntimeApp {
  /** Folder under test/runtime/apps. */
  name: string;
  /** The file to run, relative to the app's folder. */
  entry: string;
  /** Python apps: which venv runs them (`legacy` has openai==0.28.1). */
  python?: 'sdks' | 'legacy';
  /** More environment for this app's runs. */
  env?: Record<string, string>;
  /** With HELICONE_API_KEY: the URL the app's (one) provider request must go to. */
  heliconeUrl: string;
  /** With HELICONE_API_KEY: headers that request must carry besides everything the original sent. */
  heliconeHeaders?: Record<string, string>;
  /**
   * LiteLLM: the provider request is unchanged and carries no Helicone header; instead the success callback posts
   * the exchange to this Helicone logging URL with `Authorization: Bearer <key>`.
   */
  heliconeLogUrl?: string;
}

const OAI_CHAT = 'https://oai.helicone.ai/v1/chat/completions';
const ANTHROPIC_MESSAGES = 'https://anthropic.helicone.ai/v1/messages';
const GROQ_CHAT = 'https://groq.helicone.ai/openai/v1/chat/completions';
const AZURE_CHAT = 'https://oai.helicone.ai/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21';
const AUTH = { 'helicone-auth': `Bearer ${HELICONE_TEST_KEY}` };

export const APPS: RuntimeApp[] = [
  // JS / TS (the .mts apps run through tsx and are type-checked; .cjs runs as plain node)
  { name: 'js-openai-esm', entry: 'index.mts', heliconeUrl: OAI_CHAT, heliconeHeaders: AUTH },
  { name: 'js-openai-cjs', entry: 'index.cjs', heliconeUrl: OAI_CHAT, heliconeHeaders: AUTH },
  { name: 'js-openai-no-args', entry: 'index.mts', heliconeUrl: OAI_CHAT, heliconeHeaders: AUTH },
  { name: 'js-anthropic-no-args', entry: 'index.mts', heliconeUrl: ANTHROPIC_MESSAGES, heliconeHeaders: AUTH },
  { name: 'js-openai-existing-headers', entry: 'index.mts', heliconeUrl: OAI_CHAT, heliconeHeaders: AUTH },
  { name: 'js-openai-headers-variable', entry: 'index.mts', heliconeUrl: OAI_CHAT, heliconeHeaders: AUTH },
  { name: 'js-openai-options-const', entry: 'index.mts', heliconeUrl: OAI_CHAT, heliconeHeaders: AUTH },
  { name: 'js-groq', entry: 'index.mts', heliconeUrl: GROQ_CHAT, heliconeHeaders: AUTH },
  {
    name: 'js-azure-endpoint',
    entry: 'index.mts',
    heliconeUrl: AZURE_CHAT,
    heliconeHeaders: { ...AUTH, 'helicone-openai-api-base': 'https://runtime-test.openai.azure.com' },
  },
  {
    name: 'js-azure-env-endpoint',
    entry: 'index.mts',
    env: { AZURE_OPENAI_ENDPOINT: 'https://runtime-env.openai.azure.com' },
    heliconeUrl: AZURE_CHAT,
    heliconeHeaders: { ...AUTH, 'helicone-openai-api-base': 'https://runtime-env.openai.azure.com' },
  },
  // The Vercel provider's default model API is OpenAI's Responses API.
  { name: 'js-vercel-openai', entry: 'index.mts', heliconeUrl: 'https://oai.helicone.ai/v1/responses', heliconeHeaders: AUTH },
  { name: 'js-vercel-anthropic', entry: 'index.mts', heliconeUrl: ANTHROPIC_MESSAGES, heliconeHeaders: AUTH },
  { name: 'js-langchain-openai', entry: 'index.mts', heliconeUrl: OAI_CHAT, heliconeHeaders: AUTH },
  { name: 'js-langchain-anthropic', entry: 'index.mts', heliconeUrl: ANTHROPIC_MESSAGES, heliconeHeaders: AUTH },
  // Python
  { name: 'py-openai', entry: 'app.py', python: 'sdks', heliconeUrl: OAI_CHAT, heliconeHeaders: AUTH },
  { name: 'py-async-openai', entry: 'app.py', python: 'sdks', heliconeUrl: OAI_CHAT, heliconeHeaders: AUTH },
  { name: 'py-anthropic', entry: 'app.py', python: 'sdks', heliconeUrl: ANTHROPIC_MESSAGES, heliconeHeaders: AUTH },
  { name: 'py-openai-existing-headers', entry: 'app.py', python: 'sdks', heliconeUrl: OAI_CHAT, heliconeHeaders: AUTH },
  { name: 'py-groq', entry: 'app.py', python: 'sdks', heliconeUrl: GROQ_CHAT, heliconeHeaders: AUTH },
  {
    name: 'py-azure',
    entry: 'app.py',
    python: 'sdks',
    heliconeUrl: AZURE_CHAT,
    heliconeHeaders: { ...AUTH, 'helicone-openai-api-base': 'https://runtime-test.openai.azure.com' },
  },
  { name: 'py-langchain-openai', entry: 'app.py', python: 'sdks', heliconeUrl: OAI_CHAT, heliconeHeaders: AUTH },
  { name: 'py-langchain-anthropic', entry: 'app.py', python: 'sdks', heliconeUrl: ANTHROPIC_MESSAGES, heliconeHeaders: AUTH },
  {
    name: 'py-litellm',
    entry: 'app.py',
    python: 'sdks',
    heliconeUrl: 'https://api.openai.com/v1/chat/completions',
    heliconeLogUrl: 'https://api.hconeai.com/oai/v1/log',
  },
  { name: 'py-openai-legacy', entry: 'app.py', python: 'legacy', heliconeUrl: OAI_CHAT, heliconeHeaders: AUTH },
  { name: 'py-openai-legacy-multiline', entry: 'app.py', python: 'legacy', heliconeUrl: OAI_CHAT, heliconeHeaders: AUTH },
];
