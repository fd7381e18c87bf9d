/**
 * The container build, checked without a Docker engine: the Dockerfile is validated by the VS Code Docker language
 * server's validator (dockerfile-utils) and its structure is asserted (stages, user, packages, secrets, tags).
 * The Kubernetes examples are checked for the invariants the README promises.
 */
import fs from 'node:fs';
import path from 'node:path';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const DOCKERFILE = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** Instructions with continuation lines joined, comments dropped, grouped by stage. */
function stages(text: string): { args: Record<string, string>; stages: Stage[] } {
  const joined = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const args: Record<string, string> = {};
  const out: Stage[] = [];
  for (const line of joined) {
    const m = /^(\w+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const keyword = m[1]!.toUpperCase();
    const rest = m[2]!.trim();
    if (keyword === 'FROM') {
      const f = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest.replace(/--platform=\S+\s+/, ''))!;
      out.push({ from: f[1]!, ...(f[2] ? { name: f[2] } : {}), instructions: [] });
    } else if (out.length === 0 && keyword === 'ARG') {
      const [k, v] = rest.split('=');
      args[k!] = v ?? '';
    } else {
      out.at(-1)!.instructions.push({ keyword, args: rest });
    }
  }
  return { args, stages: out };
}

/** The stage and every stage it builds FROM, base first. */
function chain(all: Stage[], stage: Stage): Stage[] {
  const parent = all.find((s) => s.name === stage.from);
  return parent ? [...chain(all, parent), stage] : [stage];
}
const resolveImage = (from: string, args: Record<string, string>) => from.replace(/\$\{?(\w+)\}?/g, (_, n: string) => args[n] ?? '');

const parsed = stages(DOCKERFILE);
const byName = (name: string) => parsed.stages.find((s) => s.name === name)!;
const all = (stage: Stage, keyword: string) =>
  chain(parsed.stages, stage).flatMap((s) => s.instructions.filter((i) => i.keyword === keyword));

describe('Dockerfile', () => {
  it('the validator is live: it rejects a broken Dockerfile', () => {
    expect(validate('FROM node:20.19-bookworm-slim AS a\nCOPY onlyone\n').some((d) => d.severity === 1)).toBe(true);
  });

  it('passes the Docker language server validator without errors or warnings', () => {
    // Diagnostics carry the Language Server Protocol severity: 1 error, 2 warning (3 and 4 are hints).
    const problems = validate(DOCKERFILE).filter((d) => d.severity === 1 || d.severity === 2);
    expect(problems.map((p) => `${p.range.start.line + 1}: ${p.message}`)).toEqual([]);
  });

  it('is multi-stage: builds with npm run build, skips the Temporal binaries download, prunes dev dependencies', () => {
    expect(parsed.stages.length).toBeGreaterThanOrEqual(3);
    const build = byName('build');
    const runs = build.instructions
      .filter((i) => i.keyword === 'RUN')
      .map((i) => i.args)
      .join('\n');
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npm run build');
    expect(runs).toMatch(/npm prune --omit=dev/);
    expect(build.instructions.some((i) => i.keyword === 'ENV' && /HELICONE_SKIP_TEMPORAL_INSTALL=1/.test(i.args))).toBe(true);
    // The variable the postinstall script checks really is this one.
    expect(fs.readFileSync(path.join(ROOT, 'scripts', 'install-temporal.mjs'), 'utf8')).toContain(
      "process.env.HELICONE_SKIP_TEMPORAL_INSTALL === '1'",
    );
  });

  it('uses pinned node bookworm-slim images, never latest or an untagged image', () => {
    for (const s of parsed.stages) {
      if (parsed.stages.some((o) => o.name === s.from)) continue; // built on an earlier stage
      const image = resolveImage(s.from, parsed.args);
      expect(image).toMatch(/^node:20\.\d+-bookworm-slim$/);
    }
    expect(DOCKERFILE).not.toMatch(/:latest\b/);
  });

  it.each([
    ['worker', 'lib/cli/worker.js'],
    ['dashboard', 'lib/cli/dashboard.js'],
  ])('%s image: git, CA certificates, non-root user, health check, runs %s', (name, entry) => {
    const stage = byName(name);
    const installs = all(stage, 'RUN')
      .map((i) => i.args)
      .join('\n');
    expect(installs).toMatch(/apt-get install[^\n]*\bgit\b/);
    expect(installs).toMatch(/apt-get install[^\n]*\bca-certificates\b/);
    const users = all(stage, 'USER').map((i) => i.args.split(':')[0]!);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users.at(-1));
    expect(all(stage, 'HEALTHCHECK')).toHaveLength(1);
    expect(JSON.parse(all(stage, 'CMD').at(-1)!.args)).toEqual(['node', entry]);
    // The compiled code and production node_modules (with the Claude Code CLI inside the agent SDK) are copied in.
    const copies = all(stage, 'COPY').map((i) => i.args);
    expect(copies).toContainEqual(expect.stringMatching(/--from=build \/app\/node_modules/));
    expect(copies).toContainEqual(expect.stringMatching(/--from=build \/app\/lib/));
  });

  it('the worker is the default (last) target', () => {
    expect(parsed.stages.at(-1)!.name).toBe('worker');
  });

  it('bakes in no secrets', () => {
    const secretName = /(TOKEN|SECRET|PASSWORD|API_KEY|PRIVATE_KEY|CLIENT_KEY)/i;
    for (const s of parsed.stages) {
      for (const i of s.instructions.filter((x) => x.keyword === 'ENV' || x.keyword === 'ARG')) {
        for (const name of i.args.match(/([A-Z_][A-Z0-9_]*)(?==|\s|$)/g) ?? []) expect(name).not.toMatch(secretName);
      }
    }
    expect(Object.keys(parsed.args).filter((a) => secretName.test(a))).toEqual([]);
    expect(DOCKERFILE).not.toMatch(/(ghp_|sk-ant-|sk-[A-Za-z0-9]{20})/);
    const ignore = fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['.env', '.data', '.git', 'node_modules']) expect(ignore).toContain(entry);
  });
});

describe('Kubernetes examples', () => {
  const k8s = (f: string) => fs.readFileSync(path.join(ROOT, 'deploy', 'kubernetes', f), 'utf8');
  const seconds = (d: string) => {
    const m = /^(\d+)\s*(s|m)$/.exec(d)!;
    return Number(m[1]) * (m[2] === 'm' ? 60 : 1);
  };

  it('gives the worker more termination grace than its drain, two replicas, resources, env from the Secret', () => {
    const worker = k8s('worker-deployment.yaml');
    const config = k8s('configmap.yaml');
    const grace = Number(/terminationGracePeriodSeconds:\s*(\d+)/.exec(worker)![1]);
    const drain = seconds(/WORKER_SHUTDOWN_GRACE:\s*"([^"]+)"/.exec(config)![1]!);
    expect(grace).toBeGreaterThan(drain);
    expect(worker).toMatch(/replicas:\s*2\b/);
    expect(worker).toMatch(/requests:\s*\{[^}]*cpu[^}]*memory/);
    expect(worker).toMatch(/limits:\s*\{[^}]*cpu[^}]*memory/);
    expect(worker).toMatch(/secretRef:\s*\{\s*name:\s*helicone-integrator-secrets\s*\}/);
    expect(worker).toMatch(/containerPort:\s*9100/);
    expect(worker).toMatch(/runAsNonRoot:\s*true/);
    expect(worker).not.toMatch(/:latest\b/);
  });

  it('has a dashboard Service and a Secret example without values', () => {
    expect(k8s('dashboard.yaml')).toMatch(/kind:\s*Service/);
    const secret = k8s('secret.example.yaml');
    const values = [...secret.matchAll(/^\s{2}([A-Z_]+):\s*(.*)$/gm)].map((m) => [m[1], m[2]]);
    expect(values.map(([k]) => k)).toEqual(
      expect.arrayContaining(['TEMPORAL_API_KEY', 'GITHUB_TOKEN', 'ANTHROPIC_API_KEY', 'DASHBOARD_TOKEN']),
    );
    for (const [, v] of values) expect(v).toBe('""');
  });
});
