import { describe, expect, it } from "vitest";
import { createApp, createCronApp, HeartbeatURL } from "../src/app";
import { FakeDb, testEnv } from "./harness";

function cronHarness(db: FakeDb) {
  const lines: string[] = [];
  const deps = { openDatabase: () => db, write: (l: string) => lines.push(l) };
  return { cron: createCronApp(deps), app: createApp(deps), lines };
}

async function settle(app: { fetch: Function }, req: Request) {
  const pending: Promise<unknown>[] = [];
  const ctx = { waitUntil: (p: Promise<unknown>) => pending.push(p), passThroughOnException() {}, props: {} };
  const res: Response = await app.fetch(req, testEnv(), ctx);
  await Promise.all(pending);
  return res;
}

describe("cron triggers", () => {
  it("run a database heartbeat, logged with request and trace ids, and close the client", async () => {
    const db = new FakeDb(() => [{ "?column?": 1 }]);
    const { cron, lines } = cronHarness(db);
    const res = await settle(cron, new Request(HeartbeatURL, { method: "POST", headers: { "x-cron": "*/30 * * * *" } }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", cron: "*/30 * * * *" });
    // now() keeps the heartbeat out of Hyperdrive's cache: it must reach the database.
    expect(db.queries.map((q) => q.st.text)).toEqual(["select now()"]);
    expect(db.closed).toBe(1);
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.length).toBeGreaterThan(0);
    for (const line of parsed) {
      expect(line.request_id).toMatch(/^[0-9a-f]{32}$/);
      expect(line.trace_id).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it("is not reachable through the public app", async () => {
    const db = new FakeDb();
    const { app } = cronHarness(db);
    const res = await settle(app, new Request("https://edge.test/heartbeat", { method: "POST" }));
    expect(res.status).toBe(404);
    expect(db.queries).toEqual([]);
  });
});
