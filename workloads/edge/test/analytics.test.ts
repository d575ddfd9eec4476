import { describe, expect, it } from "vitest";
import { harness, testEnv } from "./harness";

/** A Workers Analytics Engine binding that keeps what is written. */
class FakeDataset {
  points: AnalyticsEngineDataPoint[] = [];
  fail = false;
  writeDataPoint(p?: AnalyticsEngineDataPoint): void {
    if (this.fail) throw new Error("dataset unavailable");
    if (p) this.points.push(p);
  }
}

describe("analytics engine", () => {
  it("writes one data point per request: the route as index and blob1, method, status, duration", async () => {
    const ds = new FakeDataset();
    const h = harness();
    const env = testEnv({ ANALYTICS: ds as unknown as AnalyticsEngineDataset });
    const a = await h.run("/v1/items/1", {}, env);
    const b = await h.run("/no/such/path", {}, env);
    expect(b.res.status).toBe(404);
    expect(ds.points).toHaveLength(2);
    const [item, missing] = ds.points;
    expect(item).toMatchObject({ indexes: ["GET /v1/items/{id}"], blobs: ["GET /v1/items/{id}", "GET", String(a.res.status)] });
    expect(missing).toMatchObject({ indexes: ["unmatched"], blobs: ["unmatched", "GET", "404"] });
    // The data point's duration is the access line's.
    const access = a.lines.find((l) => l.msg === "request");
    expect(item?.doubles).toEqual([access?.duration_ms]);
  });

  it("writes nothing without the binding, and a failing binding never fails the request", async () => {
    const plain = await harness().run("/healthz");
    expect(plain.res.status).toBe(200);
    const ds = new FakeDataset();
    ds.fail = true;
    const { res, lines } = await harness().run("/healthz", {}, testEnv({ ANALYTICS: ds as unknown as AnalyticsEngineDataset }));
    expect(res.status).toBe(200);
    expect(lines.find((l) => l.msg === "writing the analytics data point failed")).toMatchObject({ level: "WARN", error: "Error: dataset unavailable" });
  });

  it("keeps the index within Analytics Engine's 96 bytes", async () => {
    const ds = new FakeDataset();
    const long = "x".repeat(200);
    await harness().run(`/v1/items/${long}`, {}, testEnv({ ANALYTICS: ds as unknown as AnalyticsEngineDataset }));
    const index = ds.points[0]?.indexes?.[0] as string;
    expect(index).toBe("GET /v1/items/{id}"); // a template, however long the path
    expect(new TextEncoder().encode(index).length).toBeLessThanOrEqual(96);
  });
});
