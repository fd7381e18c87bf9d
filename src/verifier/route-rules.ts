/**
 * The verifier's own facts about where a request ends up: how each SDK joins its base URL with the endpoint path,
 * and which paths each Helicone host serves. Kept apart from the codemod's tables on purpose, so a wrong entry
 * there (a base URL that loses or doubles its `/v1`) is caught here. Facts from Helicone's docs and the SDKs' code.
 */

/** The path each library appends to its base URL for its main request. */
const APPENDED_PATH: Record<string, string> = {
  openai: '/chat/completions',
  // The OpenAI Agents SDK calls the Responses API by default.
  'openai-agents': '/responses',
  'openai-agents-python': '/responses',
  // Azure clients add /deployments/<deployment> themselves unless the base URL already names one.
  'openai-azure': '/chat/completions',
  anthropic: '/v1/messages',
  // Vercel AI SDK: createOpenAI appends /chat/completions (or /responses), createAnthropic only /messages.
  'vercel-ai-openai': '/chat/completions',
  'vercel-ai-anthropic': '/messages',
  'langchain-openai': '/chat/completions',
  'langchain-anthropic': '/v1/messages',
  'openai-python': '/chat/completions',
  'openai-python-azure': '/chat/completions',
  'anthropic-python': '/v1/messages',
  'langchain-openai-python': '/chat/completions',
  'langchain-anthropic-python': '/v1/messages',
  'openai-legacy': '/chat/completions',
};

/** Path prefixes each Helicone host forwards (a request elsewhere on the host is not proxied to the provider). */
const HOST_PATHS: Record<string, string[]> = {
  'oai.helicone.ai': ['/v1/'],
  'anthropic.helicone.ai': ['/v1/'],
  'groq.helicone.ai': ['/openai/v1/'],
  'together.helicone.ai': ['/v1/'],
  'openrouter.helicone.ai': ['/api/v1/'],
  'mistral.helicone.ai': ['/v1/'],
  'deepseek.helicone.ai': ['/v1/'],
  'fireworks.helicone.ai': ['/inference/v1/'],
  'x.helicone.ai': ['/v1/'],
  'perplexity.helicone.ai': ['/'],
  'ai-gateway.helicone.ai': ['/v1/'],
  'gateway.helicone.ai': ['/'],
};

/** Azure OpenAI goes through oai.helicone.ai under /openai/deployments/<deployment>. */
const AZURE_HOST_PATHS: Record<string, string[]> = { 'oai.helicone.ai': ['/openai/deployments/'] };

/** Helicone's current and legacy hosts. */
export function isHeliconeHost(url: string): boolean {
  return /(^|[/.@])(helicone\.ai|hconeai\.com)(?=[/:?#]|$)/i.test(url);
}

export function isGateway(url: string): boolean {
  return /^https?:\/\/ai-gateway\.helicone\.ai/i.test(url);
}

/**
 * Why a Helicone base URL would send this library's requests to a path the host does not serve, or undefined when
 * the joined URL is fine (or the host or library is not one the table knows: nothing to say then).
 */
export function urlJoinProblem(library: string, baseUrl: string): string | undefined {
  let appended = APPENDED_PATH[library];
  let u: URL;
  try {
    u = new URL(baseUrl);
  } catch {
    return `the base URL ${baseUrl} is not a URL`;
  }
  const host = u.hostname.toLowerCase();
  const allowed = (library.includes('azure') ? AZURE_HOST_PATHS[host] : undefined) ?? HOST_PATHS[host];
  if (!appended || !allowed) return undefined;
  if (library.includes('azure') && !u.pathname.includes('/deployments')) appended = `/deployments/<deployment>${appended}`;
  const joined = `${u.pathname.replace(/\/+$/, '')}${appended}`;
  if (allowed.some((p) => joined.startsWith(p)) && !/\/v1\/v1\//.test(joined)) return undefined;
  return `with the key, ${library} would send to ${u.origin}${joined}, which ${u.hostname} does not serve (expected a path under ${allowed.join(' or ')})`;
}
