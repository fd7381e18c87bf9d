import { describe, expect, it } from 'vitest';
import { defaultLogFormat, formatLogLine, LineLogger, logRecord } from './json-logger';

const activityMeta = {
  workflowId: 'integration-abc',
  workflowRunId: 'run-1',
  workflowType: 'repositoryIntegrationWorkflow',
  activityType: 'integrate',
  activityId: '6',
  attempt: 2,
  taskToken: 'opaque-binary',
  sdkComponent: 'activity',
  namespace: 'default',
};

describe('LineLogger', () => {
  it('writes one JSON object per line with the workflow id, run id and activity, without the task token', () => {
    const lines: string[] = [];
    const logger = new LineLogger('json', 'INFO', (l) => lines.push(l));
    logger.info('git clone done', activityMeta);
    logger.debug('hidden below INFO');
    logger.warn('multi\nline', { error: new Error('boom') });
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ level: 'info', msg: 'git clone done', workflowId: 'integration-abc', runId: 'run-1', activity: 'integrate', attempt: 2, component: 'activity', namespace: 'default' });
    expect(first).not.toHaveProperty('taskToken');
    expect(new Date(first.time as string).toString()).not.toBe('Invalid Date');
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 'warn', msg: 'multi\nline', error: { name: 'Error', message: 'boom' } });
  });

  it('keeps the workflow run id of workflow lines and prints readable lines in pretty format', () => {
    const rec = logRecord('INFO', 'Integration x: forking', { workflowId: 'integration-x', runId: 'r2', sdkComponent: 'workflow' }, new Date('2026-01-02T03:04:05.678Z'));
    expect(rec).toEqual({ time: '2026-01-02T03:04:05.678Z', level: 'info', msg: 'Integration x: forking', workflowId: 'integration-x', runId: 'r2', component: 'workflow' });
    expect(formatLogLine('pretty', rec)).toBe('03:04:05.678 INFO  [integration-x] Integration x: forking {"component":"workflow"}');
  });

  it('defaults to pretty in a terminal and JSON otherwise', () => {
    expect(defaultLogFormat(true)).toBe('pretty');
    expect(defaultLogFormat(false)).toBe('json');
    expect(defaultLogFormat(undefined)).toBe('json');
  });
});
