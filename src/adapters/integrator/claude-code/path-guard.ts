/**
 * A PreToolUse hook that denies any tool call whose path leaves the working copy, whatever the permission rules
 * say: the allow rules are the first fence, this is the second.
 */
import path from 'node:path';

const PATH_KEYS = ['file_path', 'path', 'notebook_path'];

export function targetOf(input: unknown): string | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const rec = input as Record<string, unknown>;
  for (const k of PATH_KEYS) if (typeof rec[k] === 'string') return rec[k] as string;
  if (typeof rec.pattern === 'string') return rec.pattern as string;
  return undefined;
}

/** Returns a reason to deny, or undefined when the call stays inside `root`. */
export function outsideRoot(root: string, toolInput: unknown): string | undefined {
  if (!toolInput || typeof toolInput !== 'object') return undefined;
  const rec = toolInput as Record<string, unknown>;
  for (const k of PATH_KEYS) {
    const v = rec[k];
    if (typeof v !== 'string') continue;
    const abs = path.resolve(root, v);
    const rel = path.relative(root, abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return `${k} ${v} is outside the repository`;
    if (rel === '.git' || rel.startsWith(`.git${path.sep}`)) return `${k} ${v} is inside .git`;
  }
  return undefined;
}
