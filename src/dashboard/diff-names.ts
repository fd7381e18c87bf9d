/**
 * Git C-quotes file names with quotes, backslashes, control or non-ASCII characters in diff headers
 * (`"a/src/say \"hi\".ts"`, `"a/caf\303\251.ts"`); diff2html shows those quotes and escapes as they are (and turns
 * backslashes into slashes). Unquoting the header names first, once, lets diff2html escape the real name once.
 */
const HEADER = /^(diff --git |--- |\+\+\+ |rename from |rename to |copy from |copy to )(.*)$/;
const QUOTED = /"((?:[^"\\]|\\.)*)"/g;
const SIMPLE: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

export function unquoteGitPath(quoted: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < quoted.length; i++) {
    const c = quoted[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c));
      continue;
    }
    const n = quoted[i + 1] ?? '';
    const oct = /^[0-7]{3}/.exec(quoted.slice(i + 1));
    if (oct) {
      bytes.push(parseInt(oct[0], 8));
      i += 3;
    } else {
      bytes.push(SIMPLE[n] ?? n.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

export function unquoteDiffHeaders(diff: string): string {
  return diff
    .split('\n')
    .map((line) => {
      const m = HEADER.exec(line);
      if (!m || !m[2]!.includes('"')) return line;
      const names = m[2]!.replace(QUOTED, (_, inner: string) => unquoteGitPath(inner));
      // git ends a quoted ---/+++ name that has a space with a tab; diff2html would keep it in the name.
      return m[1]! + (m[1] === '--- ' || m[1] === '+++ ' ? names.replace(/\t$/, '') : names);
    })
    .join('\n');
}
