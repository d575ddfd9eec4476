// The Worker's Hono app, built from its dependencies so that tests can swap
// the database and the network for fakes.

import { Hono } from "hono";
import { type Config, isLogCleanupCron, loadConfig, type Problem } from "./config";
import { type Env, LogBucketBinding } from "./contract";
import type { OpenDatabase, Queryer } from "./db";
import type { Fetch } from "./export";
import type { Logger } from "./log";
import { logCleanup } from "./logpush";
import { deadline, observe } from "./middleware";
import { notFound, onError } from "./respond";
import { getItemHandler, healthz, heartbeat, listItemsHandler } from "./routes";
import type { Trace } from "./trace";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    log: Logger;
    config: Config;
    /** The request's database client: traced, connected on first use. */
    db: Queryer;
    /** The request's trace, for client spans under its server span. */
    trace: Trace;
    /** The server span's id. */
    spanId: string;
    /** The clock, in ms since the epoch. */
    now: () => number;
  };
}

export interface Deps {
  openDatabase: OpenDatabase;
  /** Sends spans; the global fetch if unset. */
  fetch?: Fetch;
  /** The clock, in ms since the epoch; Date.now if unset. */
  now?: () => number;
  /** Writes one log line; console.log if unset. */
  write?: (line: string) => void;
}

export function createApp(deps: Deps): Hono<AppEnv> {
  const app = observed(deps);
  app.get("/healthz", healthz);
  app.get("/v1/items", listItemsHandler);
  app.get("/v1/items/:id", getItemHandler);
  return app;
}

/** HeartbeatURL and LogCleanupURL are the cron app's routes; HTTP reaches neither. */
export const HeartbeatURL = "https://scheduled.internal/heartbeat";
export const LogCleanupURL = "https://scheduled.internal/logs/cleanup";

/**
 * createCronApp serves the Worker's cron triggers, each traced and logged
 * like a request: a database heartbeat, which also keeps Hyperdrive's pool
 * warm, and the Logpush files' retention cleanup. It is a separate app, so
 * no public route reaches it.
 */
export function createCronApp(deps: Deps): Hono<AppEnv> {
  const app = observed(deps);
  app.post("/heartbeat", heartbeat);
  app.post("/logs/cleanup", logCleanup);
  return app;
}

/**
 * createScheduled is the Worker's scheduled handler. The trigger whose cron
 * expression is LOG_CLEANUP_CRON runs the log cleanup when the LOG_BUCKET
 * binding exists; every other trigger runs the heartbeat. A run answered
 * with a 5xx throws, so Cloudflare records the invocation as failed; its
 * log line says why.
 */
export function createScheduled(deps: Deps): ExportedHandlerScheduledHandler<Env> {
  const cron = createCronApp(deps);
  return async (controller, env, ctx) => {
    const url = env[LogBucketBinding] && isLogCleanupCron(env, controller.cron) ? LogCleanupURL : HeartbeatURL;
    const res = await cron.fetch(new Request(url, { method: "POST", headers: { "x-cron": controller.cron } }), env, ctx);
    await res.body?.cancel();
    if (res.status >= 500) {
      throw new Error(`cron "${controller.cron}": ${new URL(url).pathname} answered ${res.status}`);
    }
  };
}

function observed(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(
    observe({
      openDatabase: deps.openDatabase,
      fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
      now: deps.now ?? Date.now,
      write: deps.write ?? ((line) => console.log(line)),
      configFor: configCache(),
    }),
  );
  app.use(deadline);
  app.notFound(notFound);
  app.onError(onError);
  return app;
}

/**
 * configCache reads the settings once per env object (once per isolate in
 * workerd), so problems with them are logged once, not on every request.
 */
function configCache(): (env: Env) => { config: Config; problems: Problem[] } {
  const cache = new WeakMap<object, Config>();
  return (env) => {
    const key = (env ?? {}) as object;
    const hit = cache.get(key);
    if (hit) return { config: hit, problems: [] };
    const loaded = loadConfig(env ?? ({} as Env));
    cache.set(key, loaded.config);
    return loaded;
  };
}
