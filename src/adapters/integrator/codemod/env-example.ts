/**
 * Declares HELICONE_API_KEY in the repository's env example file, in that file's format, when it has one. A
 * repository without such a file gets nothing: inventing a convention is not a minimal change.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { HELICONE_KEY_ENV } from './helicone-targets';

export const ENV_EXAMPLE_FILES = ['.env.example', '.env.sample', '.env.template', 'example.env'];

/** Returns the file changed (relative), or undefined when there is none or it already declares the key. */
export async function declareHeliconeKey(workdir: string): Promise<string | undefined> {
  for (const name of ENV_EXAMPLE_FILES) {
    const file = path.join(workdir, name);
    const text = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    if (new RegExp(`^\\s*(export\\s+)?${HELICONE_KEY_ENV}\\s*=`, 'm').test(text)) return undefined;
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const usesComments = /^\s*#/m.test(text);
    const usesExport = /^\s*export\s+\w+=/m.test(text);
    const lines = [
      ...(usesComments ? ['# Helicone observability (https://helicone.ai): routes LLM requests through Helicone'] : []),
      `${usesExport ? 'export ' : ''}${HELICONE_KEY_ENV}=`,
    ];
    const sep = text.length === 0 || text.endsWith('\n') ? '' : eol;
    const blank = usesComments && text.trim() ? eol : '';
    await fs.writeFile(file, `${text}${sep}${blank}${lines.join(eol)}${eol}`);
    return name;
  }
  return undefined;
}
