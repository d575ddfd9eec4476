package receiver

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
	"github.com/groundwork-iac/groundwork/workloads/jobs/internal/signature"
)

const (
	incomingTrace  = "0af7651916cd43dd8448eb211c80319c"
	incomingParent = "00-" + incomingTrace + "-b7ad6b7169203331-01"
)

var (
	key = []byte("whsec_test")
	now = time.Unix(1700000000, 0)
)

type sent struct {
	body  string
	attrs map[string]string
}

type fakeQueue struct {
	sends []sent
	err   error
	block bool
}

func (q *fakeQueue) Send(ctx context.Context, body string, attrs map[string]string) (string, error) {
	if q.block {
		<-ctx.Done()
		return "", ctx.Err()
	}
	if q.err != nil {
		return "", q.err
	}
	q.sends = append(q.sends, sent{body, attrs})
	return "msg-" + strconv.Itoa(len(q.sends)), nil
}

type fixture struct {
	h        *Handler
	q        *fakeQueue
	spans    *tracetest.SpanRecorder
	logs     *bytes.Buffer
	flushed  int
	response events.APIGatewayV2HTTPResponse
}

func newFixture() *fixture {
	f := &fixture{q: &fakeQueue{}, spans: tracetest.NewSpanRecorder(), logs: &bytes.Buffer{}}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(f.spans))
	f.h = &Handler{
		Key:   key,
		Queue: f.q,
		Path:  "/hooks/billing",
		Now:   func() time.Time { return now },
		Instruments: obs.Instruments{Tracer: tp.Tracer("test"), Propagator: propagation.TraceContext{},
			Logger: obs.NewLogger(f.logs, slog.LevelDebug)},
		Flush: func(context.Context) error { f.flushed++; return nil },
	}
	return f
}

// signed is a valid request with API Gateway's lower-cased headers.
func signed(body string) events.APIGatewayV2HTTPRequest {
	req := events.APIGatewayV2HTTPRequest{
		RawPath: "/hooks/billing",
		Body:    body,
		Headers: map[string]string{
			"x-webhook-timestamp": strconv.FormatInt(now.Unix(), 10),
			"x-webhook-signature": signature.Sign(key, now, []byte(body)),
			"content-type":        "application/json",
		},
	}
	req.RequestContext.HTTP.Method = "POST"
	return req
}

func (f *fixture) do(t *testing.T, req events.APIGatewayV2HTTPRequest) map[string]string {
	t.Helper()
	resp, err := f.h.Handle(context.Background(), req)
	if err != nil {
		t.Fatalf("Handle returned an error: %v", err)
	}
	f.response = resp
	var body map[string]string
	if err := json.Unmarshal([]byte(resp.Body), &body); err != nil {
		t.Fatalf("response body is not a JSON object of strings: %q", resp.Body)
	}
	if body[telemetry.FieldRequestID] == "" || resp.Headers[telemetry.HeaderRequestID] != body[telemetry.FieldRequestID] {
		t.Errorf("request id: header %q, body %q", resp.Headers[telemetry.HeaderRequestID], body[telemetry.FieldRequestID])
	}
	if f.flushed != 1 {
		t.Errorf("flushed %d times, want once per invocation", f.flushed)
	}
	return body
}

func TestAcceptsValidSignature(t *testing.T) {
	f := newFixture()
	req := signed(`{"invoice":7}`)
	req.Headers["X-Request-ID"] = "req-abc"
	req.Headers["traceparent"] = incomingParent
	req.Headers["x-webhook-event"] = "invoice.paid"

	body := f.do(t, req)
	if f.response.StatusCode != 202 || body["status"] != "accepted" || body[telemetry.FieldRequestID] != "req-abc" {
		t.Fatalf("response = %d %v", f.response.StatusCode, body)
	}
	if len(f.q.sends) != 1 {
		t.Fatalf("sends = %d, want 1", len(f.q.sends))
	}
	s := f.q.sends[0]
	if s.body != `{"kind":"invoice.paid","payload":{"invoice":7}}` {
		t.Errorf("message body = %s", s.body)
	}

	spans := f.spans.Ended()
	if len(spans) != 1 {
		t.Fatalf("spans = %d, want 1", len(spans))
	}
	sc := spans[0].SpanContext()
	if sc.TraceID().String() != incomingTrace || spans[0].Parent().SpanID().String() != "b7ad6b7169203331" {
		t.Errorf("server span %s parent %s does not continue the incoming trace", sc.TraceID(), spans[0].Parent().SpanID())
	}
	if spans[0].Name() != "POST /hooks/billing" {
		t.Errorf("span name = %q", spans[0].Name())
	}
	want := map[string]string{
		telemetry.AttrRequestID:      "req-abc",
		telemetry.AttrIdempotencyKey: bodyKey(`{"invoice":7}`),
		telemetry.AttrTraceparent:    "00-" + incomingTrace + "-" + sc.SpanID().String() + "-01",
	}
	if len(s.attrs) != len(want) {
		t.Errorf("attributes = %v, want %v", s.attrs, want)
	}
	for k, v := range want {
		if s.attrs[k] != v {
			t.Errorf("attribute %s = %q, want %q", k, s.attrs[k], v)
		}
	}

	var line map[string]any
	if err := json.Unmarshal(f.logs.Bytes(), &line); err != nil {
		t.Fatalf("want exactly one JSON log line, got %q", f.logs.String())
	}
	if line[telemetry.FieldRequestID] != "req-abc" || line[telemetry.FieldTraceID] != incomingTrace ||
		line["outcome"] != "accepted" || line["status"] != 202.0 || line[telemetry.FieldRoute] != "POST /hooks/billing" || line["msg"] != telemetry.MsgRequest {
		t.Errorf("log line = %v", line)
	}
	if d, ok := line[telemetry.FieldDurationMS].(float64); !ok || d < 0 {
		t.Errorf("duration_ms = %v", line[telemetry.FieldDurationMS])
	}
}

func TestDefaultsForKindPayloadAndIdempotencyKey(t *testing.T) {
	f := newFixture()
	req := signed("plain text")
	req.Body = base64.StdEncoding.EncodeToString([]byte("plain text"))
	req.IsBase64Encoded = true

	body := f.do(t, req)
	if f.response.StatusCode != 202 || len(f.q.sends) != 1 {
		t.Fatalf("response = %d %v, sends %d", f.response.StatusCode, body, len(f.q.sends))
	}
	s := f.q.sends[0]
	if s.body != `{"kind":"webhook","payload":"plain text"}` {
		t.Errorf("message body = %s", s.body)
	}
	rid := body[telemetry.FieldRequestID]
	if !obs.ValidRequestID(rid) || s.attrs[telemetry.AttrRequestID] != rid || s.attrs[telemetry.AttrIdempotencyKey] != bodyKey("plain text") {
		t.Errorf("new request id %q, attributes %v", rid, s.attrs)
	}
	if !strings.HasPrefix(s.attrs[telemetry.AttrTraceparent], "00-") {
		t.Errorf("traceparent attribute = %q", s.attrs[telemetry.AttrTraceparent])
	}
}

func TestRejections(t *testing.T) {
	stale := signed(`{}`)
	old := now.Add(-10 * time.Minute)
	stale.Headers["x-webhook-timestamp"] = strconv.FormatInt(old.Unix(), 10)
	stale.Headers["x-webhook-signature"] = signature.Sign(key, old, []byte(`{}`))

	badSig := signed(`{"a":1}`)
	badSig.Body = `{"a":2}`

	noSig := signed(`{}`)
	delete(noSig.Headers, strings.ToLower(workloadenv.HeaderWebhookSignature))

	wrongPath := signed(`{}`)
	wrongPath.RawPath = "/other"

	get := signed(`{}`)
	get.RequestContext.HTTP.Method = "GET"

	big := signed(strings.Repeat("x", 11))

	badBase64 := signed(`{}`)
	badBase64.IsBase64Encoded = true
	badBase64.Body = "%%%"

	tests := []struct {
		name   string
		req    events.APIGatewayV2HTTPRequest
		setup  func(*fixture)
		status int
		sends  int
	}{
		{"bad signature", badSig, nil, 401, 0},
		{"missing signature", noSig, nil, 401, 0},
		{"stale timestamp", stale, nil, 401, 0},
		{"wrong path", wrongPath, nil, 404, 0},
		{"wrong method", get, nil, 405, 0},
		{"oversize", big, func(f *fixture) { f.h.MaxBodyBytes = 10 }, 413, 0},
		{"bad base64", badBase64, nil, 400, 0},
		{"enqueue error", signed(`{}`), func(f *fixture) { f.q.err = errors.New("throttled") }, 503, 0},
		{"enqueue timeout", signed(`{}`), func(f *fixture) {
			f.q.block = true
			f.h.EnqueueTimeout = 10 * time.Millisecond
		}, 503, 0},
		{"no key (fail closed)", signed(`{}`), func(f *fixture) { f.h.Key = nil }, 503, 0},
		{"no queue (fail closed)", signed(`{}`), func(f *fixture) { f.h.Queue = nil }, 503, 0},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture()
			if tt.setup != nil {
				tt.setup(f)
			}
			tt.req.Headers["x-request-id"] = "req-" + strconv.Itoa(i)
			body := f.do(t, tt.req)
			if f.response.StatusCode != tt.status {
				t.Errorf("status = %d, want %d (%v)", f.response.StatusCode, tt.status, body)
			}
			if body["error"] == "" {
				t.Errorf("error body = %v, want an error message", body)
			}
			if body[telemetry.FieldRequestID] != tt.req.Headers["x-request-id"] {
				t.Errorf("request id = %q, want the incoming %q", body[telemetry.FieldRequestID], tt.req.Headers["x-request-id"])
			}
			if len(f.q.sends) != tt.sends {
				t.Errorf("sends = %d, want %d", len(f.q.sends), tt.sends)
			}
			if tt.status == 405 && f.response.Headers["Allow"] != "POST" {
				t.Errorf("405 without Allow: POST")
			}
			if !strings.Contains(f.logs.String(), `"status":`+strconv.Itoa(tt.status)) {
				t.Errorf("log = %s", f.logs.String())
			}
			// Only the served path is a route; anything else is one series.
			wantRoute := `"route":"` + telemetry.Route(tt.req.RequestContext.HTTP.Method, f.h.path()) + `"`
			if tt.req.RawPath != f.h.path() {
				wantRoute = `"route":"` + telemetry.RouteUnmatched + `"`
			}
			if !strings.Contains(f.logs.String(), wantRoute) {
				t.Errorf("log = %s, want %s", f.logs.String(), wantRoute)
			}
		})
	}
}

func TestHandlerTimeoutIsAContextDeadline(t *testing.T) {
	f := newFixture()
	f.q.block = true
	f.h.EnqueueTimeout = time.Hour
	f.h.HandlerTimeout = 10 * time.Millisecond
	f.do(t, signed(`{}`))
	if f.response.StatusCode != 503 {
		t.Errorf("status = %d, want 503 when the handler deadline passes", f.response.StatusCode)
	}
}

func TestUnfitRequestIDIsReplaced(t *testing.T) {
	f := newFixture()
	req := signed(`{}`)
	req.Headers["x-request-id"] = "has spaces and \"quotes\""
	body := f.do(t, req)
	if body[telemetry.FieldRequestID] == req.Headers["x-request-id"] || !obs.ValidRequestID(body[telemetry.FieldRequestID]) {
		t.Errorf("request id = %q", body[telemetry.FieldRequestID])
	}
}

func bodyKey(body string) string {
	sum := sha256.Sum256([]byte(body))
	return "body-sha256:" + hex.EncodeToString(sum[:])
}

// Headers are not signed: a request replayed inside the tolerance with other
// headers must map to the same job, so the worker writes it once.
func TestReplayWithChangedHeadersKeepsTheIdempotencyKey(t *testing.T) {
	first, second := newFixture(), newFixture()
	replay := signed(`{"invoice":8}`)
	replay.Headers["x-webhook-event"] = "refund.issued"
	replay.Headers["X-Request-ID"] = "req-forged"
	first.do(t, signed(`{"invoice":8}`))
	second.do(t, replay)
	if len(first.q.sends) != 1 || len(second.q.sends) != 1 {
		t.Fatalf("sends = %d and %d, want one each (both are validly signed)", len(first.q.sends), len(second.q.sends))
	}
	a, b := first.q.sends[0].attrs[telemetry.AttrIdempotencyKey], second.q.sends[0].attrs[telemetry.AttrIdempotencyKey]
	if a != b || a != bodyKey(`{"invoice":8}`) {
		t.Errorf("idempotency keys %q and %q, want both %q", a, b, bodyKey(`{"invoice":8}`))
	}
}

// A body under the cap can still outgrow SQS's limit once wrapped (a
// non-JSON body is escaped into a JSON string): 413, nothing queued.
func TestBodyThatOutgrowsTheQueueLimit(t *testing.T) {
	f := newFixture()
	body := strings.Repeat("\x01", 100*1024) // each byte escapes to six
	f.do(t, signed(body))
	if f.response.StatusCode != 413 || len(f.q.sends) != 0 {
		t.Errorf("status %d, sends %d; want 413 and none", f.response.StatusCode, len(f.q.sends))
	}
}
