// Package receiver turns signed webhook requests into job messages.
//
// A [Handler] serves one route of an API Gateway HTTP API (payload format
// 2.0). It verifies the request's HMAC signature and timestamp (package
// signature), wraps the body in the job envelope and sends it to a [Queue]
// with the request id, the W3C traceparent of its own server span and an
// idempotency key as message attributes, then answers 202. Nothing is queued
// unless the signature is valid. Every answer is JSON and carries the
// X-Request-ID header; every request is logged once.
package receiver

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
	"github.com/groundwork-iac/groundwork/workloads/jobs/internal/envelope"
	"github.com/groundwork-iac/groundwork/workloads/jobs/internal/signature"
)

// Queue sends one message and returns its id.
type Queue interface {
	Send(ctx context.Context, body string, attrs map[string]string) (messageID string, err error)
}

// Handler receives webhooks. Zero-valued settings mean the defaults named in
// defaults.go.
type Handler struct {
	// Key is the HMAC signing key. Empty means it could not be loaded: every
	// request to the route is answered 503 (fail closed).
	Key []byte
	// Queue receives accepted webhooks. Nil is handled like an empty Key.
	Queue Queue
	// Path is the only path served. If empty, workloadenv.DefaultWebhookPath.
	Path string
	// MaxBodyBytes caps the decoded body; larger bodies get 413. If zero,
	// workloadenv.DefaultWebhookMaxBodyBytes.
	MaxBodyBytes int64
	// Tolerance is the replay window. If zero, workloadenv.DefaultWebhookTolerance.
	Tolerance time.Duration
	// HandlerTimeout is the whole request's deadline. If zero,
	// workloadenv.DefaultHandlerTimeout.
	HandlerTimeout time.Duration
	// EnqueueTimeout bounds Queue.Send. If zero, workloadenv.DefaultEnqueueTimeout.
	EnqueueTimeout time.Duration

	// Now is the clock. If nil, time.Now.
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
}

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

	if res.status == http.StatusAccepted {
		return response(res.status, requestID, map[string]string{"status": res.outcome}, nil), nil
	}
	return errorResponse(res.status, requestID, res.message, res.headers), nil
}

func (h *Handler) serve(ctx context.Context, req events.APIGatewayV2HTTPRequest, method, path string, span trace.Span) result {
	route := h.path()
	if path != route {
		return result{status: http.StatusNotFound, outcome: "not_found", message: "not found"}
	}
	span.SetName(method + " " + route)
	span.SetAttributes(semconv.HTTPRoute(route))
	if method != http.MethodPost {
		return result{status: http.StatusMethodNotAllowed, outcome: "method_not_allowed",
			message: "method not allowed; use POST", headers: allowPost}
	}
	if len(h.Key) == 0 || h.Queue == nil {
		return result{status: http.StatusServiceUnavailable, outcome: "unavailable",
			message: "receiver is not configured; retry later"}
	}
	body, err := requestBody(req)
	if err != nil {
		return result{status: http.StatusBadRequest, outcome: "bad_request", message: "body is not valid base64", err: err}
	}
	if int64(len(body)) > h.maxBodyBytes() {
		return result{status: http.StatusRequestEntityTooLarge, outcome: "too_large",
			message: "body exceeds " + strconv.FormatInt(h.maxBodyBytes(), 10) + " bytes"}
	}
	err = signature.Verify(h.Key,
		header(req.Headers, workloadenv.HeaderWebhookTimestamp),
		header(req.Headers, workloadenv.HeaderWebhookSignature),
		body, h.now(), h.Tolerance)
	if err != nil {
		return result{status: http.StatusUnauthorized, outcome: "bad_signature",
			message: "missing, invalid or expired signature", err: err}
	}

	msg, err := envelope.Marshal(h.kind(req), payload(body))
	if err != nil {
		return result{status: http.StatusInternalServerError, outcome: "internal", message: "internal error", err: err}
	}
	attrs := h.attributes(ctx, body)
	if size := messageSize(msg, attrs); size > MaxMessageBytes {
		return result{status: http.StatusRequestEntityTooLarge, outcome: "too_large",
			message: "body exceeds the queue's message size once wrapped (" + strconv.Itoa(size) + " > " + strconv.Itoa(MaxMessageBytes) + " bytes)"}
	}
	sendCtx, cancel := context.WithTimeout(ctx, h.enqueueTimeout())
	defer cancel()
	id, err := h.Queue.Send(sendCtx, msg, attrs)
	if err != nil {
		return result{status: http.StatusServiceUnavailable, outcome: "enqueue_failed",
			message: "could not queue the webhook; retry later", err: err}
	}
	return result{status: http.StatusAccepted, outcome: "accepted", messageID: id}
}

// attributes are the message attributes of the contract: the request id, the
// traceparent of the current (server) span, so the worker's span is its
// child, and the idempotency key. The key derives from the signed body, not
// from a header: headers are not signed, so a request replayed inside the
// tolerance with a changed header would otherwise become a second job. A
// sender's retry of the same event has the same body and is processed once.
func (h *Handler) attributes(ctx context.Context, body []byte) map[string]string {
	requestID := obs.RequestID(ctx)
	sum := sha256.Sum256(body)
	key := "body-sha256:" + hex.EncodeToString(sum[:])
	attrs := map[string]string{
		telemetry.AttrRequestID:      requestID,
		telemetry.AttrIdempotencyKey: key,
	}
	carrier := propagation.MapCarrier{}
	h.Propagation().Inject(ctx, carrier)
	if tp := carrier.Get(telemetry.HeaderTraceparent); tp != "" {
		attrs[telemetry.AttrTraceparent] = tp
	}
	return attrs
}

func (h *Handler) kind(req events.APIGatewayV2HTTPRequest) string {
	if k := header(req.Headers, workloadenv.HeaderWebhookEvent); k != "" {
		return k
	}
	return DefaultKind
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

// payload is the body itself when it is JSON, else the body as a JSON string.
func payload(body []byte) json.RawMessage {
	if json.Valid(body) {
		return body
	}
	s, _ := json.Marshal(string(body)) // a string always marshals
	return s
}

func (h *Handler) logResult(ctx context.Context, res result, method, path string, start time.Time) {
	level := slog.LevelInfo
	switch {
	case res.status >= http.StatusInternalServerError:
		level = slog.LevelError
	case res.status >= http.StatusBadRequest:
		level = slog.LevelWarn
	}
	template := ""
	if path == h.path() {
		template = h.path()
	}
	attrs := []any{
		telemetry.FieldRoute, telemetry.Route(method, template),
		telemetry.FieldOutcome, res.outcome,
		telemetry.FieldStatus, res.status,
		telemetry.FieldDurationMS, telemetry.Millis(h.now().Sub(start)),
		telemetry.FieldMethod, method,
		telemetry.FieldPath, path,
	}
	if res.messageID != "" {
		attrs = append(attrs, "message_id", res.messageID)
	}
	if res.err != nil {
		attrs = append(attrs, "error", res.err.Error())
	}
	h.Log().Log(ctx, level, telemetry.MsgRequest, attrs...)
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *Handler) path() string { return or(h.Path, workloadenv.DefaultWebhookPath) }
func (h *Handler) maxBodyBytes() int64 {
	return or(h.MaxBodyBytes, workloadenv.DefaultWebhookMaxBodyBytes)
}
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
