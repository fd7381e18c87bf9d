/**
 * CI-sized subset of `npm run drills`: the bad-inputs table (drill 4) and the secrets scan (drill 5), each against a
 * real Temporal dev server and a worker child process. The long drills (kill -9, server restart, forge outage) need
 * minutes of heartbeat and retry timeouts and stay in `npm run drills`.
 */
import { expect, it } from 'vitest';
import { drillBadInputs } from '../../scripts/drills/drill-bad-inputs';
import { drillSecrets } from '../../scripts/drills/drill-secrets';

const quiet = () => undefined;

it('every bad input ends in its specific state and message, and none wedges', async () => {
  const result = await drillBadInputs({ log: quiet, settleMs: 150_000 });
  expect(result.details).toEqual([]);
  expect(result.table.filter((r) => !r.ok)).toEqual([]);
  // The table really ran: refused URLs, settled repositories and every review payload have rows.
  expect(result.table.map((r) => r.input)).toEqual(
    expect.arrayContaining([
      'https://gitlab.com/acme/app',
      'an empty repository (no commit)',
      'a symlink pointing outside the clone',
      'review payload: an extra field',
      'a valid approval after them',
    ]),
  );
  expect(result.passed).toBe(true);
}, 240_000);

it('no secret of the worker reaches a workflow history, the worker log, a clone or a PR', async () => {
  const result = await drillSecrets({ n: 1, log: quiet });
  expect(result.details[0]).toMatch(/: 0 hit\(s\)$/);
  expect(result.details.slice(1)).toEqual([]);
  expect(result).toMatchObject({ passed: true, integrations: 1, lost: 0 });
}, 240_000);
