/** A code fragment as quoted in a reason or a report: whitespace collapsed to one line, at most 60 characters. */
export function clipCode(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
}
