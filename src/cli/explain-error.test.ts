import { status } from '@grpc/grpc-js';
import { ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../shared/config';
import { explainError } from './explain-error';
import { RoutingModeError } from './routing-arg';

const grpc = (code: number, details: string) => Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details });

describe('explainError: no bare ServiceError reaches a person', () => {
  it('names a missing search attribute and the ways to add it', () => {
    const m = explainError(
      new ServiceError('Failed to start Workflow', {
        cause: grpc(status.INVALID_ARGUMENT, 'Namespace default has no mapping defined for search attribute Repository'),
      }),
      'default',
    );
    expect(m).toMatch(
      /^Failed to start Workflow: namespace default lacks the search attribute Repository\. Start a worker once \(`npm run worker`\)/,
    );
    expect(m).toContain('temporal operator search-attribute create --namespace default --name IntegrationStatus');
  });

  it("gives the server's reason and code, and the likely cause when no worker answered", () => {
    expect(
      explainError(new ServiceError('Failed to signal Workflow', { cause: grpc(status.PERMISSION_DENIED, 'Request unauthorized.') })),
    ).toBe('Failed to signal Workflow: Request unauthorized. (PERMISSION_DENIED)');
    expect(
      explainError(
        new ServiceError('Failed to query Workflow', {
          cause: grpc(status.DEADLINE_EXCEEDED, 'query timed out before a worker could process it'),
        }),
      ),
    ).toMatch(/\(DEADLINE_EXCEEDED\)\nIs a worker running\? Start one with `npm run worker`/);
  });

  it('prints our own errors as they are worded, and others with their type', () => {
    expect(explainError(new RoutingModeError('--routing must be one of optional, always (got "x")'))).toBe(
      '--routing must be one of optional, always (got "x")',
    );
    expect(explainError(new ConfigError('Invalid configuration'))).toBe('Invalid configuration');
    expect(explainError(new WorkflowNotFoundError('workflow not found for ID: integration-x', 'integration-x', undefined), 'ns')).toBe(
      'workflow not found for ID: integration-x: no such workflow in namespace ns. `npm run status` lists the integrations.',
    );
    expect(explainError(new TypeError('x is not a function'))).toBe('TypeError: x is not a function');
  });
});
