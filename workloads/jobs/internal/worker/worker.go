// Package worker processes batches of job messages from an SQS event source
// mapping with ReportBatchItemFailures on.
//
// Each record continues the trace of its producer (the traceparent message
// attribute, or the traceparent field of an EventBridge event's detail) in a
// consumer span, logs with its request id, and is written once through a
// [Store] under its idempotency key. The handler returns exactly the ids of
// the records that failed, so SQS redelivers those alone; it never fails the
// whole batch, which would re-run the records that succeeded.
//
// One kind is the kit's own: the daily key retention
// (workloadenv.KeyRetentionKind) deletes the jobs processed longer ago than
// its payload's older_than, and so their idempotency keys, in batches, and
// is not itself written as a row (retention.go).
package worker

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
	"github.com/groundwork-iac/groundwork/workloads/jobs/internal/envelope"
	"github.com/groundwork-iac/groundwork/workloads/jobs/internal/store"
)

// DefaultMessageTimeout is the deadline of one message (see workloadenv).
const DefaultMessageTimeout = workloadenv.DefaultMessageTimeout

const tracerName = "github.com/groundwork-iac/groundwork/workloads/jobs/internal/worker"

// Store writes a job once; inserted is false when its idempotency key was
// already written. DeleteProcessed deletes up to limit jobs processed
// before cutoff, oldest first, in one transaction (the key retention).
type Store interface {
	Process(ctx context.Context, job store.Job) (inserted bool, err error)
	DeleteProcessed(ctx context.Context, cutoff time.Time, limit int) (deleted int64, err error)
}

// Unavailable returns a Store that fails every job with err: the worker's
// fail-closed mode when its database cannot be configured. The messages are
// redelivered, and reach the dead-letter queue if the problem persists.
func Unavailable(err error) Store { return unavailable{err} }

type unavailable struct{ err error }

func (u unavailable) Process(context.Context, store.Job) (bool, error) { return false, u.err }
func (u unavailable) DeleteProcessed(context.Context, time.Time, int) (int64, error) {
	return 0, u.err
}

// Handler processes SQS batches. Zero-valued settings mean the defaults.
type Handler struct {
	Store Store
	// MessageTimeout bounds each message; a message is not started when less
	// than this remains before the invocation's deadline. If zero,
	// DefaultMessageTimeout.
	MessageTimeout time.Duration
	// KeyRetention is the key retention's older_than when its payload names
	// none. If zero, workloadenv.DefaultKeyRetention.
	KeyRetention time.Duration
	// RetentionBatchRows is how many rows one retention batch deletes. If
	// zero, DefaultRetentionBatchRows.
	RetentionBatchRows int

	// Now is the clock. If nil, time.Now.
	Now func() time.Time
	// Instruments are the tracer, propagator and logger; zero means the globals.
	obs.Instruments
	// Flush, if set, runs at the end of every invocation.
	Flush func(context.Context) error
}

// errNoTime marks records left unstarted because the invocation's deadline
// was too close.
var errNoTime = errors.New("not started: too little time left before the invocation deadline")

var errNoStore = errors.New("no store configured")

// Handle processes a batch and reports the failed records. Its error is
// always nil.
//
// The invocation gets a span of its own, linked to every message's span,
// and the Lambda request id: the batch-level log lines carry both.
func (h *Handler) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	start := h.now()
	requestID := obs.NewRequestID()
	if lc, ok := lambdacontext.FromContext(ctx); ok && obs.ValidRequestID(lc.AwsRequestID) {
		requestID = lc.AwsRequestID
	}
	ctx = obs.WithRequestID(ctx, requestID)
	ctx, batch := h.Tracing(tracerName).Start(ctx, "process batch",
		trace.WithSpanKind(trace.SpanKindInternal),
		trace.WithAttributes(
			semconv.MessagingSystemAWSSQS,
			semconv.MessagingBatchMessageCount(len(ev.Records)),
		))
	if h.Flush != nil {
		defer func() {
			if err := h.Flush(ctx); err != nil {
				h.Log().WarnContext(ctx, "flushing spans failed", "error", err)
			}
		}()
	}
	defer batch.End()

	var resp events.SQSEventResponse
	for i, rec := range ev.Records {
		if err := h.timeLeft(ctx); err != nil {
			for _, r := range ev.Records[i:] {
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: r.MessageId})
			}
			h.Log().WarnContext(ctx, "returning unstarted messages to the queue",
				"count", len(ev.Records)-i, "error", err)
			break
		}
		if err := h.process(ctx, batch, rec); err != nil {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: rec.MessageId})
		}
	}
	h.Log().InfoContext(ctx, "batch done",
		"received", len(ev.Records),
		"failed", len(resp.BatchItemFailures),
		"duration_ms", h.now().Sub(start).Milliseconds())
	return resp, nil
}

// timeLeft reports whether a message may start: the invocation must not be
// over and, when it has a deadline, at least MessageTimeout must remain.
func (h *Handler) timeLeft(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if deadline, ok := ctx.Deadline(); ok && deadline.Sub(h.now()) < h.messageTimeout() {
		return errNoTime
	}
	return nil
}

// process handles one record; a non-nil error makes it a batch item failure.
// Its span continues the producer's trace, not the invocation's: batch is
// linked to it instead.
func (h *Handler) process(ctx context.Context, batch trace.Span, rec events.SQSMessage) (err error) {
	start := h.now()
	ctx = trace.ContextWithSpanContext(ctx, trace.SpanContext{})
	env, parseErr := envelope.Parse(rec.Body)

	requestID := attribute(rec, telemetry.AttrRequestID)
	if !obs.ValidRequestID(requestID) {
		requestID = env.RequestID
	}
	if !obs.ValidRequestID(requestID) {
		requestID = obs.NewRequestID()
	}
	traceparent := attribute(rec, telemetry.AttrTraceparent)
	if traceparent == "" {
		traceparent = env.Traceparent
	}
	ctx = obs.WithRequestID(ctx, requestID)
	ctx = h.Propagation().Extract(ctx, propagation.MapCarrier{telemetry.HeaderTraceparent: traceparent})

	name := "process"
	if parseErr == nil {
		name += " " + env.Kind
	}
	ctx, span := h.Tracing(tracerName).Start(ctx, name,
		trace.WithSpanKind(trace.SpanKindConsumer),
		trace.WithAttributes(
			semconv.MessagingSystemAWSSQS,
			semconv.MessagingOperationTypeProcess,
			semconv.MessagingOperationName("process"),
			semconv.MessagingMessageID(rec.MessageId),
			semconv.MessagingDestinationName(queueName(rec.EventSourceARN)),
		))
	defer span.End()
	batch.AddLink(trace.Link{SpanContext: span.SpanContext()})

	log := h.Log().With("message_id", rec.MessageId, "receive_count", rec.Attributes["ApproximateReceiveCount"])
	if parseErr != nil {
		span.RecordError(parseErr)
		span.SetStatus(codes.Error, "bad message")
		log.ErrorContext(ctx, telemetry.MsgJob, telemetry.FieldRoute, telemetry.RouteUnmatched, telemetry.FieldOutcome, telemetry.OutcomeFailed,
			"error", parseErr, telemetry.FieldDurationMS, telemetry.Millis(h.now().Sub(start)))
		return parseErr
	}

	if env.Kind == workloadenv.KeyRetentionKind {
		return h.processRetention(ctx, span, log, env, start)
	}

	key := attribute(rec, telemetry.AttrIdempotencyKey)
	if key == "" {
		key = env.EventID // an EventBridge event keeps its id across redeliveries
	}
	if key == "" {
		key = rec.MessageId
	}
	log = log.With("kind", env.Kind, "idempotency_key", key)

	job := store.Job{IdempotencyKey: key, Kind: env.Kind, Payload: env.Payload, RequestID: requestID}
	if sc := span.SpanContext(); sc.HasTraceID() {
		job.TraceID = sc.TraceID().String()
	}
	mctx, cancel := context.WithTimeout(ctx, h.messageTimeout())
	defer cancel()
	st := h.Store
	if st == nil {
		st = Unavailable(errNoStore)
	}
	inserted, err := st.Process(mctx, job)
	duration := telemetry.Millis(h.now().Sub(start))
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, "job failed")
		log.ErrorContext(ctx, telemetry.MsgJob, telemetry.FieldRoute, job.Kind, telemetry.FieldOutcome, telemetry.OutcomeFailed,
			"error", err, telemetry.FieldDurationMS, duration)
		return err
	}
	outcome := telemetry.OutcomeProcessed
	if !inserted {
		outcome = telemetry.OutcomeDuplicate
	}
	log.InfoContext(ctx, telemetry.MsgJob, telemetry.FieldRoute, job.Kind, telemetry.FieldOutcome, outcome, telemetry.FieldDurationMS, duration)
	return nil
}

// attribute returns a String message attribute, or "".
func attribute(rec events.SQSMessage, name string) string {
	if a, ok := rec.MessageAttributes[name]; ok && a.StringValue != nil {
		return *a.StringValue
	}
	return ""
}

// queueName is the last field of a queue ARN.
func queueName(arn string) string {
	return arn[strings.LastIndex(arn, ":")+1:]
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *Handler) messageTimeout() time.Duration {
	if h.MessageTimeout > 0 {
		return h.MessageTimeout
	}
	return DefaultMessageTimeout
}
