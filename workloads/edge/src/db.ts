// The database layer: one postgres.js client per request over the
// Hyperdrive binding, in the driver settings Cloudflare documents for
// Hyperdrive with query caching on.
//
// - Prepared statements stay on (prepare: true, postgres.js's default;
//   sql.unsafe turns them off unless told): "Hyperdrive will not cache
//   prepared statements when this option is set to false", and "Postgres.js
//   must keep prepare: true for cacheable queries"
//   (https://developers.cloudflare.com/hyperdrive/examples/connect-to-postgres/postgres-drivers-and-libraries/postgres-js/,
//   https://developers.cloudflare.com/hyperdrive/best-practices/). With
//   them off, postgres.js sends extra protocol messages that Hyperdrive's
//   transaction pooling does not reliably support.
// - Each read is one statement outside any explicit transaction: Hyperdrive
//   pools in transaction mode, holds a connection for a whole transaction,
//   and recommends "not wrapping queries in transactions"
//   (https://developers.cloudflare.com/hyperdrive/observability/troubleshooting/,
//   https://developers.cloudflare.com/hyperdrive/concepts/how-hyperdrive-works/#pooling-mode).
//   A write that needs atomicity gets a transaction of its own; the Worker
//   has none today.
// - No SET: the statement timeout is a setting of the Worker's database role
//   (ALTER ROLE ... SET statement_timeout, edge migration 0002), which
//   PostgreSQL applies to every session of the role and which RESET, run by
//   Hyperdrive when a connection returns to its pool, restores
//   (https://www.postgresql.org/docs/current/sql-reset.html). A query past
//   it fails with SQLSTATE 57014, answered 504.
// - fetch_types: false (no array types here: one round trip less), max: 1
//   (one query at a time per request), as in Cloudflare's example.
// - The query texts (items.ts) call no STABLE or VOLATILE function: such
//   queries are not cached (https://developers.cloudflare.com/hyperdrive/concepts/query-caching/).
//   So timestamps are read as PostgreSQL's own text (no to_char, which is
//   STABLE) and turned into ISO 8601 with microseconds here.
//
// The connection string is a secret: it is never logged, put in an error or
// in a span. Errors leave this layer as DatabaseError, with messages scrubbed.

import postgres from "postgres";
import { type Env, HyperdriveBinding } from "./contract";
import type { Logger } from "./log";

/** A statement and the name its span gets ("SELECT items"). */
export interface Statement {
  name: string;
  text: string;
}

export type Param = string | number;

/** Queryer runs statements; close frees its connection, if it opened one. */
export interface Queryer {
  /** query runs st as one prepared statement, outside any transaction: Hyperdrive may answer it from its cache. */
  query<T extends object>(st: Statement, params: readonly Param[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface DbSettings {
  connectTimeoutMs: number;
  log: Logger;
}

/** OpenDatabase gives a request its Queryer; it must not connect yet. */
export type OpenDatabase = (env: Env, settings: DbSettings) => Queryer;

/**
 * CloseTimeoutSeconds bounds sql.end() after the response: a statement still
 * running then (the request hit its deadline) is cut off, not waited for.
 */
export const CloseTimeoutSeconds = 1;

/** TimestamptzOID is PostgreSQL's timestamp with time zone. */
const TimestamptzOID = 1184;

function connect(connectionString: string, s: DbSettings) {
  return postgres(connectionString, {
    max: 1,
    connect_timeout: s.connectTimeoutMs / 1000,
    prepare: true,
    fetch_types: false,
    // timestamptz as ISO 8601 text with all six fractional digits, both
    // ways: a Date keeps milliseconds only, and a cursor needs the exact
    // position (postgres.js's own serializer would send a cursor's
    // timestamp through a Date).
    types: {
      timestamptz: {
        to: TimestamptzOID,
        from: [TimestamptzOID],
        parse: isoTimestamp,
        serialize: (x: Date | string) => (x instanceof Date ? x.toISOString() : x),
      },
    },
    // postgres.js prints notices with console.log; keep every line JSON.
    onnotice: (n) => s.log.debug("postgres notice", { severity: n.severity, code: n.code, message: n.message }),
  });
}

/** openPostgres is the production OpenDatabase: postgres.js over Hyperdrive. */
export const openPostgres: OpenDatabase = (env, s) => {
  let sql: ReturnType<typeof connect> | undefined;
  return {
    async query<T extends object>(st: Statement, params: readonly Param[]): Promise<T[]> {
      const binding = env[HyperdriveBinding] as Hyperdrive | undefined;
      if (!binding) throw new Error(`the ${HyperdriveBinding} binding is not set`);
      sql ??= connect(binding.connectionString, s);
      const rows = await sql.unsafe(st.text, [...params], { prepare: true });
      return rows as unknown as T[];
    },
    async close(): Promise<void> {
      await sql?.end({ timeout: CloseTimeoutSeconds });
    },
  };
};

// PostgreSQL's text for a timestamptz under its default DateStyle (ISO):
// "2026-11-26 10:00:00.000042+00", the offset that of the session's TimeZone.
const pgTimestamptz = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?$/;

/**
 * isoTimestamp turns PostgreSQL's text for a timestamptz into UTC ISO 8601
 * with microseconds ("2026-11-26T10:00:00.000042Z"), whatever the
 * session's TimeZone. Anything else (another DateStyle, BC dates, infinity)
 * throws: a wrong timestamp must not reach a cursor.
 */
export function isoTimestamp(text: string): string {
  const m = pgTimestamptz.exec(text);
  if (!m) throw new Error(`unexpected timestamptz text ${JSON.stringify(text)}; the edge Worker needs DateStyle ISO`);
  const [, y, mo, d, h, mi, sec, frac = "", sign, oh, om = "0", os = "0"] = m;
  const offsetMs = (sign === "-" ? -1 : 1) * ((Number(oh) * 60 + Number(om)) * 60 + Number(os)) * 1000;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec)) - offsetMs;
  return new Date(utc).toISOString().replace(/\.\d{3}Z$/, `.${frac.padEnd(6, "0")}Z`);
}

export type Failure = "timeout" | "unavailable" | "internal";

/** DatabaseError is any failure of the database layer, classified. */
export class DatabaseError extends Error {
  override name = "DatabaseError";
  constructor(
    readonly failure: Failure,
    /** The SQLSTATE or the driver's error code; "" when there is none. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// postgres.js's codes for a connection that failed or broke, and the
// system errors under them.
const connectionCodes = new Set([
  "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED",
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EPIPE",
]);

/**
 * classify maps a driver error to a failure: SQLSTATE 57014 (statement
 * timeout) is a timeout; connection exceptions (08), insufficient resources
 * (53: too many connections), operator intervention (57P) and the driver's
 * connection errors mean unavailable. workerd's socket errors carry no code,
 * so an uncoded error that speaks of the network or a connection is
 * unavailable too. Anything else is internal.
 */
export function classify(err: unknown): Failure {
  const code = errorCode(err);
  if (code === "57014") return "timeout";
  if (/^(08|53|57P)/.test(code) || connectionCodes.has(code)) return "unavailable";
  if (code === "" && err instanceof Error && /\b(network|connection|socket|connect)\b/i.test(err.message)) {
    return "unavailable";
  }
  return "internal";
}

export function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "";
}

/** secretsOf returns the binding's values that must never leave the Worker. */
export function secretsOf(env: Env | undefined): string[] {
  const h = env?.[HyperdriveBinding] as Partial<Hyperdrive> | undefined;
  return [h?.connectionString, h?.password].filter((s): s is string => !!s);
}

/** redact replaces every secret in text. */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((t, s) => t.split(s).join("[redacted]"), text);
}

/** toDatabaseError classifies err and scrubs its message of secrets. */
export function toDatabaseError(err: unknown, secrets: readonly string[]): DatabaseError {
  if (err instanceof DatabaseError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new DatabaseError(classify(err), errorCode(err), redact(message, secrets));
}
