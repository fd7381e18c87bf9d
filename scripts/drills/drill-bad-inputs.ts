/**
 * Drill 4: a table of bad inputs, each of which must end in a clear, specific state and message, never a crash, a
 * retry loop or an integration stuck mid-way. Repository URLs are refused before anything starts; workflow inputs
 * typed by hand fail at once naming the field; repositories that cannot be integrated end with a message naming the
 * problem; odd repositories (binary only, a huge file, a submodule, a symlink out of the clone) are handled; invalid
 * `reviewChanges` payloads are recorded in getStatus with their reason and ignored, and a valid one still works.
 * A row passes when the state and message match what the code promises (see src/shared/repo-url.ts,
 * review-payload.ts and the workflow); anything else, including "still running after 5 minutes", fails the drill.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { buildIntegrationInput, startIntegration } from '../../src/cli/start-integration';
import { loadConfig, type Config } from '../../src/shared/config';
import { MAX_FEEDBACK_CHARS } from '../../src/shared/review-payload';
import { TASK_QUEUE } from '../../src/shared/types';
import { reviewCompleteSignal } from '../../src/workflows/definitions';
import {
  clientFor,
  fixtureRepo,
  git,
  keepLog,
  kill,
  OPENAI_CLIENT,
  SETTLED,
  startWorker,
  statusOf,
  tempDir,
  waitAll,
  type DrillResult,
  type Log,
} from './drill-kit';

export interface Row {
  input: string;
  expected: string;
  got: string;
  ok: boolean;
}

type Check = { state: string; message: RegExp };

export async function drillBadInputs(opts: { log: Log; settleMs?: number }): Promise<DrillResult & { table: Row[] }> {
  const started = Date.now();
  const root = await tempDir('drill-bad-');
  const dataDir = path.join(root, 'data');
  const src = path.join(root, 'src');
  const env = await startDevServer({});
  const client = clientFor(env.connection);
  const logFile = path.join(root, 'worker.log');
  const worker = startWorker({ address: env.address, dataDir, logFile });
  const config = loadConfig({ FORGE: 'local', DATA_DIR: dataDir }, root);
  const table: Row[] = [];
  const record = (input: string, want: Check, state: string, message: string) => {
    const ok = state === want.state && want.message.test(message);
    const got = `${state}: ${message}`.replace(/\s+/g, ' ');
    table.push({ input, expected: `${want.state}: ${want.message.source}`, got: got.length > 220 ? `${got.slice(0, 220)}…` : got, ok });
    opts.log(`  ${ok ? 'ok  ' : 'FAIL'} ${input} -> ${got.slice(0, 140)}`);
  };
  try {
    await refusedUrls(config, record);
    const started_ = await startRepositories(client, config, src, record);
    await handInputs(client, started_);
    const states = await waitAll(
      client,
      started_.map((s) => s.id),
      SETTLED,
      opts.settleMs ?? 5 * 60_000,
    );
    for (const s of started_) {
      const st = states.get(s.id);
      record(
        s.label,
        s.want,
        st?.state ?? 'no status',
        st ? `${st.message}${st.lastError && st.lastError !== st.message ? ` (${st.lastError})` : ''}` : '',
      );
    }
    await symlinkKeptOut(dataDir, record);
    const target = started_.find((s) => s.label.startsWith('a 3 MiB'));
    if (target && states.get(target.id)?.state === 'awaiting_review') await reviewPayloads(client, target.id, record);
    else
      record(
        'invalid review payloads',
        { state: 'awaiting_review', message: /./ },
        'skipped',
        'the integration they target never reached review',
      );
    const failed = table.filter((r) => !r.ok);
    return {
      drill: `bad inputs (${table.length} cases)`,
      passed: !failed.length,
      integrations: started_.length,
      lost: 0,
      duplicates: 0,
      seconds: Math.round((Date.now() - started) / 1000),
      details: failed.map((r) => `${r.input}: expected ${r.expected}, got ${r.got}`),
      table,
    };
  } finally {
    await kill(worker);
    await env.teardown();
    await keepLog(logFile, 'bad-inputs');
    if (!process.env.DRILL_KEEP) await fs.rm(root, { recursive: true, force: true });
  }
}

type Record_ = (input: string, want: Check, state: string, message: string) => void;

/** URLs `npm run workflow` must refuse before anything reaches Temporal, each with a message naming the problem. */
async function refusedUrls(config: Config, record: Record_): Promise<void> {
  const cases: [string, RegExp][] = [
    ['ht!tp://example.com/x', /not a valid URL \(its scheme is malformed\)/],
    ['https://gitlab.com/acme/app', /is not on github\.com/],
    ['https://github.com/acme', /does not name a repository/],
    ['https://github.com/acme/app', /is a GitHub repository: set GITHUB_TOKEN/],
    ['', /No repository given/],
  ];
  for (const [input, message] of cases) {
    try {
      const accepted = buildIntegrationInput(input, config);
      record(input || '(empty string)', { state: 'refused', message }, 'accepted', JSON.stringify(accepted));
    } catch (err) {
      record(input || '(empty string)', { state: 'refused', message }, 'refused', (err as Error).message);
    }
  }
}

interface Started {
  label: string;
  id: string;
  want: Check;
}

/** Repositories that are started and must settle in a specific state and message. */
async function startRepositories(client: Client, config: Config, src: string, record: Record_): Promise<Started[]> {
  const empty = path.join(src, 'empty');
  await fs.mkdir(empty, { recursive: true });
  await git(empty, 'init', '-q', '-b', 'main');
  const huge = `export const pad = \`${'x'.repeat(3 * 1024 * 1024)}\`;\n`;
  const cases: [string, () => Promise<string>, Check][] = [
    [
      'a missing repository',
      async () => path.join(src, 'does-not-exist'),
      { state: 'failed', message: /Repository not found: .*does-not-exist does not exist/ },
    ],
    ['an empty repository (no commit)', async () => empty, { state: 'failed', message: /empty: it has no commits/ }],
    [
      'a repository of binary files only',
      async () => fixtureRepo(src, 'binary', { 'logo.png': '\x89PNG\r\n\x1a\n\0\0\0binary', 'data.bin': '\0\x01\x02' }),
      { state: 'completed', message: /^No changes needed: No LLM client construction found/ },
    ],
    [
      'a 3 MiB source file beside a client',
      async () => fixtureRepo(src, 'huge', { 'src/big.ts': huge, 'src/ai.ts': OPENAI_CLIENT }),
      { state: 'awaiting_review', message: /^Review PR v1 is ready/ },
    ],
    [
      'a submodule',
      async () => {
        const sub = await fixtureRepo(src, 'sub-lib');
        const main = await fixtureRepo(src, 'with-submodule');
        await git(main, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub, 'vendor-lib');
        await git(main, 'commit', '-q', '-m', 'add submodule');
        return main;
      },
      { state: 'awaiting_review', message: /^Review PR v1 is ready/ },
    ],
    [
      'a symlink pointing outside the clone',
      async () => {
        const dir = await fixtureRepo(src, 'symlink', { 'src/ai.ts': OPENAI_CLIENT });
        await fs.symlink('/etc/passwd', path.join(dir, 'src', 'passwd.ts'));
        await fs.symlink('../../../../../../../../etc/hostname', path.join(dir, 'src', 'host.py'));
        await git(dir, 'add', '-A');
        await git(dir, 'commit', '-q', '-m', 'links');
        return dir;
      },
      { state: 'awaiting_review', message: /^Review PR v1 is ready/ },
    ],
  ];
  const started: Started[] = [];
  for (const [label, make, want] of cases) {
    const repo = await make();
    try {
      const handle = await startIntegration(client, buildIntegrationInput(repo, config, `bad-${started.length}-${path.basename(repo)}`));
      started.push({ label, id: handle.workflowId, want });
    } catch (err) {
      record(label, want, 'refused', (err as Error).message);
    }
  }
  return started;
}

/** Workflow inputs typed by hand in the Temporal UI (no CLI validation in front): the workflow must name the field. */
async function handInputs(client: Client, started: Started[]): Promise<void> {
  const cases: [string, unknown, RegExp][] = [
    [
      'workflow input with a number as repoUrl',
      { repoUrl: 42, repoOwner: 'local', repoName: 'x', integrationId: 'hand-1' },
      /Invalid input: "repoUrl" must be a non-empty string/,
    ],
    [
      'workflow input with reviewTimeout "soon"',
      { repoUrl: '/nowhere', repoOwner: 'local', repoName: 'x', integrationId: 'hand-2', reviewTimeout: 'soon' },
      /Invalid input: "reviewTimeout" must be a duration/,
    ],
    [
      'workflow input with routing "sometimes"',
      { repoUrl: '/nowhere', repoOwner: 'local', repoName: 'x', integrationId: 'hand-3', routing: 'sometimes' },
      /Invalid input: "routing" must be one of "optional", "always", got "sometimes"/,
    ],
  ];
  for (const [label, input, message] of cases) {
    const id = `integration-${(input as { integrationId: string }).integrationId}`;
    await client.workflow.start('repositoryIntegrationWorkflow', { taskQueue: TASK_QUEUE, workflowId: id, args: [input] });
    started.push({ label, id, want: { state: 'failed', message } });
  }
}

/** The symlink's target (outside the clone) must not have been read into a PR record or a diff. */
async function symlinkKeptOut(dataDir: string, record: Record_): Promise<void> {
  const passwd = (await fs.readFile('/etc/passwd', 'utf8')).split('\n')[0]!;
  const files = (await fs.readdir(dataDir, { recursive: true }))
    .map(String)
    .filter((f) => f.startsWith('forge/pulls') || f.startsWith('artifacts'));
  const leaked: string[] = [];
  for (const f of files) {
    const abs = path.join(dataDir, f);
    if ((await fs.stat(abs)).isFile() && (await fs.readFile(abs, 'utf8')).includes(passwd)) leaked.push(f);
  }
  record(
    'symlink target kept out of PRs and diffs',
    { state: 'clean', message: /^$/ },
    leaked.length ? 'leaked' : 'clean',
    leaked.join(', '),
  );
}

/** Invalid `reviewChanges` payloads, each recorded with a specific reason and ignored; then a valid approval still lands. */
async function reviewPayloads(client: Client, id: string, record: Record_): Promise<void> {
  const handle = client.workflow.getHandle(id);
  const cases: [string, unknown, RegExp][] = [
    ['"approved" as a string', { approved: 'yes' }, /"approved" must be true or false, got string "yes"/],
    ['an extra field', { approved: true, extra: 1 }, /unknown field "extra"/],
    ['a misspelt field', { approved: false, feedbak: 'use our config' }, /unknown field "feedbak"/],
    ['no decision', { feedback: 'no decision' }, /"approved" must be true or false, got nothing/],
    ['feedback as a number', { approved: false, feedback: 42 }, /"feedback" must be a string, got number 42/],
    ['a string that is not JSON', 'approve', /payload is a string that is not JSON/],
    ['an array', [true], /payload must be an object .* got an array/],
    ['null', null, /payload must be an object .* got null/],
    [
      `feedback of 200,000 characters`,
      { approved: false, feedback: 'x'.repeat(200_000) },
      new RegExp(`"feedback" is 200000 characters; the limit is ${MAX_FEEDBACK_CHARS}`),
    ],
  ];
  for (const [, payload] of cases) await handle.signal(reviewCompleteSignal, payload as never);
  const after = await waitAll(client, [id], (s) => s.ignoredSignals.length >= cases.length, 60_000);
  const st = after.get(id);
  const ignored = st?.ignoredSignals ?? [];
  cases.forEach(([label, , reason], i) => {
    record(
      `review payload: ${label}`,
      { state: 'ignored', message: reason },
      ignored[i] ? 'ignored' : (st?.state ?? 'no status'),
      ignored[i]?.reason ?? 'not recorded',
    );
  });
  record(
    'still awaiting review after the invalid payloads',
    { state: 'awaiting_review', message: /^Review PR v1/ },
    st?.state ?? 'no status',
    st?.message ?? '',
  );
  await handle.signal(reviewCompleteSignal, { approved: true });
  const end = await waitAll(client, [id], (s) => s.state === 'completed' || s.state === 'failed', 2 * 60_000);
  const fin = end.get(id) ?? (await statusOf(client, id));
  record(
    'a valid approval after them',
    { state: 'completed', message: /^Pull request opened/ },
    fin?.state ?? 'no status',
    fin?.message ?? '',
  );
}
