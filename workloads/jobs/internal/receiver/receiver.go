// Package receiver turns webhooks from real senders into job messages.
//
// A [Handler] serves one endpoint: one route of an API Gateway HTTP API
// (payload format 2.0) for one sender. It verifies the request by the
// sender's own scheme (package webhooks: Standard Webhooks, Stripe, GitHub,
// Slack, Shopify), checking the body's size before decoding it, then wraps
// the body in the job envelope under the delivery's kind and sends it to a
// [Queue] with the request id, the W3C traceparent of its own server span
// and the idempotency key "<endpoint>:<the sender's event id>" as message
// attributes, and answers 202. A sender's retry of an event carries the same
// id, so the worker writes it once. Nothing is queued unless the signature
// is valid. A Slack url_verification challenge is answered with the
// challenge and queues nothing. Every answer carries the X-Request-ID
// header, errors are JSON, and every request is logged once.
package receiver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/webhooks"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
	"github.com/groundwork-iac/groundwork/workloads/jobs/internal/envelope"
)

// Queue sends one message and returns its id.
type Queue interface {
	Send(ctx context.Context, body string, attrs map[string]string) (messageID string, err error)
}

// Handler receives one endpoint's webhooks. Zero-valued settings mean the
// defaults named in defaults.go.
type Handler struct {
	// Endpoint is the endpoint's name (CheckEndpointName): it namespaces the
	// idempotency keys. Empty is handled like a nil Verifier.
	Endpoint string
	// Verifier verifies the sender's requests. Nil means it could not be set
	// up (no or bad secrets, unknown scheme): every request to the route is
	// answered 503 (fail closed).
	Verifier *webhooks.Verifier
	// Queue receives accepted webhooks. Nil is handled like a nil Verifier.
	Queue Queue
	// Path is the only path served. If empty, workloadenv.DefaultWebhookPath.
	Path string
	// HandlerTimeout is the whole request's deadline. If zero,
	// workloadenv.DefaultHandlerTimeout.
	HandlerTimeout time.Duration
	// EnqueueTimeout bounds Queue.Send. If zero, workloadenv.DefaultEnqueueTimeout.
	EnqueueTimeout time.Duration

	// Now is the clock, for the signed timestamp's window too. If nil, time.Now.
	Now func() time.Time
	// Instruments are the tracer, propagator and logger; zero means the globals.
	obs.Instruments
	// Flush, if set, runs at the end of every invocation (spans must leave a
	// Lambda sandbox before it is frozen).
	Flush func(context.Context) error
}

// result is how a request ended.
type result struct {
	status    int
	outcome   string // short machine-readable name, logged
	message   string // client-facing error message
	err       error  // internal cause, logged and recorded on the span
	headers   map[string]string
	messageID string
	// deliveryID and kind are the verified delivery's, logged; empty until
	// the signature verified.
	deliveryID, kind string
	challenge        string
}

// errNotConfigured is the logged cause of a fail-closed 503; why the
// endpoint is not configured is logged once, at init.
var errNotConfigured = errors.New("the endpoint's verifier, name or queue is not configured (see the log at init)")

// Handle serves one API Gateway request. It never returns an error: every
// failure is an HTTP answer.
func (h *Handler) Handle(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	start := h.now()
	if h.Flush != nil {
		invocation := ctx
		defer func() {
			if err := h.Flush(invocation); err != nil {
				h.Log().WarnContext(invocation, "flushing spans failed", "error", err)
			}
		}()
	}

	requestID := header(req.Headers, telemetry.HeaderRequestID)
	if !obs.ValidRequestID(requestID) {
		requestID = obs.NewRequestID()
	}
	ctx = obs.WithRequestID(ctx, requestID)
	ctx = h.Propagation().Extract(ctx, headerCarrier(req.Headers))

	method, path := req.RequestContext.HTTP.Method, requestPath(req)
	ctx, span := h.Tracing(tracerName).Start(ctx, method,
		trace.WithSpanKind(trace.SpanKindServer),
		trace.WithAttributes(semconv.HTTPRequestMethodKey.String(method), semconv.URLPath(path)))
	ctx, cancel := context.WithTimeout(ctx, h.handlerTimeout())
	defer cancel()

	res := h.serve(ctx, req, method, path, span)

	span.SetAttributes(semconv.HTTPResponseStatusCode(res.status))
	if res.err != nil {
		span.RecordError(res.err)
	}
	if res.status >= http.StatusInternalServerError {
		span.SetStatus(codes.Error, res.outcome)
	}
	h.logResult(ctx, res, method, path, start)
	span.End()

	switch res.status {
	case http.StatusAccepted:
		return response(res.status, requestID, map[string]string{"status": res.outcome}, nil), nil
	case http.StatusOK:
		return challengeResponse(requestID, res.challenge), nil
	}
	return errorResponse(res.status, requestID, res.message, res.headers), nil
}

func (h *Handler) serve(ctx context.Context, req events.APIGatewayV2HTTPRequest, method, path string, span trace.Span) result {
	route := h.path()
	if path != route {
		return result{status: http.StatusNotFound, outcome: OutcomeNotFound, message: "not found"}
	}
	span.SetName(method + " " + route)
	span.SetAttributes(semconv.HTTPRoute(route))
	if method != http.MethodPost {
		return result{status: http.StatusMethodNotAllowed, outcome: OutcomeMethod,
			message: "method not allowed; use POST", headers: allowPost}
	}
	if h.Verifier == nil || h.Queue == nil || CheckEndpointName(h.Endpoint) != nil {
		return result{status: http.StatusServiceUnavailable, outcome: OutcomeUnavailable,
			message: "receiver is not configured; retry later", err: errNotConfigured}
	}
	// API Gateway hands over the body as received, or its base64 text
	// (isBase64Encoded): the verifier bounds the encoded length before it
	// decodes anything.
	d, err := h.Verifier.Verify(webhooks.Request{Header: webhooks.HeaderMap(req.Headers), Body: []byte(req.Body),
		Base64: req.IsBase64Encoded}, h.now())
	if err != nil {
		return rejected(d, err)
	}
	if d.IsChallenge() {
		return result{status: http.StatusOK, outcome: OutcomeChallenge, challenge: d.Challenge, kind: d.Kind}
	}
	res := result{deliveryID: d.ID, kind: d.Kind}
	if strings.HasPrefix(d.Kind, ReservedKindPrefix) {
		res.status, res.outcome = http.StatusBadRequest, OutcomeBadKind
		res.message = "kind " + strconv.Quote(d.Kind) + " is reserved for the kit's own jobs (prefix " + ReservedKindPrefix + ")"
		res.err = errors.New(res.message)
		return res
	}

	msg, err := envelope.Marshal(d.Kind, payload(d.Body))
	if err != nil {
		res.status, res.outcome, res.message, res.err = http.StatusInternalServerError, OutcomeInternal, "internal error", err
		return res
	}
	attrs := h.attributes(ctx, IdempotencyKey(h.Endpoint, d.ID))
	if size := messageSize(msg, attrs); size > MaxMessageBytes {
		res.status, res.outcome = http.StatusRequestEntityTooLarge, OutcomeTooLarge
		res.message = "body exceeds the queue's message size once wrapped (" + strconv.Itoa(size) + " > " + strconv.Itoa(MaxMessageBytes) + " bytes)"
		return res
	}
	sendCtx, cancel := context.WithTimeout(ctx, h.enqueueTimeout())
	defer cancel()
	id, err := h.Queue.Send(sendCtx, msg, attrs)
	if err != nil {
		res.status, res.outcome, res.message, res.err = http.StatusServiceUnavailable, OutcomeEnqueue, "could not queue the webhook; retry later", err
		return res
	}
	res.status, res.outcome, res.messageID = http.StatusAccepted, OutcomeAccepted, id
	return res
}

// rejected is the answer to a request that did not verify, with the
// status webhooks.Status gives. A signature problem gets one message for
// all its causes (the log says which); a genuine request that cannot become
// a job is told why.
func rejected(d webhooks.Delivery, err error) result {
	res := result{status: webhooks.Status(err), err: err}
	switch res.status {
	case http.StatusUnauthorized:
		res.outcome, res.message = OutcomeBadSignature, "missing, invalid or expired signature"
	case http.StatusRequestEntityTooLarge:
		res.outcome, res.message = OutcomeTooLarge, err.Error()
	case http.StatusBadRequest:
		res.outcome, res.message = OutcomeBadPayload, err.Error()
		switch {
		case errors.Is(err, webhooks.ErrBadKind):
			res.outcome = OutcomeBadKind
		case errors.Is(err, webhooks.ErrBadID):
			res.outcome = OutcomeBadID
		}
		// Authenticated: what of the id and kind is valid may be logged.
		if webhooks.ValidID(d.ID) == nil {
			res.deliveryID = d.ID
		}
		if webhooks.ValidKind(d.Kind) == nil {
			res.kind = d.Kind
		}
	default:
		res.outcome, res.message = OutcomeInternal, "internal error"
	}
	return res
}

// IdempotencyKey is the key of a delivery: the endpoint's name, a colon and
// the sender's event id, which every retry of the event repeats. The
// endpoint keeps two senders' ids apart.
func IdempotencyKey(endpoint, deliveryID string) string { return endpoint + ":" + deliveryID }

// attributes are the message attributes of the contract: the request id, the
// traceparent of the current (server) span, so the worker's span is its
// child, and the idempotency key.
func (h *Handler) attributes(ctx context.Context, key string) map[string]string {
	attrs := map[string]string{
		telemetry.AttrRequestID:      obs.RequestID(ctx),
		telemetry.AttrIdempotencyKey: key,
	}
	carrier := propagation.MapCarrier{}
	h.Propagation().Inject(ctx, carrier)
	if tp := carrier.Get(telemetry.HeaderTraceparent); tp != "" {
		attrs[telemetry.AttrTraceparent] = tp
	}
	return attrs
}

// messageSize is what SQS counts against its limit: the body plus each
// attribute's name, type ("String") and value.
func messageSize(body string, attrs map[string]string) int {
	n := len(body)
	for k, v := range attrs {
		n += len(k) + len("String") + len(v)
	}
	return n
}

// payload is the body itself when it is JSON, else the body as a JSON string
// (a Slack slash command is a form).
func payload(body []byte) json.RawMessage {
	if json.Valid(body) {
		return body
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)     // kept as sent, like the envelope
	_ = enc.Encode(string(body)) // a string always encodes
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *Handler) path() string { return or(h.Path, workloadenv.DefaultWebhookPath) }
func (h *Handler) handlerTimeout() time.Duration {
	return or(h.HandlerTimeout, workloadenv.DefaultHandlerTimeout)
}
func (h *Handler) enqueueTimeout() time.Duration {
	return or(h.EnqueueTimeout, workloadenv.DefaultEnqueueTimeout)
}

// or returns v, or def when v is the zero value.
func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}
