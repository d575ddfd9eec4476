package receiver

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/webhooks"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
)

const stripeEvent = `{"id":"evt_1","object":"event","type":"invoice.paid"}`

func stripeSigned(t *testing.T, body string, at time.Time) events.APIGatewayV2HTTPRequest {
	t.Helper()
	return signed(t, webhooks.Stripe, stripeSecret, body, "", "", at)
}

// TestRejections: every refusal is a JSON error with the request id, queues
// nothing and is logged once with its status, outcome and route; the
// delivery's id and kind are logged only once the signature verified.
func TestRejections(t *testing.T) {
	tampered := stripeSigned(t, stripeEvent, now)
	tampered.Body = strings.Replace(stripeEvent, "invoice.paid", "invoice.void", 1)
	noSig := stripeSigned(t, stripeEvent, now)
	delete(noSig.Headers, "stripe-signature")
	wrongPath := stripeSigned(t, stripeEvent, now)
	wrongPath.RawPath = "/other"
	get := stripeSigned(t, stripeEvent, now)
	get.RequestContext.HTTP.Method = "GET"

	tests := []struct {
		name    string
		req     events.APIGatewayV2HTTPRequest
		setup   func(*fixture)
		status  int
		outcome string
		// id and kind are what the line logs of the delivery ("" for none).
		id, kind string
		cause    string // in the logged error
	}{
		{"tampered body", tampered, nil, 401, OutcomeBadSignature, "", "", "no matching signature"},
		{"missing signature", noSig, nil, 401, OutcomeBadSignature, "", "", "missing header: Stripe-Signature"},
		{"wrong secret", signed(t, webhooks.Stripe, "whsec_not-the-secret", stripeEvent, "", "", now), nil, 401, OutcomeBadSignature, "", "",
			"no matching signature"},
		{"stale timestamp", stripeSigned(t, stripeEvent, now.Add(-6*time.Minute)), nil, 401, OutcomeBadSignature, "", "", "stale timestamp"},
		{"timestamp in the future", stripeSigned(t, stripeEvent, now.Add(time.Minute)), nil, 401, OutcomeBadSignature, "", "",
			"timestamp in the future"},
		{"bad kind", stripeSigned(t, `{"id":"evt_2","object":"event","type":"invoice paid"}`, now), nil, 400, OutcomeBadKind,
			"evt_2", "", "bad kind"},
		{"no id", stripeSigned(t, `{"object":"event","type":"invoice.paid"}`, now), nil, 400, OutcomeBadID, "", "invoice.paid", "bad id"},
		{"reserved kind", signed(t, webhooks.Standard, standardSecret, `{"type":"`+workloadenv.KeyRetentionKind+`","older_than":"96h"}`,
			"msg_1", "", now), func(f *fixture) { f.h.Verifier = verifier(t, webhooks.Standard, standardSecret) },
			400, OutcomeBadKind, "msg_1", workloadenv.KeyRetentionKind, "reserved for the kit's own jobs"},
		{"wrong path", wrongPath, nil, 404, OutcomeNotFound, "", "", ""},
		{"wrong method", get, nil, 405, OutcomeMethod, "", "", ""},
		{"oversize", stripeSigned(t, stripeEvent, now), func(f *fixture) {
			f.h.Verifier = verifierWith(t, webhooks.Config{Scheme: webhooks.Stripe, Secrets: []string{stripeSecret}, MaxBodyBytes: 10})
		}, 413, OutcomeTooLarge, "", "", "body too large"},
		{"enqueue error", stripeSigned(t, stripeEvent, now), func(f *fixture) { f.q.err = errors.New("throttled") }, 503, OutcomeEnqueue,
			"evt_1", "invoice.paid", "throttled"},
		{"enqueue timeout", stripeSigned(t, stripeEvent, now), func(f *fixture) {
			f.q.block = true
			f.h.EnqueueTimeout = 10 * time.Millisecond
		}, 503, OutcomeEnqueue, "evt_1", "invoice.paid", "context deadline exceeded"},
		{"no verifier (fail closed)", stripeSigned(t, stripeEvent, now), func(f *fixture) { f.h.Verifier = nil }, 503, OutcomeUnavailable,
			"", "", "not configured"},
		{"no endpoint name (fail closed)", stripeSigned(t, stripeEvent, now), func(f *fixture) { f.h.Endpoint = "" }, 503,
			OutcomeUnavailable, "", "", "not configured"},
		{"no queue (fail closed)", stripeSigned(t, stripeEvent, now), func(f *fixture) { f.h.Queue = nil }, 503, OutcomeUnavailable,
			"", "", "not configured"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, webhooks.Stripe, stripeSecret)
			if tt.setup != nil {
				tt.setup(f)
			}
			tt.req.Headers["x-request-id"] = "req-" + strconv.Itoa(i)
			body := f.do(t, tt.req)
			if f.response.StatusCode != tt.status || body["error"] == "" || body[telemetry.FieldRequestID] != "req-"+strconv.Itoa(i) {
				t.Errorf("response = %d %v, want %d with an error and the request id", f.response.StatusCode, body, tt.status)
			}
			if len(f.q.sends) != 0 {
				t.Errorf("sends = %d, want none", len(f.q.sends))
			}
			if tt.status == 405 && f.response.Headers["Allow"] != "POST" {
				t.Errorf("405 without Allow: POST")
			}
			lines := f.lines(t)
			if len(lines) != 1 {
				t.Fatalf("log lines = %v, want one", lines)
			}
			l := lines[0]
			wantRoute := tt.req.RequestContext.HTTP.Method + " " + route
			if tt.req.RawPath != route {
				wantRoute = telemetry.RouteUnmatched
			}
			level := "WARN"
			if tt.status >= 500 {
				level = "ERROR"
			}
			if l[telemetry.FieldStatus] != float64(tt.status) || l[telemetry.FieldOutcome] != tt.outcome || l[telemetry.FieldRoute] != wantRoute ||
				l["level"] != level || l[FieldEndpoint] != f.h.Endpoint {
				t.Errorf("log = %v, want status %d, outcome %s, route %s, level %s, endpoint %q", l, tt.status, tt.outcome, wantRoute, level, f.h.Endpoint)
			}
			if got, _ := l[FieldDeliveryID].(string); got != tt.id {
				t.Errorf("logged delivery_id = %q, want %q", got, tt.id)
			}
			if got, _ := l[FieldKind].(string); got != tt.kind {
				t.Errorf("logged kind = %q, want %q", got, tt.kind)
			}
			if got, _ := l["error"].(string); !strings.Contains(got, tt.cause) {
				t.Errorf("logged error = %q, want it to mention %q", got, tt.cause)
			}
			for _, leak := range []string{stripeSecret, standardSecret, tt.req.Headers["stripe-signature"], tt.req.Headers["webhook-signature"]} {
				if leak != "" && (strings.Contains(f.logs.String(), leak) || strings.Contains(f.response.Body, leak)) {
					t.Errorf("a secret or signature is in the log or the answer: %s %s", f.logs.String(), f.response.Body)
				}
			}
		})
	}
}

func verifier(t *testing.T, scheme webhooks.Scheme, secrets ...string) *webhooks.Verifier {
	t.Helper()
	return verifierWith(t, webhooks.Config{Scheme: scheme, Secrets: secrets})
}

func verifierWith(t *testing.T, c webhooks.Config) *webhooks.Verifier {
	t.Helper()
	v, err := webhooks.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSizeBeforeDecoding: a base64 body longer than the encoding of the
// limit is refused 413 unread, even when it would not decode (a decode
// first would answer 401); one within the limit is decoded and queued.
func TestSizeBeforeDecoding(t *testing.T) {
	const body = `{"n":1234567890}` // 16 bytes: its base64 is 24 characters
	limit := webhooks.Config{Scheme: webhooks.GitHub, Secrets: []string{githubSecret}, MaxBodyBytes: 16}

	f := newFixture(t, webhooks.GitHub, githubSecret)
	f.h.Verifier = verifierWith(t, limit)
	req := signed(t, webhooks.GitHub, githubSecret, body, "d-1", "push", now)
	req.Body, req.IsBase64Encoded = base64.StdEncoding.EncodeToString([]byte(body)), true
	f.do(t, req)
	if f.response.StatusCode != 202 || len(f.q.sends) != 1 || f.q.sends[0].body != `{"kind":"push","payload":`+body+`}` {
		t.Fatalf("at the limit: status %d, sends %+v; want 202 and the decoded body", f.response.StatusCode, f.q.sends)
	}

	for _, tc := range []struct {
		name, body string
		base64     bool
		status     int
	}{
		{"25 characters that are not base64", strings.Repeat("%", 25), true, 413},
		{"24 characters that are not base64", strings.Repeat("%", 24), true, 401},
		{"17 raw bytes", body + " ", false, 413},
	} {
		f := newFixture(t, webhooks.GitHub, githubSecret)
		f.h.Verifier = verifierWith(t, limit)
		req := signed(t, webhooks.GitHub, githubSecret, body, "d-1", "push", now)
		req.Body, req.IsBase64Encoded = tc.body, tc.base64
		f.do(t, req)
		if f.response.StatusCode != tc.status || len(f.q.sends) != 0 {
			t.Errorf("%s: status %d, sends %d; want %d and none", tc.name, f.response.StatusCode, len(f.q.sends), tc.status)
		}
	}
}

func TestHandlerTimeoutIsAContextDeadline(t *testing.T) {
	f := newFixture(t, webhooks.Stripe, stripeSecret)
	f.q.block = true
	f.h.EnqueueTimeout = time.Hour
	f.h.HandlerTimeout = 10 * time.Millisecond
	f.do(t, stripeSigned(t, stripeEvent, now))
	if f.response.StatusCode != 503 {
		t.Errorf("status = %d, want 503 when the handler deadline passes", f.response.StatusCode)
	}
}

func TestUnfitRequestIDIsReplaced(t *testing.T) {
	f := newFixture(t, webhooks.Stripe, stripeSecret)
	req := stripeSigned(t, stripeEvent, now)
	req.Headers["x-request-id"] = "has spaces and \"quotes\""
	body := f.do(t, req)
	if rid := body[telemetry.FieldRequestID]; rid == req.Headers["x-request-id"] || !obs.ValidRequestID(rid) ||
		f.q.sends[0].attrs[telemetry.AttrRequestID] != rid {
		t.Errorf("request id = %q, attributes %v", rid, f.q.sends[0].attrs)
	}
}

// A body under the cap can still outgrow SQS's limit once wrapped (a
// non-JSON body is escaped into a JSON string): 413, nothing queued.
func TestBodyThatOutgrowsTheQueueLimit(t *testing.T) {
	f := newFixture(t, webhooks.GitHub, githubSecret)
	body := strings.Repeat("\x01", 100*1024) // each byte escapes to six
	f.do(t, signed(t, webhooks.GitHub, githubSecret, body, "d-big", "push", now))
	if f.response.StatusCode != 413 || len(f.q.sends) != 0 {
		t.Errorf("status %d, sends %d; want 413 and none", f.response.StatusCode, len(f.q.sends))
	}
}
