/**
 * Every LLM SDK and agent framework the verifier's own detection knows, as data. It is deliberately separate from
 * the codemod's catalog (client-catalog, python-catalog): the codemod lists what it can rewrite, this lists what
 * sends requests to a model provider, so a client the codemod does not know is still seen (and reported
 * `unrecognized`) instead of being missed by both.
 *
 * `judged`: the verifier has judges for (some) clients of this SDK. An import of a judged SDK is not reported by
 * itself (it may bring only types, errors or helpers); only a client construction the judges did not cover is.
 * An import of an SDK that is not judged is reported even without a construction the detection can see: frameworks
 * build their clients inside (`Agent(...)` of the Agents SDK uses a default OpenAI client).
 * `moduleJudge`: verifier libraries whose judged site covers every use of the SDK in the same file, because they
 * judge module state (LiteLLM's callback list, openai<1's `openai.api_base`), not one construction.
 * `processJudge`: the same for the whole repository (the Agents SDK's default client is set once per process).
 * `instances`: the package exports ready-made clients that are called, not constructed (`openai('gpt-4o')` of
 * `@ai-sdk/openai`), so any call of one of its exports is a use.
 */
export interface LlmSdk {
  what: string;
  js?: RegExp;
  py?: RegExp;
  judged: boolean;
  moduleJudge?: RegExp;
  processJudge?: RegExp;
  instances?: boolean;
}

const AGENTS_JUDGE = /^openai-agents/;

export const LLM_SDKS: readonly LlmSdk[] = [
  // Judged by the verifier (client-catalog / python-catalog styles, module-level LiteLLM and openai<1).
  { what: 'the OpenAI SDK', js: /^openai$/, py: /^openai(\.|$)/, judged: true, moduleJudge: /^openai-legacy$/ },
  { what: "Anthropic's SDK", js: /^@anthropic-ai\/sdk$/, py: /^anthropic(\.|$)/, judged: true },
  { what: 'LiteLLM', py: /^litellm(\.|$)/, judged: true, moduleJudge: /^(litellm|openai-agents-litellm)$/ },
  {
    what: 'the OpenAI Agents SDK',
    js: /^@openai\/agents(-[\w-]+)?(\/[\w-]+)?$/,
    py: /^agents(\.|$)/,
    judged: true,
    processJudge: AGENTS_JUDGE,
  },
  { what: 'a Vercel AI SDK provider', js: /^@ai-sdk\/(openai|anthropic)$/, judged: true, instances: true },
  {
    what: 'a LangChain provider package',
    js: /^(@langchain\/(openai|anthropic)|langchain\/(chat_models|llms|embeddings)\/(openai|anthropic))$/,
    py: /^langchain_(openai|anthropic)(\.|$)/,
    judged: true,
  },
  // Not judged: reported wherever they are imported.
  { what: 'a Vercel AI SDK provider', js: /^@ai-sdk\/(?!openai$|anthropic$|provider)[\w-]+$/, judged: false, instances: true },
  {
    what: 'a LangChain provider package',
    js: /^(@langchain\/(?!core$|openai$|anthropic$|langgraph)[\w-]+|langchain\/chat_models\/universal)$/,
    py: /^langchain_(?!core|openai|anthropic|text_splitters)\w+(\.|$)|^langchain\.(chat_models|llms|embeddings)(\.|$)/,
    judged: false,
  },
  {
    what: "Google's Gemini SDK",
    js: /^@google\/(generative-ai|genai)$/,
    py: /^google\.(generativeai|genai)(\.|$)|^vertexai(\.|$)/,
    judged: false,
  },
  { what: "Mistral's SDK", js: /^@mistralai\/mistralai$/, py: /^mistralai(\.|$)/, judged: false },
  { what: "Groq's SDK", js: /^groq-sdk$/, py: /^groq(\.|$)/, judged: false },
  { what: "Cohere's SDK", js: /^cohere-ai$/, py: /^cohere(\.|$)/, judged: false },
  { what: "Together's SDK", js: /^together-ai$/, py: /^together(\.|$)/, judged: false },
  { what: 'Ollama', js: /^ollama(\/[\w-]+)?$/, py: /^ollama(\.|$)/, judged: false },
  { what: "Replicate's SDK", js: /^replicate$/, py: /^replicate(\.|$)/, judged: false },
  { what: 'AWS Bedrock', js: /^@aws-sdk\/client-bedrock(-runtime|-agent-runtime)?$/, judged: false },
  { what: 'LlamaIndex', js: /^(llamaindex|@llamaindex\/[\w-]+)$/, py: /^llama_index(\.|$)/, judged: false },
  {
    what: 'an LLM framework',
    py: /^(crewai|autogen|autogen_agentchat|autogen_ext|dspy|haystack|semantic_kernel|pydantic_ai|smolagents|instructor|marvin|mirascope|guidance)(\.|$)/,
    judged: false,
  },
  { what: 'an LLM framework', js: /^(@mastra\/core|@instructor-ai\/instructor|modelfusion|@genkit-ai\/[\w-]+|genkit)$/, judged: false },
];

/** Calls of these module functions send a request (module-level clients: `openai.chat.completions.create`, `litellm.completion`, `ollama.chat`). */
export const REQUEST_CALLS =
  /^(create|acreate|completion|acompletion|text_completion|embedding|aembedding|chat|generate|generate_content|embed|run|run_sync|run_streamed|stream|invoke|ainvoke)$/;

/** Names that are classes but never clients: errors and warnings are raised, not sent. */
export const NOT_A_CLIENT = /(Error|Exception|Warning)$/;

/** A module path with a `types` segment (`openai.types.chat`, `openai/resources/types`) brings types only. */
export const TYPES_ONLY_MODULE = /(^|[./])types?([./]|$)/;

export type Language = 'js' | 'py';

export function sdkOf(module: string, language: Language): LlmSdk | undefined {
  if (TYPES_ONLY_MODULE.test(module)) return undefined;
  return LLM_SDKS.find((s) => s[language]?.test(module));
}

/**
 * Cheap pre-filter: a file without an import line naming one of these words imports none of the SDKs, and is not
 * parsed for detection (most files of a repository; "together" or "agents" in prose alone does not count).
 */
const SDK_WORDS =
  'openai|anthropic|litellm|agents|ai-sdk|langchain|llama|genai|generative|vertexai|mistral|groq|cohere|together|ollama|replicate|bedrock|crewai|autogen|dspy|haystack|semantic_kernel|pydantic_ai|smolagents|instructor|marvin|mirascope|guidance|mastra|modelfusion|genkit';
export const LLM_HINT = new RegExp(`\\b(?:from|import|require)\\b[^\\n]{0,160}?(?:${SDK_WORDS})`, 'i');
