/**
 * The one logger. Log lines carry ids and decisions, never PHI: fields whose
 * names look like PHI are redacted as a second line of defence.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogValue = string | number | boolean | null | undefined | readonly string[];
export type LogFields = Record<string, LogValue>;
export interface LogRecord { level: LogLevel; event: string; time: string; fields: LogFields }
export type LogSink = (record: LogRecord) => void;

const PHI_LIKE_KEY = /phone|name|body|birth|dob|text|address|email|mrn|diagnos|telecom|message(?!Id|Sid)/i;
const ORDER: Record<LogLevel | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

function writeLine(record: LogRecord): void {
  const head = { level: record.level, event: record.event, time: record.time };
  // A field named like the head (a hook's `event`) never overwrites the line's own event name.
  const line = JSON.stringify({ ...head, ...record.fields, ...head });
  if (record.level === "error" || record.level === "warn") console.error(line);
  else console.log(line);
}

let sink: LogSink = writeLine;
let threshold = ORDER.info;

export function setLogSink(next: LogSink | null): void {
  sink = next ?? writeLine;
}

export function setLogLevel(level: LogLevel | "silent"): void {
  threshold = ORDER[level];
}

export function redact(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) out[key] = PHI_LIKE_KEY.test(key) ? "[redacted]" : value;
  return out;
}

function emit(level: LogLevel, event: string, fields: LogFields = {}): void {
  if (ORDER[level] < threshold) return;
  sink({ level, event, time: new Date().toISOString(), fields: redact(fields) });
}

export const log = {
  debug: (event: string, fields?: LogFields) => emit("debug", event, fields),
  info: (event: string, fields?: LogFields) => emit("info", event, fields),
  warn: (event: string, fields?: LogFields) => emit("warn", event, fields),
  error: (event: string, fields?: LogFields) => emit("error", event, fields),
};

/** Describes an error for a log line without its message, which may quote PHI from a remote system. */
export function errorKind(err: unknown): string {
  if (err instanceof Error) return (err as { code?: unknown }).code ? `${err.name}:${String((err as { code?: unknown }).code)}` : err.name;
  return typeof err;
}
