// The edge Worker: a Hono API reaching Postgres through the Hyperdrive
// binding. Needs the nodejs_compat flag (postgres.js uses Buffer and
// streams; cloudflare:sockets carries the connection).

import { createApp, createCronApp, HeartbeatURL } from "./app";
import type { Env } from "./contract";
import { openPostgres } from "./db";

const app = createApp({ openDatabase: openPostgres });
const cron = createCronApp({ openDatabase: openPostgres });

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  scheduled: async (event, env, ctx) => {
    const req = new Request(HeartbeatURL, { method: "POST", headers: { "x-cron": event.cron } });
    await cron.fetch(req, env, ctx);
  },
} satisfies ExportedHandler<Env>;
