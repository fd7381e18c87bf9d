/**
 * Where a line of the original file is in the changed one. An integrator reports the sites it left alone at their
 * lines in the file it read; a rewrite of another client above them (a wrapped options object, a guarded statement
 * after the imports) moves them down. The excuse must still find its own site, and only that one.
 *
 * Lines of the common prefix and suffix keep their place (shifted by the length change); in between, a line found
 * exactly once in each version is the same line. A line that was edited, or is repeated, has no counterpart.
 */
export function lineMap(before: string, after: string): (line: number) => number | undefined {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const once = (lines: string[], from: number, to: number) => {
    const count = new Map<string, number[]>();
    for (let i = from; i < to; i++) count.set(lines[i]!, [...(count.get(lines[i]!) ?? []), i]);
    return count;
  };
  const inA = once(a, head, a.length - tail);
  const inB = once(b, head, b.length - tail);
  return (line) => {
    const i = line - 1;
    if (i < 0 || i >= a.length) return undefined;
    if (i < head) return line;
    if (i >= a.length - tail) return line + b.length - a.length;
    const here = inA.get(a[i]!);
    const there = inB.get(a[i]!);
    return here?.length === 1 && there?.length === 1 ? there[0]! + 1 : undefined;
  };
}
