import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRepository, forbidsAutomation } from './analyze-repository';

async function gitRepo(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'analyze-'));
  for (const [f, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, f)), { recursive: true });
    await fs.writeFile(path.join(dir, f), text);
  }
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      stdio: 'pipe',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'T',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 'T',
        GIT_COMMITTER_EMAIL: 't@example.com',
      },
    });
  git('init', '-q', '-b', 'trunk');
  git('add', '-A');
  git('commit', '-q', '-m', 'Initial commit');
  return dir;
}

describe('analyzeRepository', () => {
  it('says what kind of repository it is, with the evidence', async () => {
    const sdk = await gitRepo({
      'package.json': JSON.stringify({ name: '@anthropic-ai/sdk', version: '0.39.0', main: 'index.js', types: 'index.d.ts' }),
      'src/index.ts': "export * from './client';\n",
      'examples/streaming.ts': "import Anthropic from '@anthropic-ai/sdk';\nconst client = new Anthropic();\n",
    });
    expect(await analyzeRepository(sdk)).toMatchObject({
      files: 3,
      kind: 'library',
      kindEvidence: 'package.json names the package "@anthropic-ai/sdk", a known LLM SDK or framework.',
    });
    const app = await gitRepo({
      'package.json': JSON.stringify({ name: 'chat', private: true }),
      'src/ai.ts': "import OpenAI from 'openai';\n",
    });
    expect(await analyzeRepository(app)).toMatchObject({ kind: 'application', kindEvidence: expect.stringContaining('"private": true') });
    expect(await analyzeRepository(app, { repoName: 'nextjs-ai-starter' })).toMatchObject({ kind: 'template' });
  });
});

describe('forbidsAutomation', () => {
  it.each([
    'We do not accept AI-generated pull requests.',
    'Automated PRs will be closed without review.',
    'Please note: we will reject bot contributions. Thanks!',
    'AI-written patches are not welcome here.',
  ])('finds the rule in %j', (text) => {
    expect(forbidsAutomation(`# Contributing\n\n${text}\n`)).toBeTruthy();
  });

  it.each([
    'Dependabot PRs are welcome.',
    'We use a bot to label pull requests.',
    'Run the automated tests before opening a pull request.',
    'No breaking changes in patch releases.',
  ])('does not stop on %j', (text) => {
    expect(forbidsAutomation(text)).toBeUndefined();
  });
});
