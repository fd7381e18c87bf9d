import { describe, expect, it } from 'vitest';
import { detectOptOut } from './opt-out-detector';

const REPOSITORY_REFUSALS = [
  'Not interested.',
  'not interested, thanks',
  "We're not interested in this.",
  'Thanks for the PR, but we are not interested in adding Helicone.',
  'Please stop.',
  'please stop sending these',
  'Could you please stop?',
  'Stop opening PRs here.',
  'Stop spamming our repo',
  'No bots.',
  'No bot PRs please',
  'no automated pull requests, thank you',
  "We don't accept automated PRs.",
  'We do not accept AI-generated pull requests.',
  'We are not accepting bot contributions at this time.',
  'Automated PRs are not welcome here.',
  "Don't send these.",
  'Please do not open more PRs like this.',
  'Never submit this again',
  'Unsubscribe',
  'How do we opt out?',
  "We'd like to opt out.",
  'Please remove us from your list.',
  'Add this repo to your do-not-contact list.',
  'This is spam.',
  'Thanks, but no thanks.',
  "We'll pass on this.",
  'Go away.',
  "Closing: we don't want this.",
  "We won't merge these, sorry.",
  'No interest in this, sorry.',
  // Typographic apostrophes, as GitHub's editor on some keyboards types them.
  'We don’t accept automated PRs',
];

const OWNER_REFUSALS = [
  "We don't accept automated PRs for any of our repositories.",
  'Please stop. This goes for all our projects.',
  'Not interested, across our org.',
  'Please stop sending these to our other repos too.',
  'No bots, organization-wide.',
  'Unsubscribe us from every repository we maintain.',
  "Not interested, and please don't send any to none of our projects either.",
];

const NOT_REFUSALS = [
  'Not interested in the v1 path, but ok',
  'please stop the server first',
  'Looks good to me, thanks!',
  'Can you rebase on main?',
  'Should we say "no bots" in CONTRIBUTING?',
  'Stop sending the API key in a header; read it from the config.',
  "Don't send the key to the browser.",
  "Don't make changes to the lockfile, please.",
  'This is not spam, it is a useful change.',
  'There is no bot token configured in CI.',
  'Users can opt out of telemetry with an env var.',
  'We need to unsubscribe the listener on unmount.',
  'Stop opening the file twice in that loop.',
  'Interesting! Not sure yet, let me think about it.',
  'The tests fail: no automated tests run on forks.',
  "Please don't create a new client per request.",
  'Please stop using the deprecated client.',
  "We won't merge this until the tests pass.",
  "We don't need this import.",
  // Quoting our own PR body's "how to say no" is not saying it.
  '> If you are not interested, say so and we will not send another.\n\nThanks, merging.',
  // Code is not prose.
  'The helper is called like `stopSending(); // please stop` and it works.',
  '```\n# no bots\n```\nLGTM',
];

describe('detectOptOut', () => {
  it.each(REPOSITORY_REFUSALS)('refuses for the repository: %s', (text) => {
    expect(detectOptOut(text)).toMatchObject({ refusal: true, scope: 'repository' });
  });

  it.each(OWNER_REFUSALS)('refuses for the whole owner: %s', (text) => {
    expect(detectOptOut(text)).toMatchObject({ refusal: true, scope: 'owner' });
  });

  it.each(NOT_REFUSALS)('is not a refusal: %s', (text) => {
    expect(detectOptOut(text)).toEqual({ refusal: false });
  });

  it('quotes the refusing sentence, in its own case and on one line, bounded', () => {
    const v = detectOptOut('Thanks for your time.\nWe do NOT accept\nautomated PRs. Closing.');
    expect(v.phrase).toBe('We do NOT accept automated PRs.');
    const long = detectOptOut(`Please stop sending these ${'really '.repeat(40)}now.`);
    expect(long.phrase!.length).toBeLessThanOrEqual(160);
    expect(long.phrase!.endsWith('...')).toBe(true);
  });

  it('names the owner only when the refusal does: an organisation mentioned in passing is not enough', () => {
    expect(detectOptOut('Not interested. Our org already uses Langfuse.')).toMatchObject({ scope: 'repository' });
  });
});
