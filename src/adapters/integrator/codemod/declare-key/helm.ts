/**
 * A Helm chart's `values.yaml`: each `env:` (or `extraEnv:`, `envVars:`…) list or map that carries an LLM
 * provider key gets a HELICONE_API_KEY entry in the same form — `- name: … value: ""` or `KEY: ""`. Where the
 * provider key comes from a secret (`valueFrom.secretKeyRef`), an active entry would make every pod depend on
 * a secret key that does not exist, so the entry is added commented out, with a comment saying how to turn it on.
 */
import { type Node, type Pair, type Scalar, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import { HELICONE_KEY_ENV, OPTIONAL_COMMENT, isProviderKey } from './common';
import {
  type Insertion,
  type YamlFile,
  applyInsertions,
  emptyLike,
  isSingleLineScalar,
  nodeLines,
  quoteLike,
  readYaml,
  spellings,
} from './yaml-text';

const ENV_KEY_RE = /^(extra)?env(ironment)?(vars|variables)?$/i;

const SECRET_COMMENT =
  'Optional: Helicone observability (https://helicone.ai); without it nothing changes. To turn it on, add your Helicone API key to the secret and uncomment:';

/** The values file with HELICONE_API_KEY added next to the provider keys, or undefined when no env list has one. */
export function declareInHelmValues(text: string): string | undefined {
  const f = readYaml(text);
  if (!f) return undefined;
  const insertions: Insertion[] = [];
  visit(f.doc, {
    Pair(_key, pair) {
      if (!isScalar(pair.key) || !ENV_KEY_RE.test(String(pair.key.value))) return;
      const env = pair.value;
      const ins = isSeq(env) && !env.flow ? planList(f, env.items) : isMap(env) && !env.flow ? planMap(f, env.items) : undefined;
      if (ins) insertions.push(ins);
    },
  });
  return applyInsertions(f, insertions);
}

/** `- name: OPENAI_API_KEY` with `value:` or `valueFrom:` (Kubernetes' EnvVar). */
function planList(f: YamlFile, items: unknown[]): Insertion | undefined {
  const named = items.filter(isMap).filter((m) => !m.flow && isSingleLineScalar(f, m.get('name', true)));
  const template = named.filter((m) => isProviderKey(String(m.get('name')))).pop();
  if (!template) return undefined;
  const name = template.get('name', true) as Scalar;
  const { first, last } = nodeLines(f, template);
  const column = /^\s*/.exec(f.text.slice(first.start, template.range![0]).replace(/-\s*$/, ''))![0].length;
  const edits: [Node, string][] = [[name, quoteLike(name, HELICONE_KEY_ENV)]];
  const value = template.get('value', true);
  if (isScalar(value)) {
    if (!isSingleLineScalar(f, value)) return undefined;
    if (value.value !== null) edits.push([value, emptyLike(value)]);
    return entry(f, first, last, edits, column, false);
  }
  if (!template.has('valueFrom')) return undefined;
  return entry(f, first, last, [...edits, ...secretKeyEdits(f, template.get('valueFrom', true), String(name.value))], column, true);
}

/** `OPENAI_API_KEY: ""`, or `OPENAI_API_KEY:` holding a `secretKeyRef`. */
function planMap(f: YamlFile, items: Pair[]): Insertion | undefined {
  const template = items.filter((p) => isSingleLineScalar(f, p.key) && isProviderKey(String((p.key as Scalar).value))).pop();
  if (!template) return undefined;
  const key = template.key as Scalar;
  const { first } = nodeLines(f, key);
  const column = first.text.length - first.text.trimStart().length;
  if (isScalar(template.value)) {
    if (!isSingleLineScalar(f, template.value) || nodeLines(f, template.value).first !== first) return undefined;
    const v = template.value;
    const edits: [Node, string][] = [[key, quoteLike(key, HELICONE_KEY_ENV)]];
    if (v.value !== null) edits.push([v, emptyLike(v)]);
    return entry(f, first, first, edits, column, false);
  }
  if (!isMap(template.value) || !/secretKeyRef/.test(f.text.slice(template.value.range![0], template.value.range![1]))) return undefined;
  const { last } = nodeLines(f, template.value);
  return entry(
    f,
    first,
    last,
    [[key, quoteLike(key, HELICONE_KEY_ENV)], ...secretKeyEdits(f, template.value, String(key.value))],
    column,
    true,
  );
}

/** In a secret reference, the `key:` naming the provider key's entry becomes the Helicone key's (`openai-api-key` → `helicone-api-key`). */
function secretKeyEdits(f: YamlFile, node: unknown, providerKey: string): [Node, string][] {
  const edits: [Node, string][] = [];
  if (!isMap(node)) return edits;
  visit(node, {
    Pair(_k, p) {
      if (!isPair(p) || !isScalar(p.key) || p.key.value !== 'key' || !isSingleLineScalar(f, p.value)) return;
      const old = String(p.value.value);
      const renamed = spellings(providerKey, HELICONE_KEY_ENV).reduce((s, [from, to]) => s.split(from).join(to), old);
      edits.push([p.value, quoteLike(p.value, renamed === old ? HELICONE_KEY_ENV : renamed)]);
    },
  });
  return edits;
}

/**
 * The template's lines (from `first` to `last`) with each node's text replaced, after the optional-comment line;
 * commented out at the entry's column when `commented`.
 */
function entry(
  f: YamlFile,
  first: YamlFile['lines'][number],
  last: YamlFile['lines'][number],
  edits: [Node, string][],
  column: number,
  commented: boolean,
): Insertion {
  let block = f.text.slice(first.start, last.end);
  for (const [node, text] of [...edits].sort((a, b) => b[0].range![0] - a[0].range![0])) {
    block = block.slice(0, node.range![0] - first.start) + text + block.slice(node.range![1] - first.start);
  }
  const indent = ' '.repeat(column);
  let lines = block.split(/\r?\n/);
  if (commented) lines = lines.map((l) => (l.slice(0, column).trim() ? `# ${l}` : `${indent}# ${l.slice(column)}`));
  const note = commented ? [`${indent}# ${SECRET_COMMENT}`] : f.usesComments ? [`${indent}# ${OPTIONAL_COMMENT}`] : [];
  return { after: last, lines: [...note, ...lines] };
}
