import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCampaignArgs } from './campaign-args';

describe('npm run campaign arguments', () => {
  it('starts from a discovery with the default limits, or controls a campaign', () => {
    expect(parseCampaignArgs(['--from-discovery', 'discovery-1', '--top', '5'])).toEqual({
      kind: 'start',
      source: { discovery: 'discovery-1', top: 5 },
      limits: { concurrency: 3, prsPerHour: 5, prsPerDay: 20 },
    });
    expect(parseCampaignArgs(['pause', 'campaign-1'])).toEqual({ kind: 'pause', campaignId: 'campaign-1' });
  });

  it('asks first only with --ask-first', () => {
    expect(parseCampaignArgs(['--from-discovery', 'discovery-1', '--top', '5', '--ask-first'])).toMatchObject({ askFirst: true });
    expect(parseCampaignArgs(['--from-discovery', 'discovery-1', '--top', '5'])).not.toHaveProperty('askFirst');
  });

  it('reads a file of URLs with line numbers, skipping comments', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'camp-')), 'repos.txt');
    fs.writeFileSync(file, '# batch 1\nhttps://github.com/a/b\n\nhttps://github.com/c/d # later\n');
    const cmd = parseCampaignArgs(['--file', file, '--per-hour', '2', '--per-day', '10']);
    expect(cmd).toMatchObject({
      kind: 'start',
      source: { urls: ['2\thttps://github.com/a/b', '4\thttps://github.com/c/d'] },
      limits: { prsPerHour: 2, prsPerDay: 10 },
    });
  });

  it('names the flag that is wrong', () => {
    expect(() => parseCampaignArgs(['--from-discovery', 'd'])).toThrow('--from-discovery needs --top N');
    expect(() => parseCampaignArgs(['--from-discovery', 'd', '--top', '0'])).toThrow(
      '--top must be a whole number from 1 to 100 (got "0")',
    );
    expect(() => parseCampaignArgs(['--file', 'x', '--per-hour', '30', '--per-day', '10'])).toThrow(
      '--per-day (10) must not be below --per-hour (30)',
    );
    expect(() => parseCampaignArgs(['--file', '/nonexistent/repos.txt'])).toThrow('--file: cannot read /nonexistent/repos.txt: ENOENT');
    expect(() => parseCampaignArgs(['stop', 'campaign-1'])).toThrow(/unexpected "stop campaign-1"/);
    expect(() => parseCampaignArgs([])).toThrow(/nothing to do/);
    expect(() => parseCampaignArgs(['--from-discovery', 'd', '--top', '3', '--routing', 'sometimes'])).toThrow(
      '--routing must be one of optional, always (got "sometimes")',
    );
  });

  it('takes a routing mode for every integration of the campaign', () => {
    expect(parseCampaignArgs(['--from-discovery', 'd', '--top', '3', '--routing', 'always'])).toMatchObject({
      kind: 'start',
      routing: 'always',
    });
    expect(parseCampaignArgs(['--from-discovery', 'd', '--top', '3'])).not.toHaveProperty('routing');
  });
});
