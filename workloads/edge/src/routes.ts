// The HTTP API: health check and read access to items.

import type { Context } from "hono";
import type { AppEnv } from "./app";
import { decodeCursor, encodeCursor, validId } from "./cursor";
import { DefaultPageSize, getItem, listItems, MaxPageSize } from "./items";
import { errorResponse } from "./respond";

export const msgBadID = "id must be a positive integer";
export const msgBadLimit = `limit must be an integer from 1 to ${MaxPageSize}`;
export const msgBadCursor = "cursor is malformed; pass next_cursor from the previous page unchanged";
export const msgItemNotFound = "item not found";

/** healthz answers without touching the database. */
export function healthz(c: Context<AppEnv>): Response {
  return c.json({ status: "ok" });
}

/** GET /v1/items?limit=N&cursor=C: newest first; next_cursor is absent on the last page. */
export async function listItemsHandler(c: Context<AppEnv>): Promise<Response> {
  let limit = DefaultPageSize;
  const limitText = c.req.query("limit");
  if (limitText) {
    const n = /^\d{1,3}$/.test(limitText) ? Number(limitText) : NaN;
    if (!(n >= 1 && n <= MaxPageSize)) return errorResponse(c, 400, msgBadLimit);
    limit = n;
  }
  const cursorText = c.req.query("cursor");
  const after = cursorText ? decodeCursor(cursorText) : undefined;
  if (cursorText && !after) return errorResponse(c, 400, msgBadCursor);

  const page = await listItems(c.get("db"), limit, after);
  return c.json(page.next ? { items: page.items, next_cursor: encodeCursor(page.next) } : { items: page.items });
}

/** GET /v1/items/:id */
export async function getItemHandler(c: Context<AppEnv>): Promise<Response> {
  const id = c.req.param("id") ?? "";
  if (!validId(id)) return errorResponse(c, 400, msgBadID);
  const item = await getItem(c.get("db"), id);
  return item ? c.json(item) : errorResponse(c, 404, msgItemNotFound);
}

/**
 * heartbeatStatement is uncacheable on purpose: now() is STABLE, and
 * Hyperdrive caches no query that calls a STABLE or VOLATILE function
 * (https://developers.cloudflare.com/hyperdrive/concepts/query-caching/), so
 * the heartbeat reaches the database and its pool, never the cache.
 */
export const heartbeatStatement = { name: "SELECT now()", text: "select now()" };

/** POST /heartbeat (cron app only): one round trip to the database. */
export async function heartbeat(c: Context<AppEnv>): Promise<Response> {
  await c.get("db").query(heartbeatStatement, []);
  return c.json({ status: "ok", cron: c.req.header("x-cron") ?? "" });
}
