// The database layer: one postgres.js client per request over the
// Hyperdrive binding, every statement in its own transaction that first sets
// SET LOCAL statement_timeout.
//
// Hyperdrive (and, locally, PgBouncer 1.18 in transaction mode) hands each
// transaction to whichever server connection is free, so the client keeps no
// session state: no named prepared statements (prepare: false), no
// statement_timeout startup parameter (PgBouncer refuses it), and no
// type-fetching round trip (fetch_types: false).
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
  query<T extends object>(st: Statement, params: readonly Param[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface DbSettings {
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  log: Logger;
}

/** OpenDatabase gives a request its Queryer; it must not connect yet. */
export type OpenDatabase = (env: Env, settings: DbSettings) => Queryer;

/**
 * CloseTimeoutSeconds bounds sql.end() after the response: a statement still
 * running then (the request hit its deadline) is cut off, not waited for.
 */
export const CloseTimeoutSeconds = 1;

/** openPostgres is the production OpenDatabase: postgres.js over Hyperdrive. */
export const openPostgres: OpenDatabase = (env, s) => {
  let sql: postgres.Sql | undefined;
  const timeoutMs = Math.max(1, Math.round(s.statementTimeoutMs));
  return {
    async query<T extends object>(st: Statement, params: readonly Param[]): Promise<T[]> {
      const binding = env[HyperdriveBinding] as Hyperdrive | undefined;
      if (!binding) throw new Error(`the ${HyperdriveBinding} binding is not set`);
      sql ??= postgres(binding.connectionString, {
        max: 1,
        connect_timeout: s.connectTimeoutMs / 1000,
        prepare: false,
        fetch_types: false,
        // postgres.js prints notices with console.log; keep every line JSON.
        onnotice: (n) => s.log.debug("postgres notice", { severity: n.severity, code: n.code, message: n.message }),
      });
      const rows = await sql.begin(async (tx) => {
        await tx.unsafe(`SET LOCAL statement_timeout = ${timeoutMs}`);
        return tx.unsafe(st.text, [...params]);
      });
      return rows as unknown as T[];
    },
    async close(): Promise<void> {
      await sql?.end({ timeout: CloseTimeoutSeconds });
    },
  };
};

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
