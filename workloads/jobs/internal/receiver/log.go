package receiver

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/groundwork-iac/groundwork/components/telemetry"
)

// Fields of the request line besides the log contract's (telemetry.Field*).
const (
	// FieldEndpoint is the endpoint's name.
	FieldEndpoint = "endpoint"
	// FieldDeliveryID is the sender's event or delivery id, once the
	// signature verified (never from a request that did not).
	FieldDeliveryID = "delivery_id"
	// FieldKind is the delivery's job kind, once the signature verified.
	FieldKind = "kind"
	// FieldMessageID is the SQS message id of an accepted webhook.
	FieldMessageID = "message_id"
)

// Outcomes of a request, as logged.
const (
	OutcomeAccepted     = "accepted"
	OutcomeChallenge    = "challenge"
	OutcomeBadSignature = "bad_signature"
	OutcomeTooLarge     = "too_large"
	OutcomeBadKind      = "bad_kind"
	OutcomeBadID        = "bad_id"
	OutcomeBadPayload   = "bad_payload"
	OutcomeUnavailable  = "unavailable"
	OutcomeEnqueue      = "enqueue_failed"
	OutcomeNotFound     = "not_found"
	OutcomeMethod       = "method_not_allowed"
	OutcomeInternal     = "internal"
)

// logResult writes the request's one line: the log contract's msg, route,
// outcome, status and duration_ms, then the endpoint, the delivery's id and
// kind when verified, the queued message's id, and the cause of a failure.
// Never a secret, a signature or the body.
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
		FieldEndpoint, h.Endpoint,
	}
	if res.deliveryID != "" {
		attrs = append(attrs, FieldDeliveryID, res.deliveryID)
	}
	if res.kind != "" {
		attrs = append(attrs, FieldKind, res.kind)
	}
	if res.messageID != "" {
		attrs = append(attrs, FieldMessageID, res.messageID)
	}
	if res.err != nil {
		attrs = append(attrs, "error", res.err.Error())
	}
	h.Log().Log(ctx, level, telemetry.MsgRequest, attrs...)
}
