import { describe, expect, it } from "vitest";
import { FakeDb, harness, pgError, testEnv } from "./harness";

const otlp = testEnv({
  OTEL_TRACES_EXPORTER: "otlp",
  OTEL_EXPORTER_OTLP_ENDPOINT: "https://otlp.example.com/base/",
  OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
  OTEL_EXPORTER_OTLP_HEADERS: "authorization=Bearer%20t0k,x-team=edge",
  OTLP_EXPORT_TIMEOUT: "250ms",
});

describe("span export", () => {
  it("POSTs the request's spans in waitUntil with the OTLP headers", async () => {
    const db = new FakeDb(() => [{ id: "1", name: "a", created_at: "2026-11-26T10:00:00.000000Z" }]);
    const { res, fetches, waitUntil, lines } = await harness({ db }).run("/v1/items/1", {}, otlp);
    expect(res.status).toBe(200);
    expect(waitUntil).toBe(2); // closing the database client, exporting the spans
    expect(fetches).toHaveLength(1);
    const [call] = fetches;
    expect(call?.url).toBe("https://otlp.example.com/base/v1/traces");
    expect(call?.init.method).toBe("POST");
    expect(call?.init.headers).toEqual({
      authorization: "Bearer t0k",
      "x-team": "edge",
      "content-type": "application/x-protobuf",
    });
    expect(call?.init.body).toBeInstanceOf(Uint8Array);
    expect(call?.init.signal).toBeInstanceOf(AbortSignal);
    expect(JSON.stringify(lines)).not.toContain("t0k");
  });

  it("exports the server span as a child of the caller's span, with its query span", async () => {
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const parentSpanId = "00f067aa0ba902b7";
    const db = new FakeDb(() => []);
    const { fetches, lines } = await harness({ db }).run(
      "/v1/items/1",
      { headers: { traceparent: `00-${traceId}-${parentSpanId}-01` } },
      otlp,
    );
    const body = fetches[0]?.init.body as Uint8Array;
    const hex = Array.from(body, (b) => b.toString(16).padStart(2, "0")).join("");
    const text = new TextDecoder().decode(body);
    expect(hex).toContain(traceId);
    expect(hex).toContain(parentSpanId);
    expect(hex).toContain(lines[0]?.span_id);
    expect(text).toContain("GET /v1/items/{id}");
    expect(text).toContain("SELECT items");
    expect(text).toContain("edge-test"); // service.name
  });

  it("is skipped when OTEL_TRACES_EXPORTER is none", async () => {
    const { fetches } = await harness().run("/healthz", {}, { ...otlp, OTEL_TRACES_EXPORTER: "none" });
    expect(fetches).toHaveLength(0);
  });

  it("is skipped for an unsampled trace", async () => {
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";
    const { fetches } = await harness().run("/healthz", { headers: { traceparent } }, otlp);
    expect(fetches).toHaveLength(0);
  });

  it("logs a failed export once at warn and keeps the response", async () => {
    const db = new FakeDb(() => {
      throw pgError("57014", "canceling statement due to statement timeout");
    });
    const { res, lines } = await harness({ db, fetchStatus: 503 }).run("/v1/items", {}, otlp);
    expect(res.status).toBe(504);
    const failures = lines.filter((l) => l.msg === "span export failed");
    expect(failures).toEqual([expect.objectContaining({ level: "WARN", status: 503, spans: 2 })]);
  });

  it("logs a network error without the headers", async () => {
    const { res, lines } = await harness({ fetchError: new TypeError("fetch failed") }).run("/healthz", {}, otlp);
    expect(res.status).toBe(200);
    const failures = lines.filter((l) => l.msg === "span export failed");
    expect(failures).toEqual([expect.objectContaining({ level: "WARN", error: "TypeError: fetch failed" })]);
    expect(JSON.stringify(lines)).not.toContain("t0k");
  });
});
