import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, validId } from "../src/cursor";
import { FakeDb, pgError, testEnv } from "./harness";
import { traced } from "../src/instrument";
import { selectItem } from "../src/items";
import { classify, DatabaseError } from "../src/db";
import { formatTraceparent, parseTraceparent, ratioSampled, SpanKind, StatusCode, Trace, unixNano } from "../src/trace";

describe("traceparent", () => {
  it("parses and formats version 00", () => {
    const header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const p = parseTraceparent(header);
    expect(p).toEqual({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", sampled: true });
    expect(formatTraceparent(p!.traceId, p!.spanId, p!.sampled)).toBe(header);
  });

  it("accepts a later version with more fields, and reads only the sampled flag", () => {
    expect(parseTraceparent("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-02-what-ever")?.sampled).toBe(false);
  });

  it.each([[undefined], [""], ["00-abc-def-01"], ["00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1"]])(
    "rejects %j",
    (h) => expect(parseTraceparent(h)).toBeUndefined(),
  );
});

describe("sampling", () => {
  it("matches the OTel TraceIdRatioBased bound", () => {
    // Last 8 bytes 0x7fff... >> 1 = 0x3fff...: sampled at 0.5 only below 2^62.
    expect(ratioSampled("00000000000000007ffffffffffffffe", 0.5)).toBe(true);
    expect(ratioSampled("00000000000000008000000000000000", 0.5)).toBe(false);
    expect(ratioSampled("0000000000000000ffffffffffffffff", 1)).toBe(true);
    expect(ratioSampled("00000000000000000000000000000001", 0)).toBe(false);
  });

  it("follows the parent's flag, and keeps no spans of an unsampled trace", () => {
    const t = new Trace({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", sampled: false }, 1);
    t.startSpan("x", SpanKind.Server, undefined).end();
    expect(t.sampled).toBe(false);
    expect(t.spans).toEqual([]);
  });

  it("converts milliseconds to nanoseconds exactly", () => {
    expect(unixNano(1_764_151_200_123)).toBe(1_764_151_200_123_000_000n);
    expect(unixNano(1.5)).toBe(1_500_000n);
  });
});

describe("query spans", () => {
  it("records a client span per statement, without parameter values", async () => {
    const t = new Trace(undefined, 1, () => 1_000);
    const db = traced(new FakeDb(() => [{ id: "1" }]), testEnv(), t, "00f067aa0ba902b7");
    await db.query(selectItem, ["12345"]);
    expect(t.spans).toHaveLength(1);
    const span = t.spans[0]!;
    expect(span).toMatchObject({ name: "SELECT items", kind: SpanKind.Client, parentSpanId: "00f067aa0ba902b7" });
    expect(span.attributes).toEqual({
      "db.system": "postgresql",
      "db.namespace": "appdb",
      "server.address": "hd.local",
      "server.port": 5432,
      "db.operation.name": "SELECT",
      "db.statement": selectItem.text,
    });
    expect(JSON.stringify(span.attributes)).not.toContain("12345");
  });

  it("records errors and classifies them", async () => {
    const t = new Trace(undefined, 1);
    const db = traced(
      new FakeDb(() => {
        throw pgError("57014", "canceling statement due to statement timeout");
      }),
      testEnv(),
      t,
      "00f067aa0ba902b7",
    );
    const err = await db.query(selectItem, ["1"]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as DatabaseError).failure).toBe("timeout");
    const span = t.spans[0]!;
    expect(span.status).toEqual({ code: StatusCode.Error, message: "canceling statement due to statement timeout" });
    expect(span.attributes["error.type"]).toBe("57014");
    expect(span.events[0]?.attributes).toEqual({
      "exception.type": "57014",
      "exception.message": "canceling statement due to statement timeout",
    });
  });

  it.each([
    ["57014", "timeout"],
    ["08001", "unavailable"],
    ["53300", "unavailable"],
    ["57P01", "unavailable"],
    ["CONNECTION_CLOSED", "unavailable"],
    ["23505", "internal"],
    ["UNSAFE_TRANSACTION", "internal"],
  ])("classifies %s as %s", (code, failure) => {
    expect(classify(pgError(code, "x"))).toBe(failure);
  });

  it("classifies workerd's uncoded socket errors as unavailable", () => {
    expect(classify(new Error("Network connection lost."))).toBe("unavailable");
    expect(classify(new Error("proxy request failed, cannot connect to the specified address"))).toBe("unavailable");
    expect(classify(new TypeError("Cannot read properties of undefined (reading 'connectionString')"))).toBe("internal");
  });
});

describe("cursor", () => {
  it("round-trips", () => {
    const c = { createdAt: "2026-11-26T10:00:00.123456Z", id: "9223372036854775807" };
    const s = encodeCursor(c);
    expect(s).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(s)).toEqual(c);
  });

  it.each([
    ["not base64 !"],
    [btoa("v2|2026-11-26T10:00:00.123456Z|1")],
    [btoa("v1|2026-11-26T10:00:00.123Z|1")],
    [btoa("v1|2026-13-01T00:00:00.000000Z|1")],
    [btoa("v1|2026-11-26T10:00:00.123456Z|0")],
    [btoa("v1|2026-11-26T10:00:00.123456Z|1|x")],
    ["A".repeat(200)],
  ])("rejects %s", (s) => {
    expect(decodeCursor(s.replace(/=+$/, ""))).toBeUndefined();
  });

  it("validates ids as positive bigints", () => {
    expect(validId("1")).toBe(true);
    expect(validId("9223372036854775807")).toBe(true);
    expect(validId("9223372036854775808")).toBe(false);
    expect(validId("01")).toBe(false);
  });
});
