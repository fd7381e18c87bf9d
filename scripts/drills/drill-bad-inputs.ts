/**
 * Drill 4: a table of bad inputs, each of which must end in a clear, specific state and message: never a crash loop,
 * never an integration stuck mid-way. URLs are refused before anything starts; repositories that cannot be integrated
 * end with a message naming the problem; invalid review payloads are recorded and ignored.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { startDevServer } from '../../src/adapters/temporal/dev-server';
import { buildIntegrationInput, startIntegration } from '../../src/cli/start-integration';
import { loadConfig } from '../../src/shared/config';
import { git, tempDir } from '../bench/bench-util';
import { clientFor, fixtureRepo, kill, startWorker, waitAll, type DrillResult } from './drill-kit';

interface Row {
  input: string;
  expect: RegExp;
  got: string;
  ok: boolean;
}

const SETTLED = (s: { state: string }) => ['awaiting_review', 'completed', 'failed', 'rejected'].includes(s.state);

export async function drillBadInputs(opts: { log: (s: string) => void }): Promise<DrillResult & { table: Row[] }> {
  const root = await tempDir('drill-bad-');
  const dataDir = path.join(root, 'data');
  const src = path.join(root, 'src');
  const env = await startDevServer({});
  const client = clientFor(env.connection);
  const worker = startWorker({ address: env.address, dataDir, logFile: path.join(root, 'worker.log') });
  const config = loadConfig({ FORGE: 'local', DATA_DIR: dataDir }, root);
  const table: Row[] = [];
  const record = (input: string, expect: RegExp, got: string) => {
    table.push({ input, expect, got: got.replace(/\s+/g, ' ').slice(0, 160), ok: expect.test(got) });
    opts.log(`  ${expect.test(got) ? 'ok  ' : 'FAIL'} ${input}: ${got.slice(0, 120)}`);
  };
  try {
    // Refused before anything starts.
    for (const [input, expect] of [
      ['ht!tp://example.com/x', /not a|cannot|expected|invalid/i],
      ['https://gitlab.com/acme/app', /GitHub|github\.com|not a/i],
      ['https://github.com/acme', /owner\/name|repository|expected/i],
      ['', /No repository given/],
    ] as const) {
      try {
        buildIntegrationInput(input, config);
        record(input || '(empty)', expect, 'accepted');
      } catch (err) {
        record(input || '(empty)', expect, `refused: ${(err as Error).message}`);
      }
    }
    // Started, and must settle with a specific message.
    const empty = path.join(src, 'empty');
    await fs.mkdir(empty, { recursive: true });
    await git(empty, 'init', '-q', '-b', 'main');
    const huge = 'export const pad = `' + 'x'.repeat(3 * 1024 * 1024) + '`;\n';
    const cases: [string, () => Promise<string>, RegExp][] = [
      ['a missing repository', async () => path.join(src, 'does-not-exist'), /not found|does not exist|no such|not a git/i],
      ['an empty repository (no commit)', async () => empty, /empty|no commit|no branch|not found|does not have/i],
      ['only binary files', async () => fixtureRepo(src, 'binary', { 'logo.png': '\x89PNG\r\n\x1a\n\0\0\0binary', 'data.bin': '\0\x01\x02' }), /No changes needed|No LLM client/i],
      ['a 3 MiB source file beside a client', async () => fixtureRepo(src, 'huge', { 'src/big.ts': huge, 'src/ai.ts': "import OpenAI from 'openai';\nexport const ai = new OpenAI();\n" }), /awaiting_review/],
      [
        'a submodule',
        async () => {
          const sub = await fixtureRepo(src, 'sub-lib');
          const main = await fixtureRepo(src, 'with-submodule');
          await git(main, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub, 'vendor-lib');
          await git(main, 'commit', '-q', '-m', 'add submodule');
          return main;
        },
        /awaiting_review/,
      ],
      [
        'a symlink pointing outside the clone',
        async () => {
          const dir = await fixtureRepo(src, 'symlink', { 'src/ai.ts': "import OpenAI from 'openai';\nexport const ai = new OpenAI();\n" });
          await fs.symlink('/etc/passwd', path.join(dir, 'src', 'passwd.ts'));
          await git(dir, 'add', '-A');
          await git(dir, 'commit', '-q', '-m', 'link');
          return dir;
        },
        /awaiting_review/,
      ],
    ];
    const started: { label: string; id: string; expect: RegExp }[] = [];
    for (const [label, make, expect] of cases) {
      const repo = await make();
      try {
        const handle = await startIntegration(client, buildIntegrationInput(repo, config, `bad-${started.length}-${path.basename(repo)}`));
        started.push({ label, id: handle.workflowId, expect });
      } catch (err) {
        record(label, expect, `refused: ${(err as Error).message}`);
      }
    }
    const states = await waitAll(client, started.map((s) => s.id), SETTLED, 5 * 60_000);
    for (const s of started) {
      const st = states.get(s.id);
      record(s.label, s.expect, st ? `${st.state}: ${st.message}${st.lastError ? ` (${st.lastError})` : ''}` : 'no status');
      if (st && !SETTLED(st)) table.at(-1)!.ok = false;
    }
    // The symlink's target must not have been read into the clone's diff or PR.
    const symlink = started.find((s) => s.label.includes('symlink'));
    if (symlink) {
      const prs = await fs.readdir(path.join(dataDir, 'forge', 'pulls'), { recursive: true }).catch(() => [] as string[]);
      const texts = await Promise.all(prs.filter((p) => String(p).endsWith('.json')).map((p) => fs.readFile(path.join(dataDir, 'forge', 'pulls', String(p)), 'utf8')));
      record('symlink target kept out of PRs', /clean/, texts.some((t) => t.includes('root:x:0:0')) ? 'leaked /etc/passwd' : 'clean');
    }
    // Invalid review payloads, sent as a user of the Temporal UI could: recorded, ignored, the review still waits.
    const good = started.find((s) => s.label.includes('3 MiB'));
    if (good && states.get(good.id)?.state === 'awaiting_review') {
      const handle = client.workflow.getHandle(good.id);
      const payloads: unknown[] = [{ approved: 'yes' }, { approved: true, extra: 1 }, { feedback: 'no decision' }, 'approve', { approved: false, feedback: 'x'.repeat(200_000) }, null];
      for (const p of payloads) await handle.signal('reviewChanges', p);
      const after = await waitAll(client, [good.id], (s) => s.ignoredSignals.length >= payloads.length, 60_000);
      const st = after.get(good.id)!;
      record(`${payloads.length} invalid review payloads`, /^awaiting_review, 6 ignored/, `${st.state}, ${st.ignoredSignals.length} ignored: ${st.ignoredSignals.map((i) => i.reason).join(' | ')}`);
    }
    const failed = table.filter((r) => !r.ok);
    return { drill: `bad inputs (${table.length} cases)`, passed: !failed.length, integrations: started.length, lost: 0, duplicates: 0, details: failed.map((r) => `${r.input}: expected ${r.expect}, got ${r.got}`), table };
  } finally {
    await kill(worker);
    await env.teardown();
    await fs.rm(root, { recursive: true, force: true });
  }
}
