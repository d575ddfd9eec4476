package runtime

import (
	"context"
	"crypto/md5"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/jackc/pgx/v5"

	jobsbp "github.com/groundwork-iac/groundwork/blueprints/jobs"
	"github.com/groundwork-iac/groundwork/components/aws/lambdabuild"
	"github.com/groundwork-iac/groundwork/components/aws/routemetrics"
	"github.com/groundwork-iac/groundwork/components/aws/schedules"
	webhookc "github.com/groundwork-iac/groundwork/components/aws/webhook"
	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/tests/runtime/internal/fakesqs"
	"github.com/groundwork-iac/groundwork/tests/runtime/internal/lambdarie"
	"github.com/groundwork-iac/groundwork/tests/runtime/internal/rt"
)

// The jobs blueprint's Lambda workloads, built as Lambda deploys them.
const (
	workerPkg   = jobsbp.DefaultWorkerPackage
	receiverPkg = webhookc.DefaultReceiverPackage
	// jobsMigratePkg applies the jobs schema (workloads/jobs/migrations).
	jobsMigratePkg = "github.com/groundwork-iac/groundwork/workloads/jobs/migrate"

	workerService   = "groundwork-jobs-worker-rt"
	receiverService = "groundwork-jobs-receiver-rt"

	jobsQueueARN = "arn:aws:sqs:us-east-1:123456789012:jobs"
	jobsTable    = "groundwork_jobs"
)

// Log messages the workloads write outside any message or request.
var (
	workerLifecycle = []string{"worker ready"}
)

// Messages of the worker's batch-level lines; they carry the invocation's
// request id and trace.
const (
	msgBatchDone = "batch done"
	msgUnstarted = "returning unstarted messages to the queue"
)

// buildLambda builds a Lambda workload's bootstrap, once the emulator is
// known to be there.
func buildLambda(t *testing.T, pkg string) string {
	t.Helper()
	lambdarie.Require(t)
	return rt.Build(t, pkg, lambdabuild.Env, "-tags", lambdabuild.Tags)
}

// worker is the worker Lambda running under the emulator against its own
// database.
type worker struct {
	otlp *rt.OTLP
	logs *rt.Logs
	fn   *lambdarie.Function
}

// startWorker runs the worker with DATABASE_URL dbURL (db.Pooled, or a
// proxy in front of PgBouncer) and env on top of the common settings. When
// the test ends, its log lines are checked against the log contract and
// for the database password.
func startWorker(t *testing.T, db *rt.DB, dbURL string, env map[string]string) *worker {
	t.Helper()
	bin := buildLambda(t, workerPkg)
	w := &worker{otlp: rt.NewOTLP(t), logs: &rt.Logs{}}
	// The deployed settings (blueprints/jobs): the worker's function and
	// message timeouts; a test overrides what it exercises.
	full := map[string]string{
		workloadenv.LocalDatabaseURL: dbURL,
		workloadenv.MessageTimeout:   workloadenv.DefaultMessageTimeout.String(),
		telemetry.EnvServiceName:     workerService,
		telemetry.EnvEndpoint:        w.otlp.Endpoint(),
		telemetry.EnvSamplerArg:      "1",
		telemetry.EnvLogLevel:        "info",
		lambdarie.EnvFunctionTimeout: lambdarie.Seconds(jobsbp.DefaultWorkerTimeout),
	}
	maps.Copy(full, env)
	w.fn = lambdarie.Start(t, bin, full, w.logs)
	t.Cleanup(func() {
		w.fn.SyncLogs()
		rt.TracesExported(t, checkWorkerLogs(t, w.logs), w.otlp, workerService, 10*time.Second)
		w.logs.NoSecret(t, db.Password)
	})
	return w
}

// checkWorkerLogs applies the log contract: every line is one JSON object
// with request_id and trace_id, non-empty on every line written for a
// message or batch; only "worker ready" has them empty.
func checkWorkerLogs(t *testing.T, logs *rt.Logs) []rt.Record {
	t.Helper()
	recs := logs.Check(t, workerLifecycle...)
	if len(logs.Find("worker ready")) != 1 {
		t.Errorf("want exactly one \"worker ready\" line (the database URL reached the worker); logs:\n%s", logs)
	}
	return recs
}

// handle invokes the worker with a batch and returns the ids it reported
// failed, and how long the invocation took.
func (w *worker) handle(t *testing.T, records ...events.SQSMessage) ([]string, time.Duration) {
	t.Helper()
	resp, elapsed := lambdarie.Call[events.SQSEventResponse](t, w.fn, events.SQSEvent{Records: records})
	ids := []string{}
	for _, f := range resp.BatchItemFailures {
		ids = append(ids, f.ItemIdentifier)
	}
	return ids, elapsed
}

// warmUp runs an empty batch, so the bootstrap's cold start is not in the
// timings of the invocations that follow.
func (w *worker) warmUp(t *testing.T) {
	t.Helper()
	if failed, _ := w.handle(t); len(failed) != 0 {
		t.Fatalf("an empty batch reported failures %v", failed)
	}
}

// sqsMessage is a record as an SQS event source mapping delivers it, with
// attrs as String message attributes.
func sqsMessage(body string, attrs map[string]string) events.SQSMessage {
	id := newUUID()
	sum := md5.Sum([]byte(body))
	now := strconv.FormatInt(time.Now().UnixMilli(), 10)
	m := events.SQSMessage{
		MessageId:     id,
		ReceiptHandle: "AQEB" + strings.ReplaceAll(id, "-", "") + "/rt",
		Body:          body,
		Md5OfBody:     hex.EncodeToString(sum[:]),
		Attributes: map[string]string{
			"ApproximateReceiveCount":          "1",
			"SentTimestamp":                    now,
			"SenderId":                         "AROAEXAMPLEID:groundwork-jobs-receiver",
			"ApproximateFirstReceiveTimestamp": now,
		},
		MessageAttributes: map[string]events.SQSMessageAttribute{},
		EventSource:       "aws:sqs",
		EventSourceARN:    jobsQueueARN,
		AWSRegion:         "us-east-1",
	}
	for k, v := range attrs {
		m.MessageAttributes[k] = events.SQSMessageAttribute{DataType: "String", StringValue: &v}
	}
	return m
}

// redelivered is m delivered again by SQS: same id and body, a new receipt
// handle, one more receive.
func redelivered(m events.SQSMessage) events.SQSMessage {
	m.Attributes = maps.Clone(m.Attributes)
	n, _ := strconv.Atoi(m.Attributes["ApproximateReceiveCount"])
	m.Attributes["ApproximateReceiveCount"] = strconv.Itoa(n + 1)
	m.ReceiptHandle += "/again"
	return m
}

// redeliveredAll is a batch delivered again.
func redeliveredAll(batch []events.SQSMessage) []events.SQSMessage {
	out := make([]events.SQSMessage, len(batch))
	for i, m := range batch {
		out[i] = redelivered(m)
	}
	return out
}

func ids(ms ...events.SQSMessage) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.MessageId)
	}
	return out
}

// jobRow is one row of groundwork_jobs; absent ids are "".
type jobRow struct {
	Kind, Payload, RequestID, TraceID string
}

// jobRows reads the jobs table, by idempotency key.
func jobRows(t *testing.T, db *rt.DB) map[string]jobRow {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, db.Direct)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer c.Close(context.Background())
	rows, err := c.Query(ctx, `SELECT idempotency_key, kind, payload::text, coalesce(request_id, ''), coalesce(trace_id, '')
		FROM `+jobsTable)
	if err != nil {
		t.Fatalf("read %s: %v", jobsTable, err)
	}
	defer rows.Close()
	out := map[string]jobRow{}
	for rows.Next() {
		var key string
		var r jobRow
		if err := rows.Scan(&key, &r.Kind, &r.Payload, &r.RequestID, &r.TraceID); err != nil {
			t.Fatalf("scan: %v", err)
		}
		out[key] = r
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("read %s: %v", jobsTable, err)
	}
	return out
}

// sameJSON reports whether a and b are equal JSON values.
func sameJSON(t *testing.T, a, b string) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		t.Fatalf("not JSON: %q", a)
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		t.Fatalf("not JSON: %q", b)
	}
	return reflect.DeepEqual(x, y)
}

// byMessage returns the lines with message msg about SQS message id.
// processedOrDuplicate are the outcomes of a job the worker finished.
var processedOrDuplicate = []string{telemetry.OutcomeProcessed, telemetry.OutcomeDuplicate}

// jobLines are the worker's "job" lines with one of the outcomes.
func jobLines(logs *rt.Logs, outcomes ...string) []rt.Record {
	var out []rt.Record
	for _, r := range logs.Find(telemetry.MsgJob) {
		if slices.Contains(outcomes, r.Str(telemetry.FieldOutcome)) {
			out = append(out, r)
		}
	}
	return out
}

// byJob are the "job" lines of one message with one of the outcomes.
func byJob(logs *rt.Logs, outcomes []string, id string) []rt.Record {
	var out []rt.Record
	for _, r := range jobLines(logs, outcomes...) {
		if r.Str("message_id") == id {
			out = append(out, r)
		}
	}
	return out
}

func isHex(s string, n int) bool {
	if len(s) != n || strings.Trim(s, "0") == "" {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// TestWorkerMixedBatch: in a batch of good and bad messages, the worker
// reports exactly the bad ones, in batch order, and writes exactly the good
// ones, each under its idempotency key (the attribute, else the message id).
func TestWorkerMixedBatch(t *testing.T) {
	t.Parallel()
	db := newJobsDB(t)
	w := startWorker(t, db, db.Pooled, nil)

	good1 := sqsMessage(`{"kind":"order.created","payload":{"order":1001,"items":["a","b"],"note":"<ok> & \u00e9"}}`,
		map[string]string{telemetry.AttrIdempotencyKey: "order-1001", telemetry.AttrRequestID: "req-mixed-1"})
	notJSON := sqsMessage(`not json`, map[string]string{telemetry.AttrIdempotencyKey: "bad-1"})
	good2 := sqsMessage(`{"kind":"invoice.paid","payload":{"invoice":7,"amount":12.5}}`, nil)
	noKind := sqsMessage(`{"payload":{"order":1002}}`, map[string]string{telemetry.AttrIdempotencyKey: "bad-2"})
	good3 := sqsMessage(`{"kind":"refund.issued"}`,
		map[string]string{telemetry.AttrIdempotencyKey: "refund-9", telemetry.AttrRequestID: "req-mixed-3"})

	failed, _ := w.handle(t, good1, notJSON, good2, noKind, good3)
	if want := ids(notJSON, noKind); !slices.Equal(failed, want) {
		t.Errorf("batchItemFailures = %v, want exactly the bad messages %v", failed, want)
	}

	rows := jobRows(t, db)
	want := map[string]jobRow{
		"order-1001":    {Kind: "order.created", Payload: `{"order":1001,"items":["a","b"],"note":"<ok> & é"}`, RequestID: "req-mixed-1"},
		good2.MessageId: {Kind: "invoice.paid", Payload: `{"invoice":7,"amount":12.5}`},
		"refund-9":      {Kind: "refund.issued", Payload: `null`, RequestID: "req-mixed-3"},
	}
	if len(rows) != len(want) {
		t.Errorf("%s has %d rows %v, want %d", jobsTable, len(rows), rows, len(want))
	}
	for key, wr := range want {
		r, ok := rows[key]
		if !ok {
			t.Errorf("no row for idempotency key %q; rows: %v", key, rows)
			continue
		}
		if r.Kind != wr.Kind || !sameJSON(t, r.Payload, wr.Payload) {
			t.Errorf("row %q = kind %q payload %s, want kind %q payload %s", key, r.Kind, r.Payload, wr.Kind, wr.Payload)
		}
		if wr.RequestID != "" && r.RequestID != wr.RequestID {
			t.Errorf("row %q request_id = %q, want the message attribute's %q", key, r.RequestID, wr.RequestID)
		}
		if !isHex(r.TraceID, 32) {
			t.Errorf("row %q trace_id = %q, want a trace id", key, r.TraceID)
		}
	}
	// Without a request_id attribute the worker mints one, and stores what
	// it logged.
	if got := byJob(w.logs, processedOrDuplicate, good2.MessageId); len(got) != 1 ||
		got[0].Str(telemetry.FieldRequestID) != rows[good2.MessageId].RequestID {
		t.Errorf("\"job\" lines for %s = %v, want one whose request_id is the row's %q",
			good2.MessageId, got, rows[good2.MessageId].RequestID)
	}

	for _, m := range []events.SQSMessage{good1, good2, good3} {
		if got := byJob(w.logs, processedOrDuplicate, m.MessageId); len(got) != 1 || got[0].Str(telemetry.FieldOutcome) != telemetry.OutcomeProcessed {
			t.Errorf("\"job\" lines for %s = %v, want one with outcome processed", m.MessageId, got)
		}
	}
	for _, m := range []events.SQSMessage{notJSON, noKind} {
		got := byJob(w.logs, []string{telemetry.OutcomeFailed}, m.MessageId)
		if len(got) != 1 || got[0].Str("level") != "ERROR" || !strings.Contains(got[0].Str("error"), "bad message") ||
			got[0].Str(telemetry.FieldRoute) != telemetry.RouteUnmatched {
			t.Errorf("failed \"job\" lines for %s = %v, want one at ERROR, route %s, error \"bad message\"", m.MessageId, got, telemetry.RouteUnmatched)
		}
	}
	if done := w.logs.Find(msgBatchDone); len(done) != 1 || done[0].Str("received") != "5" || done[0].Str("failed") != "2" {
		t.Errorf("%q lines = %v, want one with received=5 failed=2", msgBatchDone, done)
	}
}

// TestWorkerDuplicateDelivery: a job delivered three times (twice in one
// batch by a producer that sent it twice, then redelivered by SQS in a
// second invocation) is written once; every delivery succeeds, and the
// later ones are logged as duplicates.
func TestWorkerDuplicateDelivery(t *testing.T) {
	t.Parallel()
	db := newJobsDB(t)
	w := startWorker(t, db, db.Pooled, nil)

	body := `{"kind":"invoice.paid","payload":{"invoice":42}}`
	attrs := map[string]string{telemetry.AttrIdempotencyKey: "evt-dup-42", telemetry.AttrRequestID: "req-dup-42"}
	first := sqsMessage(body, attrs)
	sentTwice := sqsMessage(body, attrs) // another message id, same key
	again := redelivered(first)

	if failed, _ := w.handle(t, first, sentTwice); len(failed) != 0 {
		t.Errorf("first invocation: batchItemFailures = %v, want none (a duplicate is a success)", failed)
	}
	if failed, _ := w.handle(t, again); len(failed) != 0 {
		t.Errorf("second invocation: batchItemFailures = %v, want none (a duplicate is a success)", failed)
	}

	rows := jobRows(t, db)
	if r, ok := rows["evt-dup-42"]; len(rows) != 1 || !ok || r.RequestID != "req-dup-42" || !sameJSON(t, r.Payload, `{"invoice":42}`) {
		t.Errorf("rows = %v, want exactly one, under evt-dup-42", rows)
	}

	processed := jobLines(w.logs, processedOrDuplicate...)
	type delivery struct {
		id, receiveCount string
		duplicate        bool
	}
	var got []delivery
	for _, r := range processed {
		if r.Str("idempotency_key") != "evt-dup-42" {
			t.Errorf("unexpected idempotency_key in %v", r)
		}
		got = append(got, delivery{r.Str("message_id"), r.Str("receive_count"), r.Str(telemetry.FieldOutcome) == telemetry.OutcomeDuplicate})
	}
	want := []delivery{
		{first.MessageId, "1", false},
		{sentTwice.MessageId, "1", true},
		{first.MessageId, "2", true},
	}
	if !slices.Equal(got, want) {
		t.Errorf("\"job\" lines (message id, receive count, duplicate) = %v, want %v", got, want)
	}
	if n := len(jobLines(w.logs, telemetry.OutcomeFailed)); n != 0 {
		t.Errorf("%d failed \"job\" lines, want none", n)
	}
}

// TestWorkerDatabaseDown: while the database is unreachable every message
// of a batch is reported failed and nothing is written; once it is back,
// the same pool (same process) writes the redelivered batch.
func TestWorkerDatabaseDown(t *testing.T) {
	t.Parallel()
	db := newJobsDB(t)
	proxy := rt.NewProxy(t, db.PoolerAddr)
	w := startWorker(t, db, db.Via(proxy.Addr()), map[string]string{workloadenv.DBConnectTimeout: "2s"})

	// A connection in the pool before the outage, so the outage also cuts one.
	before := sqsMessage(`{"kind":"ping","payload":{}}`, map[string]string{telemetry.AttrIdempotencyKey: "before-outage"})
	if failed, _ := w.handle(t, before); len(failed) != 0 {
		t.Fatalf("before the outage: batchItemFailures = %v, want none", failed)
	}

	batch := []events.SQSMessage{
		sqsMessage(`{"kind":"order.created","payload":{"order":1}}`, map[string]string{telemetry.AttrIdempotencyKey: "outage-1"}),
		sqsMessage(`{"kind":"order.created","payload":{"order":2}}`, map[string]string{telemetry.AttrIdempotencyKey: "outage-2"}),
		sqsMessage(`{"kind":"order.created","payload":{"order":3}}`, map[string]string{telemetry.AttrIdempotencyKey: "outage-3"}),
	}
	proxy.Down()
	failed, elapsed := w.handle(t, batch...)
	if want := ids(batch...); !slices.Equal(failed, want) {
		t.Errorf("database down: batchItemFailures = %v, want every message %v", failed, want)
	}
	t.Logf("batch of 3 with the database down took %s", elapsed)
	if rows := jobRows(t, db); len(rows) != 1 {
		t.Errorf("database down: rows = %v, want only before-outage", rows)
	}
	for _, m := range batch {
		if got := byJob(w.logs, []string{telemetry.OutcomeFailed}, m.MessageId); len(got) != 1 || got[0].Str("level") != "ERROR" {
			t.Errorf("failed \"job\" lines for %s = %v, want one at ERROR", m.MessageId, got)
		}
	}

	proxy.Up()
	retry := redeliveredAll(batch)
	if failed, _ := w.handle(t, retry...); len(failed) != 0 {
		t.Errorf("database back: batchItemFailures = %v, want none (the pool must recover)", failed)
	}
	rows := jobRows(t, db)
	for _, key := range []string{"before-outage", "outage-1", "outage-2", "outage-3"} {
		if _, ok := rows[key]; !ok {
			t.Errorf("database back: no row for %s; rows: %v", key, rows)
		}
	}
	if len(rows) != 4 {
		t.Errorf("database back: %d rows, want 4: %v", len(rows), rows)
	}
}

// TestWorkerMessageTimeout: with the table locked, each message is cut by
// MESSAGE_TIMEOUT (not by the 30 s statement timeout nor the 10 s function
// timeout) and reported failed; after the lock is gone the retry succeeds.
func TestWorkerMessageTimeout(t *testing.T) {
	t.Parallel()
	db := newJobsDB(t)
	w := startWorker(t, db, db.Pooled, map[string]string{
		workloadenv.MessageTimeout:     "1s",
		workloadenv.DBStatementTimeout: "30s",
		lambdarie.EnvFunctionTimeout:   "10",
	})
	w.warmUp(t)

	batch := []events.SQSMessage{
		sqsMessage(`{"kind":"slow","payload":{"n":1}}`, map[string]string{telemetry.AttrIdempotencyKey: "slow-1"}),
		sqsMessage(`{"kind":"slow","payload":{"n":2}}`, map[string]string{telemetry.AttrIdempotencyKey: "slow-2"}),
	}
	release := db.Lock(t, jobsTable)
	failed, elapsed := w.handle(t, batch...)
	if want := ids(batch...); !slices.Equal(failed, want) {
		t.Errorf("table locked: batchItemFailures = %v, want %v", failed, want)
	}
	if elapsed < 2*time.Second || elapsed >= 6*time.Second {
		t.Errorf("table locked: the invocation took %s, want 2 × MESSAGE_TIMEOUT (>= 2s) and well under the 10s function timeout (< 6s)", elapsed)
	}
	for _, m := range batch {
		got := byJob(w.logs, []string{telemetry.OutcomeFailed}, m.MessageId)
		if len(got) != 1 {
			t.Errorf("failed \"job\" lines for %s = %v, want one", m.MessageId, got)
			continue
		}
		ms, _ := strconv.ParseFloat(got[0].Str("duration_ms"), 64)
		if ms < 1000 || ms >= 2000 {
			t.Errorf("message %s failed after %g ms, want it cut at MESSAGE_TIMEOUT (1000 ms): %v", m.MessageId, ms, got[0])
		}
	}
	if n := len(w.logs.Find(msgUnstarted)); n != 0 {
		t.Errorf("%d %q lines, want none: the function timeout leaves time for every message", n, msgUnstarted)
	}
	release()

	retry := redeliveredAll(batch)
	failed, elapsed = w.handle(t, retry...)
	if len(failed) != 0 {
		t.Errorf("after the lock: batchItemFailures = %v, want none", failed)
	}
	if elapsed >= 2*time.Second {
		t.Errorf("after the lock: the retry took %s, want well under a second per message", elapsed)
	}
	if rows := jobRows(t, db); len(rows) != 2 {
		t.Errorf("after the lock: rows = %v, want slow-1 and slow-2", rows)
	}
}

// TestWorkerFunctionDeadline: the invocation's own deadline (2 s) stops the
// batch. The first message starts with ~2 s left and is cut by
// MESSAGE_TIMEOUT (1 s); then less than MESSAGE_TIMEOUT remains, so the
// others are not started. The handler returns before Lambda's timeout, with
// every message reported failed.
func TestWorkerFunctionDeadline(t *testing.T) {
	t.Parallel()
	db := newJobsDB(t)
	w := startWorker(t, db, db.Pooled, map[string]string{
		workloadenv.MessageTimeout:     "1s",
		workloadenv.DBStatementTimeout: "30s",
		lambdarie.EnvFunctionTimeout:   "2",
	})
	w.warmUp(t)

	batch := []events.SQSMessage{
		sqsMessage(`{"kind":"slow","payload":{"n":1}}`, map[string]string{telemetry.AttrIdempotencyKey: "deadline-1"}),
		sqsMessage(`{"kind":"slow","payload":{"n":2}}`, map[string]string{telemetry.AttrIdempotencyKey: "deadline-2"}),
		sqsMessage(`{"kind":"slow","payload":{"n":3}}`, map[string]string{telemetry.AttrIdempotencyKey: "deadline-3"}),
	}
	release := db.Lock(t, jobsTable)
	failed, elapsed := w.handle(t, batch...) // fails the test on "Task timed out"
	if want := ids(batch...); !slices.Equal(failed, want) {
		t.Errorf("batchItemFailures = %v, want every message %v", failed, want)
	}
	if elapsed < time.Second || elapsed >= 2*time.Second {
		t.Errorf("the invocation took %s, want the first message's 1s and an answer before the 2s function timeout", elapsed)
	}
	if got := byJob(w.logs, []string{telemetry.OutcomeFailed}, batch[0].MessageId); len(got) != 1 {
		t.Errorf("failed \"job\" lines for the first message = %v, want one", got)
	}
	for _, m := range batch[1:] {
		if got := byJob(w.logs, []string{telemetry.OutcomeFailed}, m.MessageId); len(got) != 0 {
			t.Errorf("message %s was started (%v); with less than MESSAGE_TIMEOUT left it must not be", m.MessageId, got)
		}
	}
	unstarted := w.logs.Find(msgUnstarted)
	if len(unstarted) != 1 || unstarted[0].Str("count") != "2" || unstarted[0].Str("level") != "WARN" ||
		!strings.Contains(unstarted[0].Str("error"), "too little time left") {
		t.Errorf("%q lines = %v, want one at WARN with count=2 and the reason", msgUnstarted, unstarted)
	}
	release()

	retry := redeliveredAll(batch)
	if failed, _ := w.handle(t, retry...); len(failed) != 0 {
		t.Errorf("after the lock: batchItemFailures = %v, want none", failed)
	}
	if rows := jobRows(t, db); len(rows) != 3 {
		t.Errorf("after the lock: rows = %v, want deadline-1..3", rows)
	}
}

// TestWorkerTracing: a message with a traceparent attribute is processed in
// a CONSUMER span continuing that trace, and its log line and row carry
// the trace id and the request id of the message; a message without one
// starts a new trace, and the span, the log line and the row agree on it.
func TestWorkerTracing(t *testing.T) {
	t.Parallel()
	db := newJobsDB(t)
	w := startWorker(t, db, db.Pooled, nil)

	upstreamTrace, upstreamSpan := rt.NewTraceID(), rt.NewSpanID()
	traced := sqsMessage(`{"kind":"order.created","payload":{"order":7}}`, map[string]string{
		telemetry.AttrTraceparent:    "00-" + upstreamTrace + "-" + upstreamSpan + "-01",
		telemetry.AttrRequestID:      "req-traced-7",
		telemetry.AttrIdempotencyKey: "traced-7",
	})
	untraced := sqsMessage(`{"kind":"order.created","payload":{"order":8}}`,
		map[string]string{telemetry.AttrIdempotencyKey: "untraced-8"})
	if failed, _ := w.handle(t, traced, untraced); len(failed) != 0 {
		t.Fatalf("batchItemFailures = %v, want none", failed)
	}
	rows := jobRows(t, db)

	// The message that continues a trace.
	spans := w.otlp.Wait(t, 1, 5*time.Second, rt.InTrace(upstreamTrace))
	if len(spans) != 1 {
		t.Fatalf("spans in the upstream trace = %+v, want one", spans)
	}
	s := spans[0]
	if s.Kind != "CONSUMER" || s.ParentSpanID != upstreamSpan || s.Service != workerService || s.Name != "process order.created" {
		t.Errorf("span = %+v, want CONSUMER \"process order.created\" of %s, child of %s", s, workerService, upstreamSpan)
	}
	if s.Attrs["messaging.system"] != "aws_sqs" || s.Attrs["messaging.message.id"] != traced.MessageId ||
		s.Attrs["messaging.destination.name"] != "jobs" {
		t.Errorf("span attributes = %v, want messaging.system aws_sqs, the message id and destination jobs", s.Attrs)
	}
	if s.Error {
		t.Errorf("span has status ERROR")
	}
	line := byJob(w.logs, processedOrDuplicate, traced.MessageId)
	if len(line) != 1 || line[0].Str(telemetry.FieldTraceID) != upstreamTrace ||
		line[0].Str(telemetry.FieldSpanID) != s.SpanID || line[0].Str(telemetry.FieldRequestID) != "req-traced-7" {
		t.Errorf("\"job\" lines = %v, want one with trace_id %s, span_id %s, request_id req-traced-7",
			line, upstreamTrace, s.SpanID)
	}
	if r := rows["traced-7"]; r.TraceID != upstreamTrace || r.RequestID != "req-traced-7" {
		t.Errorf("row traced-7 = %+v, want trace_id %s and request_id req-traced-7", r, upstreamTrace)
	}

	// The message that starts a new trace.
	line = byJob(w.logs, processedOrDuplicate, untraced.MessageId)
	if len(line) != 1 {
		t.Fatalf("\"job\" lines for the untraced message = %v, want one", line)
	}
	newTrace := line[0].Str(telemetry.FieldTraceID)
	if !isHex(newTrace, 32) || newTrace == upstreamTrace {
		t.Fatalf("the untraced message's log line has trace_id %q, want a new trace id", newTrace)
	}
	spans = w.otlp.Wait(t, 1, 5*time.Second, rt.InTrace(newTrace))
	if len(spans) != 1 || spans[0].Kind != "CONSUMER" || spans[0].ParentSpanID != "" || spans[0].Service != workerService ||
		spans[0].SpanID != line[0].Str(telemetry.FieldSpanID) {
		t.Errorf("spans in the new trace = %+v, want one root CONSUMER span whose id is the log line's %s",
			spans, line[0].Str(telemetry.FieldSpanID))
	}
	if r := rows["untraced-8"]; r.TraceID != newTrace || r.RequestID != line[0].Str(telemetry.FieldRequestID) {
		t.Errorf("row untraced-8 = %+v, want trace_id %s and the logged request_id %s", r, newTrace, line[0].Str(telemetry.FieldRequestID))
	}
}

// toSQSRecord is the record an event source mapping delivers for a message
// the fake SQS accepted.
func toSQSRecord(m fakesqs.Message) events.SQSMessage {
	rec := sqsMessage(m.Body, m.Attributes)
	rec.MessageId = m.MessageID
	return rec
}

// newJobsDB is a database of its own with the jobs schema, applied by the
// jobs migrate command over the direct URL.
func newJobsDB(t testing.TB) *rt.DB {
	t.Helper()
	db := rt.NewDB(t, "")
	rt.Migrate(t, db, jobsMigratePkg, 0).Check(t, rt.MigrateLifecycle...)
	return db
}

// assertRouteMetrics runs routemetrics.Pattern(msg) over a function's real
// log lines: it must match each line that ends a unit and no other, and
// the duration it extracts must be the line's. want counts units by route.
func assertRouteMetrics(t *testing.T, fn string, logs *rt.Logs, msg string, want map[string]int) {
	t.Helper()
	m, err := routemetrics.Compile(routemetrics.Pattern(msg))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, line := range logs.Lines() {
		var r rt.Record
		isUnit := json.Unmarshal([]byte(line), &r) == nil && r.Msg() == msg
		if m.Match([]byte(line)) != isUnit {
			t.Errorf("%s: the metric filter %s on %q: match %v, want %v", fn, routemetrics.Pattern(msg), line, !isUnit, isUnit)
			continue
		}
		if !isUnit {
			continue
		}
		v, ok := routemetrics.Value("$."+telemetry.FieldDurationMS, []byte(line))
		if d, _ := r[telemetry.FieldDurationMS].(float64); !ok || v != d || v < 0 {
			t.Errorf("%s: the filter extracts %v (%v) from %q", fn, v, ok, line)
		}
		got[r.Str(telemetry.FieldRoute)]++
	}
	if !maps.Equal(got, want) {
		t.Errorf("%s: units by route = %v, want %v", fn, got, want)
	}
}

// TestWorkerKeyRetention: the message the blueprint's daily schedule puts
// on the queue (schedules.Envelope of the key retention kind) deletes the
// jobs processed more than older_than ago and no other, writes no row of
// its own, and logs how many it deleted; one whose older_than is under the
// 4-day floor fails (to be retried, then dead-lettered) and deletes nothing.
func TestWorkerKeyRetention(t *testing.T) {
	t.Parallel()
	db := newJobsDB(t)
	w := startWorker(t, db, db.Pooled, nil)
	db.Exec(t, `INSERT INTO `+jobsTable+` (idempotency_key, kind, payload, processed_at)
SELECT 'stripe:evt_old_' || g, 'invoice.paid', '{}', now() - interval '40 days' - g * interval '1 minute' FROM generate_series(1, 5) g`)
	db.Exec(t, `INSERT INTO `+jobsTable+` (idempotency_key, kind, payload, processed_at)
SELECT 'github:recent-' || g, 'issues', '{}', now() - interval '10 days' FROM generate_series(1, 3) g`)

	tooShort := sqsMessage(schedules.Envelope(workloadenv.KeyRetentionKind, json.RawMessage(`{"older_than":"48h"}`)), nil)
	if failed, _ := w.handle(t, tooShort); !slices.Equal(failed, ids(tooShort)) {
		t.Errorf("older_than 48h: batchItemFailures = %v, want the message", failed)
	}
	if n := len(jobRows(t, db)); n != 8 {
		t.Errorf("after the refused run: %d rows, want all 8", n)
	}

	daily := sqsMessage(schedules.Envelope(workloadenv.KeyRetentionKind, json.RawMessage(`{"older_than":"720h"}`)), nil)
	if failed, _ := w.handle(t, daily); len(failed) != 0 {
		t.Fatalf("batchItemFailures = %v, want none", failed)
	}
	rows := jobRows(t, db)
	var keys []string
	for k := range rows {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if want := []string{"github:recent-1", "github:recent-2", "github:recent-3"}; !slices.Equal(keys, want) {
		t.Errorf("rows after the retention = %q, want %q (and no row for the retention job)", keys, want)
	}

	lines := w.logs.Find(telemetry.MsgJob)
	if len(lines) != 2 {
		t.Fatalf("\"job\" lines = %v, want two", lines)
	}
	checkFields(t, "refused run", lines[0], map[string]string{"level": "ERROR", telemetry.FieldOutcome: telemetry.OutcomeFailed,
		telemetry.FieldRoute: workloadenv.KeyRetentionKind, "message_id": tooShort.MessageId, "deleted": "0"})
	if !strings.Contains(lines[0].Str("error"), `"older_than" is 48h, shorter than 96h (4 days)`) {
		t.Errorf("refused run: error %q", lines[0].Str("error"))
	}
	checkFields(t, "daily run", lines[1], map[string]string{"level": "INFO", telemetry.FieldOutcome: telemetry.OutcomeProcessed,
		telemetry.FieldRoute: workloadenv.KeyRetentionKind, "message_id": daily.MessageId, "deleted": "5", "batches": "1",
		"complete": "true", "older_than": "720h0m0s"})
	assertRouteMetrics(t, "worker", w.logs, telemetry.MsgJob, map[string]int{workloadenv.KeyRetentionKind: 2})
}
