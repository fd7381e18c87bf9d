/**
 * The worker's log lines: one JSON object per line (for log collectors) or a readable line (for a terminal), with
 * the workflow id, run id and activity of every line Temporal's workflow and activity loggers emit. Installed as
 * the Temporal Runtime's logger, so the SDK's own lines come out the same way.
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
  const { workflowId, runId, workflowRunId, activityType, activityId, workflowType, attempt, sdkComponent, ...rest } = meta as Record<string, unknown>;
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

export function formatLogLine(format: LogFormat, record: Record<string, unknown>): string {
  if (format === 'json') return JSON.stringify(record, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  // The run id is in the JSON lines; a person reading a terminal needs the workflow id and the activity.
  const { time, level, msg, workflowId, activity, ...others } = record;
  const rest = Object.fromEntries(Object.entries(others).filter(([k]) => k !== 'runId'));
  const where = [workflowId, activity].filter(Boolean).join(' ');
  const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}` : '';
  return `${String(time).slice(11, 23)} ${String(level).toUpperCase().padEnd(5)} ${where ? `[${where}] ` : ''}${String(msg)}${extra}`;
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
    if (LEVELS.indexOf(level) < this.min) return;
    this.write(formatLogLine(this.format, logRecord(level, message, meta)));
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
