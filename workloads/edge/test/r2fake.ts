// An in-memory R2 bucket: list and delete as the Workers API documents them
// (https://developers.cloudflare.com/r2/api/workers/workers-api-reference/)
// and Miniflare implements them: keys in lexicographic order, prefix,
// delimiter (a group of keys counts as one entry), limit at most 1000,
// truncated with an opaque cursor, delete of up to 1000 keys a call.

import type { LogBucket } from "../src/logpush";

export interface ListCall {
  op: "list";
  prefix: string;
  delimiter?: string;
  cursor?: string;
  limit?: number;
}

export interface DeleteCall {
  op: "delete";
  keys: string[];
}

export class FakeR2 implements LogBucket {
  readonly objects = new Map<string, Date>();
  readonly calls: (ListCall | DeleteCall)[] = [];
  /** Makes the nth call (1-based, lists and deletes counted together) throw. */
  failCall?: { n: number; error: Error };
  /** Lists every key, whatever the prefix: R2 never does, the cleanup must cope. */
  ignorePrefix = false;

  put(key: string, uploaded: Date): this {
    this.objects.set(key, uploaded);
    return this;
  }

  keys(): string[] {
    return [...this.objects.keys()].sort(byteOrder);
  }

  lists(): ListCall[] {
    return this.calls.filter((c): c is ListCall => c.op === "list");
  }

  deletes(): DeleteCall[] {
    return this.calls.filter((c): c is DeleteCall => c.op === "delete");
  }

  async list(options: R2ListOptions = {}): Promise<R2Objects> {
    const call: ListCall = { op: "list", prefix: options.prefix ?? "" };
    if (options.delimiter !== undefined) call.delimiter = options.delimiter;
    if (options.cursor !== undefined) call.cursor = options.cursor;
    if (options.limit !== undefined) call.limit = options.limit;
    this.calls.push(call);
    this.maybeFail();
    const limit = options.limit ?? 1000;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new Error("MaxKeys params must be positive integer <= 1000.");
    const prefix = options.prefix ?? "";
    const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
    const entries: { prefix?: string; key?: string; last: string }[] = [];
    for (const key of this.keys()) {
      if ((!this.ignorePrefix && !key.startsWith(prefix)) || (after !== undefined && byteOrder(key, after) <= 0)) continue;
      const base = key.startsWith(prefix) ? prefix : "";
      const rest = key.slice(base.length);
      const at = options.delimiter ? rest.indexOf(options.delimiter) : -1;
      if (at >= 0) {
        const group = base + rest.slice(0, at + options.delimiter!.length);
        const last = entries[entries.length - 1];
        if (last?.prefix === group) last.last = key;
        else entries.push({ prefix: group, last: key });
      } else {
        entries.push({ key, last: key });
      }
    }
    const page = entries.slice(0, limit);
    const objects = page.filter((e) => e.key !== undefined).map((e) => fakeObject(e.key!, this.objects.get(e.key!)!));
    const delimitedPrefixes = page.filter((e) => e.prefix !== undefined).map((e) => e.prefix!);
    if (entries.length > limit) {
      return { objects, delimitedPrefixes, truncated: true, cursor: encodeCursor(page[page.length - 1]!.last) };
    }
    return { objects, delimitedPrefixes, truncated: false };
  }

  async delete(keys: string | string[]): Promise<void> {
    const list = Array.isArray(keys) ? [...keys] : [keys];
    this.calls.push({ op: "delete", keys: list });
    this.maybeFail();
    // "Up to 1000 keys may be deleted per call."
    if (list.length > 1000) throw new Error(`delete takes at most 1000 keys, got ${list.length}`);
    for (const key of list) this.objects.delete(key);
  }

  private maybeFail(): void {
    if (this.failCall && this.calls.length === this.failCall.n) throw this.failCall.error;
  }
}

/** R2 orders keys by their UTF-8 bytes; for the ASCII keys here, code units agree. */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function encodeCursor(key: string): string {
  return btoa(`after:${key}`);
}

function decodeCursor(cursor: string): string {
  const text = atob(cursor);
  if (!text.startsWith("after:")) throw new Error(`invalid cursor ${cursor}`);
  return text.slice("after:".length);
}

function fakeObject(key: string, uploaded: Date): R2Object {
  return { key, uploaded, size: 1, etag: "e", httpEtag: '"e"', version: "v" } as unknown as R2Object;
}
