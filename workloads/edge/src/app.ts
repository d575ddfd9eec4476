// The Worker's Hono app, built from its dependencies so that tests can swap
// the database and the network for fakes.

import { Hono } from "hono";
import { type Config, loadConfig, type Problem } from "./config";
import type { Env } from "./contract";
import type { OpenDatabase, Queryer } from "./db";
import type { Fetch } from "./export";
import type { Logger } from "./log";
import { deadline, observe } from "./middleware";
import { notFound, onError } from "./respond";
import { getItemHandler, healthz, heartbeat, listItemsHandler } from "./routes";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    log: Logger;
    config: Config;
    /** The request's database client: traced, connected on first use. */
    db: Queryer;
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

/** HeartbeatURL is the cron app's only route; it is not reachable over HTTP. */
export const HeartbeatURL = "https://scheduled.internal/heartbeat";

/**
 * createCronApp serves the Worker's cron triggers: a database heartbeat,
 * traced and logged like a request, which also keeps Hyperdrive's pool warm.
 * It is a separate app, so no public route reaches it.
 */
export function createCronApp(deps: Deps): Hono<AppEnv> {
  const app = observed(deps);
  app.post("/heartbeat", heartbeat);
  return app;
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
