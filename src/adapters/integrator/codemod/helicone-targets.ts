/** Helicone proxy hosts and the header every proxied client sends (facts from Helicone's docs). */
import type { Library, Provider } from './client-catalog';

/** What stands in for each provider SDK's default base URL (the Python SDKs share these with the JS ones). */
export const HELICONE_BASE_URL: Record<Exclude<Provider, 'azure'>, string> = {
  openai: 'https://oai.helicone.ai/v1',
  // @anthropic-ai/sdk (and Python's anthropic) append `/v1/messages` to the base URL.
  anthropic: 'https://anthropic.helicone.ai',
};

export const HELICONE_AUTH_HEADER = 'Helicone-Auth';

/** Azure OpenAI: the SDK appends `/deployments/<deployment>/...`; the resource's endpoint travels in a header. */
export const HELICONE_AZURE_BASE_URL = 'https://oai.helicone.ai/openai';
export const HELICONE_AZURE_BASE_HEADER = 'Helicone-OpenAI-Api-Base';
/** Where both OpenAI SDKs read the Azure endpoint when the constructor is not given one. */
export const AZURE_ENDPOINT_ENV = 'AZURE_OPENAI_ENDPOINT';

/**
 * The Helicone base URL each JS client library gets in place of its default, in one table: the libraries do not
 * all append the same path to their base URL, so the provider alone does not decide it.
 */
export const HELICONE_BASE_URL_FOR: Record<Library, string> = {
  openai: HELICONE_BASE_URL.openai,
  'openai-azure': HELICONE_AZURE_BASE_URL,
  // The Agents SDK sends its requests with the OpenAI client it is given.
  'openai-agents': HELICONE_BASE_URL.openai,
  anthropic: HELICONE_BASE_URL.anthropic,
  'vercel-ai-openai': HELICONE_BASE_URL.openai,
  // @ai-sdk/anthropic defaults to https://api.anthropic.com/v1 and appends only `/messages`.
  'vercel-ai-anthropic': 'https://anthropic.helicone.ai/v1',
  // LangChain hands `configuration` / `clientOptions` to the OpenAI and Anthropic SDKs.
  'langchain-openai': HELICONE_BASE_URL.openai,
  'langchain-anthropic': HELICONE_BASE_URL.anthropic,
};

/**
 * An Azure OpenAI URL split into the resource origin (for Helicone-OpenAI-Api-Base) and its path (kept on the
 * Helicone host), or undefined when the URL is not an Azure OpenAI resource.
 */
export function splitAzureUrl(url: string): { origin: string; path: string } | undefined {
  try {
    const u = new URL(url);
    if (!/\.(openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)$/i.test(u.hostname)) return undefined;
    return { origin: u.origin, path: u.pathname.replace(/\/+$/, '') };
  } catch {
    return undefined;
  }
}
export const HELICONE_KEY_ENV = 'HELICONE_API_KEY';

/** Helicone's current and legacy (`hconeai.com`) hosts: a client pointing at one is already integrated. */
export function isHeliconeUrl(text: string): boolean {
  return /(^|[/.])(helicone\.ai|hconeai\.com)(?=[/:"'`]|$)/i.test(text);
}

/** Default provider endpoints: a client explicitly pointing at these can still be routed through Helicone. */
export function isDefaultProviderUrl(provider: Provider, url: string): boolean {
  const u = url.replace(/\/+$/, '');
  if (provider === 'openai') return u === 'https://api.openai.com/v1' || u === 'https://api.openai.com';
  if (provider === 'anthropic') return u === 'https://api.anthropic.com' || u === 'https://api.anthropic.com/v1';
  return false;
}

/**
 * OpenAI-compatible providers that Helicone proxies on a host of their own: a client pointed at one is routed to
 * that host rather than to oai.helicone.ai, which would send its requests to the wrong provider.
 */
const PROVIDER_HOSTS: Record<string, string> = {
  'api.groq.com': 'https://groq.helicone.ai/openai/v1',
  'api.together.xyz': 'https://together.helicone.ai/v1',
  'api.together.ai': 'https://together.helicone.ai/v1',
  'openrouter.ai': 'https://openrouter.helicone.ai/api/v1',
  'api.mistral.ai': 'https://mistral.helicone.ai/v1',
  'api.deepseek.com': 'https://deepseek.helicone.ai/v1',
  'api.fireworks.ai': 'https://fireworks.helicone.ai/inference/v1',
  'api.x.ai': 'https://x.helicone.ai/v1',
  'api.perplexity.ai': 'https://perplexity.helicone.ai',
};

/** The Helicone host for another provider's base URL, or undefined when Helicone has none for it. */
export function heliconeHostFor(url: string): string | undefined {
  try {
    return PROVIDER_HOSTS[new URL(url).host.toLowerCase()];
  } catch {
    return undefined;
  }
}
