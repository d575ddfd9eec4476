package receiver

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/webhooks"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
)

const (
	incomingTrace  = "0af7651916cd43dd8448eb211c80319c"
	incomingParent = "00-" + incomingTrace + "-b7ad6b7169203331-01"
	endpointName   = "billing"
	route          = "/hooks/billing"
)

// The senders' own test secrets (see webhooks/vectors_test.go for each
// source): Standard Webhooks' reference library, stripe-go's fixture,
// GitHub's docs, Slack's docs, Shopify's API library.
const (
	standardSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	stripeSecret   = "whsec_test_secret"
	githubSecret   = "It's a Secret to Everybody"
	slackSecret    = "8f742231b10e8888abcd99yyyzzz85a5"
	shopifySecret  = "test_secret_key"
)

var now = time.Unix(1700000000, 0)

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

// newFixture is a handler for endpoint "billing" on /hooks/billing whose
// verifier takes scheme and secrets.
func newFixture(t *testing.T, scheme webhooks.Scheme, secrets ...string) *fixture {
	t.Helper()
	v, err := webhooks.New(webhooks.Config{Scheme: scheme, Secrets: secrets})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{q: &fakeQueue{}, spans: tracetest.NewSpanRecorder(), logs: &bytes.Buffer{}}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(f.spans))
	f.h = &Handler{
		Endpoint: endpointName,
		Verifier: v,
		Queue:    f.q,
		Path:     route,
		Now:      func() time.Time { return now },
		Instruments: obs.Instruments{Tracer: tp.Tracer("test"), Propagator: propagation.TraceContext{},
			Logger: obs.NewLogger(f.logs, slog.LevelDebug)},
		Flush: func(context.Context) error { f.flushed++; return nil },
	}
	return f
}

// request is a POST to the route with headers lower-cased, as API Gateway
// delivers them.
func request(body string, headers map[string]string) events.APIGatewayV2HTTPRequest {
	req := events.APIGatewayV2HTTPRequest{RawPath: route, Body: body, Headers: map[string]string{}}
	for k, v := range headers {
		req.Headers[strings.ToLower(k)] = v
	}
	req.RequestContext.HTTP.Method = "POST"
	return req
}

// signed is body signed by the scheme's sender with secret at ts.
func signed(t *testing.T, scheme webhooks.Scheme, secret, body, id, kind string, ts time.Time) events.APIGatewayV2HTTPRequest {
	t.Helper()
	h, err := webhooks.Sign(scheme, secret, []byte(body), id, kind, ts)
	if err != nil {
		t.Fatal(err)
	}
	headers := map[string]string{}
	for k := range h {
		headers[k] = h.Get(k)
	}
	return request(body, headers)
}

// do invokes the handler; every answer must carry the request id header,
// and a JSON one the same id in its body.
func (f *fixture) do(t *testing.T, req events.APIGatewayV2HTTPRequest) map[string]string {
	t.Helper()
	f.flushed = 0
	resp, err := f.h.Handle(context.Background(), req)
	if err != nil {
		t.Fatalf("Handle returned an error: %v", err)
	}
	f.response = resp
	if f.flushed != 1 {
		t.Errorf("flushed %d times, want once per invocation", f.flushed)
	}
	if resp.Headers[telemetry.HeaderRequestID] == "" {
		t.Errorf("no %s header: %v", telemetry.HeaderRequestID, resp.Headers)
	}
	if resp.Headers["Content-Type"] != "application/json" {
		return nil
	}
	var body map[string]string
	if err := json.Unmarshal([]byte(resp.Body), &body); err != nil {
		t.Fatalf("response body is not a JSON object of strings: %q", resp.Body)
	}
	if body[telemetry.FieldRequestID] != resp.Headers[telemetry.HeaderRequestID] {
		t.Errorf("request id: header %q, body %q", resp.Headers[telemetry.HeaderRequestID], body[telemetry.FieldRequestID])
	}
	return body
}

// lines are the handler's log lines, decoded.
func (f *fixture) lines(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(f.logs.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", l)
		}
		out = append(out, m)
	}
	return out
}

// TestEachSchemeThroughTheHandler: a delivery signed by each sender's rules
// is answered 202 and queued once under "<endpoint>:<sender's id>", its
// kind in the envelope, with the request id and the traceparent of the
// SERVER span; the request line names the endpoint, the delivery and the
// kind.
func TestEachSchemeThroughTheHandler(t *testing.T) {
	for _, tc := range []struct {
		name           string
		scheme         webhooks.Scheme
		secret         string
		body, id, kind string // id and kind as Sign takes them
		wantID         string
		wantKind       string
		wantPayload    string
	}{
		{name: "standard", scheme: webhooks.Standard, secret: standardSecret,
			body: `{"type":"contact.created","timestamp":"2022-11-03T20:26:10.344522Z","data":{"id":"1f81eb52"}}`,
			id:   "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", wantID: "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", wantKind: "contact.created",
			wantPayload: `{"type":"contact.created","timestamp":"2022-11-03T20:26:10.344522Z","data":{"id":"1f81eb52"}}`},
		{name: "stripe", scheme: webhooks.Stripe, secret: stripeSecret,
			body:   `{"id":"evt_test_webhook","object":"event","type":"payment_intent.succeeded"}`,
			wantID: "evt_test_webhook", wantKind: "payment_intent.succeeded",
			wantPayload: `{"id":"evt_test_webhook","object":"event","type":"payment_intent.succeeded"}`},
		{name: "github", scheme: webhooks.GitHub, secret: githubSecret, body: `{"action":"opened","issue":{"number":1}}`,
			id: "72d3162e-cc78-11e3-81ab-4c9367dc0958", kind: "issues",
			wantID: "72d3162e-cc78-11e3-81ab-4c9367dc0958", wantKind: "issues", wantPayload: `{"action":"opened","issue":{"number":1}}`},
		{name: "slack event", scheme: webhooks.Slack, secret: slackSecret,
			body:   `{"type":"event_callback","event_id":"Ev08MFMKH6","event":{"type":"app_mention","text":"hi"}}`,
			wantID: "Ev08MFMKH6", wantKind: "app_mention",
			wantPayload: `{"type":"event_callback","event_id":"Ev08MFMKH6","event":{"type":"app_mention","text":"hi"}}`},
		{name: "slack slash command", scheme: webhooks.Slack, secret: slackSecret,
			body:   "command=%2Fdeploy&text=now&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
			wantID: "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c", wantKind: "/deploy",
			wantPayload: `"command=%2Fdeploy&text=now&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"`},
		{name: "shopify", scheme: webhooks.Shopify, secret: shopifySecret, body: `{"id":820982911946154508}`,
			id: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", kind: "orders/create",
			wantID: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", wantKind: "orders/create", wantPayload: `{"id":820982911946154508}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, tc.scheme, tc.secret)
			req := signed(t, tc.scheme, tc.secret, tc.body, tc.id, tc.kind, now.Add(-30*time.Second))
			req.Headers["x-request-id"] = "req-abc"
			req.Headers["traceparent"] = incomingParent

			body := f.do(t, req)
			if f.response.StatusCode != 202 || body["status"] != "accepted" || body[telemetry.FieldRequestID] != "req-abc" {
				t.Fatalf("response = %d %v", f.response.StatusCode, body)
			}
			if len(f.q.sends) != 1 {
				t.Fatalf("sends = %d, want 1", len(f.q.sends))
			}
			s := f.q.sends[0]
			wantKind, _ := json.Marshal(tc.wantKind)
			if want := `{"kind":` + string(wantKind) + `,"payload":` + tc.wantPayload + `}`; s.body != want {
				t.Errorf("message body = %s\nwant           %s", s.body, want)
			}
			spans := f.spans.Ended()
			if len(spans) != 1 || spans[0].Name() != "POST "+route || spans[0].SpanContext().TraceID().String() != incomingTrace ||
				spans[0].Parent().SpanID().String() != "b7ad6b7169203331" {
				t.Fatalf("spans = %v, want the SERVER span POST %s continuing the incoming trace", spans, route)
			}
			wantAttrs := map[string]string{
				telemetry.AttrRequestID:      "req-abc",
				telemetry.AttrIdempotencyKey: endpointName + ":" + tc.wantID,
				telemetry.AttrTraceparent:    "00-" + incomingTrace + "-" + spans[0].SpanContext().SpanID().String() + "-01",
			}
			if !maps.Equal(s.attrs, wantAttrs) {
				t.Errorf("attributes = %v\nwant         %v", s.attrs, wantAttrs)
			}

			lines := f.lines(t)
			if len(lines) != 1 {
				t.Fatalf("want exactly one log line, got %v", lines)
			}
			l := lines[0]
			for k, v := range map[string]any{
				"msg": telemetry.MsgRequest, telemetry.FieldRoute: "POST " + route, telemetry.FieldStatus: 202.0,
				telemetry.FieldOutcome: OutcomeAccepted, FieldEndpoint: endpointName, FieldDeliveryID: tc.wantID,
				FieldKind: tc.wantKind, FieldMessageID: "msg-1", telemetry.FieldRequestID: "req-abc",
				telemetry.FieldTraceID: incomingTrace, "level": "INFO",
			} {
				if l[k] != v {
					t.Errorf("log %s = %v, want %v (line %v)", k, l[k], v, l)
				}
			}
			if d, ok := l[telemetry.FieldDurationMS].(float64); !ok || d < 0 {
				t.Errorf("duration_ms = %v", l[telemetry.FieldDurationMS])
			}
			if strings.Contains(f.logs.String(), tc.secret) {
				t.Errorf("the log holds the secret: %s", f.logs.String())
			}
		})
	}
}

// TestSendersPublishedExamples: requests exactly as the senders' own docs
// print them (signature included), through the handler, at the time they
// were signed.
func TestSendersPublishedExamples(t *testing.T) {
	for _, tc := range []struct {
		name    string
		scheme  webhooks.Scheme
		secret  string
		headers map[string]string
		body    string
		at      time.Time
		wantKey string
		kind    string
	}{
		{
			// https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation,
			// with the docs' example delivery headers.
			name: "github docs", scheme: webhooks.GitHub, secret: githubSecret, body: "Hello, World!", at: now,
			headers: map[string]string{"X-Hub-Signature-256": "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
				"X-GitHub-Delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958", "X-GitHub-Event": "issues"},
			wantKey: "billing:72d3162e-cc78-11e3-81ab-4c9367dc0958", kind: "issues",
		},
		{
			// https://docs.slack.dev/authentication/verifying-requests-from-slack: the docs' slash command.
			name: "slack docs", scheme: webhooks.Slack, secret: slackSecret, at: time.Unix(1531420618, 0),
			body: "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
			headers: map[string]string{"X-Slack-Request-Timestamp": "1531420618",
				"X-Slack-Signature": "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"},
			wantKey: "billing:398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c", kind: "/webhook-collect",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, tc.scheme, tc.secret)
			f.h.Now = func() time.Time { return tc.at }
			f.do(t, request(tc.body, tc.headers))
			if f.response.StatusCode != 202 || len(f.q.sends) != 1 {
				t.Fatalf("status %d, sends %d; want 202 and one", f.response.StatusCode, len(f.q.sends))
			}
			if got := f.q.sends[0].attrs[telemetry.AttrIdempotencyKey]; got != tc.wantKey {
				t.Errorf("idempotency key = %q, want %q", got, tc.wantKey)
			}
			if !strings.HasPrefix(f.q.sends[0].body, `{"kind":"`+tc.kind+`","payload":"`) {
				t.Errorf("message body = %s, want kind %s and the body as a JSON string", f.q.sends[0].body, tc.kind)
			}
		})
	}
}

// TestRotation: with the old and the new secret configured, deliveries
// signed with either are accepted; once only the new one is configured, a
// delivery signed with the old one is refused.
func TestRotation(t *testing.T) {
	const oldSecret, newSecret = "whsec_old0123456789abcdefghijklmnopqrstuvwx", "whsec_new0123456789abcdefghijklmnopqrstuvwx"
	body := func(id string) string { return `{"id":"` + id + `","object":"event","type":"invoice.paid"}` }
	both := newFixture(t, webhooks.Stripe, oldSecret, newSecret)
	for i, secret := range []string{oldSecret, newSecret} {
		both.do(t, signed(t, webhooks.Stripe, secret, body("evt_"+strconv.Itoa(i)), "", "", now))
		if both.response.StatusCode != 202 {
			t.Errorf("secrets [old new], signed with secret %d: status %d, want 202", i+1, both.response.StatusCode)
		}
	}
	if len(both.q.sends) != 2 {
		t.Errorf("sends = %d, want 2", len(both.q.sends))
	}
	rotated := newFixture(t, webhooks.Stripe, newSecret)
	rotated.do(t, signed(t, webhooks.Stripe, oldSecret, body("evt_old"), "", "", now))
	if rotated.response.StatusCode != 401 || len(rotated.q.sends) != 0 {
		t.Errorf("secrets [new], signed with old: status %d, sends %d; want 401 and none", rotated.response.StatusCode, len(rotated.q.sends))
	}
}

// TestRetryKeepsTheIdempotencyKey: a sender's retry of one event is signed
// anew, with a new timestamp and another request id, and maps to the same
// key, so the worker writes it once.
func TestRetryKeepsTheIdempotencyKey(t *testing.T) {
	const body = `{"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","object":"event","type":"invoice.paid"}`
	f := newFixture(t, webhooks.Stripe, stripeSecret)
	for i, at := range []time.Time{now.Add(-4 * time.Minute), now} {
		req := signed(t, webhooks.Stripe, stripeSecret, body, "", "", at)
		req.Headers["x-request-id"] = "req-attempt-" + strconv.Itoa(i)
		f.do(t, req)
		if f.response.StatusCode != 202 {
			t.Fatalf("attempt %d: status %d", i, f.response.StatusCode)
		}
	}
	if len(f.q.sends) != 2 {
		t.Fatalf("sends = %d, want one per attempt", len(f.q.sends))
	}
	a, b := f.q.sends[0].attrs, f.q.sends[1].attrs
	if a[telemetry.AttrIdempotencyKey] != "billing:evt_1NG8Du2eZvKYlo2CUI79vXWy" || b[telemetry.AttrIdempotencyKey] != a[telemetry.AttrIdempotencyKey] {
		t.Errorf("keys %q and %q, want both billing:evt_1NG8Du2eZvKYlo2CUI79vXWy", a[telemetry.AttrIdempotencyKey], b[telemetry.AttrIdempotencyKey])
	}
	if a[telemetry.AttrRequestID] != "req-attempt-0" || b[telemetry.AttrRequestID] != "req-attempt-1" {
		t.Errorf("request ids %q and %q, want each attempt's own", a[telemetry.AttrRequestID], b[telemetry.AttrRequestID])
	}
}

// TestSlackURLVerification: the handshake is answered 200 with the
// challenge as plain text, as Slack documents, and queues nothing.
func TestSlackURLVerification(t *testing.T) {
	const challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
	f := newFixture(t, webhooks.Slack, slackSecret)
	req := signed(t, webhooks.Slack, slackSecret,
		`{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"`+challenge+`","type":"url_verification"}`, "", "", now)
	req.Headers["x-request-id"] = "req-challenge"
	f.do(t, req)
	want := events.APIGatewayV2HTTPResponse{StatusCode: 200, Body: challenge,
		Headers: map[string]string{"Content-Type": "text/plain", telemetry.HeaderRequestID: "req-challenge"}}
	if f.response.StatusCode != want.StatusCode || f.response.Body != want.Body || !maps.Equal(f.response.Headers, want.Headers) {
		t.Errorf("response = %+v, want %+v", f.response, want)
	}
	if len(f.q.sends) != 0 {
		t.Errorf("sends = %d, want none", len(f.q.sends))
	}
	l := f.lines(t)
	if len(l) != 1 || l[0][telemetry.FieldOutcome] != OutcomeChallenge || l[0][telemetry.FieldStatus] != 200.0 ||
		l[0][FieldKind] != "url_verification" || l[0][FieldDeliveryID] != nil {
		t.Errorf("log = %v, want one line: outcome challenge, status 200, kind url_verification, no delivery id", l)
	}
}

// TestEndpointsKeepTheirKeysApart: two senders may use the same id; their
// endpoints' names keep the two jobs apart.
func TestEndpointsKeepTheirKeysApart(t *testing.T) {
	var keys []string
	for _, e := range []struct {
		name   string
		scheme webhooks.Scheme
		secret string
	}{{"github", webhooks.GitHub, githubSecret}, {"shopify", webhooks.Shopify, shopifySecret}} {
		f := newFixture(t, e.scheme, e.secret)
		f.h.Endpoint = e.name
		f.do(t, signed(t, e.scheme, e.secret, `{}`, "1234567890", "push", now))
		if len(f.q.sends) != 1 {
			t.Fatalf("%s: status %d, sends %d", e.name, f.response.StatusCode, len(f.q.sends))
		}
		keys = append(keys, f.q.sends[0].attrs[telemetry.AttrIdempotencyKey])
	}
	if want := []string{"github:1234567890", "shopify:1234567890"}; !slices.Equal(keys, want) {
		t.Errorf("keys = %q, want %q", keys, want)
	}
}
