// The items store: SQL over a Queryer. Ids are bigints, returned as decimal
// strings (a JSON number loses precision past 2^53). Timestamps come as ISO
// 8601 in UTC with microseconds (db.ts), so a cursor holds the exact
// position (a JavaScript Date keeps milliseconds only).
//
// Every statement is a read Hyperdrive can cache: no STABLE or VOLATILE
// function (now(), random(), to_char(), ...) and no such name even in a
// comment in the SQL (https://developers.cloudflare.com/hyperdrive/concepts/query-caching/,
// https://developers.cloudflare.com/hyperdrive/best-practices/), and no
// casts of the parameters either: their types follow from the columns they
// are compared with.

import type { Cursor } from "./cursor";
import type { Queryer, Statement } from "./db";

export interface Item {
  id: string;
  name: string;
  created_at: string;
}

export interface Page {
  items: Item[];
  /** Where the next page starts; undefined on the last page. */
  next?: Cursor;
}

/** DefaultPageSize is the number of items listed when no limit is given. */
export const DefaultPageSize = 20;
/** MaxPageSize is the most items one page lists. */
export const MaxPageSize = 100;

// Columns are qualified: an output column can never shadow the indexed one.
const columns = "items.id::text AS id, items.name, items.created_at";
const newestFirst = "ORDER BY items.created_at DESC, items.id DESC";

export const selectItem: Statement = {
  name: "SELECT items",
  text: `SELECT ${columns} FROM items WHERE items.id = $1`,
};

export const firstPage: Statement = {
  name: "SELECT items",
  text: `SELECT ${columns} FROM items ${newestFirst} LIMIT $1`,
};

export const nextPage: Statement = {
  name: "SELECT items",
  text: `SELECT ${columns} FROM items
WHERE (items.created_at, items.id) < ($1, $2)
${newestFirst} LIMIT $3`,
};

/** getItem returns the item with id (validated by the caller), or undefined. */
export async function getItem(db: Queryer, id: string): Promise<Item | undefined> {
  const rows = await db.query<Item>(selectItem, [id]);
  return rows[0];
}

/** listItems returns up to limit items, newest first, after the cursor (if any). */
export async function listItems(db: Queryer, limit: number, after?: Cursor): Promise<Page> {
  // One row more than asked tells whether a next page exists.
  const rows = after
    ? await db.query<Item>(nextPage, [after.createdAt, after.id, limit + 1])
    : await db.query<Item>(firstPage, [limit + 1]);
  const items = rows.slice(0, limit).map(({ id, name, created_at }) => ({ id, name, created_at }));
  const last = items[items.length - 1];
  return rows.length > limit && last ? { items, next: { createdAt: last.created_at, id: last.id } } : { items };
}
