import { describe, expect, it } from 'vitest';
import { interpretEvent, MalformedPayloadError } from './events';

const repository = { id: 7, full_name: 'Up-Stream/app.js' };
const repo = { owner: 'Up-Stream', name: 'app.js' };

describe('interpretEvent', () => {
  it('maps PR, review, review comment and PR comment events to that PR', () => {
    expect(interpretEvent('pull_request', { action: 'closed', repository, pull_request: { number: 12 } })).toEqual({
      kind: 'pulls',
      repo,
      numbers: [12],
    });
    expect(interpretEvent('pull_request_review', { action: 'submitted', repository, pull_request: { number: 3 } })).toEqual({
      kind: 'pulls',
      repo,
      numbers: [3],
    });
    expect(interpretEvent('pull_request_review_comment', { action: 'created', repository, pull_request: { number: 4 } })).toEqual({
      kind: 'pulls',
      repo,
      numbers: [4],
    });
    expect(interpretEvent('issue_comment', { action: 'created', repository, issue: { number: 5, pull_request: { url: 'x' } } })).toEqual({
      kind: 'pulls',
      repo,
      numbers: [5],
    });
  });

  it('maps check suites and runs by their pull_requests, and a fork PR (empty array) to the whole repository', () => {
    const pulls = [{ number: 9, base: { repo: { id: 7 } } }, { number: 9 }, { number: 2, base: { repo: { id: 99 } } }];
    expect(interpretEvent('check_suite', { action: 'completed', repository, check_suite: { pull_requests: pulls } })).toEqual({
      kind: 'pulls',
      repo,
      numbers: [9],
    });
    expect(interpretEvent('check_run', { action: 'completed', repository, check_run: { pull_requests: [{ number: 1 }] } })).toEqual({
      kind: 'pulls',
      repo,
      numbers: [1],
    });
    expect(interpretEvent('check_suite', { action: 'completed', repository, check_suite: { pull_requests: [] } })).toEqual({
      kind: 'repository',
      repo,
    });
  });

  it('ignores other events, unused actions and comments on issues, saying why', () => {
    expect(interpretEvent('ping', {})).toEqual({ kind: 'ping' });
    expect(interpretEvent('push', { ref: 'refs/heads/main' })).toMatchObject({
      kind: 'ignored',
      reason: expect.stringMatching(/^event "push" is not used \(used: pull_request, issue_comment/),
    });
    expect(interpretEvent('pull_request', { action: 'labeled', repository, pull_request: { number: 1 } })).toMatchObject({
      kind: 'ignored',
      reason: expect.stringContaining('pull_request action "labeled" is not used'),
    });
    expect(interpretEvent('check_suite', { action: 'requested', repository, check_suite: { pull_requests: [] } })).toMatchObject({
      kind: 'ignored',
    });
    expect(interpretEvent('issue_comment', { action: 'created', repository, issue: { number: 5 } })).toEqual({
      kind: 'ignored',
      reason: 'issue_comment on an issue, not a pull request',
    });
  });

  it('refuses payloads that are not what GitHub sends, naming the field', () => {
    const cases: [string, unknown, RegExp][] = [
      ['pull_request', [], /the payload is not a JSON object/],
      ['pull_request', { repository, pull_request: { number: 1 } }, /has no "action"/],
      ['pull_request', { action: 'closed', pull_request: { number: 1 } }, /"repository" is not a JSON object/],
      [
        'pull_request',
        { action: 'closed', repository: { full_name: 'a/b/c' }, pull_request: { number: 1 } },
        /"repository.full_name" must be owner\/name/,
      ],
      ['pull_request', { action: 'closed', repository: { full_name: "a/b' OR 1=1" }, pull_request: { number: 1 } }, /must be owner\/name/],
      [
        'pull_request',
        { action: 'closed', repository, pull_request: { number: '1' } },
        /"pull_request.number" must be a positive integer, got "1"/,
      ],
      [
        'issue_comment',
        { action: 'created', repository, issue: { pull_request: {}, number: 0 } },
        /"issue.number" must be a positive integer/,
      ],
      ['check_run', { action: 'completed', repository, check_run: {} }, /"check_run.pull_requests" is not an array/],
    ];
    for (const [event, payload, message] of cases) {
      expect(() => interpretEvent(event, payload)).toThrow(MalformedPayloadError);
      expect(() => interpretEvent(event, payload)).toThrow(message);
    }
  });
});
