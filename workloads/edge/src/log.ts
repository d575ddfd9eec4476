// JSON log lines, one object per line, with the contract's fields on every
// line: time, level, msg, request_id, trace_id, span_id.

import { FieldRequestID, FieldSpanID, FieldTraceID } from "./contract";

export type Level = "debug" | "info" | "warn" | "error";

const severity: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * parseLevel reads LOG_LEVEL: debug, info, warn (or warning) or error, in any
 * case. It returns undefined for anything else.
 */
export function parseLevel(s: string): Level | undefined {
  const v = s.trim().toLowerCase();
  if (v === "warning") return "warn";
  return v in severity ? (v as Level) : undefined;
}

/** Where a request's lines are tied: empty strings when unknown. */
export interface LogContext {
  requestId: string;
  traceId: string;
  spanId: string;
}

export type Fields = Record<string, unknown>;

/** The six keys a field may not overwrite. */
const reserved = new Set(["time", "level", "msg", FieldRequestID, FieldTraceID, FieldSpanID]);

export class Logger {
  constructor(
    private readonly level: Level,
    private readonly ctx: LogContext = { requestId: "", traceId: "", spanId: "" },
    private readonly write: (line: string) => void = (line) => console.log(line),
  ) {}

  /** with returns a logger whose lines carry ctx. */
  with(ctx: LogContext): Logger {
    return new Logger(this.level, ctx, this.write);
  }

  enabled(level: Level): boolean {
    return severity[level] >= severity[this.level];
  }

  debug(msg: string, fields?: Fields): void {
    this.log("debug", msg, fields);
  }
  info(msg: string, fields?: Fields): void {
    this.log("info", msg, fields);
  }
  warn(msg: string, fields?: Fields): void {
    this.log("warn", msg, fields);
  }
  error(msg: string, fields?: Fields): void {
    this.log("error", msg, fields);
  }

  log(level: Level, msg: string, fields: Fields = {}): void {
    if (!this.enabled(level)) return;
    // Levels are spelled as Go's slog spells them, so every workload's lines
    // filter alike.
    const line: Fields = {
      time: new Date().toISOString(),
      level: level.toUpperCase(),
      msg,
      [FieldRequestID]: this.ctx.requestId,
      [FieldTraceID]: this.ctx.traceId,
      [FieldSpanID]: this.ctx.spanId,
    };
    for (const [k, v] of Object.entries(fields)) {
      if (!reserved.has(k)) line[k] = v;
    }
    this.write(JSON.stringify(line));
  }
}
