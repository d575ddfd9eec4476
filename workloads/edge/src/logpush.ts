// Retention of the Worker's Logpush files. Logpush writes the Worker's trace
// events, gzipped NDJSON, to the kit's R2 bucket under LOG_PREFIX + YYYYMMDD
// + "/" (the {DATE} of the destination path becomes YYYYMMDD:
// https://developers.cloudflare.com/logs/logpush/logpush-job/enable-destinations/r2/).
// The bucket has no lifecycle rule, so the cleanup cron trigger deletes old
// files here.
//
// The rule, for a key under the prefix: when the path segment right after
// the prefix is a date (YYYYMMDD), the key is deleted when that date is
// before the cutoff, today (UTC) minus the retention in days; a key with no
// such segment is deleted when it was uploaded before the cutoff's midnight
// UTC. A key outside the prefix is never deleted.
//
// The listing groups keys by "/" (list's delimiter), so a day's folder is
// one entry: a folder dated at or after the cutoff holds only keys the rule
// keeps and is not listed at all; an older one is listed and emptied; any
// other folder is listed and its keys judged by upload time. A daily run
// thus lists the prefix once and each expired day once.
//
// R2's Workers API (https://developers.cloudflare.com/r2/api/workers/workers-api-reference/):
// list returns up to 1000 entries, ordered lexicographically, and
// `truncated` (not the count) says whether more follow, from `cursor`;
// delete takes "up to 1000 keys" per call.

import type { Context } from "hono";
import type { AppEnv } from "./app";
import { LogBucketBinding } from "./contract";
import { redact, secretsOf } from "./db";
import { errorResponse, msgInternal } from "./respond";
import { SpanKind, StatusCode, type Trace } from "./trace";

/** ListLimit is R2's most entries per list call. */
export const ListLimit = 1000;
/** DeleteBatch is R2's most keys per delete call. */
export const DeleteBatch = 1000;
/**
 * MaxListCalls bounds one run. Every deleted key comes from a listed page of
 * at most 1000, and deletes go out in batches of 1000, so a run makes at
 * most as many delete calls as list calls: 100 R2 operations at most, each a
 * subrequest, a tenth of the 1,000 a Workers Paid invocation may make
 * (https://developers.cloudflare.com/workers/platform/limits/). A run
 * deletes up to about 50,000 files; a larger backlog is worked off on the
 * following days, and the run's log line says bounded: true.
 */
export const MaxListCalls = 50;

const dayMs = 86_400_000;

/** What one run deletes. */
export interface CleanupPlan {
  /** The key prefix, ending in "/". */
  prefix: string;
  /** The first day kept, YYYYMMDD: keys dated before it are deleted. */
  cutoffDay: string;
  /** Midnight UTC starting cutoffDay: an undated key uploaded before it is deleted. */
  cutoffMs: number;
  maxListCalls: number;
}

export function planCleanup(nowMs: number, retentionDays: number, prefix: string, maxListCalls = MaxListCalls): CleanupPlan {
  const cutoffMs = (Math.floor(nowMs / dayMs) - retentionDays) * dayMs;
  return { prefix, cutoffDay: new Date(cutoffMs).toISOString().slice(0, 10).replaceAll("-", ""), cutoffMs, maxListCalls };
}

/** What one run did. */
export interface CleanupResult {
  /** Keys deleted. */
  deleted: number;
  /** Keys under the prefix listed. */
  scanned: number;
  /** Keys listed and kept. */
  kept: number;
  /** Day folders at or after the cutoff, kept without being listed. */
  daysKept: number;
  listCalls: number;
  deleteCalls: number;
  /** The run stopped at MaxListCalls with keys left to list. */
  bounded: boolean;
}

/** The part of an R2 bucket binding the cleanup uses. */
export type LogBucket = Pick<R2Bucket, "list" | "delete">;

/** CleanupError is an R2 call that failed, with what the run did until then. */
export class CleanupError extends Error {
  override name = "CleanupError";
  constructor(
    readonly op: "list" | "delete",
    readonly result: CleanupResult,
    message: string,
  ) {
    super(message);
  }
}

const dateSegmentRE = /^(\d{4})(\d{2})(\d{2})(?:\/|$)/;

/**
 * dateSegment returns the YYYYMMDD segment right after prefix, or undefined
 * when key is outside prefix or that segment is not a calendar date.
 */
export function dateSegment(key: string, prefix: string): string | undefined {
  if (!key.startsWith(prefix)) return undefined;
  const m = dateSegmentRE.exec(key.slice(prefix.length));
  if (!m) return undefined;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  const t = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const valid = t.getUTCFullYear() === Number(y) && t.getUTCMonth() === Number(mo) - 1 && t.getUTCDate() === Number(d);
  return valid ? y + mo + d : undefined;
}

/** expired applies the rule to one key under the plan's prefix. */
export function expired(key: string, uploaded: Date, plan: CleanupPlan): boolean {
  if (!key.startsWith(plan.prefix)) return false;
  const day = dateSegment(key, plan.prefix);
  return day !== undefined ? day < plan.cutoffDay : uploaded.getTime() < plan.cutoffMs;
}

/** cleanLogs runs the plan against bucket; an R2 failure throws a CleanupError. */
export async function cleanLogs(bucket: LogBucket, plan: CleanupPlan): Promise<CleanupResult> {
  const r: CleanupResult = { deleted: 0, scanned: 0, kept: 0, daysKept: 0, listCalls: 0, deleteCalls: 0, bounded: false };
  const doomed: string[] = [];

  const flush = async (all: boolean) => {
    while (doomed.length >= DeleteBatch || (all && doomed.length > 0)) {
      const batch = doomed.splice(0, DeleteBatch);
      r.deleteCalls++;
      try {
        await bucket.delete(batch);
      } catch (err) {
        throw new CleanupError("delete", r, errorText(err));
      }
      r.deleted += batch.length;
    }
  };

  /** walk lists prefix page by page; false when the run's bound stopped it. */
  const walk = async (prefix: string, delimiter: string | undefined, onPage: (page: R2Objects) => Promise<boolean>) => {
    let cursor: string | undefined;
    do {
      if (r.listCalls >= plan.maxListCalls) {
        r.bounded = true;
        return false;
      }
      r.listCalls++;
      let page: R2Objects;
      try {
        page = await bucket.list({ prefix, limit: ListLimit, ...(delimiter ? { delimiter } : {}), ...(cursor ? { cursor } : {}) });
      } catch (err) {
        throw new CleanupError("list", r, errorText(err));
      }
      if (!(await onPage(page))) return false;
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
    return true;
  };

  const judge = async (objects: readonly R2Object[]) => {
    for (const o of objects) {
      if (!o.key.startsWith(plan.prefix)) continue; // never touched
      r.scanned++;
      if (expired(o.key, o.uploaded, plan)) doomed.push(o.key);
      else r.kept++;
    }
    await flush(false);
    return true;
  };

  let failure: unknown;
  try {
    await walk(plan.prefix, "/", async (page) => {
      await judge(page.objects);
      for (const folder of page.delimitedPrefixes ?? []) {
        if (!folder.startsWith(plan.prefix)) continue;
        const day = dateSegment(folder, plan.prefix);
        if (day !== undefined && day >= plan.cutoffDay) {
          r.daysKept++;
          continue;
        }
        if (!(await walk(folder, undefined, (p) => judge(p.objects)))) return false;
      }
      return true;
    });
  } catch (err) {
    failure = err;
  }
  // What was found expired before the bound or a failed list is deleted
  // all the same; after a failed delete, the next run finds the rest.
  if (!(failure instanceof CleanupError && failure.op === "delete")) {
    try {
      await flush(true);
    } catch (err) {
      failure ??= err;
    }
  }
  if (failure !== undefined) throw failure;
  return r;
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** tracedBucket runs each R2 call in a client span under parentSpanId. */
export function tracedBucket(bucket: LogBucket, trace: Trace, parentSpanId: string): LogBucket {
  const run = async <T>(op: "list" | "delete", attributes: Record<string, string | number>, call: () => Promise<T>) => {
    const span = trace.startSpan(`R2 ${op}`, SpanKind.Client, parentSpanId, {
      "cloudflare.r2.binding": LogBucketBinding,
      "cloudflare.r2.operation": op,
      ...attributes,
    });
    try {
      return await call();
    } catch (err) {
      span.recordError(err instanceof Error ? err.name : "Error", errorText(err));
      span.setStatus(StatusCode.Error, errorText(err));
      throw err;
    } finally {
      span.end();
    }
  };
  return {
    list: (options) => run("list", { "cloudflare.r2.prefix": options?.prefix ?? "" }, () => bucket.list(options)),
    delete: (keys) => run("delete", { "cloudflare.r2.keys": Array.isArray(keys) ? keys.length : 1 }, () => bucket.delete(keys)),
  };
}

export const msgNoLogBucket = `the ${LogBucketBinding} binding is not set`;

/** POST /logs/cleanup (cron app only): one retention run over the log bucket. */
export async function logCleanup(c: Context<AppEnv>): Promise<Response> {
  const log = c.get("log");
  const bucket = c.env[LogBucketBinding];
  if (!bucket) {
    log.error("log cleanup failed", { error: msgNoLogBucket });
    return errorResponse(c, 500, msgInternal);
  }
  const config = c.get("config");
  const plan = planCleanup(c.get("now")(), config.logRetentionDays, config.logPrefix);
  const run = {
    cron: c.req.header("x-cron") ?? "",
    prefix: plan.prefix,
    retention_days: config.logRetentionDays,
    cutoff: new Date(plan.cutoffMs).toISOString().slice(0, 10),
  };
  try {
    const r = await cleanLogs(tracedBucket(bucket, c.get("trace"), c.get("spanId")), plan);
    log.info("log files cleaned up", { ...run, ...outcome(r) });
    return c.json({ status: "ok", ...run, ...outcome(r) });
  } catch (err) {
    const e = err instanceof CleanupError ? err : undefined;
    log.error("log cleanup failed", {
      ...run,
      ...(e ? { op: e.op, ...outcome(e.result) } : {}),
      error: redact(e ? e.message : errorText(err), secretsOf(c.env)),
    });
    return errorResponse(c, 500, msgInternal);
  }
}

function outcome(r: CleanupResult) {
  return {
    deleted: r.deleted,
    scanned: r.scanned,
    kept: r.kept,
    days_kept: r.daysKept,
    list_calls: r.listCalls,
    delete_calls: r.deleteCalls,
    bounded: r.bounded,
  };
}
