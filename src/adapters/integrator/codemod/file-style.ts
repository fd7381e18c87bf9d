/** Detects the small style choices a new line of code should copy: quote character and indentation unit. */
import ts from 'typescript';

export interface FileStyle {
  quote: '"' | "'";
  indentUnit: string;
}

export function detectStyle(sf: ts.SourceFile): FileStyle {
  let single = 0;
  let double = 0;
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node)) {
      const raw = node.getText(sf);
      if (raw.startsWith("'")) single++;
      else if (raw.startsWith('"')) double++;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  const text = sf.text;
  const indents = [...text.matchAll(/^([ \t]+)\S/gm)].map((m) => m[1]!);
  const tabs = indents.filter((i) => i.startsWith('\t')).length;
  const spaces = indents.filter((i) => i.startsWith(' ')).map((i) => i.length);
  const smallest = spaces.length ? Math.min(...spaces) : 2;
  return {
    // TypeScript and modern JS mostly use single quotes; follow the file when it has a preference.
    quote: double > single ? '"' : "'",
    indentUnit: tabs > spaces.length ? '\t' : ' '.repeat(smallest === 4 ? 4 : 2),
  };
}

/** The whitespace at the start of the line that contains `pos`. */
export function lineIndent(text: string, pos: number): string {
  const start = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}
