import { describe, expect, it } from 'vitest';
import { forbidsAutomation } from './analyze-repository';

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
