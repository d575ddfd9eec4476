package worker

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	otelattr "go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/workloads/jobs/internal/envelope"
)

// Key retention: the blueprint's daily schedule queues a job of kind
// workloadenv.KeyRetentionKind with the payload {"older_than": "720h"};
// the worker deletes the jobs processed longer ago than that, and with them
// their idempotency keys. A sender's retry of an event whose key is gone
// would be processed again, so a key must outlive every automatic retry of
// its event. The supported senders' windows, from the first attempt to the
// last automatic retry:
//
//	sender             automatic retries                          window    source
//	Standard Webhooks  the spec's example schedule: 10 attempts,  75h35m    https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md#deliverability-and-reliability
//	                   5s 5m 30m 2h 5h 10h 14h 20h 24h apart
//	Stripe (live)      exponential backoff "for up to 3 days"     72h       https://docs.stripe.com/webhooks ("Retry sending an event")
//	Svix (a Standard   8 attempts: 5s 5m 30m 2h 5h 10h 10h apart  27h35m    https://docs.svix.com/retries
//	Webhooks sender)
//	Shopify            "retried a total of 8 times over 4 hours"  4h        https://shopify.dev/changelog/updates-to-webhook-retry-mechanism
//	Slack              3 retries: nearly immediately, after 1     ~6m       https://docs.slack.dev/apis/events-api/ ("Retries")
//	                   minute, after 5 minutes
//	GitHub             none ("GitHub does not automatically       0         https://docs.github.com/en/webhooks/using-webhooks/handling-failed-webhook-deliveries
//	                   redeliver failed deliveries"); a person
//	                   may redeliver one of the past 3 days
//	                   (GitHub Enterprise Server: 7 days)                   https://docs.github.com/en/webhooks/testing-and-troubleshooting-webhooks/redelivering-webhooks
//
// The longest is the Standard Webhooks schedule, 75h35m; MinKeyRetention
// is the whole number of days above it.
const (
	// MinKeyRetention is the shortest retention accepted: 4 days, longer
	// than every supported sender's automatic retry window (above).
	MinKeyRetention = 4 * 24 * time.Hour
	// DefaultRetentionBatchRows: each batch deletes at most 1000 rows in
	// its own short transaction, so it holds few row locks and writes
	// little WAL at a time, and the worker's inserts go on between batches.
	DefaultRetentionBatchRows = 1000
	// retentionMargin: another batch starts only while the time left in the
	// message is at least this many times the slowest batch so far.
	retentionMargin = 2
)

// retentionPayload is the retention job's payload.
type retentionPayload struct {
	// OlderThan is a Go duration. If absent, workloadenv.DefaultKeyRetention.
	OlderThan *string `json:"older_than"`
}

// parseRetention reads and checks the retention job's payload. JSON null,
// {} and a missing older_than mean def.
func parseRetention(payload json.RawMessage, def time.Duration) (time.Duration, error) {
	var p retentionPayload
	if trimmed := bytes.TrimSpace(payload); len(trimmed) > 0 && !bytes.Equal(trimmed, []byte("null")) {
		dec := json.NewDecoder(bytes.NewReader(trimmed))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			return 0, fmt.Errorf(`key retention: the payload must be {"older_than": "<Go duration>"}, such as {"older_than":"720h"}: %w`, err)
		}
	}
	if p.OlderThan == nil {
		return def, nil
	}
	d, err := time.ParseDuration(*p.OlderThan)
	if err != nil {
		return 0, fmt.Errorf(`key retention: "older_than" is %s, not a Go duration; use hours, such as "720h" (30 days)`, strconv.Quote(*p.OlderThan))
	}
	if d < MinKeyRetention {
		return 0, fmt.Errorf(`key retention: "older_than" is %s, shorter than %s (%d days), the longest automatic retry window of the `+
			`supported senders (Standard Webhooks' schedule, 75h35m) with a margin: a key deleted sooner lets a retry run its job twice; `+
			`use at least "%s"`, *p.OlderThan, hours(MinKeyRetention), int(MinKeyRetention/(24*time.Hour)), hours(MinKeyRetention))
	}
	return d, nil
}

// hours renders d as whole hours, the way the payload is written ("96h").
func hours(d time.Duration) string { return strconv.FormatInt(int64(d/time.Hour), 10) + "h" }

// retention is what one retention job did.
type retention struct {
	olderThan time.Duration
	cutoff    time.Time
	deleted   int64
	batches   int
	// complete is false when the message's time ran short before the last
	// old job was deleted; the next day's run deletes the rest.
	complete bool
}

// processRetention runs a key retention job and logs its "job" line, with
// how many jobs it deleted. The job itself is not written as a row: running
// it twice deletes nothing more, so it needs no idempotency key, and a row
// per day would only add to what it deletes.
func (h *Handler) processRetention(ctx context.Context, span trace.Span, log *slog.Logger, env envelope.Envelope, start time.Time) error {
	log = log.With("kind", env.Kind)
	st := h.Store
	if st == nil {
		st = Unavailable(errNoStore)
	}
	def := h.KeyRetention
	if def <= 0 {
		def = workloadenv.DefaultKeyRetention
	}
	var r retention
	var err error
	attrs := []any{telemetry.FieldRoute, env.Kind}
	if r.olderThan, err = parseRetention(env.Payload, def); err == nil {
		r.cutoff = h.now().Add(-r.olderThan)
		mctx, cancel := context.WithTimeout(ctx, h.messageTimeout())
		defer cancel()
		err = h.retain(mctx, st, &r, start.Add(h.messageTimeout()))
		attrs = append(attrs, "older_than", r.olderThan.String(), "cutoff", r.cutoff.UTC().Format(time.RFC3339))
	}
	attrs = append(attrs, "deleted", r.deleted, "batches", r.batches)
	span.SetAttributes(otelattr.Int64("groundwork.key_retention.deleted", r.deleted))
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, "job failed")
		log.ErrorContext(ctx, telemetry.MsgJob, append(attrs, telemetry.FieldOutcome, telemetry.OutcomeFailed, "error", err,
			telemetry.FieldDurationMS, telemetry.Millis(h.now().Sub(start)))...)
		return err
	}
	level := slog.LevelInfo
	if !r.complete {
		level = slog.LevelWarn // old jobs remain; the next run goes on
	}
	log.Log(ctx, level, telemetry.MsgJob, append(attrs, "complete", r.complete, telemetry.FieldOutcome, telemetry.OutcomeProcessed,
		telemetry.FieldDurationMS, telemetry.Millis(h.now().Sub(start)))...)
	return nil
}

// retain deletes the jobs processed before r.cutoff in batches of
// batchRows, until a batch deletes fewer (nothing old is left) or the time
// left before budget is under retentionMargin times the slowest batch. A
// batch's error ends the job: the deleted count so far is kept in r.
func (h *Handler) retain(ctx context.Context, st Store, r *retention, budget time.Time) error {
	batchRows := h.RetentionBatchRows
	if batchRows <= 0 {
		batchRows = DefaultRetentionBatchRows
	}
	var slowest time.Duration
	for {
		if r.batches > 0 && budget.Sub(h.now()) < retentionMargin*slowest {
			return nil
		}
		start := h.now()
		n, err := st.DeleteProcessed(ctx, r.cutoff, batchRows)
		if err != nil {
			return err
		}
		r.deleted += n
		r.batches++
		slowest = max(slowest, h.now().Sub(start))
		if n < int64(batchRows) {
			r.complete = true
			return nil
		}
	}
}
