/**
 * What every declaration format shares: which variables are LLM provider keys, what an environment variable
 * name looks like, the line ending of a file, and the words that mark HELICONE_API_KEY as optional.
 */
import { HELICONE_KEY_ENV } from '../helicone-targets';

export { HELICONE_KEY_ENV };

/** LLM provider API keys (the list that makes a list of variables the place where HELICONE_API_KEY belongs). */
const PROVIDER_KEY_RE =
  /^[A-Z0-9_]*(OPENAI|ANTHROPIC|CLAUDE|GROQ|MISTRAL|GEMINI|COHERE|TOGETHER|OPENROUTER|DEEPSEEK|FIREWORKS|PERPLEXITY|XAI|GROK|REPLICATE|HUGGINGFACE|LITELLM)[A-Z0-9_]*_KEY$|^GOOGLE(_GENERATIVE_AI)?_API_KEY$/;

export function isProviderKey(name: string): boolean {
  return PROVIDER_KEY_RE.test(name) && name !== HELICONE_KEY_ENV;
}

/** An environment variable name as projects write them: upper case, digits and underscores. */
export const ENV_NAME_RE = /^[A-Z][A-Z0-9_]*$/;

export function isEnvName(name: string): boolean {
  return ENV_NAME_RE.test(name) && name.length >= 2;
}

/** A file that already mentions the key is never touched. */
export function mentionsKey(text: string): boolean {
  return text.includes(HELICONE_KEY_ENV);
}

export function eolOf(text: string): '\r\n' | '\n' {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** The comment line of env files and YAML files (without the `#`). */
export const OPTIONAL_COMMENT =
  'Optional: Helicone observability (https://helicone.ai). Set it to route LLM requests through Helicone; without it nothing changes.';

/**
 * The description cell or bullet text of Markdown lists, in the case and final-period habit of the list's other
 * entries; without the word "Optional" when the list has its own "required" column saying so.
 */
export function optionalDescription(o: { optionalWord: boolean; lowerCase: boolean; period: boolean }): string {
  const what = '[Helicone](https://helicone.ai) API key for LLM observability; without it nothing changes';
  const text = !o.optionalWord ? what : o.lowerCase ? `optional ${what}` : `Optional. ${what}`;
  return o.period ? `${text}.` : text;
}

/** A text's lines with the offsets where each starts and ends (end excludes the line break, next includes it). */
export interface Line {
  text: string;
  start: number;
  end: number;
  next: number;
}

export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const next = nl === -1 ? text.length : nl + 1;
    const end = nl === -1 ? text.length : nl > start && text[nl - 1] === '\r' ? nl - 1 : nl;
    lines.push({ text: text.slice(start, end), start, end, next });
    start = next;
  }
  return lines;
}

/** Inserts whole lines after the line that ends at `line.next` (a last line without a break gets one first). */
export function insertLinesAfter(text: string, line: Line, newLines: string[], eol: string): string {
  const block = newLines.join(eol);
  if (line.next > line.end) return `${text.slice(0, line.next)}${block}${eol}${text.slice(line.next)}`;
  return `${text.slice(0, line.end)}${eol}${block}${text.slice(line.end)}`;
}
