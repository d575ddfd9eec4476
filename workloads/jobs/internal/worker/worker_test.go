package worker

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/workloads/internal/obs"
	"github.com/groundwork-iac/groundwork/workloads/jobs/internal/store"
)

const (
	upstreamTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
	upstreamSpan  = "00f067aa0ba902b7"
	traceparent   = "00-" + upstreamTrace + "-" + upstreamSpan + "-01"
	queueARN      = "arn:aws:sqs:eu-west-1:123456789012:jobs"
)

type fakeStore struct {
	jobs    []store.Job
	failKey string
	// onProcess runs for every call (the deadline test advances the clock).
	onProcess func()

	// old is how many processed jobs are older than any cutoff; every
	// DeleteProcessed call is recorded, runs onDelete, and fails with
	// deleteErr from call failDeleteAt (1-based) on.
	old          int64
	deletes      []deleteCall
	onDelete     func()
	deleteErr    error
	failDeleteAt int
}

type deleteCall struct {
	cutoff time.Time
	limit  int
}

func (s *fakeStore) DeleteProcessed(ctx context.Context, cutoff time.Time, limit int) (int64, error) {
	if _, ok := ctx.Deadline(); !ok {
		return 0, errors.New("no message deadline")
	}
	s.deletes = append(s.deletes, deleteCall{cutoff, limit})
	if s.onDelete != nil {
		s.onDelete()
	}
	if s.deleteErr != nil && len(s.deletes) >= s.failDeleteAt {
		return 0, s.deleteErr
	}
	n := min(s.old, int64(limit))
	s.old -= n
	return n, nil
}

func (s *fakeStore) Process(ctx context.Context, job store.Job) (bool, error) {
	if _, ok := ctx.Deadline(); !ok {
		return false, errors.New("no message deadline")
	}
	if s.onProcess != nil {
		s.onProcess()
	}
	if job.IdempotencyKey == s.failKey {
		return false, errors.New("connection refused")
	}
	s.jobs = append(s.jobs, job)
	return true, nil
}

type fixture struct {
	h       *Handler
	store   *fakeStore
	spans   *tracetest.SpanRecorder
	logs    *bytes.Buffer
	clock   time.Time
	flushed int
}

func newFixture() *fixture {
	f := &fixture{store: &fakeStore{}, spans: tracetest.NewSpanRecorder(), logs: &bytes.Buffer{}, clock: time.Now()}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(f.spans))
	f.h = &Handler{
		Store: f.store,
		Now:   func() time.Time { return f.clock },
		Instruments: obs.Instruments{Tracer: tp.Tracer("test"), Propagator: propagation.TraceContext{},
			Logger: obs.NewLogger(f.logs, slog.LevelDebug)},
		Flush: func(context.Context) error { f.flushed++; return nil },
	}
	return f
}

func (f *fixture) handle(t *testing.T, ctx context.Context, records ...events.SQSMessage) []string {
	t.Helper()
	resp, err := f.h.Handle(ctx, events.SQSEvent{Records: records})
	if err != nil {
		t.Fatalf("Handle returned an error for the whole batch: %v", err)
	}
	if f.flushed != 1 {
		t.Errorf("flushed %d times, want once per invocation", f.flushed)
	}
	var ids []string
	for _, fail := range resp.BatchItemFailures {
		ids = append(ids, fail.ItemIdentifier)
	}
	return ids
}

func str(s string) *string { return &s }

func msg(id, body string, attrs map[string]string) events.SQSMessage {
	m := events.SQSMessage{MessageId: id, Body: body, EventSourceARN: queueARN,
		MessageAttributes: map[string]events.SQSMessageAttribute{}}
	for k, v := range attrs {
		m.MessageAttributes[k] = events.SQSMessageAttribute{DataType: "String", StringValue: str(v)}
	}
	return m
}

func TestReportsExactlyTheBadMessages(t *testing.T) {
	f := newFixture()
	f.store.failKey = "m-store-error"
	failed := f.handle(t, context.Background(),
		msg("m-good-1", `{"kind":"a","payload":{}}`, nil),
		msg("m-not-json", `not json`, nil),
		msg("m-store-error", `{"kind":"a","payload":1}`, nil),
		msg("m-no-kind", `{"payload":{}}`, nil),
		msg("m-good-2", `{"kind":"b","payload":[1]}`, nil),
	)
	if want := []string{"m-not-json", "m-store-error", "m-no-kind"}; !slices.Equal(failed, want) {
		t.Errorf("failures = %v, want %v", failed, want)
	}
	var keys []string
	for _, j := range f.store.jobs {
		keys = append(keys, j.IdempotencyKey)
	}
	if want := []string{"m-good-1", "m-good-2"}; !slices.Equal(keys, want) {
		t.Errorf("stored = %v, want %v", keys, want)
	}
}

func TestStopsBeforeTheDeadline(t *testing.T) {
	f := newFixture()
	f.h.MessageTimeout = 20 * time.Second
	f.store.onProcess = func() { f.clock = f.clock.Add(10 * time.Second) }
	ctx, cancel := context.WithDeadline(context.Background(), f.clock.Add(25*time.Second))
	defer cancel()

	failed := f.handle(t, ctx,
		msg("m1", `{"kind":"a"}`, nil),
		msg("m2", `{"kind":"a"}`, nil),
		msg("m3", `{"kind":"a"}`, nil),
	)
	if want := []string{"m2", "m3"}; !slices.Equal(failed, want) {
		t.Errorf("failures = %v, want %v", failed, want)
	}
	if len(f.store.jobs) != 1 || f.store.jobs[0].IdempotencyKey != "m1" {
		t.Errorf("store called for %v, want m1 only", f.store.jobs)
	}
}

func TestContinuesTraceAndLogsRequestID(t *testing.T) {
	f := newFixture()
	const invocation = "8f5e3c1a-2b4d-4e6f-9a0b-1c2d3e4f5a6b"
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: invocation})
	failed := f.handle(t, ctx, msg("m1", `{"kind":"invoice.paid","payload":{"n":1}}`, map[string]string{
		telemetry.AttrRequestID:      "req-42",
		telemetry.AttrTraceparent:    traceparent,
		telemetry.AttrIdempotencyKey: "evt_7",
	}))
	if len(failed) != 0 {
		t.Fatalf("failures = %v", failed)
	}
	spans := f.spans.Ended()
	if len(spans) != 2 {
		t.Fatalf("spans = %d, want the message's and the invocation's", len(spans))
	}
	s, batch := spans[0], spans[1]
	if batch.Name() != "process batch" || batch.SpanContext().TraceID() == s.SpanContext().TraceID() ||
		len(batch.Links()) != 1 || batch.Links()[0].SpanContext.SpanID() != s.SpanContext().SpanID() {
		t.Errorf("invocation span %q in trace %s with links %v, want a separate trace linked to the message's span",
			batch.Name(), batch.SpanContext().TraceID(), batch.Links())
	}
	if s.Name() != "process invoice.paid" || s.SpanKind().String() != "consumer" {
		t.Errorf("span %q kind %s", s.Name(), s.SpanKind())
	}
	if s.SpanContext().TraceID().String() != upstreamTrace || s.Parent().SpanID().String() != upstreamSpan {
		t.Errorf("span trace %s parent %s, want %s / %s", s.SpanContext().TraceID(), s.Parent().SpanID(), upstreamTrace, upstreamSpan)
	}

	job := f.store.jobs[0]
	if job.IdempotencyKey != "evt_7" || job.RequestID != "req-42" || job.TraceID != upstreamTrace ||
		job.Kind != "invoice.paid" || string(job.Payload) != `{"n":1}` {
		t.Errorf("job = %+v", job)
	}

	var sawJobLine bool
	for _, l := range strings.Split(strings.TrimSpace(f.logs.String()), "\n") {
		var line map[string]any
		if err := json.Unmarshal([]byte(l), &line); err != nil {
			t.Fatalf("log line is not JSON: %q", l)
		}
		if line[slog.MessageKey] == "batch done" {
			if line[telemetry.FieldRequestID] != invocation || line[telemetry.FieldTraceID] != batch.SpanContext().TraceID().String() {
				t.Errorf("batch log line = %v, want the invocation's request id and trace", line)
			}
		}
		if line[slog.MessageKey] != telemetry.MsgJob || line[telemetry.FieldOutcome] != telemetry.OutcomeProcessed {
			continue
		}
		sawJobLine = true
		if line[telemetry.FieldTraceID] != upstreamTrace || line[telemetry.FieldRequestID] != "req-42" ||
			line[telemetry.FieldSpanID] != s.SpanContext().SpanID().String() || line["message_id"] != "m1" {
			t.Errorf("job log line = %v", line)
		}
	}
	if !sawJobLine {
		t.Errorf("no job log line in %s", f.logs.String())
	}
}

func TestIdempotencyKeyFallsBackToMessageID(t *testing.T) {
	f := newFixture()
	f.handle(t, context.Background(), msg("m-9", `{"kind":"a"}`, nil))
	job := f.store.jobs[0]
	if job.IdempotencyKey != "m-9" || !obs.ValidRequestID(job.RequestID) || string(job.Payload) != "null" {
		t.Errorf("job = %+v", job)
	}
	if f.spans.Ended()[0].Parent().IsValid() {
		t.Error("a message without traceparent starts a new trace")
	}
}

func TestEventBridgeEvent(t *testing.T) {
	f := newFixture()
	body := `{"version":"0","id":"ev-1","detail-type":"order.created","source":"shop","account":"123456789012",` +
		`"time":"2026-11-26T10:00:00Z","region":"eu-west-1","resources":[],` +
		`"detail":{"order":5,"request_id":"req-eb","traceparent":"` + traceparent + `"}}`
	if failed := f.handle(t, context.Background(), msg("m-eb", body, nil)); len(failed) != 0 {
		t.Fatalf("failures = %v", failed)
	}
	job := f.store.jobs[0]
	if job.Kind != "order.created" || job.RequestID != "req-eb" || job.TraceID != upstreamTrace ||
		job.IdempotencyKey != "ev-1" || !strings.Contains(string(job.Payload), `"order":5`) {
		t.Errorf("job = %+v", job)
	}
	if f.spans.Ended()[0].Parent().SpanID().String() != upstreamSpan {
		t.Error("EventBridge traceparent not continued")
	}
}

func TestUnavailableStoreFailsEveryMessage(t *testing.T) {
	f := newFixture()
	f.h.Store = Unavailable(errors.New("database URL unavailable"))
	failed := f.handle(t, context.Background(), msg("m1", `{"kind":"a"}`, nil), msg("m2", `{"kind":"a"}`, nil))
	if !slices.Equal(failed, []string{"m1", "m2"}) {
		t.Errorf("failures = %v", failed)
	}
}
