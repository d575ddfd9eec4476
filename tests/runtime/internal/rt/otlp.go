package rt

import (
	"bytes"
	"compress/gzip"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// Span is one span as an OTLP receiver got it.
type Span struct {
	// Service is the resource's service.name.
	Service string
	// TraceID, SpanID and ParentSpanID are lower-case hex; ParentSpanID is
	// empty for a root span.
	TraceID, SpanID, ParentSpanID string
	Name                          string
	// Kind is the OTLP enum's name without its prefix: SERVER, CONSUMER...
	Kind string
	// Attrs are the span's attributes, rendered as text.
	Attrs map[string]string
	// Error is true when the span's status is ERROR.
	Error bool
}

// OTLP is an OTLP/HTTP trace receiver (protobuf or JSON, optionally
// gzipped) on 127.0.0.1. It answers 200 to every valid export and records
// the spans and the request headers of each export.
type OTLP struct {
	srv *httptest.Server

	mu      sync.Mutex
	spans   []Span
	headers []http.Header
	bad     []string
}

// NewOTLP starts a receiver that stops when the test ends.
func NewOTLP(t testing.TB) *OTLP {
	t.Helper()
	o := &OTLP{}
	o.srv = httptest.NewServer(http.HandlerFunc(o.handle))
	t.Cleanup(func() {
		o.srv.Close()
		if bad := o.Bad(); len(bad) > 0 {
			t.Errorf("the OTLP receiver got exports it could not decode: %s", strings.Join(bad, "; "))
		}
	})
	return o
}

// Endpoint is the base URL, for OTEL_EXPORTER_OTLP_ENDPOINT.
func (o *OTLP) Endpoint() string { return o.srv.URL }

// Spans returns a copy of every span received so far.
func (o *OTLP) Spans() []Span {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]Span(nil), o.spans...)
}

// Headers returns the headers of every export received so far.
func (o *OTLP) Headers() []http.Header {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]http.Header(nil), o.headers...)
}

// Bad lists the exports that could not be decoded.
func (o *OTLP) Bad() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.bad...)
}

// Wait returns the spans matching match once there are at least n of them,
// or fails the test after timeout.
func (o *OTLP) Wait(t testing.TB, n int, timeout time.Duration, match func(Span) bool) []Span {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		var got []Span
		for _, s := range o.Spans() {
			if match(s) {
				got = append(got, s)
			}
		}
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("the OTLP receiver has %d matching spans after %s, want %d; all spans: %s",
				len(got), timeout, n, describeSpans(o.Spans()))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// InTrace matches the spans of one trace.
func InTrace(traceID string) func(Span) bool {
	return func(s Span) bool { return s.TraceID == traceID }
}

func describeSpans(spans []Span) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString("\n  " + s.Service + " " + s.Kind + " " + s.Name + " trace=" + s.TraceID + " parent=" + s.ParentSpanID)
	}
	if b.Len() == 0 {
		return "none"
	}
	return b.String()
}

func (o *OTLP) handle(w http.ResponseWriter, r *http.Request) {
	fail := func(msg string) {
		o.mu.Lock()
		o.bad = append(o.bad, msg)
		o.mu.Unlock()
		http.Error(w, msg, http.StatusBadRequest)
	}
	if r.Method != http.MethodPost || r.URL.Path != "/v1/traces" {
		fail(r.Method + " " + r.URL.Path + ": want POST /v1/traces")
		return
	}
	var body io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			fail("gzip: " + err.Error())
			return
		}
		body = zr
	}
	raw, err := io.ReadAll(body)
	if err != nil {
		fail("read: " + err.Error())
		return
	}
	var req coltracepb.ExportTraceServiceRequest
	switch ct := r.Header.Get("Content-Type"); {
	case strings.HasPrefix(ct, "application/x-protobuf"):
		err = proto.Unmarshal(raw, &req)
	case strings.HasPrefix(ct, "application/json"):
		err = protojson.Unmarshal(raw, &req)
	default:
		err = errUnsupported(ct)
	}
	if err != nil {
		fail("decode: " + err.Error())
		return
	}
	spans := flatten(&req)
	o.mu.Lock()
	o.spans = append(o.spans, spans...)
	o.headers = append(o.headers, r.Header.Clone())
	o.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-protobuf")
	out, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
	_, _ = io.Copy(w, bytes.NewReader(out))
}

type errUnsupported string

func (e errUnsupported) Error() string { return "unsupported content type " + string(e) }

func flatten(req *coltracepb.ExportTraceServiceRequest) []Span {
	var out []Span
	for _, rs := range req.GetResourceSpans() {
		service := attrs(rs.GetResource().GetAttributes())["service.name"]
		for _, ss := range rs.GetScopeSpans() {
			for _, s := range ss.GetSpans() {
				out = append(out, Span{
					Service:      service,
					TraceID:      hex.EncodeToString(s.GetTraceId()),
					SpanID:       hex.EncodeToString(s.GetSpanId()),
					ParentSpanID: hex.EncodeToString(s.GetParentSpanId()),
					Name:         s.GetName(),
					Kind:         strings.TrimPrefix(s.GetKind().String(), "SPAN_KIND_"),
					Attrs:        attrs(s.GetAttributes()),
					Error:        s.GetStatus().GetCode().String() == "STATUS_CODE_ERROR",
				})
			}
		}
	}
	return out
}

func attrs(kvs []*commonpb.KeyValue) map[string]string {
	m := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		v := kv.GetValue()
		switch x := v.GetValue().(type) {
		case *commonpb.AnyValue_StringValue:
			m[kv.GetKey()] = x.StringValue
		default:
			m[kv.GetKey()] = strings.TrimSpace(protojson.Format(v))
		}
	}
	return m
}
