// Parsers for the values the kit puts in bindings.

const unitMs: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  "µs": 1e-3, // U+00B5 micro sign
  "μs": 1e-3, // U+03BC Greek mu
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};

const numberAndUnit = String.raw`(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)`;
const durationRE = new RegExp(`^[+-]?(?:${numberAndUnit})+$`);

/**
 * parseDuration reads a Go duration string ("5s", "250ms", "1m30s", "0") as
 * milliseconds, as Go's time.ParseDuration does. It throws on anything else.
 */
export function parseDuration(s: string): number {
  if (s === "0" || s === "+0" || s === "-0") return 0;
  if (!durationRE.test(s)) {
    throw new Error(`not a duration such as "5s" or "250ms": ${JSON.stringify(s)}`);
  }
  let ms = 0;
  for (const [, num, unit] of s.matchAll(new RegExp(numberAndUnit, "g"))) {
    ms += Number(num) * (unitMs[unit as string] as number);
  }
  return s.startsWith("-") ? -ms : ms;
}

/**
 * parseOTLPHeaders parses OTEL_EXPORTER_OTLP_HEADERS, "k1=v1,k2=v2" with
 * percent-encoded values (the OTel spec's format). Errors name the position
 * of a bad entry, never its content: the values are credentials.
 */
export function parseOTLPHeaders(s: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const problems: string[] = [];
  s.split(",").forEach((entry, i) => {
    if (entry.trim() === "") return;
    const eq = entry.indexOf("=");
    const key = eq < 0 ? "" : entry.slice(0, eq).trim();
    if (key === "") {
      problems.push(`OTLP headers entry ${i + 1} is not key=value`);
      return;
    }
    try {
      headers[key] = decodeURIComponent(entry.slice(eq + 1).trim());
    } catch {
      problems.push(`OTLP headers entry ${i + 1} has a badly URL-encoded value`);
    }
  });
  if (problems.length > 0) throw new Error(problems.join("; "));
  return headers;
}

/**
 * parseResourceAttributes parses OTEL_RESOURCE_ATTRIBUTES, "k1=v1,k2=v2"
 * with percent-encoded values. As in the OTel SDKs, an entry without "=" is
 * skipped and a value that does not decode is kept as written.
 */
export function parseResourceAttributes(s: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const entry of s.split(",")) {
    const eq = entry.indexOf("=");
    const key = eq < 0 ? "" : entry.slice(0, eq).trim();
    if (key === "") continue;
    const raw = entry.slice(eq + 1).trim();
    try {
      attrs[key] = decodeURIComponent(raw);
    } catch {
      attrs[key] = raw;
    }
  }
  return attrs;
}
