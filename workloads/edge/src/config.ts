// The Worker's settings, read from its bindings. A value it cannot use is
// reported as a problem and replaced by its default: settings never stop the
// Worker from answering.

import * as c from "./contract";
import type { Env } from "./contract";
import { type Level, parseLevel } from "./log";
import { parseDuration, parseOTLPHeaders, parseResourceAttributes } from "./parse";

export interface Config {
  serviceName: string;
  logLevel: Level;
  /** Ratio of new traces sampled, in [0, 1]. */
  sampleRatio: number;
  /** Where spans are POSTed (the endpoint + /v1/traces); undefined: not exported. */
  tracesURL: string | undefined;
  /** OTLP export headers. Secret: never logged. */
  otlpHeaders: Record<string, string>;
  /** Resource attributes: OTEL_RESOURCE_ATTRIBUTES plus service.name. */
  resource: Record<string, string>;
  connectTimeoutMs: number;
  /**
   * The statement timeout of the Worker's database role, which PostgreSQL
   * enforces (DB_STATEMENT_TIMEOUT; the edge migrate command checks the two
   * agree). Logged with a query that ran past it.
   */
  statementTimeoutMs: number;
  handlerTimeoutMs: number;
  exportTimeoutMs: number;
  /** Days of Logpush files the log bucket keeps (LOG_RETENTION_DAYS). */
  logRetentionDays: number;
  /** Where Logpush writes in the log bucket (LOG_PREFIX), ending in "/". */
  logPrefix: string;
}

/** A setting that was ignored, to be logged at level. */
export interface Problem {
  level: Level;
  msg: string;
  fields: Record<string, unknown>;
}

/**
 * text reads a plain-text binding, trimmed; "" when unset. Local vars may be
 * JSON values (a number in wrangler.toml), so anything is turned to text.
 */
function text(
  env: Env,
  name: Exclude<keyof Env, typeof c.HyperdriveBinding | typeof c.LogBucketBinding | typeof c.AnalyticsBinding>,
): string {
  const v: unknown = env[name];
  return v === undefined || v === null ? "" : String(v).trim();
}

export function loadConfig(env: Env): { config: Config; problems: Problem[] } {
  const problems: Problem[] = [];
  const warn = (msg: string, fields: Record<string, unknown> = {}) =>
    problems.push({ level: "warn", msg, fields });

  let logLevel = parseLevel(c.DefaultLogLevel) as Level;
  const levelText = text(env, c.EnvLogLevel);
  if (levelText !== "") {
    const parsed = parseLevel(levelText);
    if (parsed) logLevel = parsed;
    else warn(`ignoring ${c.EnvLogLevel}`, { error: "log level must be one of debug, info, warn, error", value: levelText });
  }
  const format = text(env, c.EnvLogFormat);
  if (format !== "" && format !== c.LogFormatJSON) {
    warn(`only JSON logs are supported; ignoring ${c.EnvLogFormat}`, { value: format });
  }

  let sampleRatio = c.DefaultSampleRatio;
  const ratioText = text(env, c.EnvSamplerArg);
  if (ratioText !== "") {
    const r = Number(ratioText);
    if (Number.isFinite(r) && r >= 0 && r <= 1) sampleRatio = r;
    else warn(`ignoring ${c.EnvSamplerArg}`, { error: "sample ratio must be a number between 0 and 1", value: ratioText, ratio: sampleRatio });
  }
  const sampler = text(env, c.EnvSampler);
  if (sampler !== "" && sampler !== c.SamplerParentRatio) {
    warn(`unsupported sampler; using ${c.SamplerParentRatio}`, { sampler });
  }

  const serviceName = text(env, c.EnvServiceName) || "unknown_service";
  // As in the OTel SDKs, OTEL_SERVICE_NAME wins over a service.name in
  // OTEL_RESOURCE_ATTRIBUTES.
  const resource = { ...parseResourceAttributes(text(env, c.EnvResourceAttributes)), "service.name": serviceName };

  let otlpHeaders: Record<string, string> = {};
  try {
    otlpHeaders = parseOTLPHeaders(text(env, c.EnvHeaders));
  } catch (err) {
    problems.push({
      level: "error",
      msg: "OTLP headers unavailable; exporting spans without them",
      fields: { error: (err as Error).message },
    });
  }

  const timeout = (name: Parameters<typeof text>[1], def: number): number => {
    const value = text(env, name);
    if (value === "") return def;
    try {
      const ms = parseDuration(value);
      if (ms > 0) return ms;
      warn(`ignoring ${name}`, { error: "must be positive", value });
    } catch (err) {
      warn(`ignoring ${name}`, { error: (err as Error).message });
    }
    return def;
  };

  return {
    config: {
      serviceName,
      logLevel,
      sampleRatio,
      tracesURL: tracesURL(env, warn),
      otlpHeaders,
      resource,
      connectTimeoutMs: timeout(c.DBConnectTimeout, c.DefaultConnectTimeoutMs),
      statementTimeoutMs: timeout(c.DBStatementTimeout, c.DefaultStatementTimeoutMs),
      handlerTimeoutMs: timeout(c.HandlerTimeout, c.DefaultHandlerTimeoutMs),
      exportTimeoutMs: timeout(c.OTLPExportTimeout, c.DefaultOTLPExportTimeoutMs),
      logRetentionDays: retentionDays(env, warn),
      logPrefix: logPrefix(env, warn),
    },
    problems,
  };
}

/**
 * MaxLogRetentionDays keeps the cutoff a valid date: a JavaScript Date spans
 * about 273,790 years either side of 1970.
 */
export const MaxLogRetentionDays = 36_500;

const wholeNumber = /^\d{1,6}$/;

type Warn = (msg: string, fields?: Record<string, unknown>) => void;

function retentionDays(env: Env, warn: Warn): number {
  const value = text(env, c.LogRetentionDays);
  if (value === "") return c.DefaultLogRetentionDays;
  const days = wholeNumber.test(value) ? Number(value) : NaN;
  if (days >= 1 && days <= MaxLogRetentionDays) return days;
  warn(`ignoring ${c.LogRetentionDays}`, {
    error: `must be a whole number of days from 1 to ${MaxLogRetentionDays}`,
    value,
    days: c.DefaultLogRetentionDays,
  });
  return c.DefaultLogRetentionDays;
}

/**
 * logPrefix must end in "/": Logpush files land in LOG_PREFIX + YYYYMMDD +
 * "/", and without the slash the prefix would also match its neighbours
 * ("workers" matches "workers-old/...").
 */
function logPrefix(env: Env, warn: Warn): string {
  const value = text(env, c.LogPrefix);
  if (value === "") return c.DefaultLogPrefix;
  if (value.endsWith("/")) return value;
  warn(`ignoring ${c.LogPrefix}`, { error: 'must be a key prefix ending in "/", such as "workers/"', value, prefix: c.DefaultLogPrefix });
  return c.DefaultLogPrefix;
}

/**
 * isLogCleanupCron tells whether a trigger's cron expression is
 * LOG_CLEANUP_CRON's; the scheduled handler asks before any request exists,
 * so the expression is not part of Config. Runs of spaces count as one.
 */
export function isLogCleanupCron(env: Env, cron: string): boolean {
  const fields = (s: string) => s.trim().split(/\s+/).join(" ");
  return fields(cron) === fields(text(env, c.LogCleanupCron) || c.DefaultLogCleanupCron);
}

/**
 * tracesURL decides, as the Go workloads do, whether spans are exported:
 * OTEL_TRACES_EXPORTER "otlp" (or unset, the OTel default) and an endpoint.
 */
function tracesURL(env: Env, warn: (msg: string, fields?: Record<string, unknown>) => void): string | undefined {
  const exporter = text(env, c.EnvTracesExporter);
  const endpoint = text(env, c.EnvEndpoint);
  if (exporter === c.ExporterNone) return undefined;
  if (exporter !== "" && exporter !== c.ExporterOTLP) {
    warn("unsupported traces exporter; spans are not exported", { exporter });
    return undefined;
  }
  if (endpoint === "") {
    if (exporter === c.ExporterOTLP) warn(`${c.EnvEndpoint} is not set; spans are not exported`);
    return undefined;
  }
  if (!isHTTPURL(endpoint)) {
    warn(`${c.EnvEndpoint} is not an http(s) URL; spans are not exported`);
    return undefined;
  }
  const protocol = text(env, c.EnvProtocol);
  if (protocol !== "" && protocol !== c.ProtocolHTTPProtobuf) {
    warn(`unsupported OTLP protocol; exporting ${c.ProtocolHTTPProtobuf}`, { protocol });
  }
  return endpoint.replace(/\/+$/, "") + "/v1/traces";
}

function isHTTPURL(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
}
