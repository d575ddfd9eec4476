package runtime

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	webhookc "github.com/groundwork-iac/groundwork/components/aws/webhook"
	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/tests/runtime/internal/fakesqs"
	"github.com/groundwork-iac/groundwork/tests/runtime/internal/lambdarie"
	"github.com/groundwork-iac/groundwork/tests/runtime/internal/rt"
	"github.com/groundwork-iac/groundwork/webhooks"
)

// msgVerificationUnavailable is the receiver's line at init when it cannot
// verify (it then answers 503 to everything).
const msgVerificationUnavailable = "webhook verification unavailable; answering 503 to every request"

// receiverLifecycle are the receiver's lines written outside any request.
var receiverLifecycle = []string{"receiver ready", msgVerificationUnavailable}

// endpoint is one webhook endpoint as the blueprint deploys it: its own
// receiver function, for one sender, on one route.
type endpoint struct {
	name    string
	scheme  webhooks.Scheme
	secrets []string
	// rawSecrets, when set, is WEBHOOK_SECRETS as given (a malformed one).
	rawSecrets string
}

func (e endpoint) path() string { return "/hooks/" + e.name }

// receiver is one endpoint's receiver Lambda running under the emulator,
// sending to a fake SQS.
type receiver struct {
	endpoint
	queueURL string
	sqs      *fakesqs.Server
	otlp     *rt.OTLP
	logs     *rt.Logs
	fn       *lambdarie.Function
	// signatures are the signature headers sent, which no log line may hold.
	signatures []string
}

// startReceiver runs the receiver of e with the settings the blueprint
// deploys (workloadenv's names; the secrets as WEBHOOK_SECRETS, the JSON
// array the Secrets Manager secret holds). When the test ends, its log lines
// are checked against the log contract and for the secrets and signatures,
// and the fake SQS must have had no call it does not support.
func startReceiver(t *testing.T, e endpoint) *receiver {
	t.Helper()
	bin := buildLambda(t, receiverPkg)
	r := &receiver{endpoint: e, sqs: fakesqs.New(t), otlp: rt.NewOTLP(t), logs: &rt.Logs{}}
	r.queueURL = r.sqs.URL() + "/000000000000/jobs"
	secrets := e.rawSecrets
	if secrets == "" {
		b, _ := json.Marshal(e.secrets)
		secrets = string(b)
	}
	env := map[string]string{
		workloadenv.WebhookEndpoint:      e.name,
		workloadenv.WebhookScheme:        string(e.scheme),
		workloadenv.WebhookPath:          e.path(),
		workloadenv.LocalWebhookSecrets:  secrets,
		workloadenv.WebhookSecretVersion: "terraform-00000000-0000-0000-0000-000000000001",
		workloadenv.WebhookMaxBodyBytes:  strconv.Itoa(workloadenv.DefaultWebhookMaxBodyBytes),
		workloadenv.HandlerTimeout:       workloadenv.DefaultHandlerTimeout.String(),
		workloadenv.EnqueueTimeout:       workloadenv.DefaultEnqueueTimeout.String(),
		workloadenv.JobQueueURL:          r.queueURL,
		"AWS_ENDPOINT_URL_SQS":           r.sqs.URL(),
		telemetry.EnvServiceName:         receiverService,
		telemetry.EnvEndpoint:            r.otlp.Endpoint(),
		telemetry.EnvSamplerArg:          "1",
		telemetry.EnvLogLevel:            "info",
		lambdarie.EnvFunctionTimeout:     lambdarie.Seconds(webhookc.Timeout),
	}
	if tol := e.scheme.Tolerance(); tol > 0 { // only the schemes that sign a timestamp
		env[workloadenv.WebhookTolerance] = tol.String()
	}
	r.fn = lambdarie.Start(t, bin, env, r.logs)
	t.Cleanup(func() {
		r.fn.SyncLogs()
		rt.TracesExported(t, r.logs.Check(t, receiverLifecycle...), r.otlp, receiverService, 10*time.Second)
		r.logs.NoSecret(t, append(slices.Clone(e.secrets), r.signatures...)...)
		if e.rawSecrets != "" {
			r.logs.NoSecret(t, e.rawSecrets)
		}
		if ready := r.logs.Find("receiver ready"); len(ready) != 1 || ready[0].Str("endpoint") != e.name ||
			ready[0].Str("scheme") != string(e.scheme) || ready[0].Str("path") != e.path() {
			t.Errorf("want exactly one \"receiver ready\" line naming endpoint %s, scheme %s, path %s; logs:\n%s",
				e.name, e.scheme, e.path(), r.logs)
		}
		if u := r.sqs.Unsupported(); len(u) != 0 {
			t.Errorf("the receiver made SQS calls the fake does not support: %v", u)
		}
	})
	return r
}

// sign returns the headers the endpoint's sender sends with body at ts,
// signed with secret.
func (r *receiver) sign(t *testing.T, secret, body, id, kind string, ts time.Time) http.Header {
	t.Helper()
	h, err := webhooks.Sign(r.scheme, secret, []byte(body), id, kind, ts)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// delivery is an API Gateway HTTP API (payload format 2.0) request for POST
// on the endpoint's path with body, the sender's headers and extra ones,
// all lower-cased as API Gateway delivers them.
func (r *receiver) delivery(body string, sender http.Header, extra map[string]string) events.APIGatewayV2HTTPRequest {
	now := time.Now().UTC()
	h := map[string]string{
		"accept":            "*/*",
		"content-length":    strconv.Itoa(len(body)),
		"content-type":      "application/json",
		"host":              "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com",
		"user-agent":        "groundwork-rt-sender/1.0",
		"x-amzn-trace-id":   "Root=1-" + strconv.FormatInt(now.Unix(), 16) + "-" + rt.RandomHex(12),
		"x-forwarded-for":   "203.0.113.7",
		"x-forwarded-port":  "443",
		"x-forwarded-proto": "https",
	}
	for k := range sender {
		h[strings.ToLower(k)] = sender.Get(k)
	}
	maps.Copy(h, extra)
	req := events.APIGatewayV2HTTPRequest{
		Version:  "2.0",
		RouteKey: "POST " + r.path(),
		RawPath:  r.path(),
		Headers:  h,
		Body:     body,
	}
	rc := &req.RequestContext
	rc.AccountID = "123456789012"
	rc.APIID = "a1b2c3d4e5"
	rc.DomainName = h["host"]
	rc.DomainPrefix = "a1b2c3d4e5"
	rc.RequestID = rt.RandomHex(8) + "="
	rc.RouteKey = req.RouteKey
	rc.Stage = "$default"
	rc.Time = now.Format("02/Jan/2006:15:04:05 -0700")
	rc.TimeEpoch = now.UnixMilli()
	rc.HTTP.Method = "POST"
	rc.HTTP.Path = r.path()
	rc.HTTP.Protocol = "HTTP/1.1"
	rc.HTTP.SourceIP = "203.0.113.7"
	rc.HTTP.UserAgent = h["user-agent"]
	return req
}

// post invokes the receiver. Every answer carries X-Request-ID; a JSON one
// (every answer but a challenge's) also carries it in its body, returned
// decoded.
func (r *receiver) post(t *testing.T, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, map[string]string) {
	t.Helper()
	for _, name := range []string{"stripe-signature", "x-hub-signature-256", "x-slack-signature", "webhook-signature", "x-shopify-hmac-sha256"} {
		if v := req.Headers[name]; v != "" {
			r.signatures = append(r.signatures, v)
		}
	}
	resp, _ := lambdarie.Call[events.APIGatewayV2HTTPResponse](t, r.fn, req)
	if resp.Headers[telemetry.HeaderRequestID] == "" {
		t.Errorf("response without %s: %+v", telemetry.HeaderRequestID, resp)
	}
	if resp.Headers["Content-Type"] != "application/json" {
		return resp, nil
	}
	var body map[string]string
	if err := json.Unmarshal([]byte(resp.Body), &body); err != nil {
		t.Fatalf("response body is not a JSON object of strings: %q", resp.Body)
	}
	if rid := body[telemetry.FieldRequestID]; rid == "" || resp.Headers[telemetry.HeaderRequestID] != rid {
		t.Errorf("response request id: header %q, body %q; want the same, non-empty", resp.Headers[telemetry.HeaderRequestID], rid)
	}
	return resp, body
}

// requestLine is the receiver's one "request" line for request id rid.
func (r *receiver) requestLine(t *testing.T, rid string) rt.Record {
	t.Helper()
	var found []rt.Record
	for _, l := range r.logs.Find(telemetry.MsgRequest) {
		if l.Str(telemetry.FieldRequestID) == rid {
			found = append(found, l)
		}
	}
	if len(found) != 1 {
		t.Fatalf("\"request\" lines for %s = %v, want one; logs:\n%s", rid, found, r.logs)
	}
	return found[0]
}

// checkFields fails for each field of want the record does not have.
func checkFields(t *testing.T, what string, rec rt.Record, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if rec.Str(k) != v {
			t.Errorf("%s: %s = %q, want %q (line %v)", what, k, rec.Str(k), v, rec)
		}
	}
}

// stripeEvent is a Stripe event body as Stripe posts it (abridged).
func stripeEvent(id, kind string) string {
	return `{"id":"` + id + `","object":"event","api_version":"2024-06-20","created":1718000000,"type":"` + kind +
		`","data":{"object":{"id":"in_1PQ","object":"invoice","amount_paid":1250,"currency":"eur"}},"livemode":false}`
}

func newSecret(prefix string) string { return prefix + rt.RandomHex(24) }

// TestReceiverAcceptsSignedWebhook: a Stripe-signed event is answered 202
// and queued once, wrapped in the job envelope under the event's type, with
// the request id, the idempotency key "stripe:<event id>" and a traceparent
// that continues the caller's trace through the receiver's SERVER span; its
// request line names the endpoint, the event and its kind.
func TestReceiverAcceptsSignedWebhook(t *testing.T) {
	t.Parallel()
	secret := newSecret("whsec_")
	r := startReceiver(t, endpoint{name: "stripe", scheme: webhooks.Stripe, secrets: []string{secret}})

	eventID := "evt_" + rt.RandomHex(12)
	body := stripeEvent(eventID, "invoice.paid")
	callerTrace, callerSpan := rt.NewTraceID(), rt.NewSpanID()
	_, resp := r.post(t, r.delivery(body, r.sign(t, secret, body, "", "", time.Now()), map[string]string{
		"x-request-id": "req-rt-webhook-1",
		"traceparent":  rt.Traceparent(callerTrace, callerSpan),
	}))
	if resp["status"] != "accepted" || resp[telemetry.FieldRequestID] != "req-rt-webhook-1" {
		t.Fatalf("response = %v, want accepted with the caller's request id", resp)
	}

	msgs := r.sqs.Messages()
	if len(msgs) != 1 {
		t.Fatalf("SQS got %d messages, want 1: %+v", len(msgs), msgs)
	}
	m := msgs[0]
	if m.QueueURL != r.queueURL {
		t.Errorf("queue URL = %q, want %q", m.QueueURL, r.queueURL)
	}
	if want := `{"kind":"invoice.paid","payload":` + body + `}`; m.Body != want {
		t.Errorf("message body = %s, want %s", m.Body, want)
	}

	spans := r.otlp.Wait(t, 1, 5*time.Second, rt.InTrace(callerTrace))
	if len(spans) != 1 {
		t.Fatalf("spans in the caller's trace = %+v, want one", spans)
	}
	s := spans[0]
	if s.Kind != "SERVER" || s.ParentSpanID != callerSpan || s.Service != receiverService || s.Name != "POST /hooks/stripe" ||
		s.Attrs["http.route"] != "/hooks/stripe" || s.Attrs["http.request.method"] != "POST" || s.Error {
		t.Errorf("span = %+v, want the SERVER span \"POST /hooks/stripe\" of %s, child of the caller's %s", s, receiverService, callerSpan)
	}
	wantAttrs := map[string]string{
		telemetry.AttrRequestID:      "req-rt-webhook-1",
		telemetry.AttrIdempotencyKey: "stripe:" + eventID,
		telemetry.AttrTraceparent:    rt.Traceparent(callerTrace, s.SpanID),
	}
	if !maps.Equal(m.Attributes, wantAttrs) {
		t.Errorf("message attributes = %v, want %v", m.Attributes, wantAttrs)
	}
	checkFields(t, "request line", r.requestLine(t, "req-rt-webhook-1"), map[string]string{
		"level": "INFO", telemetry.FieldRoute: "POST /hooks/stripe", telemetry.FieldStatus: "202", telemetry.FieldOutcome: "accepted",
		"endpoint": "stripe", "delivery_id": eventID, "kind": "invoice.paid", "message_id": m.MessageID,
		telemetry.FieldTraceID: callerTrace, telemetry.FieldSpanID: s.SpanID,
	})
}

// TestReceiverRejectsBadSignatures: a tampered body, another secret's
// signature and a correctly signed but stale timestamp are all answered
// 401 and queue nothing, while a valid request to the same function is
// queued.
func TestReceiverRejectsBadSignatures(t *testing.T) {
	t.Parallel()
	secret := newSecret("whsec_")
	r := startReceiver(t, endpoint{name: "stripe", scheme: webhooks.Stripe, secrets: []string{secret}})
	now := time.Now()
	body := stripeEvent("evt_"+rt.RandomHex(12), "invoice.paid")
	tampered := r.delivery(strings.Replace(body, "1250", "1", 1), r.sign(t, secret, body, "", "", now), map[string]string{"x-request-id": "req-bad-sig"})
	wrongKey := r.delivery(body, r.sign(t, newSecret("whsec_"), body, "", "", now), map[string]string{"x-request-id": "req-wrong-key"})
	old := now.Add(-2 * webhooks.StripeTolerance)
	stale := r.delivery(body, r.sign(t, secret, body, "", "", old), map[string]string{"x-request-id": "req-stale"})

	for _, tc := range []struct {
		req   events.APIGatewayV2HTTPRequest
		cause string
	}{
		{tampered, "stripe webhook: no matching signature: Stripe-Signature"},
		{wrongKey, "stripe webhook: no matching signature: Stripe-Signature"},
		{stale, "stripe webhook: stale timestamp: Stripe-Signature t: signed 10m"},
	} {
		rid := tc.req.Headers["x-request-id"]
		resp, body := r.post(t, tc.req)
		if resp.StatusCode != 401 || body["error"] != "missing, invalid or expired signature" || body[telemetry.FieldRequestID] != rid {
			t.Errorf("%s: response = %d %v, want 401 with the error and the request id", rid, resp.StatusCode, body)
		}
		if n := len(r.sqs.Messages()); n != 0 {
			t.Errorf("%s: SQS has %d messages, want none", rid, n)
		}
		l := r.requestLine(t, rid)
		checkFields(t, rid, l, map[string]string{"level": "WARN", telemetry.FieldStatus: "401", telemetry.FieldOutcome: "bad_signature",
			"endpoint": "stripe", "delivery_id": "", "kind": ""})
		if !strings.HasPrefix(l.Str("error"), tc.cause) {
			t.Errorf("%s: logged error %q, want it to start with %q", rid, l.Str("error"), tc.cause)
		}
	}

	// The same function does queue a valid request: the 401s above are the
	// signature check's, not a broken queue.
	resp, _ := r.post(t, r.delivery(body, r.sign(t, secret, body, "", "", now), nil))
	if msgs := r.sqs.Messages(); resp.StatusCode != 202 || len(msgs) != 1 {
		t.Errorf("valid request after the rejections: %d, messages %+v; want 202 and one message", resp.StatusCode, msgs)
	}
}

// TestReceiverToWorker: a Stripe-signed and a GitHub-signed delivery, each
// to its own endpoint's receiver, become exactly one row each, under
// "<endpoint>:<the sender's id>", with the webhook's kind, request id and
// trace; the worker's CONSUMER span is a child of the receiver's SERVER
// span. Stripe's retry of the event (signed again, a new timestamp, the same
// event id) is queued again and processed once. The GitHub delivery is the
// one GitHub's docs publish, signature included.
func TestReceiverToWorker(t *testing.T) {
	t.Parallel()
	stripeSecret := newSecret("whsec_")
	stripe := startReceiver(t, endpoint{name: "stripe", scheme: webhooks.Stripe, secrets: []string{stripeSecret}})
	github := startReceiver(t, endpoint{name: "github", scheme: webhooks.GitHub, secrets: []string{"It's a Secret to Everybody"}})
	db := newJobsDB(t)
	w := startWorker(t, db, db.Pooled, nil)

	eventID := "evt_" + rt.RandomHex(12)
	body := stripeEvent(eventID, "invoice.paid")
	callerTrace, callerSpan := rt.NewTraceID(), rt.NewSpanID()
	for _, attempt := range []struct {
		rid string
		at  time.Time
	}{{"req-e2e-1", time.Now().Add(-3 * time.Minute)}, {"req-e2e-retry", time.Now()}} {
		resp, _ := stripe.post(t, stripe.delivery(body, stripe.sign(t, stripeSecret, body, "", "", attempt.at), map[string]string{
			"x-request-id": attempt.rid,
			"traceparent":  rt.Traceparent(callerTrace, callerSpan),
		}))
		if resp.StatusCode != 202 {
			t.Fatalf("%s: response = %d %s, want 202", attempt.rid, resp.StatusCode, resp.Body)
		}
	}
	// https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
	// (secret, body and signature) with the example delivery's headers,
	// https://docs.github.com/en/webhooks/webhook-events-and-payloads#delivery-headers.
	ghHeaders := http.Header{}
	ghHeaders.Set("X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
	ghHeaders.Set("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")
	ghHeaders.Set("X-GitHub-Event", "issues")
	ghHeaders.Set("X-GitHub-Hook-ID", "292430182")
	resp, _ := github.post(t, github.delivery("Hello, World!", ghHeaders, map[string]string{"x-request-id": "req-e2e-github",
		"user-agent": "GitHub-Hookshot/044aadd", "content-type": "text/plain"}))
	if resp.StatusCode != 202 {
		t.Fatalf("github: response = %d %s, want 202", resp.StatusCode, resp.Body)
	}

	stripeMsgs, githubMsgs := stripe.sqs.Messages(), github.sqs.Messages()
	if len(stripeMsgs) != 2 || len(githubMsgs) != 1 {
		t.Fatalf("SQS got %d stripe and %d github messages, want 2 (one per request) and 1", len(stripeMsgs), len(githubMsgs))
	}
	for _, m := range append(slices.Clone(stripeMsgs), githubMsgs...) {
		if failed, _ := w.handle(t, toSQSRecord(m)); len(failed) != 0 {
			t.Fatalf("message %s: batchItemFailures = %v, want none", m.MessageID, failed)
		}
	}

	rows := jobRows(t, db)
	if len(rows) != 2 {
		t.Fatalf("rows = %v, want exactly two: stripe:%s and github:72d3162e-cc78-11e3-81ab-4c9367dc0958", rows, eventID)
	}
	if row := rows["stripe:"+eventID]; row.Kind != "invoice.paid" || !sameJSON(t, row.Payload, body) || row.RequestID != "req-e2e-1" ||
		row.TraceID != callerTrace {
		t.Errorf("row stripe:%s = %+v, want kind invoice.paid, the event, request_id req-e2e-1, trace_id %s", eventID, row, callerTrace)
	}
	if row := rows["github:72d3162e-cc78-11e3-81ab-4c9367dc0958"]; row.Kind != "issues" || row.Payload != `"Hello, World!"` ||
		row.RequestID != "req-e2e-github" || !isHex(row.TraceID, 32) {
		t.Errorf("row github:72d3162e-... = %+v, want kind issues, the body as a JSON string, request_id req-e2e-github", row)
	}
	var outcomes []string
	for _, l := range jobLines(w.logs, processedOrDuplicate...) {
		outcomes = append(outcomes, l.Str("idempotency_key")+" "+l.Str(telemetry.FieldOutcome))
	}
	if want := []string{"stripe:" + eventID + " processed", "stripe:" + eventID + " duplicate",
		"github:72d3162e-cc78-11e3-81ab-4c9367dc0958 processed"}; !slices.Equal(outcomes, want) {
		t.Errorf("\"job\" lines (key, outcome) = %q, want %q", outcomes, want)
	}
	checkFields(t, "github request line", github.requestLine(t, "req-e2e-github"), map[string]string{
		telemetry.FieldRoute: "POST /hooks/github", telemetry.FieldOutcome: "accepted", "endpoint": "github",
		"delivery_id": "72d3162e-cc78-11e3-81ab-4c9367dc0958", "kind": "issues"})
	// The metric filters the blueprint puts on these functions' log groups
	// match exactly the lines that end a unit, and read their durations.
	assertRouteMetrics(t, "worker", w.logs, telemetry.MsgJob, map[string]int{"invoice.paid": 2, "issues": 1})
	assertRouteMetrics(t, "stripe receiver", stripe.logs, telemetry.MsgRequest, map[string]int{"POST /hooks/stripe": 2})
	assertRouteMetrics(t, "github receiver", github.logs, telemetry.MsgRequest, map[string]int{"POST /hooks/github": 1})

	servers := stripe.otlp.Wait(t, 2, 5*time.Second, rt.InTrace(callerTrace))
	consumers := w.otlp.Wait(t, 2, 5*time.Second, rt.InTrace(callerTrace))
	for _, m := range stripeMsgs {
		// The traceparent attribute names the receiver's SERVER span.
		parts := strings.Split(m.Attributes[telemetry.AttrTraceparent], "-")
		if len(parts) != 4 {
			t.Errorf("message %s: traceparent attribute %q", m.MessageID, m.Attributes[telemetry.AttrTraceparent])
			continue
		}
		server := slices.IndexFunc(servers, func(s rt.Span) bool { return s.SpanID == parts[2] && s.Kind == "SERVER" })
		consumer := slices.IndexFunc(consumers, func(s rt.Span) bool {
			return s.Attrs["messaging.message.id"] == m.MessageID && s.Kind == "CONSUMER"
		})
		if server < 0 || consumer < 0 || consumers[consumer].ParentSpanID != parts[2] {
			t.Errorf("message %s: want the worker's CONSUMER span a child of the receiver's SERVER span %s; receiver spans %+v, worker spans %+v",
				m.MessageID, parts[2], servers, consumers)
		}
	}
}

// TestReceiverSlackURLVerification: Slack's url_verification handshake is
// answered 200 with the challenge as plain text and queues nothing; an
// event to the same function is queued under "slack:<event_id>".
func TestReceiverSlackURLVerification(t *testing.T) {
	t.Parallel()
	secret := rt.RandomHex(16) // Slack's signing secrets are 32 hex digits
	r := startReceiver(t, endpoint{name: "slack", scheme: webhooks.Slack, secrets: []string{secret}})

	// https://docs.slack.dev/reference/events/url_verification
	const challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
	body := `{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"` + challenge + `","type":"url_verification"}`
	resp, _ := r.post(t, r.delivery(body, r.sign(t, secret, body, "", "", time.Now()), map[string]string{"x-request-id": "req-challenge"}))
	want := map[string]string{"Content-Type": "text/plain", telemetry.HeaderRequestID: "req-challenge"}
	if resp.StatusCode != 200 || resp.Body != challenge || !maps.Equal(resp.Headers, want) {
		t.Errorf("response = %d %q %v, want 200, the challenge, headers %v", resp.StatusCode, resp.Body, resp.Headers, want)
	}
	if msgs := r.sqs.Messages(); len(msgs) != 0 {
		t.Errorf("SQS got %+v, want nothing for the handshake", msgs)
	}
	checkFields(t, "challenge line", r.requestLine(t, "req-challenge"), map[string]string{"level": "INFO",
		telemetry.FieldStatus: "200", telemetry.FieldOutcome: "challenge", "endpoint": "slack", "kind": "url_verification",
		"delivery_id": "", telemetry.FieldRoute: "POST /hooks/slack"})

	// https://docs.slack.dev/apis/events-api/#callback-field, minified.
	event := `{"token":"XXYYZZ","team_id":"TXXXXXXXX","api_app_id":"AXXXXXXXXX","event":{"type":"app_mention","event_ts":"1234567890.123456","user":"UXXXXXXX1"},"type":"event_callback","authed_users":["UXXXXXXX1"],"event_id":"Ev08MFMKH6","event_time":1234567890}`
	resp, _ = r.post(t, r.delivery(event, r.sign(t, secret, event, "", "", time.Now()), nil))
	if msgs := r.sqs.Messages(); resp.StatusCode != 202 || len(msgs) != 1 || msgs[0].Attributes[telemetry.AttrIdempotencyKey] != "slack:Ev08MFMKH6" ||
		!strings.HasPrefix(msgs[0].Body, `{"kind":"app_mention",`) {
		t.Errorf("event: %d, messages %+v; want 202 and one app_mention under slack:Ev08MFMKH6", resp.StatusCode, msgs)
	}
}

// TestReceiverSecretRotation: during a rotation the endpoint's secret holds
// [old, new], and a delivery signed with the old one is accepted; once the
// secret holds [new] only (a new version, so new instances), the old one's
// signature is refused 401 and the new one's accepted.
func TestReceiverSecretRotation(t *testing.T) {
	t.Parallel()
	oldSecret, newSecret := newSecret("whsec_"), newSecret("whsec_")
	send := func(r *receiver, secret, rid string) int {
		t.Helper()
		body := stripeEvent("evt_"+rt.RandomHex(12), "customer.updated")
		resp, _ := r.post(t, r.delivery(body, r.sign(t, secret, body, "", "", time.Now()), map[string]string{"x-request-id": rid}))
		return resp.StatusCode
	}

	during := startReceiver(t, endpoint{name: "stripe", scheme: webhooks.Stripe, secrets: []string{oldSecret, newSecret}})
	if got := send(during, oldSecret, "req-during-old"); got != 202 {
		t.Errorf("secrets [old new], signed with old: %d, want 202", got)
	}
	if got := send(during, newSecret, "req-during-new"); got != 202 {
		t.Errorf("secrets [old new], signed with new: %d, want 202", got)
	}
	if n := len(during.sqs.Messages()); n != 2 {
		t.Errorf("during the rotation: %d messages, want 2", n)
	}

	after := startReceiver(t, endpoint{name: "stripe", scheme: webhooks.Stripe, secrets: []string{newSecret}})
	if got := send(after, oldSecret, "req-after-old"); got != 401 {
		t.Errorf("secrets [new], signed with old: %d, want 401", got)
	}
	checkFields(t, "old secret after the rotation", after.requestLine(t, "req-after-old"),
		map[string]string{telemetry.FieldOutcome: "bad_signature", "error": "stripe webhook: no matching signature: Stripe-Signature"})
	if got := send(after, newSecret, "req-after-new"); got != 202 {
		t.Errorf("secrets [new], signed with new: %d, want 202", got)
	}
	if n := len(after.sqs.Messages()); n != 1 {
		t.Errorf("after the rotation: %d messages, want 1 (the new secret's)", n)
	}
}

// TestReceiverFailsClosed: a secret stored as a bare string instead of a
// JSON array is logged once at init, by where it came from and what is
// wrong, never by value; every request is then answered 503.
func TestReceiverFailsClosed(t *testing.T) {
	t.Parallel()
	bare := newSecret("whsec_")
	r := startReceiver(t, endpoint{name: "stripe", scheme: webhooks.Stripe, rawSecrets: bare})
	body := stripeEvent("evt_"+rt.RandomHex(12), "invoice.paid")
	for _, rid := range []string{"req-closed-1", "req-closed-2"} {
		resp, got := r.post(t, r.delivery(body, r.sign(t, bare, body, "", "", time.Now()), map[string]string{"x-request-id": rid}))
		if resp.StatusCode != 503 || got["error"] != "receiver is not configured; retry later" {
			t.Errorf("%s: %d %v, want 503 and the error", rid, resp.StatusCode, got)
		}
		checkFields(t, rid, r.requestLine(t, rid), map[string]string{"level": "ERROR", telemetry.FieldOutcome: "unavailable",
			telemetry.FieldStatus: "503"})
	}
	if msgs := r.sqs.Messages(); len(msgs) != 0 {
		t.Errorf("SQS got %+v, want nothing", msgs)
	}
	init := r.logs.Find(msgVerificationUnavailable)
	if len(init) != 1 || init[0].Str("level") != "ERROR" || init[0].Str("error") != workloadenv.LocalWebhookSecrets+
		` is not a JSON array (a bare secret?); store the endpoint's signing secrets as a JSON array of strings: ["<secret>"]` {
		t.Errorf("init lines %v, want one at ERROR naming %s and the fix", init, workloadenv.LocalWebhookSecrets)
	}
}
