/**
 * Detects the small style choices new code should copy: quote character, indentation unit, and whether objects
 * and argument lists laid out over several lines end with a comma (prettier 3's default, `all`, when the file
 * shows no habit).
 */
import ts from 'typescript';

export interface FileStyle {
  quote: '"' | "'";
  indentUnit: string;
  /** Multi-line object and array literals end with a comma. */
  trailingComma: boolean;
  /** Multi-line argument lists end with a comma (prettier's `es5` puts one after objects only). */
  argsTrailingComma: boolean;
}

export function detectStyle(sf: ts.SourceFile): FileStyle {
  let single = 0;
  let double = 0;
  const commas = { literal: [0, 0], args: [0, 0] };
  const count = (tally: number[], list: ts.NodeArray<ts.Node>, close: number) => {
    const last = list[list.length - 1];
    // Only lists whose closing bracket is on a line of its own after the last element show a habit.
    if (last && line(sf, last.end) !== line(sf, close)) tally[list.hasTrailingComma ? 0 : 1]!++;
  };
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node)) {
      const raw = node.getText(sf);
      if (raw.startsWith("'")) single++;
      else if (raw.startsWith('"')) double++;
    } else if (ts.isObjectLiteralExpression(node)) count(commas.literal, node.properties, node.end);
    else if (ts.isArrayLiteralExpression(node)) count(commas.literal, node.elements, node.end);
    else if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments) count(commas.args, node.arguments, node.end);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  const text = sf.text;
  const indents = [...text.matchAll(/^([ \t]+)\S/gm)].map((m) => m[1]!);
  const tabs = indents.filter((i) => i.startsWith('\t')).length;
  const spaces = indents.filter((i) => i.startsWith(' ')).map((i) => i.length);
  const smallest = spaces.length ? Math.min(...spaces) : 2;
  const habit = ([yes, no]: number[], fallback: boolean) => (yes! + no! === 0 ? fallback : yes! >= no!);
  const trailingComma = habit(commas.literal, true);
  return {
    // TypeScript and modern JS mostly use single quotes; follow the file when it has a preference.
    quote: double > single ? '"' : "'",
    indentUnit: tabs > spaces.length ? '\t' : ' '.repeat(smallest === 4 ? 4 : 2),
    trailingComma,
    argsTrailingComma: habit(commas.args, trailingComma),
  };
}

/** The whitespace at the start of the line that contains `pos`. */
export function lineIndent(text: string, pos: number): string {
  const start = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

function line(sf: ts.SourceFile, pos: number): number {
  return sf.getLineAndCharacterOfPosition(pos).line;
}
