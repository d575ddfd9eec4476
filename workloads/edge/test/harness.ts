// Test doubles: an env with a fake Hyperdrive binding, a fake database, a
// fake fetch and an ExecutionContext that records waitUntil.

import { createApp } from "../src/app";
import type { Env } from "../src/contract";
import type { Param, Queryer, Statement } from "../src/db";

/** The fake binding's password: it must appear in no log line or response. */
export const password = "s3cret-pw";
export const connectionString = `postgresql://app:${password}@hd.local:5432/appdb`;

export function testEnv(over: Partial<Env> = {}): Env {
  const hyperdrive = { connectionString, host: "hd.local", port: 5432, user: "app", password, database: "appdb" };
  return {
    HYPERDRIVE: hyperdrive as unknown as Hyperdrive,
    OTEL_SERVICE_NAME: "edge-test",
    OTEL_TRACES_EXPORTER: "none",
    OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
    OTEL_TRACES_SAMPLER_ARG: "1",
    LOG_FORMAT: "json",
    LOG_LEVEL: "info",
    ...over,
  };
}

export type Answer = (st: Statement, params: readonly Param[]) => object[];

/** FakeDb answers each query with answer (which may throw) and records it. */
export class FakeDb implements Queryer {
  queries: { st: Statement; params: readonly Param[] }[] = [];
  opened = 0;
  closed = 0;
  constructor(private readonly answer: Answer = () => []) {}

  async query<T extends object>(st: Statement, params: readonly Param[]): Promise<T[]> {
    this.queries.push({ st, params });
    return this.answer(st, params) as T[];
  }

  async close(): Promise<void> {
    this.closed++;
  }
}

/** pgError is an error as postgres.js throws it, with a code. */
export function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

export interface FetchCall {
  url: string;
  init: RequestInit;
}

export interface Result {
  res: Response;
  body: Record<string, unknown>;
  lines: Record<string, unknown>[];
  fetches: FetchCall[];
  waitUntil: number;
}

/** Harness builds the app around fakes; run sends one request and settles its waitUntil work. */
export function harness(opts: { db?: FakeDb; fetchStatus?: number; fetchError?: Error } = {}) {
  const db = opts.db ?? new FakeDb();
  let raw: string[] = [];
  let fetches: FetchCall[] = [];
  const app = createApp({
    openDatabase: () => {
      db.opened++;
      return db;
    },
    write: (line) => raw.push(line),
    fetch: async (url, init) => {
      fetches.push({ url, init });
      if (opts.fetchError) throw opts.fetchError;
      return new Response(null, { status: opts.fetchStatus ?? 200 });
    },
  });

  async function run(path: string, init: RequestInit = {}, env: Env = testEnv()): Promise<Result> {
    raw = [];
    fetches = [];
    const pending: Promise<unknown>[] = [];
    const ctx = { waitUntil: (p: Promise<unknown>) => pending.push(p), passThroughOnException() {}, props: {} };
    const res = await app.fetch(new Request(`https://edge.test${path}`, init), env, ctx as unknown as ExecutionContext);
    await Promise.all(pending);
    const text = await res.text();
    return {
      res,
      body: text ? JSON.parse(text) : {},
      lines: raw.map((l) => JSON.parse(l)),
      fetches,
      waitUntil: pending.length,
    };
  }

  return { app, db, run, rawLines: () => raw };
}
