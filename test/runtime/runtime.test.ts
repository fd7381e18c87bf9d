/**
 * What a rewritten app SENDS, with the real SDKs. Each app of apps/ (one per client style of the table in docs/codemod-and-verifier.md) is
 * rewritten by the real codemod (routing `optional`), then the original and the rewritten app each run twice, with
 * HELICONE_API_KEY unset and set, with provider keys set. Every HTTP request is intercepted in-process and answered
 * with a canned provider response (preload/), so nothing leaves the machine. Asserted:
 *   - without the key: the rewritten app sends exactly what the original sends (method, URL, headers less
 *     VOLATILE_HEADERS, body) and nothing to a Helicone host;
 *   - with the key: Helicone's host and path, `Helicone-Auth: Bearer <key>`, every header of the original kept
 *     (provider key, custom headers; only `host` and new `helicone-*` headers may differ), the same body;
 *     LiteLLM: the provider request unchanged plus the callback's post to Helicone's logging API;
 *   - every rewritten TypeScript app type-checks with `tsc --strict` against the real SDK types.
 * The SDKs are installed by scripts/install-runtime-sdks.mjs (run here when needed; cached): a missing SDK fails.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodemodIntegrator } from '../../src/adapters/integrator/codemod';
import type { IntegratorOutcome } from '../../src/adapters/integrator/integrator';
import { freePort } from '../helpers/free-port';
import { APPS, HELICONE_TEST_KEY, PROVIDER_ENV, type RuntimeApp } from './cases';
import {
  childEnv,
  comparable,
  installRuntimeSdks,
  isHeliconeUrl,
  NODE_TYPES,
  pool,
  runApp,
  runProcess,
  TSC,
  type Captured,
  type RunResult,
  type RuntimeSdks,
} from './harness';

const APPS_DIR = path.join(__dirname, 'apps');
const VARIANTS = ['original', 'rewritten'] as const;
const KEYS = ['without-key', 'with-key'] as const;
type Variant = (typeof VARIANTS)[number];
type KeyMode = (typeof KEYS)[number];

let work = '';
let failed = false;
const codemod = new Map<string, IntegratorOutcome>();
const runs = new Map<string, RunResult>();
const run = (app: RuntimeApp, v: Variant, k: KeyMode): RunResult => {
  const r = runs.get(`${app.name}/${v}/${k}`);
  if (!r) throw new Error(`${app.name} ${v} ${k} did not run (see the beforeAll error)`);
  return r;
};

/** A failed run's story, for assertion messages. */
const describeRun = (r: RunResult) =>
  `exit ${r.code ?? r.signal} after ${r.ms} ms\nstdout: ${r.stdout.slice(-2000)}\nstderr: ${r.stderr.slice(-4000)}`;

beforeAll(async () => {
  const started = Date.now();
  const sdks: RuntimeSdks = await installRuntimeSdks();
  const installed = Date.now();
  work = await fsp.mkdtemp(path.join(os.tmpdir(), 'runtime-suite-'));
  // Apps under <work>/{original,rewritten}/<app>/ resolve their packages through <work>/node_modules.
  await fsp.symlink(sdks.nodeModules, path.join(work, 'node_modules'), 'dir');
  await fsp.mkdir(path.join(work, 'captures'));
  await fsp.mkdir(path.join(work, 'home'));
  for (const app of APPS) {
    for (const v of VARIANTS) await fsp.cp(path.join(APPS_DIR, app.name), path.join(work, v, app.name), { recursive: true });
    const outcome = await new CodemodIntegrator().integrate({
      workdir: path.join(work, 'rewritten', app.name),
      integrationId: `runtime-${app.name}`,
      attempt: 1,
      feedback: [],
      log: () => undefined,
      routing: 'optional',
    });
    codemod.set(app.name, outcome);
  }
  const codemodDone = Date.now();
  const proxyPort = await freePort();
  const tasks = APPS.flatMap((app) =>
    VARIANTS.flatMap((v) =>
      KEYS.map((k) => async () => {
        const env = childEnv(path.join(work, 'home'), proxyPort, {
          ...PROVIDER_ENV,
          ...app.env,
          ...(k === 'with-key' ? { HELICONE_API_KEY: HELICONE_TEST_KEY } : {}),
        });
        const r = await runApp(app, {
          sdks,
          dir: path.join(work, v, app.name),
          capture: path.join(work, 'captures', `${app.name}.${v}.${k}.jsonl`),
          env,
        });
        runs.set(`${app.name}/${v}/${k}`, r);
      }),
    ),
  );
  await pool(2, tasks);
  const all = [...runs.entries()].sort(([, a], [, b]) => b.ms - a.ms);
  const sum = all.reduce((t, [, r]) => t + r.ms, 0);
  console.log(
    `runtime suite: SDKs ready in ${((installed - started) / 1000).toFixed(1)}s, codemod on ${APPS.length} apps in ${((codemodDone - installed) / 1000).toFixed(1)}s, ` +
      `${all.length} runs in ${((Date.now() - codemodDone) / 1000).toFixed(1)}s (2 at a time, ${(sum / 1000).toFixed(1)}s in all); slowest: ` +
      all
        .slice(0, 4)
        .map(([k, r]) => `${k} ${(r.ms / 1000).toFixed(1)}s`)
        .join(', '),
  );
}, 20 * 60_000);

afterAll(async () => {
  // Kept after a failure: the captures and rewritten apps are what one reads to understand it.
  if (!work) return;
  if (failed) console.log(`runtime suite: work folder kept for inspection: ${work}`);
  else await fsp.rm(work, { recursive: true, force: true });
});

/** Marks the work folder to be kept when an assertion of `fn` fails. */
const keepOnFailure = (fn: () => void | Promise<void>) => async (): Promise<void> => {
  try {
    await fn();
  } catch (e) {
    failed = true;
    throw e;
  }
};

/** `POST <url>` with the headers that carry a Helicone key, for messages. */
const describeRequest = (r: Captured) =>
  [
    `${r.method} ${r.url}`,
    ...Object.entries(r.headers ?? {})
      .filter(([k]) => /^(helicone-auth|authorization)$/.test(k))
      .map(([k, v]) => `${k}: ${v}`),
  ].join('  ');

const heliconeRequests = (requests: Captured[]) =>
  requests.filter((r) => isHeliconeUrl(r.url) || r.headers?.['helicone-auth'] !== undefined);

describe('runtime: what a rewritten app sends, with the real SDKs', () => {
  describe.each(APPS.map((a) => [a.name, a] as const))('%s', (_name, app) => {
    it(
      'the codemod rewrites its client',
      keepOnFailure(() => {
        const outcome = codemod.get(app.name);
        expect(outcome, 'the codemod did not run').toBeDefined();
        expect(outcome!.sites.map((s) => `${s.file}:${s.line} ${s.outcome}${s.reason ? ` (${s.reason})` : ''}`)).toEqual(
          outcome!.sites.map((s) => `${s.file}:${s.line} changed`),
        );
        expect(outcome!.sites.length).toBeGreaterThan(0);
        expect(outcome!.filesChanged).toContain(app.entry);
      }),
    );

    it(
      'the unmodified app runs and sends the same requests with and without HELICONE_API_KEY (harness check)',
      keepOnFailure(() => {
        const without = run(app, 'original', 'without-key');
        const withKey = run(app, 'original', 'with-key');
        for (const r of [without, withKey]) expect(r.code, describeRun(r)).toBe(0);
        expect(without.requests.length, 'the app sent no request').toBeGreaterThan(0);
        expect(
          without.requests.filter((r) => r.blocked),
          'connections that bypassed the interceptor',
        ).toEqual([]);
        expect(heliconeRequests([...without.requests, ...withKey.requests])).toEqual([]);
        expect(withKey.requests.map(comparable)).toEqual(without.requests.map(comparable));
      }),
    );

    it(
      'without HELICONE_API_KEY: exactly the original requests, nothing to Helicone',
      keepOnFailure(() => {
        const original = run(app, 'original', 'without-key');
        const rewritten = run(app, 'rewritten', 'without-key');
        expect(rewritten.code, describeRun(rewritten)).toBe(0);
        expect(heliconeRequests(rewritten.requests).map(describeRequest), 'requests to Helicone without the key').toEqual([]);
        expect(rewritten.requests.map(comparable)).toEqual(original.requests.map(comparable));
      }),
    );

    it(
      'with HELICONE_API_KEY: through Helicone, provider key and custom headers kept',
      keepOnFailure(() => {
        const original = run(app, 'original', 'with-key');
        const rewritten = run(app, 'rewritten', 'with-key');
        expect(rewritten.code, describeRun(rewritten)).toBe(0);
        expect(
          rewritten.requests.filter((r) => r.blocked),
          'connections that bypassed the interceptor',
        ).toEqual([]);
        let sent = rewritten.requests;
        if (app.heliconeLogUrl) {
          // LiteLLM: the callback's post to Helicone's logging API, with the key; the provider request is untouched.
          const logs = sent.filter((r) => r.url === app.heliconeLogUrl);
          expect(
            logs.map((r) => ({ method: r.method, url: r.url, authorization: r.headers?.authorization })),
            `a post to ${app.heliconeLogUrl}; sent: ${sent.map((r) => `${r.method} ${r.url}`).join(', ')}`,
          ).toEqual([{ method: 'POST', url: app.heliconeLogUrl, authorization: `Bearer ${HELICONE_TEST_KEY}` }]);
          expect(JSON.parse(logs[0]!.body ?? '{}')).toMatchObject({
            providerRequest: { url: 'https://api.openai.com/v1' },
            providerResponse: { status: 200 },
          });
          sent = sent.filter((r) => r !== logs[0]);
        }
        expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual(original.requests.map((r) => `${r.method} ${app.heliconeUrl}`));
        for (const [i, got] of sent.entries()) {
          const before = comparable(original.requests[i]!);
          const after = comparable(got);
          // Every header the original sent (provider key, custom headers), with its value; the host follows the URL.
          const kept = Object.fromEntries(Object.entries(before.headers ?? {}).filter(([k]) => k !== 'host'));
          const afterKept = Object.fromEntries(Object.entries(after.headers ?? {}).filter(([k]) => k in kept));
          expect(afterKept, 'headers of the original request').toEqual(kept);
          // What is new is Helicone's, and exactly what the case expects.
          const added = Object.fromEntries(Object.entries(after.headers ?? {}).filter(([k]) => !(k in kept) && k !== 'host'));
          expect(added, 'headers added to the original request').toEqual(app.heliconeHeaders ?? {});
          expect(after.body, 'request body').toBe(before.body);
        }
      }),
    );
  });

  it(
    'every rewritten TypeScript app type-checks with tsc --strict against the real SDK types',
    keepOnFailure(async () => {
      const tsApps = APPS.filter((a) => /\.[cm]?ts$/.test(a.entry));
      expect(tsApps.length).toBeGreaterThan(0);
      // One tsc run over the originals (a harness check) and the rewritten apps; errors are told apart by path.
      const tsconfig = {
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          lib: ['ES2022'],
          types: ['node'],
          typeRoots: [NODE_TYPES],
          skipLibCheck: true,
        },
        files: tsApps.flatMap((a) => VARIANTS.map((v) => `${v}/${a.name}/${a.entry}`)),
      };
      await fsp.writeFile(path.join(work, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
      const r = await runProcess(process.execPath, [TSC, '-p', 'tsconfig.json', '--pretty', 'false'], {
        cwd: work,
        env: process.env,
        timeoutMs: 5 * 60_000,
      });
      const errors = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /error TS\d+/.test(l));
      expect(
        errors.filter((l) => l.startsWith('original/')),
        'the unmodified apps must type-check (harness check)',
      ).toEqual([]);
      expect(
        errors.filter((l) => !l.startsWith('original/')),
        'tsc errors in the rewritten apps',
      ).toEqual([]);
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    }),
    5 * 60_000,
  );
});

// The folder of apps and the case list agree (an app folder nobody runs is a style nobody checks).
it('every app folder has a case', () => {
  expect(fs.readdirSync(APPS_DIR).sort()).toEqual(APPS.map((a) => a.name).sort());
});
