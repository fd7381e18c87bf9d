/**
 * A Markdown bullet list of environment variables (`- \`OPENAI_API_KEY\` – …`, `* OPENAI_API_KEY: …`,
 * `- **OPENAI_API_KEY** (required): …`): one bullet for HELICONE_API_KEY in the style of the list's bullets.
 */
import { HELICONE_KEY_ENV, isEnvName, isProviderKey, optionalDescription } from './common';

export const BULLET_RE = /^(\s*)([-*+])(\s+)(.*)$/;

interface Item {
  indent: string;
  marker: string;
  space: string;
  /** Emphasis or code ticks before the name, the name, and everything after it. */
  before: string;
  name: string;
  after: string;
}

export interface BulletPlan {
  provider: boolean;
  /** Index (among the items) of the item the new one follows. */
  after: number;
  line: string;
}

function parseItem(line: string): Item | undefined {
  const m = BULLET_RE.exec(line);
  if (!m) return undefined;
  const n = /^([`*_~]*)([A-Z][A-Z0-9_]*)(?![A-Za-z0-9_])(.*)$/.exec(m[4]!);
  if (!n || !isEnvName(n[2]!)) return undefined;
  // `- OPENAI_API_KEY=sk-…` is an assignment, not a name and its description.
  if (/^[`*_~]*\s*=/.test(n[3]!)) return undefined;
  return { indent: m[1]!, marker: m[2]!, space: m[3]!, before: n[1]!, name: n[2]!, after: n[3]! };
}

/** The bullet to add to a list whose items start with `firstLines`, or undefined when it is not a list of variables. */
export function planBullet(firstLines: readonly string[], envHeading: boolean): BulletPlan | undefined {
  const items = firstLines.map(parseItem);
  if (!items.length || items.some((i) => !i)) return undefined;
  const list = items as Item[];
  const provider = list.some((i) => isProviderKey(i.name));
  if (!provider && !envHeading) return undefined;
  let at = list.length - 1;
  if (provider) while (!isProviderKey(list[at]!.name)) at--;
  const t = list[at]!;
  // What follows the name: closing ticks/emphasis and a separator (`` ` – ``, `: `, `:** `), then the description.
  const glue = /^[`*_~]*\s*(?:[:–—-]|->|=>)?[`*_~]*\s*/.exec(t.after)![0];
  const desc = t.after.slice(glue.length);
  const head = `${t.indent}${t.marker}${t.space}${t.before}${HELICONE_KEY_ENV}`;
  if (!desc.trim()) return { provider, after: at, line: `${head}${glue.trimEnd()} (optional)` };
  const period = desc.trimEnd().endsWith('.');
  // `NAME` (required): … → `HELICONE_API_KEY` (optional): …
  const qualifier = /^\(([^)]*)\)(\s*(?:[:–—-]|->|=>)?\s*)/.exec(desc);
  if (qualifier) {
    const rest = desc.slice(qualifier[0].length);
    const text = optionalDescription({ optionalWord: false, lowerCase: false, period: !rest.trim() || period });
    return { provider, after: at, line: `${head}${glue}(optional)${qualifier[2]}${text}` };
  }
  const text = optionalDescription({ optionalWord: true, lowerCase: /^[a-z]/.test(desc), period });
  return { provider, after: at, line: `${head}${glue}${text}` };
}
