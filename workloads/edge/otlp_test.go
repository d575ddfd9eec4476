package edge

import (
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/evanw/esbuild/pkg/api"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	resourcepb "go.opentelemetry.io/proto/otlp/resource/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// TestOTLPEncodingDecodesInGo runs the Worker's protobuf encoder
// (src/otlp.ts, through testdata/encode.ts) under node and decodes its
// output with the OTLP Go bindings: every field must land where the schema
// puts it, with nothing unknown left over.
func TestOTLPEncodingDecodesInGo(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH: the Worker's OTLP encoder cannot be run")
	}
	script := bundle(t, "testdata/encode.ts")
	out, err := exec.Command(node, script).Output()
	if err != nil {
		t.Fatalf("node %s: %v", script, err)
	}
	raw, err := hex.DecodeString(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("output is not hex: %v", err)
	}

	var got coltracepb.ExportTraceServiceRequest
	if err := proto.Unmarshal(raw, &got); err != nil {
		t.Fatalf("decode ExportTraceServiceRequest: %v", err)
	}
	if want := expected(t); !proto.Equal(&got, want) {
		t.Errorf("decoded request differs\n got: %s\nwant: %s", protojson.Format(&got), protojson.Format(want))
	}
}

// bundle builds entry into one ES module for node with esbuild's Go API and
// returns the file's path.
func bundle(t *testing.T, entry string) string {
	t.Helper()
	res := api.Build(api.BuildOptions{
		EntryPoints: []string{entry},
		Bundle:      true,
		Write:       false,
		Platform:    api.PlatformNode,
		Format:      api.FormatESModule,
		Target:      api.ES2022,
		LogLevel:    api.LogLevelSilent,
	})
	for _, m := range res.Errors {
		t.Errorf("esbuild: %s", m.Text)
	}
	if len(res.OutputFiles) != 1 {
		t.Fatalf("esbuild produced %d files, want 1", len(res.OutputFiles))
	}
	path := filepath.Join(t.TempDir(), "encode.mjs")
	if err := os.WriteFile(path, res.OutputFiles[0].Contents, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// expected is the batch testdata/encode.ts encodes.
func expected(t *testing.T) *coltracepb.ExportTraceServiceRequest {
	t.Helper()
	id := func(s string) []byte {
		b, err := hex.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	str := func(k, v string) *commonpb.KeyValue {
		return &commonpb.KeyValue{Key: k, Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: v}}}
	}
	num := func(k string, v int64) *commonpb.KeyValue {
		return &commonpb.KeyValue{Key: k, Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_IntValue{IntValue: v}}}
	}
	const traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	const timeoutMsg = "canceling statement due to statement timeout"

	server := &tracepb.Span{
		TraceId:           id(traceID),
		SpanId:            id("00f067aa0ba902b7"),
		ParentSpanId:      id("a1b2c3d4e5f60718"),
		Name:              "GET /v1/items",
		Kind:              tracepb.Span_SPAN_KIND_SERVER,
		StartTimeUnixNano: 1_764_151_200_123_000_000,
		EndTimeUnixNano:   1_764_151_200_456_000_000,
		Attributes: []*commonpb.KeyValue{
			str("http.request.method", "GET"),
			str("http.route", "/v1/items"),
			num("http.response.status_code", 504),
			num("test.negative", -42),
			{Key: "test.ratio", Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_DoubleValue{DoubleValue: 0.25}}},
			{Key: "test.flag", Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_BoolValue{BoolValue: true}}},
			str("test.empty", ""),
			str("test.unicode", "naïve ✓"),
		},
		Status: &tracepb.Status{Code: tracepb.Status_STATUS_CODE_ERROR},
	}
	client := &tracepb.Span{
		TraceId:           id(traceID),
		SpanId:            id("1111111111111111"),
		ParentSpanId:      id("00f067aa0ba902b7"),
		Name:              "SELECT items",
		Kind:              tracepb.Span_SPAN_KIND_CLIENT,
		StartTimeUnixNano: 1_764_151_200_200_000_000,
		EndTimeUnixNano:   1_764_151_200_450_000_000,
		Attributes: []*commonpb.KeyValue{
			str("db.system", "postgresql"),
			str("db.statement", "SELECT 1 WHERE $1::int > 0"),
		},
		Events: []*tracepb.Span_Event{{
			TimeUnixNano: 1_764_151_200_449_000_000,
			Name:         "exception",
			Attributes:   []*commonpb.KeyValue{str("exception.type", "57014"), str("exception.message", timeoutMsg)},
		}},
		Status: &tracepb.Status{Code: tracepb.Status_STATUS_CODE_ERROR, Message: timeoutMsg},
	}
	root := &tracepb.Span{
		TraceId:           id("0af7651916cd43dd8448eb211c80319c"),
		SpanId:            id("b7ad6b7169203331"),
		Name:              "GET /healthz",
		Kind:              tracepb.Span_SPAN_KIND_SERVER,
		StartTimeUnixNano: 1,
		EndTimeUnixNano:   18_446_744_073_709_551_615,
	}
	return &coltracepb.ExportTraceServiceRequest{
		ResourceSpans: []*tracepb.ResourceSpans{{
			Resource: &resourcepb.Resource{Attributes: []*commonpb.KeyValue{
				str("service.name", "edge-test"),
				str("deployment.environment", "prod eu"),
			}},
			ScopeSpans: []*tracepb.ScopeSpans{{
				Scope: &commonpb.InstrumentationScope{Name: "github.com/groundwork-iac/groundwork/workloads/edge", Version: "1.2.3"},
				Spans: []*tracepb.Span{server, client, root},
			}},
		}},
	}
}
