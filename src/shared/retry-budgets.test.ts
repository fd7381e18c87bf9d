import { describe, expect, it } from 'vitest';
import { FailureType, NON_RETRYABLE_FAILURES } from './failures';
import { RETRY_BUDGETS, RETRY_POLICIES } from './retry-budgets';

// These values are what the workflows have always scheduled their activities with (running integrations retry by
// them); a change here is a change of behaviour, never a refactoring.
describe('retry budgets', () => {
  it('keeps the attempts per failure type of the forge and git activities', () => {
    expect(RETRY_BUDGETS).toEqual({ ForgeUnavailable: 20, otherErrors: 6 });
    expect(RETRY_POLICIES.forgeAndGit.maximumAttempts).toBe(RETRY_BUDGETS[FailureType.ForgeUnavailable]);
  });

  it('keeps every activity retry policy and the non-retryable failure types', () => {
    expect(NON_RETRYABLE_FAILURES).toEqual([
      'RepositoryNotFoundError',
      'RepoUrlError',
      'ConfigError',
      'GitHubAuthError',
      'GitHubPermissionError',
      'GitHubValidationError',
      'RepositorySkippedError',
      'InvalidInput',
      'PolicyViolation',
      'AgentLimitError',
    ]);
    const nonRetryableErrorTypes = NON_RETRYABLE_FAILURES;
    expect(RETRY_POLICIES).toEqual({
      forgeAndGit: {
        initialInterval: '2s',
        backoffCoefficient: 2,
        maximumInterval: '1 minute',
        maximumAttempts: 20,
        nonRetryableErrorTypes,
      },
      integrate: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 3, nonRetryableErrorTypes },
      // A reply or close from the inbox: a person waits for it, so a minute at most.
      inboxAction: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '20s', maximumAttempts: 5 },
      proveChange: {
        initialInterval: '5s',
        backoffCoefficient: 2,
        maximumInterval: '1 minute',
        maximumAttempts: 3,
        nonRetryableErrorTypes,
      },
      reportStatus: { initialInterval: '2s', backoffCoefficient: 2, maximumAttempts: 3 },
      campaignChildStates: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
      checkPullRequest: { initialInterval: '30s', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 10 },
      findCandidates: {
        initialInterval: '5s',
        backoffCoefficient: 2,
        maximumInterval: '2 minutes',
        maximumAttempts: 5,
        nonRetryableErrorTypes: ['DiscoveryNotConfigured'],
      },
      rankCandidates: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 4 },
    });
  });

  it('names each failure type by its own value (the strings histories and callers match on)', () => {
    for (const [key, value] of Object.entries(FailureType)) expect(value).toBe(key);
  });
});
