import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../src/app";
import { encodeCursor } from "../src/cursor";
import { FakeDb, harness, password, pgError, testEnv } from "./harness";

const contractKeys = ["time", "level", "msg", "request_id", "trace_id", "span_id"];
const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
const parentSpanId = "00f067aa0ba902b7";

describe("request id", () => {
  it("echoes a valid incoming X-Request-ID", async () => {
    const { res, lines } = await harness().run("/healthz", { headers: { "X-Request-ID": "req-1.a:b_C" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Request-ID")).toBe("req-1.a:b_C");
    expect(lines.every((l) => l.request_id === "req-1.a:b_C")).toBe(true);
  });

  it.each([["has spaces"], ["x".repeat(129)], ['quote"'], ["tab\there"]])("replaces an unfit one: %j", async (bad) => {
    const { res } = await harness().run("/healthz", { headers: { "X-Request-ID": bad } });
    expect(res.headers.get("X-Request-ID")).toMatch(/^[0-9a-f]{32}$/);
  });

  it("generates one when absent", async () => {
    const h = harness();
    const a = (await h.run("/healthz")).res.headers.get("X-Request-ID");
    const b = (await h.run("/healthz")).res.headers.get("X-Request-ID");
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(b).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
  });
});

describe("logs", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes one JSON object per console line with the contract's keys", async () => {
    const spy = vi.spyOn(console, "log").mockImplementation(() => {});
    const app = createApp({ openDatabase: () => new FakeDb() });
    const env = testEnv({ LOG_LEVEL: "debug" });
    const res = await app.fetch(
      new Request("https://edge.test/v1/items", { headers: { traceparent: `00-${traceId}-${parentSpanId}-01` } }),
      env,
    );
    expect(res.status).toBe(200);
    const lines = spy.mock.calls.map((args) => {
      expect(args).toHaveLength(1);
      expect(typeof args[0]).toBe("string");
      expect(args[0]).not.toContain("\n");
      return JSON.parse(args[0] as string) as Record<string, unknown>;
    });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      for (const key of contractKeys) expect(line).toHaveProperty(key);
      expect(new Date(line.time as string).toISOString()).toBe(line.time);
      expect(line.request_id).toBe(res.headers.get("X-Request-ID"));
      expect(line.trace_id).toBe(traceId);
      expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);
    }
    const access = lines.find((l) => l.msg === "request");
    expect(access).toMatchObject({ level: "INFO", method: "GET", path: "/v1/items", route: "GET /v1/items", status: 200 });
    expect(typeof access?.duration_ms).toBe("number");
  });

  it("respects LOG_LEVEL", async () => {
    const { lines } = await harness().run("/healthz", {}, testEnv({ LOG_LEVEL: "warn" }));
    expect(lines).toEqual([]);
  });

  it("reports an unusable setting once per env, not per request", async () => {
    const h = harness();
    const env = testEnv({ DB_STATEMENT_TIMEOUT: "ten seconds" });
    const first = await h.run("/healthz", {}, env);
    const second = await h.run("/healthz", {}, env);
    expect(first.lines.filter((l) => l.msg === "ignoring DB_STATEMENT_TIMEOUT")).toHaveLength(1);
    expect(second.lines.filter((l) => l.level === "WARN")).toHaveLength(0);
  });
});

describe("trace context", () => {
  it("continues a valid traceparent", async () => {
    const { res, lines } = await harness().run("/healthz", { headers: { traceparent: `00-${traceId}-${parentSpanId}-01` } });
    expect(res.status).toBe(200);
    expect(lines.map((l) => l.trace_id)).toEqual([traceId]);
  });

  it.each([
    ["garbage"],
    [`00-${"0".repeat(32)}-${parentSpanId}-01`],
    [`00-${traceId}-${"0".repeat(16)}-01`],
    [`ff-${traceId}-${parentSpanId}-01`],
    [`00-${traceId.toUpperCase()}-${parentSpanId}-01`],
    [`00-${traceId}-${parentSpanId}-01-extra`],
  ])("replaces an invalid one: %s", async (header) => {
    const { lines } = await harness().run("/healthz", { headers: { traceparent: header } });
    expect(lines[0]?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(lines[0]?.trace_id).not.toBe(traceId);
  });
});

describe("errors", () => {
  it("answers 504 for a statement timeout (SQLSTATE 57014)", async () => {
    const db = new FakeDb(() => {
      throw pgError("57014", "canceling statement due to statement timeout");
    });
    const { res, body, lines } = await harness({ db }).run("/v1/items/7");
    expect(res.status).toBe(504);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(body).toEqual({ error: "query timed out", request_id: res.headers.get("X-Request-ID") });
    // The timeout the Worker's role enforces (DB_STATEMENT_TIMEOUT, default 10s) is logged with it.
    expect(lines.find((l) => l.msg === "database call failed")).toMatchObject({
      level: "ERROR",
      code: "57014",
      statement_timeout_ms: 10_000,
    });
    expect(db.closed).toBe(1);
  });

  it.each([
    ["CONNECT_TIMEOUT", "write CONNECT_TIMEOUT hd.local:5432"],
    ["53300", "sorry, too many clients already"],
    ["08006", "connection failure"],
  ])("answers 503 for a connection failure (%s)", async (code, message) => {
    const db = new FakeDb(() => {
      throw pgError(code, message);
    });
    const { res, body } = await harness({ db }).run("/v1/items");
    expect(res.status).toBe(503);
    expect(res.headers.get("Retry-After")).toBe("1");
    expect(body).toEqual({ error: "database unavailable; retry later", request_id: res.headers.get("X-Request-ID") });
  });

  it("answers 500 without details for anything else, and never leaks the connection string", async () => {
    const db = new FakeDb(() => {
      throw new TypeError(`cannot parse postgresql://app:${password}@hd.local/appdb`);
    });
    const { res, body, lines } = await harness({ db }).run("/v1/items");
    expect(res.status).toBe(500);
    expect(body).toEqual({ error: "internal error", request_id: res.headers.get("X-Request-ID") });
    const all = JSON.stringify(lines);
    expect(all).toContain("[redacted]");
    expect(all).not.toContain(password);
  });

  it("answers 404 JSON for an unknown route", async () => {
    const { res, body, lines } = await harness().run("/nope");
    expect(res.status).toBe(404);
    expect(body).toEqual({ error: "not found", request_id: res.headers.get("X-Request-ID") });
    expect(lines.find((l) => l.msg === "request")).toMatchObject({ status: 404, route: "unmatched" });
  });

  it("answers 504 when the handler passes HANDLER_TIMEOUT", async () => {
    const db = new FakeDb();
    db.query = () => new Promise(() => {}); // never answers
    const { res, body, lines } = await harness({ db }).run("/v1/items", {}, testEnv({ HANDLER_TIMEOUT: "20ms" }));
    expect(res.status).toBe(504);
    expect(body).toEqual({ error: "request timed out", request_id: res.headers.get("X-Request-ID") });
    expect(lines.find((l) => l.msg === "request exceeded its deadline")).toMatchObject({ level: "WARN", timeout_ms: 20 });
  });
});

describe("routes", () => {
  const row = (id: number) => ({ id: String(id), name: `item ${id}`, created_at: `2026-11-26T10:00:00.00000${id}Z` });

  it("healthz does not open the database", async () => {
    const h = harness();
    const { res, body } = await h.run("/healthz");
    expect(res.status).toBe(200);
    expect(body).toEqual({ status: "ok" });
    expect(h.db.queries).toHaveLength(0);
  });

  it("lists a page with a cursor to the next one", async () => {
    const db = new FakeDb((_st, params) => [row(5), row(4), row(3)].slice(0, Number(params[params.length - 1])));
    const h = harness({ db });
    const { res, body } = await h.run("/v1/items?limit=2");
    expect(res.status).toBe(200);
    expect(body.items).toEqual([row(5), row(4)]);
    expect(body.next_cursor).toBe(encodeCursor({ createdAt: row(4).created_at, id: "4" }));
    expect(db.queries[0]?.params).toEqual([3]);

    const next = await h.run(`/v1/items?limit=2&cursor=${body.next_cursor}`);
    expect(next.res.status).toBe(200);
    expect(db.queries[1]?.params).toEqual([row(4).created_at, "4", 3]);
  });

  it("omits next_cursor on the last page and uses the default limit", async () => {
    const db = new FakeDb(() => [row(1)]);
    const { body } = await harness({ db }).run("/v1/items");
    expect(body).toEqual({ items: [row(1)] });
    expect(db.queries[0]?.params).toEqual([21]);
  });

  it.each([["0"], ["101"], ["-1"], ["1.5"], ["ten"], ["1e2"]])("rejects limit=%s", async (limit) => {
    const h = harness();
    const { res, body } = await h.run(`/v1/items?limit=${limit}`);
    expect(res.status).toBe(400);
    expect(body.error).toBe("limit must be an integer from 1 to 100");
    expect(h.db.queries).toHaveLength(0);
  });

  it.each([["garbage!"], ["djF8eA"], [encodeCursor({ createdAt: "2026-02-30T00:00:00.000000Z", id: "1" })]])(
    "rejects cursor=%s",
    async (cursor) => {
      const { res, body } = await harness().run(`/v1/items?cursor=${cursor}`);
      expect(res.status).toBe(400);
      expect(body).toMatchObject({ error: expect.stringMatching(/^cursor is malformed/) });
    },
  );

  it("gets an item or answers 404", async () => {
    const db = new FakeDb((_st, params) => (params[0] === "7" ? [row(7)] : []));
    const h = harness({ db });
    expect((await h.run("/v1/items/7")).body).toEqual(row(7));
    const missing = await h.run("/v1/items/8");
    expect(missing.res.status).toBe(404);
    expect(missing.body.error).toBe("item not found");
  });

  it.each([["abc"], ["0"], ["007"], ["9223372036854775808"], ["-1"]])("rejects id %s", async (id) => {
    const { res, body } = await harness().run(`/v1/items/${id}`);
    expect(res.status).toBe(400);
    expect(body.error).toBe("id must be a positive integer");
  });
});
