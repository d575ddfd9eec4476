// The protobuf encoding of an OTLP ExportTraceServiceRequest, written by
// hand (opentelemetry-proto, collector/trace/v1 and trace/v1). Only the
// fields the Worker sets are encoded; proto3 default values are omitted.
// workloads/edge/otlp_test.go decodes the output with Go's protobuf runtime.

import type { AttributeValue, Attributes, SpanData, SpanEvent } from "./trace";

/** The instrumentation scope spans are reported under. */
export interface Scope {
  name: string;
  version?: string;
}

const wireVarint = 0;
const wireFixed64 = 1;
const wireBytes = 2;

const utf8 = new TextEncoder();

/** Writer appends protobuf fields to a growing buffer. */
class Writer {
  private buf = new Uint8Array(256);
  private len = 0;

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** varint writes an unsigned varint; negative values as 64-bit two's complement. */
  varint(v: number | bigint): void {
    let x = BigInt.asUintN(64, BigInt(v));
    this.reserve(10);
    while (x >= 0x80n) {
      this.buf[this.len++] = Number(x & 0x7fn) | 0x80;
      x >>= 7n;
    }
    this.buf[this.len++] = Number(x);
  }

  tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  bytes(field: number, b: Uint8Array): void {
    this.tag(field, wireBytes);
    this.varint(b.length);
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  string(field: number, s: string): void {
    if (s !== "") this.bytes(field, utf8.encode(s));
  }

  message(field: number, encode: (w: Writer) => void): void {
    const w = new Writer();
    encode(w);
    this.bytes(field, w.finish());
  }

  uint(field: number, v: number | bigint): void {
    if (v === 0 || v === 0n) return;
    this.tag(field, wireVarint);
    this.varint(v);
  }

  fixed64(field: number, v: bigint): void {
    this.tag(field, wireFixed64);
    this.reserve(8);
    new DataView(this.buf.buffer).setBigUint64(this.len, BigInt.asUintN(64, v), true);
    this.len += 8;
  }

  double(field: number, v: number): void {
    this.tag(field, wireFixed64);
    this.reserve(8);
    new DataView(this.buf.buffer).setFloat64(this.len, v, true);
    this.len += 8;
  }
}

function hexBytes(hex: string): Uint8Array {
  const b = new Uint8Array(hex.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return b;
}

// AnyValue: string_value=1, bool_value=2, int_value=3, double_value=4.
function anyValue(w: Writer, v: AttributeValue): void {
  if (typeof v === "string") {
    w.bytes(1, utf8.encode(v)); // written even when empty: the oneof is set
  } else if (typeof v === "boolean") {
    w.tag(2, wireVarint);
    w.varint(v ? 1 : 0);
  } else if (Number.isSafeInteger(v)) {
    w.tag(3, wireVarint);
    w.varint(v);
  } else {
    w.double(4, v);
  }
}

// KeyValue: key=1, value=2.
function attributes(w: Writer, field: number, attrs: Attributes): void {
  for (const [key, value] of Object.entries(attrs)) {
    w.message(field, (kv) => {
      kv.string(1, key);
      kv.message(2, (av) => anyValue(av, value));
    });
  }
}

// Span.Event: time_unix_nano=1, name=2, attributes=3.
function event(w: Writer, e: SpanEvent): void {
  w.fixed64(1, e.timeUnixNano);
  w.string(2, e.name);
  attributes(w, 3, e.attributes);
}

// Span: trace_id=1, span_id=2, parent_span_id=4, name=5, kind=6,
// start_time_unix_nano=7, end_time_unix_nano=8, attributes=9, events=11,
// status=15 {message=2, code=3}.
function span(w: Writer, s: SpanData): void {
  w.bytes(1, hexBytes(s.traceId));
  w.bytes(2, hexBytes(s.spanId));
  if (s.parentSpanId) w.bytes(4, hexBytes(s.parentSpanId));
  w.string(5, s.name);
  w.uint(6, s.kind);
  w.fixed64(7, s.startTimeUnixNano);
  w.fixed64(8, s.endTimeUnixNano);
  attributes(w, 9, s.attributes);
  for (const e of s.events) w.message(11, (ew) => event(ew, e));
  if (s.status.code !== 0 || s.status.message) {
    w.message(15, (st) => {
      st.string(2, s.status.message ?? "");
      st.uint(3, s.status.code);
    });
  }
}

/**
 * encodeTraces returns the ExportTraceServiceRequest carrying spans, all of
 * one resource and one scope:
 * resource_spans=1 {resource=1 {attributes=1}, scope_spans=2 {scope=1
 * {name=1, version=2}, spans=2}}.
 */
export function encodeTraces(resource: Attributes, scope: Scope, spans: readonly SpanData[]): Uint8Array {
  const w = new Writer();
  w.message(1, (rs) => {
    rs.message(1, (r) => attributes(r, 1, resource));
    rs.message(2, (ss) => {
      ss.message(1, (sc) => {
        sc.string(1, scope.name);
        sc.string(2, scope.version ?? "");
      });
      for (const s of spans) ss.message(2, (sw) => span(sw, s));
    });
  });
  return w.finish();
}
