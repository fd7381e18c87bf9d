import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { LocalForge } from './local-forge';

const repo = { owner: 'up', name: 'app' };

it('keeps issues beside the pull requests: one per marker, answers, one close comment, permissions', async () => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'local-issues-'));
  const forge = new LocalForge({ dataDir });
  const first = await forge.ensureIssue(repo, { title: 'P', body: 'x <!-- m -->', marker: '<!-- m -->' });
  expect(await forge.ensureIssue(repo, { title: 'P', body: 'x <!-- m -->', marker: '<!-- m -->' })).toEqual(first);
  expect((await forge.ensureIssue(repo, { title: 'Q', body: '<!-- n -->', marker: '<!-- n -->' })).number).toBe(first.number + 1);
  expect(first.url).toMatch(/^file:\/\/.*\/forge\/issues\/up\/app\/1\.json$/);

  await forge.maintainerOnIssue(repo, first.number, { comment: 'Go ahead' }, 'ada');
  await forge.maintainerOnIssue(repo, first.number, { react: '+1' }, 'bob');
  await forge.maintainerOnIssue(repo, first.number, { label: 'helicone: yes' }, 'ada');
  await expect(forge.maintainerOnIssue(repo, first.number, { comment: 'me' }, 'helicone-bot')).rejects.toThrow(/bot account/);
  const a = await forge.getIssueActivity(repo, first.number);
  expect(a).toMatchObject({ state: 'open', labels: ['helicone: yes'] });
  expect(a.comments.map((c) => [c.author, c.body])).toEqual([['ada', 'Go ahead']]);
  expect(a.reactions.map((r) => [r.author, r.content])).toEqual([['bob', '+1']]);

  await forge.closeIssue(repo, first.number, 'Closing.');
  await forge.closeIssue(repo, first.number, 'Closing.');
  const closed = await forge.getIssueActivity(repo, first.number);
  expect(closed).toMatchObject({ state: 'closed', closedBy: 'helicone-bot' });
  expect(closed.comments.filter((c) => c.author === 'helicone-bot')).toHaveLength(1);

  // No accounts on the local forge: anyone but the bot writes, unless given a level.
  expect(await forge.permissionOf(repo, 'ada')).toBe('write');
  expect(await forge.permissionOf(repo, 'helicone-bot')).toBe('read');
  await forge.setPermission(repo, 'visitor', 'read');
  expect(await forge.permissionOf(repo, 'visitor')).toBe('read');
  await expect(forge.getIssueActivity(repo, 99)).rejects.toThrow('No issue #99 in up/app on the local forge');
});
