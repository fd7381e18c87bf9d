/**
 * Turns what a rewrite wants to change in one object literal (values replaced, entries appended, objects inside it
 * changed in turn) into text edits in the object's own layout. An object written on several lines keeps every line
 * it has and gets new lines in its indentation. An object on one line gets the smallest splice when the line still
 * fits in the print width, and is laid out over several lines the way prettier would otherwise.
 */
import ts from 'typescript';
import { applyEdits, type TextEdit } from './apply-edits';
import { lineIndent, type FileStyle } from './file-style';
import { args, flat, obj, print, prop, text, width, type At, type Code } from './js-layout';

export interface ObjPlan {
  obj: ts.ObjectLiteralExpression;
  /** Nodes written anew: a whole property, or a property's value. */
  replace: Map<ts.Node, Code>;
  /** Object literals that are property values of this one and change in turn. */
  nested: ObjPlan[];
  /** Entries added after the last one. */
  append: Code[];
}

export function emptyPlan(o: ts.ObjectLiteralExpression): ObjPlan {
  return { obj: o, replace: new Map(), nested: [], append: [] };
}

export function renderPlan(sf: ts.SourceFile, plan: ObjPlan, style: FileStyle): TextEdit[] {
  const o = plan.obj;
  const start = o.getStart(sf);
  if (!isExpanded(sf, o)) {
    const minimal = spliceEdits(sf, plan, style);
    const after = applyEdits(
      sf.text.slice(start, o.end),
      minimal.map((e) => ({ ...e, start: e.start - start, end: e.end - start })),
    );
    const at = atNode(sf, start, o.end, style);
    if (!after.includes('\n') && at.col + after.length + at.suffix <= style.printWidth) return minimal;
    return [renderInContext(sf, o, toCode(sf, plan), style)];
  }
  const edits: TextEdit[] = [];
  for (const [node, code] of plan.replace) {
    const s = node.getStart(sf);
    edits.push({ start: s, end: node.end, text: print(code, atNode(sf, s, node.end, style), style) });
  }
  for (const n of plan.nested) edits.push(...renderPlan(sf, n, style));
  if (plan.append.length) edits.push(...appendLines(sf, o, plan.append, style));
  return edits;
}

/** Gives a call that has no arguments (`new Anthropic()`) the argument `arg`. */
export function renderArgs(sf: ts.SourceFile, call: ts.NewExpression | ts.CallExpression, arg: Code, style: FileStyle): TextEdit {
  return renderInContext(sf, call, callCode(sf, call, args([arg])), style);
}

/**
 * Replaces `node` with `code`: in place when it fits on the line, otherwise together with the calls it is an
 * argument of on the same line (`wrap(new OpenAI(...))`), whose arguments prettier breaks first.
 */
function renderInContext(sf: ts.SourceFile, node: ts.Expression, code: Code, style: FileStyle): TextEdit {
  const one = flat(code, style);
  const here = atNode(sf, node.getStart(sf), node.end, style);
  if (one !== undefined && here.col + one.length + here.suffix <= style.printWidth)
    return { start: node.getStart(sf), end: node.end, text: one };
  let [n, c] = [node, code];
  // Only calls that are on the node's line (a member chain `z\n  .object({...})` starts on an earlier one).
  const onLine = (p: ts.Node) => line(sf, p.getStart(sf)) === line(sf, n.getStart(sf)) && line(sf, p.end) === line(sf, n.end);
  for (let p = n.parent; (ts.isCallExpression(p) || ts.isNewExpression(p)) && p.arguments?.includes(n) && onLine(p); p = n.parent) {
    const items = p.arguments.map((a) => (a === n ? c : text(a.getText(sf))));
    [n, c] = [p, callCode(sf, p, args(items))];
  }
  const start = n.getStart(sf);
  return { start, end: n.end, text: print(c, atNode(sf, start, n.end, style), style) };
}

/** A call of the file's callee text (`new OpenAI`, `createOpenAI<T>`) with new arguments. */
function callCode(sf: ts.SourceFile, call: ts.NewExpression | ts.CallExpression, a: Code): Code {
  return { k: 'call', callee: sf.text.slice(call.getStart(sf), call.arguments!.pos - 1), args: a };
}

/** Prettier keeps an object expanded when its first entry is on a later line than its `{`. */
function isExpanded(sf: ts.SourceFile, o: ts.ObjectLiteralExpression): boolean {
  const first = o.properties[0];
  return !!first && line(sf, o.getStart(sf)) !== line(sf, first.getStart(sf));
}

/**
 * The one-line edits: values replaced in place, entries added before the closing brace. (Code that cannot be on
 * one line is printed over several, which makes the caller lay the object out anew.)
 */
function spliceEdits(sf: ts.SourceFile, plan: ObjPlan, style: FileStyle): TextEdit[] {
  const one = (c: Code) => flat(c, style) ?? print(c, { indent: '', col: 0, suffix: 0 }, style);
  const edits: TextEdit[] = [...plan.replace].map(([node, code]) => ({ start: node.getStart(sf), end: node.end, text: one(code) }));
  for (const n of plan.nested) edits.push(...spliceEdits(sf, n, style));
  if (!plan.append.length) return edits;
  const added = plan.append.map(one).join(', ');
  const all = plan.obj.properties;
  const pad = style.bracketSpacing ? ' ' : '';
  if (!all.length) return [{ start: plan.obj.getStart(sf), end: plan.obj.end, text: `{${pad}${added}${pad}}` }];
  const last = all[all.length - 1]!;
  if (!all.hasTrailingComma) return [...edits, { start: last.end, end: last.end, text: `, ${added}` }];
  const comma = sf.text.indexOf(',', last.end) + 1;
  return [...edits, { start: comma, end: comma, text: ` ${added},` }];
}

/** The whole object as code, for laying it out anew: its entries as written, except what the plan changes. */
function toCode(sf: ts.SourceFile, plan: ObjPlan): Code {
  const entry = (p: ts.ObjectLiteralElementLike): Code => {
    const whole = plan.replace.get(p);
    if (whole) return whole;
    if (ts.isPropertyAssignment(p)) {
      const init = p.initializer;
      const nested = plan.nested.find((n) => n.obj === init);
      const value = plan.replace.get(init) ?? (nested && toCode(sf, nested));
      if (value) return prop(p.name.getText(sf), value);
    }
    return text(p.getText(sf));
  };
  return obj([...plan.obj.properties.map(entry), ...plan.append]);
}

/**
 * New entries of an expanded object, one per line in the indentation of its entries, keeping its trailing-comma
 * habit and a comment that ends the last entry's line attached to that entry.
 */
function appendLines(sf: ts.SourceFile, o: ts.ObjectLiteralExpression, entries: Code[], style: FileStyle): TextEdit[] {
  const t = sf.text;
  const all = o.properties;
  const last = all[all.length - 1]!;
  const trailing = all.hasTrailingComma;
  const afterLast = trailing ? t.indexOf(',', last.end) + 1 : last.end;
  const indent = lineIndent(t, all[0]!.getStart(sf)) || style.indentUnit;
  const lines = entries.map((e, i) => {
    const comma = trailing || i < entries.length - 1 ? ',' : '';
    return `\n${indent}${print(e, { indent, col: width(indent, style), suffix: comma.length }, style)}${comma}`;
  });
  const joined = lines.join('');
  const lineEnd = t.indexOf('\n', afterLast);
  const rest = lineEnd === -1 ? '' : t.slice(afterLast, lineEnd);
  const at = lineEnd !== -1 && /^\s*(\/\/.*)?$/.test(rest) ? lineEnd : afterLast;
  if (trailing) return [{ start: at, end: at, text: joined }];
  if (at === last.end) return [{ start: at, end: at, text: `,${joined}` }];
  return [
    { start: last.end, end: last.end, text: ',' },
    { start: at, end: at, text: joined },
  ];
}

/** Printing position of code replacing `start..end`: its line's indentation, its column, and what follows it. */
function atNode(sf: ts.SourceFile, start: number, end: number, style: FileStyle): At {
  const t = sf.text;
  const lineStart = t.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = t.indexOf('\n', end);
  // A trailing line comment does not count: prettier lets comments run past the print width.
  const rest = t
    .slice(end, lineEnd === -1 ? undefined : lineEnd)
    .replace(/\s*\/\/[^'"`]*$/, '')
    .trimEnd();
  return { indent: lineIndent(t, start), col: width(t.slice(lineStart, start), style), suffix: width(rest, style) };
}

function line(sf: ts.SourceFile, pos: number): number {
  return sf.getLineAndCharacterOfPosition(pos).line;
}
