import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { makeStagingDir } from './staging-dir';

it("removes a dead process's staging directory of the same repository, keeps live and unrelated ones", async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'staging-'));
  const final = path.join(root, 'app.git');
  // A pid that certainly ended: a child that has exited.
  const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
  const dead = path.join(root, `.app.git-${deadPid}-abc123`);
  const live = path.join(root, `.app.git-${process.ppid}-def456`);
  const other = path.join(root, `.other.git-${deadPid}-ghi789`);
  const legacy = path.join(root, '.app.git-XyZ12a');
  for (const d of [dead, live, other, legacy]) await fs.mkdir(path.join(d, 'repo.git'), { recursive: true });

  const staging = await makeStagingDir(final);

  expect(path.basename(staging)).toMatch(new RegExp(`^\\.app\\.git-${process.pid}-`));
  const left = await fs.readdir(root);
  expect(left).not.toContain(path.basename(dead));
  expect(left).toEqual(expect.arrayContaining([path.basename(live), path.basename(other), path.basename(legacy), path.basename(staging)]));
  await fs.rm(root, { recursive: true, force: true });
});
