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
    expect(first).toMatchObject({
      level: 'info',
      msg: 'git clone done',
      workflowId: 'integration-abc',
      runId: 'run-1',
      activity: 'integrate',
      attempt: 2,
      component: 'activity',
      namespace: 'default',
    });
    expect(first).not.toHaveProperty('taskToken');
    expect(new Date(first.time as string).toString()).not.toBe('Invalid Date');
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 'warn', msg: 'multi\nline', error: { name: 'Error', message: 'boom' } });
  });

  it('keeps the workflow run id of workflow lines and prints readable lines in pretty format', () => {
    const rec = logRecord(
      'INFO',
      'Integration x: forking',
      { workflowId: 'integration-x', runId: 'r2', sdkComponent: 'workflow' },
      new Date('2026-01-02T03:04:05.678Z'),
    );
    expect(rec).toEqual({
      time: '2026-01-02T03:04:05.678Z',
      level: 'info',
      msg: 'Integration x: forking',
      workflowId: 'integration-x',
      runId: 'r2',
      component: 'workflow',
    });
    expect(formatLogLine('pretty', rec)).toBe('03:04:05.678 INFO  [integration-x] Integration x: forking');
    expect(formatLogLine('pretty', rec, true)).toBe(
      '03:04:05.678 INFO  [integration-x] Integration x: forking runId=r2 component=workflow',
    );
  });
});

describe('LineLogger, pretty (a terminal)', () => {
  const lines = (level: 'INFO' | 'DEBUG', log: (l: LineLogger) => void) => {
    const out: string[] = [];
    log(new LineLogger('pretty', level, (l) => out.push(l)));
    return out.map((l) => l.slice(13));
  };

  it('prints one line per event with its own fields, without the SDK metadata below DEBUG', () => {
    const out = lines('INFO', (l) => {
      l.info('git clone done', { ...activityMeta, attempt: 1 });
      l.info('Integration abc: forking', {
        workflowId: 'integration-abc',
        runId: 'r',
        sdkComponent: 'workflow',
        namespace: 'default',
        taskQueue: 'q',
        message: 'Forking acme/app',
      });
      l.warn('Retrying', { ...activityMeta, error: new Error('boom'), files: 3 });
    });
    expect(out).toEqual([
      'INFO  [integration-abc integrate] git clone done',
      'INFO  [integration-abc] Integration abc: forking message="Forking acme/app"',
      'WARN  [integration-abc integrate] Retrying attempt=2 error={"name":"Error","message":"boom"} files=3',
    ]);
    expect(out.join('\n')).not.toMatch(/opaque-binary|taskQueue|namespace|run-1/);
  });

  it("keeps the SDK worker's own notices (state changes, the bundle report) for DEBUG, where the metadata shows too", () => {
    const notice = (l: LineLogger) => {
      l.info('Worker state changed', { sdkComponent: 'worker', taskQueue: 'q', state: 'RUNNING' });
      l.warn('Worker slow', { sdkComponent: 'worker', taskQueue: 'q' });
      l.info('git clone done', activityMeta);
    };
    expect(lines('INFO', notice)).toEqual(['WARN  Worker slow', 'INFO  [integration-abc integrate] git clone done attempt=2']);
    const debug = lines('DEBUG', notice);
    expect(debug[0]).toBe('INFO  Worker state changed component=worker taskQueue=q state=RUNNING');
    expect(debug[2]).toContain('taskToken=opaque-binary');
    expect(debug[2]).toContain('runId=run-1');
  });

  it('leaves the JSON lines as they were: SDK notices at their level, the metadata in every line', () => {
    const out: string[] = [];
    const logger = new LineLogger('json', 'INFO', (l) => out.push(l));
    logger.info('Worker state changed', { sdkComponent: 'worker', taskQueue: 'q', state: 'RUNNING' });
    expect(JSON.parse(out[0]!)).toMatchObject({
      level: 'info',
      msg: 'Worker state changed',
      component: 'worker',
      taskQueue: 'q',
      state: 'RUNNING',
    });
  });

  it('defaults to pretty in a terminal and JSON otherwise', () => {
    expect(defaultLogFormat(true)).toBe('pretty');
    expect(defaultLogFormat(false)).toBe('json');
    expect(defaultLogFormat(undefined)).toBe('json');
  });
});
