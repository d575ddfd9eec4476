// Prints, as hex, the OTLP encoding of a fixed batch of spans, for
// otlp_test.go to decode with Go's protobuf runtime. Keep the values in step
// with that test.

import { encodeTraces } from "../src/otlp";
import { SpanKind, StatusCode, type SpanData } from "../src/trace";

const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

const server: SpanData = {
  traceId,
  spanId: "00f067aa0ba902b7",
  parentSpanId: "a1b2c3d4e5f60718",
  name: "GET /v1/items",
  kind: SpanKind.Server,
  startTimeUnixNano: 1_764_151_200_123_000_000n,
  endTimeUnixNano: 1_764_151_200_456_000_000n,
  attributes: {
    "http.request.method": "GET",
    "http.route": "/v1/items",
    "http.response.status_code": 504,
    "test.negative": -42,
    "test.ratio": 0.25,
    "test.flag": true,
    "test.empty": "",
    "test.unicode": "naïve ✓",
  },
  events: [],
  status: { code: StatusCode.Error },
};

const client: SpanData = {
  traceId,
  spanId: "1111111111111111",
  parentSpanId: "00f067aa0ba902b7",
  name: "SELECT items",
  kind: SpanKind.Client,
  startTimeUnixNano: 1_764_151_200_200_000_000n,
  endTimeUnixNano: 1_764_151_200_450_000_000n,
  attributes: { "db.system": "postgresql", "db.statement": "SELECT 1 WHERE $1::int > 0" },
  events: [
    {
      name: "exception",
      timeUnixNano: 1_764_151_200_449_000_000n,
      attributes: { "exception.type": "57014", "exception.message": "canceling statement due to statement timeout" },
    },
  ],
  status: { code: StatusCode.Error, message: "canceling statement due to statement timeout" },
};

const root: SpanData = {
  traceId: "0af7651916cd43dd8448eb211c80319c",
  spanId: "b7ad6b7169203331",
  name: "GET /healthz",
  kind: SpanKind.Server,
  startTimeUnixNano: 1n,
  endTimeUnixNano: 18_446_744_073_709_551_615n, // the largest fixed64
  attributes: {},
  events: [],
  status: { code: StatusCode.Unset },
};

const bytes = encodeTraces(
  { "service.name": "edge-test", "deployment.environment": "prod eu" },
  { name: "github.com/groundwork-iac/groundwork/workloads/edge", version: "1.2.3" },
  [server, client, root],
);
console.log(Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(""));
