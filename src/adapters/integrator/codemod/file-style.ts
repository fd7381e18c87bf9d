/**
 * The small style choices new code copies: quote character, indentation unit, trailing commas, semicolons, bracket
 * spacing and the line width. The repository's formatter configuration decides what it sets (see repo-format);
 * the file's own habits decide the rest, with the quotes of its import statements deciding the quote character and
 * prettier 3's defaults (`trailingComma: all`, semicolons) when the file shows no habit.
 */
import ts from 'typescript';
import { MAX_LINE } from './js-layout';

export interface FileStyle {
  quote: '"' | "'";
  indentUnit: string;
  /** Multi-line object and array literals end with a comma. */
  trailingComma: boolean;
  /** Multi-line argument lists end with a comma (prettier's `es5` puts one after objects only). */
  argsTrailingComma: boolean;
  /** Statements end with a semicolon (only statements the codemod adds need it: imports, guards). */
  semi: boolean;
  /** `{ a }` rather than `{a}`. */
  bracketSpacing: boolean;
  /** Longest line: the formatter's printWidth, 100 columns when the repository configures no formatter. */
  printWidth: number;
  /** How many columns a tab counts for. */
  tabWidth: number;
}

/** What a formatter configuration says about a file (see repo-format); each option it does not set is left undefined. */
export interface FormatOptions {
  printWidth?: number;
  tabWidth?: number;
  useTabs?: boolean;
  singleQuote?: boolean;
  semi?: boolean;
  trailingComma?: 'all' | 'es5' | 'none';
  bracketSpacing?: boolean;
}

export function detectStyle(sf: ts.SourceFile, format: FormatOptions = {}): FileStyle {
  const quotes = { all: [0, 0], imports: [0, 0] };
  const commas = { literal: [0, 0], args: [0, 0] };
  const semis = [0, 0];
  const count = (tally: number[], list: ts.NodeArray<ts.Node>, close: number) => {
    const last = list[list.length - 1];
    // Only lists whose closing bracket is on a line of its own after the last element show a habit.
    if (last && line(sf, last.end) !== line(sf, close)) tally[list.hasTrailingComma ? 0 : 1]!++;
  };
  const quoteOf = (tally: number[], node: ts.Node) => {
    const raw = node.getText(sf);
    if (raw.startsWith("'")) tally[0]!++;
    else if (raw.startsWith('"')) tally[1]!++;
  };
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node)) {
      quoteOf(quotes.all, node);
      if (isModuleSpecifier(node)) quoteOf(quotes.imports, node);
    } else if (ts.isObjectLiteralExpression(node)) count(commas.literal, node.properties, node.end);
    else if (ts.isArrayLiteralExpression(node)) count(commas.literal, node.elements, node.end);
    else if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments) count(commas.args, node.arguments, node.end);
    if (ts.isImportDeclaration(node) || ts.isVariableStatement(node) || ts.isExpressionStatement(node) || ts.isReturnStatement(node)) {
      semis[sf.text[node.end - 1] === ';' ? 0 : 1]!++;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  const text = sf.text;
  const indents = [...text.matchAll(/^([ \t]+)\S/gm)].map((m) => m[1]!);
  const tabs = indents.filter((i) => i.startsWith('\t')).length;
  const spaces = indents.filter((i) => i.startsWith(' ')).map((i) => i.length);
  const smallest = spaces.length ? Math.min(...spaces) : 2;
  const habit = ([yes, no]: number[], fallback: boolean) => (yes! + no! === 0 ? fallback : yes! >= no!);
  const literalCommas = format.trailingComma ? format.trailingComma !== 'none' : habit(commas.literal, true);
  const argsCommas = format.trailingComma ? format.trailingComma === 'all' : habit(commas.args, literalCommas);
  // The quotes of the import statements are the file's choice; other strings may be quoted for their content.
  const [single, double] = quotes.imports[0]! + quotes.imports[1]! ? quotes.imports : quotes.all;
  const quote = format.singleQuote !== undefined ? (format.singleQuote ? "'" : '"') : double! > single! ? '"' : "'";
  const tabWidth = format.tabWidth ?? 2;
  const useTabs = format.useTabs ?? tabs > spaces.length;
  const indentUnit = useTabs ? '\t' : ' '.repeat(format.tabWidth ?? (smallest === 4 ? 4 : 2));
  return {
    quote,
    indentUnit,
    trailingComma: literalCommas,
    argsTrailingComma: argsCommas,
    semi: format.semi ?? habit(semis, true),
    bracketSpacing: format.bracketSpacing ?? true,
    printWidth: format.printWidth ?? MAX_LINE,
    tabWidth,
  };
}

/** `'x'` in `import … from 'x'`, `export … from 'x'`, `import('x')`, `require('x')`. */
function isModuleSpecifier(node: ts.StringLiteral): boolean {
  const p = node.parent;
  if ((ts.isImportDeclaration(p) || ts.isExportDeclaration(p)) && p.moduleSpecifier === node) return true;
  if (ts.isExternalModuleReference(p)) return true;
  return (
    ts.isCallExpression(p) &&
    p.arguments[0] === node &&
    (p.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(p.expression) && p.expression.text === 'require'))
  );
}

/** The whitespace at the start of the line that contains `pos`. */
export function lineIndent(text: string, pos: number): string {
  const start = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

function line(sf: ts.SourceFile, pos: number): number {
  return sf.getLineAndCharacterOfPosition(pos).line;
}
