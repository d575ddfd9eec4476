// The opaque position of a page in the item list, newest first: the next
// page holds the items strictly older than (createdAt, id).

export interface Cursor {
  /** created_at in UTC with PostgreSQL's microseconds: 2026-11-26T10:00:00.123456Z. */
  createdAt: string;
  /** The item's id, a positive bigint in decimal. */
  id: string;
}

/** cursorVersion prefixes every cursor, so the format can change while old ones are in clients' hands. */
const cursorVersion = "v1";
/** maxCursorLength bounds what is decoded; real cursors are under 60 characters. */
const maxCursorLength = 128;

const timestampRE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const idRE = /^[1-9]\d{0,18}$/;
const maxBigint = 9223372036854775807n;

/** validId reports whether s is an item id: a positive bigint, no sign, no leading zero. */
export function validId(s: string): boolean {
  return idRE.test(s) && BigInt(s) <= maxBigint;
}

/** validTimestamp reports whether s is a real instant in the cursor's format. */
export function validTimestamp(s: string): boolean {
  if (!timestampRE.test(s)) return false;
  const ms = Date.parse(s.slice(0, 23) + "Z");
  // The round trip rejects dates that Date.parse rolls over (February 30).
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 19) === s.slice(0, 19);
}

/** encodeCursor returns c as an opaque URL-safe string. */
export function encodeCursor(c: Cursor): string {
  const raw = `${cursorVersion}|${c.createdAt}|${c.id}`;
  return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * decodeCursor reads a string from encodeCursor, or returns undefined. A
 * cursor is not signed: an edited one that still decodes only moves the
 * position, which any client may ask for anyway.
 */
export function decodeCursor(s: string): Cursor | undefined {
  if (s.length > maxCursorLength || !/^[A-Za-z0-9_-]+$/.test(s)) return undefined;
  let raw: string;
  try {
    raw = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return undefined;
  }
  const [version, createdAt, id, ...rest] = raw.split("|");
  if (version !== cursorVersion || rest.length > 0 || createdAt === undefined || id === undefined) return undefined;
  if (!validTimestamp(createdAt) || !validId(id)) return undefined;
  return { createdAt, id };
}
