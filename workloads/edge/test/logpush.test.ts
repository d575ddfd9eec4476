import { describe, expect, it } from "vitest";
import { createApp, createCronApp, createScheduled, LogCleanupURL } from "../src/app";
import type { Env } from "../src/contract";
import {
  cleanLogs,
  dateSegment,
  DeleteBatch,
  expired,
  ListLimit,
  MaxListCalls,
  planCleanup,
  tracedBucket,
} from "../src/logpush";
import { SpanKind, StatusCode, Trace } from "../src/trace";
import { FakeDb, password, pgError, testEnv } from "./harness";
import { FakeR2 } from "./r2fake";

// 2026-12-01 04:17 UTC, when the cleanup trigger fires. With the default 30
// days the cutoff is 2026-11-01: keys dated 20261031 and before go.
const now = Date.UTC(2026, 11, 1, 4, 17);
const cutoff = Date.UTC(2026, 10, 1);
const cleanupCron = "17 4 * * *";
const day = 86_400_000;

function envWith(bucket: FakeR2 | undefined, over: Partial<Env> = {}): Env {
  return testEnv({ ...(bucket ? { LOG_BUCKET: bucket as unknown as R2Bucket } : {}), ...over });
}

function ctx() {
  const pending: Promise<unknown>[] = [];
  return { pending, ctx: { waitUntil: (p: Promise<unknown>) => pending.push(p), passThroughOnException() {}, props: {} } };
}

/** runCleanup posts to the cron app's cleanup route and settles its waitUntil work. */
async function runCleanup(env: Env) {
  const lines: string[] = [];
  const cron = createCronApp({ openDatabase: () => new FakeDb(), now: () => now, write: (l) => lines.push(l) });
  const { pending, ctx: c } = ctx();
  const res = await cron.fetch(new Request(LogCleanupURL, { method: "POST", headers: { "x-cron": cleanupCron } }), env, c);
  await Promise.all(pending);
  const body = (await res.json()) as Record<string, unknown>;
  const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { res, body, lines: parsed, raw: lines };
}

/** scheduledRun calls the Worker's scheduled handler as Cloudflare would. */
async function scheduledRun(env: Env, cron: string, db = new FakeDb(() => [{ now: "x" }])) {
  const lines: string[] = [];
  const scheduled = createScheduled({ openDatabase: () => db, now: () => now, write: (l) => lines.push(l) });
  const { pending, ctx: c } = ctx();
  const controller = { cron, scheduledTime: now, type: "scheduled", noRetry() {} } as unknown as ScheduledController;
  let error: unknown;
  try {
    await scheduled(controller, env, c as unknown as ExecutionContext);
  } catch (err) {
    error = err;
  }
  await Promise.all(pending);
  return { db, error, lines: lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const at = (iso: string) => new Date(iso);
const old = at("2026-01-01T00:00:00Z");
const fresh = at("2026-12-01T01:00:00Z");

describe("the cleanup rule", () => {
  it("cuts off at today (UTC) minus the retention, whatever the hour", () => {
    for (const t of [Date.UTC(2026, 11, 1), now, Date.UTC(2026, 11, 1, 23, 59, 59, 999)]) {
      expect(planCleanup(t, 30, "workers/")).toEqual({ prefix: "workers/", cutoffDay: "20261101", cutoffMs: cutoff, maxListCalls: MaxListCalls });
    }
    expect(planCleanup(now, 1, "workers/").cutoffDay).toBe("20261130");
    expect(planCleanup(Date.UTC(2028, 2, 1, 12), 1, "w/").cutoffDay).toBe("20280229");
  });

  it.each([
    ["workers/20261101/a.log.gz", "20261101"],
    ["workers/20261101", "20261101"],
    ["workers/20240229/a", "20240229"],
    ["workers/20230229/a", undefined],
    ["workers/20261131/a", undefined],
    ["workers/20261301/a", undefined],
    ["workers/00990101/a", undefined],
    ["workers/2026110/a", undefined],
    ["workers/202611011/a", undefined],
    ["workers/20261101.log.gz", undefined],
    ["workers/misc/20261101/a", undefined],
    ["other/20261101/a", undefined],
    ["workers-old/20261101/a", undefined],
  ])("reads the date segment of %s as %s", (key, want) => {
    expect(dateSegment(key, "workers/")).toBe(want);
  });
  it("never expires a key outside the prefix, however old", () => {
    const plan = planCleanup(now, 30, "workers/");
    expect(expired("workers/20261031/a", fresh, plan)).toBe(true);
    expect(expired("workers/20261101/a", old, plan)).toBe(false);
    expect(expired("workers/notes.txt", old, plan)).toBe(true);
    for (const key of ["other/20200101/a", "workers-old/20200101/a", "workers", "Workers/20200101/a", "x/workers/20200101/a"]) {
      expect(expired(key, old, plan)).toBe(false);
    }
  });
});

describe("log cleanup", () => {
  it("deletes dated keys before the cutoff and undated keys uploaded before it, and nothing outside the prefix", async () => {
    const bucket = new FakeR2()
      .put("workers/20200101/b.log.gz", fresh)
      .put("workers/20261031/a.log.gz", fresh) // the day before the cutoff, however recent the upload
      .put("workers/20261031/b.log.gz", fresh)
      .put("workers/20261031", fresh)
      .put("workers/20261101/c.log.gz", old) // the cutoff day is kept, however old the upload
      .put("workers/20261101", old)
      .put("workers/20261201/d.log.gz", old)
      .put("workers/20261131/x.log.gz", old) // no such date: judged by upload time
      .put("workers/20261131/y.log.gz", fresh)
      .put("workers/notes.txt", at("2026-10-31T23:59:59.999Z"))
      .put("workers/fresh.txt", at("2026-11-01T00:00:00.000Z"))
      .put("workers/misc/old.txt", old)
      .put("workers/misc/new.txt", fresh)
      .put("workers", old)
      .put("workers-old/20200101/f.log.gz", old)
      .put("Workers/20200101/g.log.gz", old)
      .put("other/20200101/e.log.gz", old);

    const { res, body, lines } = await runCleanup(envWith(bucket));

    expect(res.status).toBe(200);
    expect(bucket.keys()).toEqual([
      "Workers/20200101/g.log.gz",
      "other/20200101/e.log.gz",
      "workers",
      "workers-old/20200101/f.log.gz",
      "workers/20261101",
      "workers/20261101/c.log.gz",
      "workers/20261131/y.log.gz",
      "workers/20261201/d.log.gz",
      "workers/fresh.txt",
      "workers/misc/new.txt",
    ]);
    const outcome = {
      cron: cleanupCron,
      prefix: "workers/",
      retention_days: 30,
      cutoff: "2026-11-01",
      deleted: 7,
      scanned: 11,
      kept: 4,
      days_kept: 2,
      list_calls: 5,
      delete_calls: 1,
      bounded: false,
    };
    expect(body).toEqual({ status: "ok", ...outcome });
    const line = lines.find((l) => l.msg === "log files cleaned up");
    expect(line).toMatchObject({ level: "INFO", ...outcome });
    expect(line?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(line?.request_id).toMatch(/^[0-9a-f]{32}$/);
    expect(lines.find((l) => l.msg === "request")).toMatchObject({ route: "POST /logs/cleanup", status: 200, trace_id: line?.trace_id });
    expect(lines.map((l) => l.msg)).toEqual(["log files cleaned up", "request"]);

    // The prefix once, grouped by "/", then each folder that may hold
    // expired keys; the folders dated at or after the cutoff are not listed.
    expect(bucket.lists().map((c) => [c.prefix, c.delimiter ?? ""])).toEqual([
      ["workers/", "/"],
      ["workers/20200101/", ""],
      ["workers/20261031/", ""],
      ["workers/20261131/", ""],
      ["workers/misc/", ""],
    ]);
    expect(bucket.lists().every((c) => c.limit === ListLimit)).toBe(true);
    expect(bucket.deletes().map((c) => c.keys.sort())).toEqual([
      [
        "workers/20200101/b.log.gz",
        "workers/20261031",
        "workers/20261031/a.log.gz",
        "workers/20261031/b.log.gz",
        "workers/20261131/x.log.gz",
        "workers/misc/old.txt",
        "workers/notes.txt",
      ],
    ]);
  });

  it("deletes nothing outside the prefix even when a listing returns it", async () => {
    const bucket = new FakeR2()
      .put("other/20200101/e.log.gz", old)
      .put("other/notes.txt", old)
      .put("workers-old/20200101/f.log.gz", old)
      .put("workers/20200101/a.log.gz", old);
    bucket.ignorePrefix = true;
    const { body } = await runCleanup(envWith(bucket));
    expect(body).toMatchObject({ deleted: 1, scanned: 1, kept: 0 });
    expect(bucket.keys()).toEqual(["other/20200101/e.log.gz", "other/notes.txt", "workers-old/20200101/f.log.gz"]);
    expect(bucket.deletes().flatMap((c) => c.keys)).toEqual(["workers/20200101/a.log.gz"]);
  });

  it("pages through more than 1000 keys with the cursor and deletes in batches of at most 1000", async () => {
    const bucket = new FakeR2();
    for (let i = 0; i < 2500; i++) bucket.put(`workers/20261001/${String(i).padStart(5, "0")}.log.gz`, fresh);
    for (let i = 0; i < 1500; i++) bucket.put(`workers/20261115/${String(i).padStart(5, "0")}.log.gz`, old);
    for (let i = 0; i < 1200; i++) bucket.put(`workers/u${String(i).padStart(5, "0")}.txt`, i % 2 ? old : fresh);

    const { body } = await runCleanup(envWith(bucket));

    expect(body).toMatchObject({ deleted: 3100, scanned: 3700, kept: 600, days_kept: 1, list_calls: 5, delete_calls: 4, bounded: false });
    expect(bucket.keys().length).toBe(1500 + 600);
    expect(bucket.keys().filter((k) => k.startsWith("workers/20261001/"))).toEqual([]);
    expect(bucket.keys().filter((k) => k.startsWith("workers/20261115/")).length).toBe(1500);
    // The top level, 2 folders and 1200 files, takes two pages; the old
    // folder, listed as soon as the first page names it, three.
    expect(bucket.lists().map((c) => [c.prefix, c.cursor !== undefined])).toEqual([
      ["workers/", false],
      ["workers/20261001/", false],
      ["workers/20261001/", true],
      ["workers/20261001/", true],
      ["workers/", true],
    ]);
    expect(bucket.deletes().map((c) => c.keys.length)).toEqual([DeleteBatch, DeleteBatch, DeleteBatch, 100]);
  });

  it("stops at MaxListCalls with bounded: true, deletes what it found, and the next run goes on", async () => {
    const bucket = new FakeR2();
    const days = 60;
    for (let i = 0; i < days; i++) bucket.put(`workers/${ymd(Date.UTC(2026, 0, 1) + i * day)}/a.log.gz`, fresh);
    bucket.put("workers/20261201/today.log.gz", fresh);

    const first = await runCleanup(envWith(bucket));
    // One call for the top level, then one per old day until the bound.
    expect(first.body).toMatchObject({ deleted: MaxListCalls - 1, list_calls: MaxListCalls, delete_calls: 1, bounded: true });
    expect(bucket.lists()).toHaveLength(MaxListCalls);
    expect(bucket.keys()).toHaveLength(days + 1 - (MaxListCalls - 1));

    const second = await runCleanup(envWith(bucket));
    expect(second.body).toMatchObject({ deleted: days - (MaxListCalls - 1), bounded: false, days_kept: 1 });
    expect(bucket.keys()).toEqual(["workers/20261201/today.log.gz"]);
  });

  it("keeps a run's R2 calls within its bound however the keys lie", async () => {
    for (const maxListCalls of [1, 2, 7]) {
      const bucket = new FakeR2();
      for (let i = 0; i < 3000; i++) bucket.put(`workers/20200101/${String(i).padStart(5, "0")}`, old);
      for (let i = 0; i < 1500; i++) bucket.put(`workers/x${String(i).padStart(5, "0")}`, old);
      const r = await cleanLogs(bucket, planCleanup(now, 30, "workers/", maxListCalls));
      expect(r.listCalls).toBe(Math.min(maxListCalls, 5));
      expect(r.deleteCalls).toBeLessThanOrEqual(r.listCalls);
      expect(bucket.calls).toHaveLength(r.listCalls + r.deleteCalls);
      expect(r.bounded).toBe(maxListCalls < 5);
      expect(r.deleted).toBe(4500 - bucket.keys().length);
    }
  });

  it("uses LOG_RETENTION_DAYS and LOG_PREFIX", async () => {
    const bucket = new FakeR2()
      .put("edge/logs/20261123/a", fresh)
      .put("edge/logs/20261124/b", fresh)
      .put("workers/20200101/c", old);
    const { body } = await runCleanup(envWith(bucket, { LOG_RETENTION_DAYS: " 7 ", LOG_PREFIX: "edge/logs/" }));
    expect(body).toMatchObject({ prefix: "edge/logs/", retention_days: 7, cutoff: "2026-11-24", deleted: 1, days_kept: 1 });
    expect(bucket.keys()).toEqual(["edge/logs/20261124/b", "workers/20200101/c"]);
  });

  it.each(["0", "-3", "7.5", "abc", "1e3", "36501", "30 days"])("ignores LOG_RETENTION_DAYS=%j, saying so, and keeps 30 days", async (value) => {
    const bucket = new FakeR2().put("workers/20261031/a", fresh).put("workers/20261101/b", fresh);
    const { body, lines } = await runCleanup(envWith(bucket, { LOG_RETENTION_DAYS: value }));
    expect(body).toMatchObject({ retention_days: 30, cutoff: "2026-11-01", deleted: 1 });
    expect(lines.filter((l) => l.level === "WARN")).toEqual([
      expect.objectContaining({
        msg: "ignoring LOG_RETENTION_DAYS",
        error: "must be a whole number of days from 1 to 36500",
        value: value.trim(),
        days: 30,
      }),
    ]);
    expect(bucket.keys()).toEqual(["workers/20261101/b"]);
  });

  it.each(["workers", "logs"])("ignores LOG_PREFIX=%j without a trailing slash", async (value) => {
    const bucket = new FakeR2().put("workers/20200101/a", fresh).put("workers-old/20200101/b", fresh);
    const { body, lines } = await runCleanup(envWith(bucket, { LOG_PREFIX: value }));
    expect(body).toMatchObject({ prefix: "workers/", deleted: 1 });
    expect(lines.find((l) => l.msg === "ignoring LOG_PREFIX")).toMatchObject({ level: "WARN", value, prefix: "workers/" });
    expect(bucket.keys()).toEqual(["workers-old/20200101/b"]);
  });

  it.each([
    [1, "list"],
    [3, "list"],
    [4, "delete"],
  ])("answers 500 and logs an error when R2 call %i (%s) fails, without the secret", async (n, op) => {
    const bucket = new FakeR2().put("workers/20200101/a", old).put("workers/20200102/b", old).put("workers/20261201/c", old);
    bucket.failCall = { n, error: new Error(`R2 is down (seen by postgresql://app:${password}@hd.local)`) };
    const { res, body, lines, raw } = await runCleanup(envWith(bucket));
    expect(res.status).toBe(500);
    expect(body).toEqual({ error: "internal error", request_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const failed = lines.find((l) => l.msg === "log cleanup failed");
    expect(failed).toMatchObject({ level: "ERROR", op, cron: cleanupCron, cutoff: "2026-11-01", error: "Error: R2 is down (seen by postgresql://app:[redacted]@hd.local)" });
    expect(lines.find((l) => l.msg === "request")).toMatchObject({ level: "ERROR", status: 500 });
    for (const line of raw) expect(line).not.toContain(password);
    // Call 3 lists the second old day: the first one's key is still deleted.
    if (n === 3) expect(failed).toMatchObject({ deleted: 1, scanned: 1, list_calls: 3, delete_calls: 1 });
    if (n === 4) expect(failed).toMatchObject({ deleted: 0, scanned: 2, list_calls: 3, delete_calls: 1 });
  });

  it("answers 500 without a LOG_BUCKET binding", async () => {
    const { res, lines } = await runCleanup(envWith(undefined));
    expect(res.status).toBe(500);
    expect(lines.find((l) => l.msg === "log cleanup failed")).toMatchObject({ level: "ERROR", error: "the LOG_BUCKET binding is not set" });
  });

  it("is not reachable through the public app", async () => {
    const bucket = new FakeR2().put("workers/20200101/a", old);
    const app = createApp({ openDatabase: () => new FakeDb(), write: () => {} });
    const res = await app.fetch(new Request("https://edge.test/logs/cleanup", { method: "POST" }), envWith(bucket), ctx().ctx);
    expect(res.status).toBe(404);
    expect(bucket.calls).toEqual([]);
  });

  it("runs each R2 call in a client span under the server span", async () => {
    const trace = new Trace(undefined, 1, () => now);
    const bucket = new FakeR2().put("workers/20200101/a", old);
    const traced = tracedBucket(bucket, trace, "00f067aa0ba902b7");
    await traced.list({ prefix: "workers/", delimiter: "/", limit: 1000 });
    await traced.delete(["workers/20200101/a"]);
    bucket.failCall = { n: 3, error: new Error("no") };
    await expect(traced.list({ prefix: "workers/" })).rejects.toThrow("no");
    expect(trace.spans.map((s) => [s.name, s.kind, s.parentSpanId, s.status.code, s.attributes])).toEqual([
      ["R2 list", SpanKind.Client, "00f067aa0ba902b7", StatusCode.Unset, { "cloudflare.r2.binding": "LOG_BUCKET", "cloudflare.r2.operation": "list", "cloudflare.r2.prefix": "workers/" }],
      ["R2 delete", SpanKind.Client, "00f067aa0ba902b7", StatusCode.Unset, { "cloudflare.r2.binding": "LOG_BUCKET", "cloudflare.r2.operation": "delete", "cloudflare.r2.keys": 1 }],
      ["R2 list", SpanKind.Client, "00f067aa0ba902b7", StatusCode.Error, { "cloudflare.r2.binding": "LOG_BUCKET", "cloudflare.r2.operation": "list", "cloudflare.r2.prefix": "workers/" }],
    ]);
  });
});

describe("the scheduled handler", () => {
  it("runs the cleanup for LOG_CLEANUP_CRON's trigger when LOG_BUCKET is bound, and no heartbeat", async () => {
    const bucket = new FakeR2().put("workers/20200101/a", old);
    const { db, error, lines } = await scheduledRun(envWith(bucket), cleanupCron);
    expect(error).toBeUndefined();
    expect(bucket.keys()).toEqual([]);
    expect(db.queries).toEqual([]);
    expect(lines.find((l) => l.msg === "request")).toMatchObject({ route: "POST /logs/cleanup", status: 200 });
  });

  it("runs the heartbeat for every other trigger", async () => {
    const bucket = new FakeR2().put("workers/20200101/a", old);
    const { db, error, lines } = await scheduledRun(envWith(bucket), "*/30 * * * *");
    expect(error).toBeUndefined();
    expect(db.queries.map((q) => q.st.text)).toEqual(["select now()"]);
    expect(bucket.calls).toEqual([]);
    expect(lines.find((l) => l.msg === "request")).toMatchObject({ route: "POST /heartbeat", status: 200 });
  });

  it("runs only the heartbeat without a LOG_BUCKET binding, even on the cleanup's trigger", async () => {
    const { db, error, lines } = await scheduledRun(envWith(undefined), cleanupCron);
    expect(error).toBeUndefined();
    expect(db.queries.map((q) => q.st.text)).toEqual(["select now()"]);
    expect(lines.map((l) => [l.msg, l.route])).toEqual([["request", "POST /heartbeat"]]);
  });

  it("matches the trigger against LOG_CLEANUP_CRON when it is set", async () => {
    const env = (b: FakeR2) => envWith(b, { LOG_CLEANUP_CRON: "0 3 * * *" });
    const a = new FakeR2().put("workers/20200101/a", old);
    expect((await scheduledRun(env(a), cleanupCron)).db.queries).toHaveLength(1);
    expect(a.calls).toEqual([]);
    const b = new FakeR2().put("workers/20200101/a", old);
    expect((await scheduledRun(env(b), "0 3 * * *")).db.queries).toHaveLength(0);
    expect(b.keys()).toEqual([]);
    const c = new FakeR2().put("workers/20200101/a", old);
    expect((await scheduledRun(envWith(c, { LOG_CLEANUP_CRON: " 17  4 * *  * " }), cleanupCron)).db.queries).toHaveLength(0);
    expect(c.keys()).toEqual([]);
  });

  it("fails the invocation when the cleanup fails", async () => {
    const bucket = new FakeR2().put("workers/20200101/a", old);
    bucket.failCall = { n: 1, error: new Error("R2 unavailable") };
    const { error, lines } = await scheduledRun(envWith(bucket), cleanupCron);
    expect(String(error)).toBe('Error: cron "17 4 * * *": /logs/cleanup answered 500');
    expect(lines.find((l) => l.msg === "log cleanup failed")).toMatchObject({ level: "ERROR", op: "list", error: "Error: R2 unavailable" });
  });

  it("fails the invocation when the heartbeat fails", async () => {
    const db = new FakeDb(() => {
      throw pgError("ECONNREFUSED", "connect ECONNREFUSED");
    });
    const { error } = await scheduledRun(envWith(undefined), "*/30 * * * *", db);
    expect(String(error)).toBe('Error: cron "*/30 * * * *": /heartbeat answered 503');
  });
});

function ymd(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replaceAll("-", "");
}
