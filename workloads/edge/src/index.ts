// The edge Worker: a Hono API reaching Postgres through the Hyperdrive
// binding. Needs the nodejs_compat flag (postgres.js uses Buffer and
// streams; cloudflare:sockets carries the connection).

import { createApp, createScheduled } from "./app";
import type { Env } from "./contract";
import { openPostgres } from "./db";

const app = createApp({ openDatabase: openPostgres });
const scheduled = createScheduled({ openDatabase: openPostgres });

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  scheduled,
} satisfies ExportedHandler<Env>;
