/** Helicone proxy hosts and the header every proxied client sends (facts from HELICONE-REFERENCE.md). */
import type { ClientLibrary } from './find-client-sites';

export const HELICONE_BASE_URL: Record<Exclude<ClientLibrary, 'openai-azure'>, string> = {
  openai: 'https://oai.helicone.ai/v1',
  anthropic: 'https://anthropic.helicone.ai',
};

export const HELICONE_AUTH_HEADER = 'Helicone-Auth';
export const HELICONE_KEY_ENV = 'HELICONE_API_KEY';

/** Helicone's current and legacy (`hconeai.com`) hosts: a client pointing at one is already integrated. */
export function isHeliconeUrl(text: string): boolean {
  return /(^|[/.])(helicone\.ai|hconeai\.com)(?=[/:"'`]|$)/i.test(text);
}

/** Default provider endpoints: a client explicitly pointing at these can still be routed through Helicone. */
export function isDefaultProviderUrl(library: ClientLibrary, url: string): boolean {
  const u = url.replace(/\/+$/, '');
  if (library === 'openai') return u === 'https://api.openai.com/v1' || u === 'https://api.openai.com';
  if (library === 'anthropic') return u === 'https://api.anthropic.com' || u === 'https://api.anthropic.com/v1';
  return false;
}
