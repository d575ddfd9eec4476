import { describe, expect, it } from "vitest";
import { isoTimestamp } from "../src/db";
import { firstPage, nextPage, selectItem } from "../src/items";

describe("isoTimestamp", () => {
  it("keeps all six fractional digits, in UTC", () => {
    expect(isoTimestamp("2026-11-26 10:00:00.000042+00")).toBe("2026-11-26T10:00:00.000042Z");
    expect(isoTimestamp("2026-11-26 10:00:00.5+00")).toBe("2026-11-26T10:00:00.500000Z");
    expect(isoTimestamp("2026-11-26 10:00:00+00")).toBe("2026-11-26T10:00:00.000000Z");
  });
  it("applies the session's offset", () => {
    expect(isoTimestamp("2026-11-26 11:30:00.123456+01:30")).toBe("2026-11-26T10:00:00.123456Z");
    expect(isoTimestamp("2026-11-26 05:00:00.000001-05")).toBe("2026-11-26T10:00:00.000001Z");
    expect(isoTimestamp("2026-01-01 00:00:00.25+00:00:15")).toBe("2025-12-31T23:59:45.250000Z");
  });
  it("refuses what it cannot read exactly", () => {
    for (const bad of ["infinity", "2026-11-26T10:00:00Z", "Thu Nov 26 10:00:00 2026 UTC", "0044-03-15 12:00:00+00 BC"]) {
      expect(() => isoTimestamp(bad)).toThrow(/unexpected timestamptz text .*DateStyle ISO/);
    }
  });
});

describe("cacheable statements", () => {
  // Hyperdrive does not cache a query that calls a STABLE or VOLATILE
  // function; these call none at all (the runtime test checks the texts the
  // server ran against pg_proc).
  it.each([selectItem, firstPage, nextPage])("$text calls no function", (st) => {
    const calls = [...st.text.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)].map((m) => m[1]);
    expect(calls.filter((name) => name !== "WHERE")).toEqual([]);
    expect(st.text).not.toMatch(/\$\d+::/); // no parameter is cast

  });
});
