// A small tracer: W3C trace context in, spans collected per request, handed
// to the OTLP exporter at the end. No OpenTelemetry package: the Worker only
// needs a server span and a client span per query.

/** OTLP's SpanKind values. */
export const SpanKind = { Internal: 1, Server: 2, Client: 3 } as const;
export type SpanKind = (typeof SpanKind)[keyof typeof SpanKind];

/** OTLP's Status.StatusCode values. */
export const StatusCode = { Unset: 0, Ok: 1, Error: 2 } as const;
export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode];

/** An integer number is exported as an int, any other number as a double. */
export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

export interface SpanEvent {
  name: string;
  timeUnixNano: bigint;
  attributes: Attributes;
}

/** A finished span, as the exporter encodes it. Ids are lowercase hex. */
export interface SpanData {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: SpanKind;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Attributes;
  events: SpanEvent[];
  status: { code: StatusCode; message?: string };
}

/** The caller's span, from a traceparent header. */
export interface Parent {
  traceId: string;
  spanId: string;
  sampled: boolean;
}

const traceparentRE = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * parseTraceparent validates a W3C traceparent header. Version 00 must be
 * exactly four fields; a later version may append fields (the spec's forward
 * compatibility); version ff, all-zero ids and uppercase hex are invalid.
 */
export function parseTraceparent(header: string | null | undefined): Parent | undefined {
  const m = traceparentRE.exec(header?.trim() ?? "");
  if (!m) return undefined;
  const [, version, traceId, spanId, flags, rest] = m as unknown as [string, string, string, string, string, string?];
  if (version === "ff" || (version === "00" && rest !== undefined)) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1 };
}

export function formatTraceparent(traceId: string, spanId: string, sampled: boolean): string {
  return `00-${traceId}-${spanId}-${sampled ? "01" : "00"}`;
}

/** randomHex returns n random bytes as hex, never all zeros (an invalid id). */
export function randomHex(n: number): string {
  const bytes = new Uint8Array(n);
  do {
    crypto.getRandomValues(bytes);
  } while (bytes.every((b) => b === 0));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * ratioSampled is OpenTelemetry's TraceIdRatioBased decision, bit for bit as
 * the Go SDK makes it: the trace id's last 8 bytes, shifted right once,
 * below ratio x 2^63.
 */
export function ratioSampled(traceId: string, ratio: number): boolean {
  if (ratio >= 1) return true;
  if (ratio <= 0) return false;
  const x = BigInt("0x" + traceId.slice(16)) >> 1n;
  return x < BigInt(Math.floor(ratio * 2 ** 63));
}

/** unixNano converts milliseconds since the epoch to nanoseconds. */
export function unixNano(ms: number): bigint {
  const whole = Math.trunc(ms);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6));
}

/**
 * Trace collects one request's spans. parentBased sampling: a caller's
 * decision is kept, a new trace is sampled at ratio. Spans of an unsampled
 * trace still have ids (for logs) but are not kept.
 */
export class Trace {
  readonly traceId: string;
  readonly sampled: boolean;
  /** Finished spans of a sampled trace, in the order they ended. */
  readonly spans: SpanData[] = [];

  constructor(parent: Parent | undefined, ratio: number, readonly now: () => number = Date.now) {
    this.traceId = parent?.traceId ?? randomHex(16);
    this.sampled = parent ? parent.sampled : ratioSampled(this.traceId, ratio);
  }

  startSpan(name: string, kind: SpanKind, parentSpanId: string | undefined, attributes: Attributes = {}): Span {
    return new Span(this, name, kind, parentSpanId, attributes);
  }
}

export class Span {
  readonly spanId = randomHex(8);
  private readonly data: SpanData;
  private ended = false;

  constructor(
    private readonly trace: Trace,
    name: string,
    kind: SpanKind,
    parentSpanId: string | undefined,
    attributes: Attributes,
  ) {
    this.data = {
      traceId: trace.traceId,
      spanId: this.spanId,
      ...(parentSpanId ? { parentSpanId } : {}),
      name,
      kind,
      startTimeUnixNano: unixNano(trace.now()),
      endTimeUnixNano: 0n,
      attributes: { ...attributes },
      events: [],
      status: { code: StatusCode.Unset },
    };
  }

  get traceId(): string {
    return this.trace.traceId;
  }

  setName(name: string): void {
    this.data.name = name;
  }

  setAttributes(attributes: Attributes): void {
    Object.assign(this.data.attributes, attributes);
  }

  setStatus(code: StatusCode, message?: string): void {
    this.data.status = message ? { code, message } : { code };
  }

  /** recordError adds OTel's "exception" event; the message must be safe to export. */
  recordError(type: string, message: string): void {
    this.data.events.push({
      name: "exception",
      timeUnixNano: unixNano(this.trace.now()),
      attributes: { "exception.type": type, "exception.message": message },
    });
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.data.endTimeUnixNano = unixNano(this.trace.now());
    if (this.trace.sampled) this.trace.spans.push(this.data);
  }
}
