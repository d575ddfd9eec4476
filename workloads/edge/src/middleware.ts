// Per-request plumbing: request id, trace context, logger, database client,
// access log, span export, and the handler's deadline.

import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "./app";
import type { Config, Problem } from "./config";
import {
  AnalyticsBinding,
  type Env,
  FieldDurationMS,
  FieldMethod,
  FieldPath,
  FieldRoute,
  FieldStatus,
  HeaderRequestID,
  HeaderTraceparent,
  MsgRequest,
  RouteUnmatched,
} from "./contract";
import { type OpenDatabase, type Queryer, redact, secretsOf } from "./db";
import { exportSpans, type Fetch } from "./export";
import { traced } from "./instrument";
import { Logger } from "./log";
import { errorResponse, msgRequestTimeout, onError } from "./respond";
import { type Attributes, parseTraceparent, randomHex, SpanKind, StatusCode, Trace } from "./trace";

/** What the middleware needs from outside: production values or fakes. */
export interface Runtime {
  openDatabase: OpenDatabase;
  fetch: Fetch;
  now: () => number;
  write: (line: string) => void;
  configFor: (env: Env) => { config: Config; problems: Problem[] };
}

/** A request id accepted from a caller: 1 to 128 letters, digits and "._:-". */
const requestIdRE = /^[A-Za-z0-9._:-]{1,128}$/;

export function validRequestId(id: string | undefined): id is string {
  return id !== undefined && requestIdRE.test(id);
}

/**
 * observe runs the request in a server span, continuing the caller's trace,
 * with a request id (the caller's X-Request-ID when fit, else a new one,
 * echoed in the response). After the response it writes the access line and
 * hands closing the database client and exporting the spans to waitUntil.
 */
export function observe(rt: Runtime): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const start = rt.now();
    const { config, problems } = rt.configFor(c.env);
    const incoming = c.req.header(HeaderRequestID);
    const requestId = validRequestId(incoming) ? incoming : randomHex(16);
    const parent = parseTraceparent(c.req.header(HeaderTraceparent));
    const trace = new Trace(parent, config.sampleRatio, rt.now);
    const method = c.req.method;
    const route = routeOf(c);
    const span = trace.startSpan(route ? `${method} ${route}` : method, SpanKind.Server, parent?.spanId, httpAttributes(c, route));
    const log = new Logger(config.logLevel, { requestId, traceId: trace.traceId, spanId: span.spanId }, rt.write);
    for (const p of problems) log.log(p.level, p.msg, p.fields);

    const settings = { connectTimeoutMs: config.connectTimeoutMs, log };
    const db = traced(rt.openDatabase(c.env, settings), c.env, trace, span.spanId);
    c.set("requestId", requestId);
    c.set("log", log);
    c.set("config", config);
    c.set("db", db);
    c.set("trace", trace);
    c.set("spanId", span.spanId);
    c.set("now", rt.now);

    try {
      await next();
    } catch (err) {
      // Hono hands thrown Errors to onError itself; this catches the rest.
      c.res = onError(err instanceof Error ? err : new Error(String(err)), c);
    }
    c.header(HeaderRequestID, requestId);
    c.header("X-Content-Type-Options", "nosniff");

    const status = c.res.status;
    span.setAttributes({ "http.response.status_code": status });
    if (status >= 500) span.setStatus(StatusCode.Error);
    span.end();
    const unit = {
      [FieldMethod]: method,
      [FieldPath]: c.req.path,
      [FieldRoute]: routeField(method, route),
      [FieldStatus]: status,
      [FieldDurationMS]: rt.now() - start,
    };
    log.log(status >= 500 ? "error" : "info", MsgRequest, unit);
    writeDataPoint(c.env, unit, log);
    waitUntil(c, closeDb(db, c.env, log));
    waitUntil(c, exportSpans(config, trace.spans, rt.fetch, log));
  };
}

/**
 * deadline answers 504 when the handler runs past HANDLER_TIMEOUT. The
 * handler cannot be stopped; its database client is closed after the
 * response, which cuts off a statement still running.
 */
export const deadline: MiddlewareHandler<AppEnv> = async (c, next) => {
  const ms = c.get("config").handlerTimeoutMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<"expired">((resolve) => {
    timer = setTimeout(() => resolve("expired"), ms);
  });
  try {
    const outcome = await Promise.race([next().then(() => "done" as const), expired]);
    if (outcome === "expired") {
      c.get("log").warn("request exceeded its deadline", { timeout_ms: ms });
      c.res = errorResponse(c, 504, msgRequestTimeout);
    }
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
};

/** routeOf is the matched route's pattern ("/v1/items/:id"), "" when none matched. */
/**
 * routeOf is the matched route's template in the contract's form, with
 * {name} for a parameter (Hono writes :name), or "" when none matched.
 */
export function routeOf(c: Context<AppEnv>): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    const r = routes[i];
    if (r && r.method !== "ALL") return r.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}"); // "ALL" entries are middleware
  }
  return "";
}

/** routeField is the log line's route: method and template, or unmatched. */
export function routeField(method: string, template: string): string {
  return template ? `${method} ${template}` : RouteUnmatched;
}

/** Analytics Engine takes an index of at most 96 bytes. */
const maxIndexBytes = 96;

/**
 * writeDataPoint records the request in Workers Analytics Engine, when the
 * binding is there: index1 and blob1 the route, blob2 the method, blob3 the
 * status, double1 the duration in ms. Not awaited, as Cloudflare advises
 * (developers.cloudflare.com/analytics/analytics-engine/get-started/); a
 * failure is logged, never answered.
 */
function writeDataPoint(
  env: Env,
  unit: { method: string; route: string; status: number; duration_ms: number },
  log: Logger,
): void {
  const ds = env?.[AnalyticsBinding];
  if (!ds) return;
  try {
    let index = unit.route;
    while (new TextEncoder().encode(index).length > maxIndexBytes) index = index.slice(0, -1);
    ds.writeDataPoint({ indexes: [index], blobs: [unit.route, unit.method, String(unit.status)], doubles: [unit.duration_ms] });
  } catch (err) {
    log.warn("writing the analytics data point failed", { error: String(err) });
  }
}

function httpAttributes(c: Context<AppEnv>, route: string): Attributes {
  const attrs: Attributes = {
    "http.request.method": c.req.method,
    "url.path": c.req.path,
    "url.scheme": new URL(c.req.url).protocol.replace(/:$/, ""),
  };
  if (route) attrs["http.route"] = route;
  const ua = c.req.header("User-Agent");
  if (ua) attrs["user_agent.original"] = ua;
  return attrs;
}

async function closeDb(db: Queryer, env: Env, log: Logger): Promise<void> {
  try {
    await db.close();
  } catch (err) {
    log.warn("closing the database client failed", { error: redact(String(err), secretsOf(env)) });
  }
}

/** waitUntil hands p to the runtime; without an ExecutionContext (a bare test call) p just runs. */
function waitUntil(c: Context<AppEnv>, p: Promise<void>): void {
  try {
    c.executionCtx.waitUntil(p);
  } catch {
    void p;
  }
}
