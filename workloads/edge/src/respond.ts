// Error answers: every error is {"error": message, "request_id": id}.
// Messages for server-side failures never carry SQL errors or connection
// details; the cause is logged instead.

import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "./app";
import { FieldRequestID } from "./contract";
import { DatabaseError, redact, secretsOf } from "./db";

export const msgInternal = "internal error";
export const msgQueryTimeout = "query timed out";
export const msgRequestTimeout = "request timed out";
export const msgUnavailable = "database unavailable; retry later";
export const msgNotFound = "not found";

/** retryAfterSeconds is sent with 503s: Hyperdrive may have a connection a second later. */
const retryAfterSeconds = "1";

export function errorResponse(c: Context<AppEnv>, status: ContentfulStatusCode, msg: string): Response {
  if (status === 503) c.header("Retry-After", retryAfterSeconds);
  return c.json({ error: msg, [FieldRequestID]: c.get("requestId") ?? "" }, status);
}

/** onError answers a thrown error: 504, 503 or 500 for a DatabaseError, else 500. */
export function onError(err: Error, c: Context<AppEnv>): Response {
  const log = c.get("log");
  if (err instanceof DatabaseError) {
    const [status, msg] =
      err.failure === "timeout" ? ([504, msgQueryTimeout] as const)
      : err.failure === "unavailable" ? ([503, msgUnavailable] as const)
      : ([500, msgInternal] as const);
    const timeout = err.failure === "timeout" ? { statement_timeout_ms: c.get("config")?.statementTimeoutMs } : {};
    log?.error("database call failed", { status, code: err.code, error: err.message, ...timeout });
    return errorResponse(c, status, msg);
  }
  const message = redact(`${err.name}: ${err.message}`, secretsOf(c.env));
  log?.error("unhandled error", { status: 500, error: message });
  return errorResponse(c, 500, msgInternal);
}

export function notFound(c: Context<AppEnv>): Response {
  return errorResponse(c, 404, msgNotFound);
}
