/**
 * Docker Compose files: every service `environment:` that already passes an LLM provider key gets
 * HELICONE_API_KEY passed the same way — list form (`- KEY=${KEY}`, `- KEY`) or map form (`KEY: ${KEY}`) —
 * with an empty default (`${HELICONE_API_KEY:-}`) when the file writes defaults. An environment shared through
 * an anchor (`environment: *env`, `<<: *env`) is changed once, at the anchor.
 */
import { type Node, type Pair, type Scalar, isAlias, isMap, isScalar, isSeq } from 'yaml';
import { HELICONE_KEY_ENV, OPTIONAL_COMMENT, isProviderKey } from './common';
import { type Insertion, type YamlFile, applyInsertions, isSingleLineScalar, nodeLines, quoteLike, readYaml } from './yaml-text';

/** `docker-compose.yml`, `docker-compose.prod.yaml`, `compose.yaml`, `compose.override.yml`… */
export function isComposeName(name: string): boolean {
  return /^(docker-)?compose([.-][A-Za-z0-9_.-]+)?\.ya?ml$/i.test(name);
}

/** The file with HELICONE_API_KEY passed to each service that gets a provider key, or undefined when none does. */
export function declareInCompose(text: string): string | undefined {
  const f = readYaml(text);
  if (!f) return undefined;
  const services = f.doc.get('services', true);
  if (!isMap(services)) return undefined;
  const envs = new Set<Node>();
  for (const pair of services.items) {
    if (!isMap(pair.value)) continue;
    const env = resolve(f, pair.value.get('environment', true));
    if (!env) continue;
    envs.add(env);
    // `<<: *common-env` merges a shared map: the provider key may live there.
    if (isMap(env))
      for (const p of env.items) if (isScalar(p.key) && p.key.source === '<<') for (const m of aliases(f, p.value)) envs.add(m);
  }
  const defaults = /\$\{[A-Za-z_][A-Za-z0-9_]*:?-/.test(text);
  const insertions = [...envs].map((env) => planEnvironment(f, env, defaults)).filter((i): i is Insertion => !!i);
  return applyInsertions(f, insertions);
}

function resolve(f: YamlFile, node: unknown): Node | undefined {
  const n = isAlias(node) ? node.resolve(f.doc) : node;
  return (isMap(n) || isSeq(n)) && !n.flow ? (n as Node) : undefined;
}

function aliases(f: YamlFile, node: unknown): Node[] {
  const list = isSeq(node) ? node.items : [node];
  return list
    .filter(isAlias)
    .map((a) => resolve(f, a))
    .filter((n): n is Node => !!n);
}

/** The value passed through from the host, in the template's form: `${KEY}`, `$KEY`, or with an empty default. */
function passThrough(value: string | undefined, defaults: boolean): string | undefined {
  if (value === undefined) return undefined;
  const braced = /^\$\{[A-Za-z_][A-Za-z0-9_]*(.*)\}$/.exec(value);
  if (braced) return defaults || braced[1] ? `\${${HELICONE_KEY_ENV}:-}` : `\${${HELICONE_KEY_ENV}}`;
  if (/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(value) && !defaults) return `$${HELICONE_KEY_ENV}`;
  // A literal (a placeholder, or empty): pass the host's value instead, empty when unset.
  return `\${${HELICONE_KEY_ENV}:-}`;
}

function planEnvironment(f: YamlFile, env: Node, defaults: boolean): Insertion | undefined {
  if (isSeq(env)) {
    // `- OPENAI_API_KEY=${OPENAI_API_KEY}` or `- OPENAI_API_KEY`
    const items = env.items.filter((it): it is Scalar => isSingleLineScalar(f, it) && typeof it.value === 'string');
    const template = items.filter((it) => isProviderKey(String(it.value).split('=')[0]!.trim())).pop();
    if (!template) return undefined;
    const { first } = nodeLines(f, template);
    const prefix = f.text.slice(first.start, template.range![0]);
    if (!/^\s*-\s+$/.test(prefix)) return undefined;
    const raw = String(template.value);
    const eq = raw.indexOf('=');
    const value = passThrough(eq === -1 ? undefined : raw.slice(eq + 1), defaults);
    const entry = quoteLike(template, value === undefined ? HELICONE_KEY_ENV : `${HELICONE_KEY_ENV}=${value}`);
    return { after: first, lines: [...comment(f, prefix), `${prefix}${entry}`] };
  }
  if (isMap(env)) {
    // `OPENAI_API_KEY: ${OPENAI_API_KEY}` or `OPENAI_API_KEY:`
    const pairs = env.items.filter((p): p is Pair<Scalar, Scalar> => isSingleLineScalar(f, p.key) && isSingleLineScalar(f, p.value));
    const template = pairs.filter((p) => isProviderKey(String(p.key.value))).pop();
    if (!template) return undefined;
    const { first } = nodeLines(f, template.key);
    if (nodeLines(f, template.value!).first !== first) return undefined;
    const prefix = f.text.slice(first.start, template.key.range![0]);
    if (!/^\s*$/.test(prefix)) return undefined;
    const sep = f.text.slice(template.key.range![1], template.value!.range![0]);
    const v = template.value!;
    // A null value passes the host's variable through; anything else becomes the host's value, as above.
    const value = v.value === null ? '' : quoteLike(v, passThrough(String(v.value), defaults)!);
    return {
      after: first,
      lines: [...comment(f, prefix), `${prefix}${quoteLike(template.key, HELICONE_KEY_ENV)}${value ? sep : sep.trimEnd()}${value}`],
    };
  }
  return undefined;
}

/** The optional-comment line at the entry's indentation, when the file uses comments. */
function comment(f: YamlFile, prefix: string): string[] {
  return f.usesComments ? [`${/^\s*/.exec(prefix)![0]}# ${OPTIONAL_COMMENT}`] : [];
}
