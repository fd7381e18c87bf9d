/**
 * The worker's log lines: one JSON object per line (for log collectors) or a readable line (for a terminal), with
 * the workflow id, run id and activity of every line Temporal's workflow and activity loggers emit. Installed as
 * the Temporal Runtime's logger, so the SDK's own lines come out the same way. The pretty line leaves the SDK's
 * metadata out below DEBUG; the JSON line always carries it (except the opaque task token).
 */
import type { LogLevel, LogMetadata, Logger } from '@temporalio/worker';

export type LogFormat = 'json' | 'pretty';

const LEVELS: LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];
/** Meta that is noise in a log line (the task token is an opaque binary blob). */
const DROP = new Set(['taskToken']);

/** JSON where nothing is a terminal, pretty where a person is watching. */
export function defaultLogFormat(isTty: boolean | undefined = process.stdout.isTTY): LogFormat {
  return isTty ? 'pretty' : 'json';
}

/** Flattens Temporal's meta into the fields every line carries: workflowId, runId, activity. */
export function logRecord(level: LogLevel, message: string, meta: LogMetadata = {}, now = new Date()): Record<string, unknown> {
  const { workflowId, runId, workflowRunId, activityType, activityId, workflowType, attempt, sdkComponent, ...rest } = meta as Record<
    string,
    unknown
  >;
  const record: Record<string, unknown> = { time: now.toISOString(), level: level.toLowerCase(), msg: message };
  if (workflowId !== undefined) record.workflowId = workflowId;
  if ((runId ?? workflowRunId) !== undefined) record.runId = runId ?? workflowRunId;
  if (workflowType !== undefined) record.workflowType = workflowType;
  if (activityType !== undefined) record.activity = activityType;
  if (activityId !== undefined) record.activityId = activityId;
  if (attempt !== undefined) record.attempt = attempt;
  if (sdkComponent !== undefined) record.component = sdkComponent;
  for (const [k, v] of Object.entries(rest)) {
    if (!DROP.has(k) && v !== undefined) record[k] = v instanceof Error ? { name: v.name, message: v.message } : v;
  }
  return record;
}

/** What Temporal's loggers add to every line; a person at a terminal needs it only when debugging. */
const SDK_FIELDS = new Set([
  'runId',
  'workflowType',
  'activityId',
  'attempt',
  'component',
  'namespace',
  'taskQueue',
  'isLocal',
  'taskToken',
]);

const jsonValue = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));

/**
 * JSON: the record as it is (what log collectors parse). Pretty: one line a person reads, `time LEVEL [workflow
 * activity] message key=value`, without the SDK's metadata (run id, task queue, activity id, ...) unless `verbose`
 * (LOG_LEVEL=DEBUG or TRACE); a retry still shows its attempt.
 */
export function formatLogLine(format: LogFormat, record: Record<string, unknown>, verbose = false): string {
  if (format === 'json') return jsonValue(record);
  const { time, level, msg, workflowId, activity, ...others } = record;
  const extra = Object.entries(others)
    .filter(([k, v]) => verbose || !SDK_FIELDS.has(k) || (k === 'attempt' && typeof v === 'number' && v > 1))
    .map(([k, v]) => `${k}=${typeof v === 'string' && /^[^\s"=]+$/.test(v) ? v : jsonValue(v)}`);
  const where = [workflowId, activity].filter(Boolean).join(' ');
  return `${String(time).slice(11, 23)} ${String(level).toUpperCase().padEnd(5)} ${where ? `[${where}] ` : ''}${String(msg)}${extra.length ? ` ${extra.join(' ')}` : ''}`;
}

export class LineLogger implements Logger {
  private readonly min: number;

  constructor(
    private readonly format: LogFormat,
    level: LogLevel = 'INFO',
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {
    this.min = LEVELS.indexOf(level);
  }

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    // In a terminal, the SDK worker's own notices (state changes, the workflow bundle's webpack report) are debug
    // detail: the service logs when it polls and when it stopped. JSON lines keep them at their level.
    const shown = this.format === 'pretty' && level === 'INFO' && meta?.sdkComponent === 'worker' ? 'DEBUG' : level;
    if (LEVELS.indexOf(shown) < this.min) return;
    const verbose = this.min <= LEVELS.indexOf('DEBUG');
    const record = logRecord(level, message, meta);
    if (this.format === 'pretty' && verbose && meta?.taskToken !== undefined) record.taskToken = meta.taskToken;
    this.write(formatLogLine(this.format, record, verbose));
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
