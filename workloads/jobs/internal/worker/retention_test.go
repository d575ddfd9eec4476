package worker

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

// retentionBody is the message the key retention schedule puts on the
// queue (components/aws/schedules.Envelope; the runtime test builds it with
// that function).
func retentionBody(payload string) string {
	return `{"kind":"` + workloadenv.KeyRetentionKind + `","payload":` + payload + `}`
}

// jobLine is the one "job" line of the fixture's log.
func (f *fixture) jobLine(t *testing.T) map[string]any {
	t.Helper()
	var found []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(f.logs.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", l)
		}
		if m["msg"] == telemetry.MsgJob {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		t.Fatalf("\"job\" lines = %v, want one", found)
	}
	return found[0]
}

func checkLine(t *testing.T, line map[string]any, want map[string]any) {
	t.Helper()
	for k, v := range want {
		if line[k] != v {
			t.Errorf("log %s = %#v, want %#v (line %v)", k, line[k], v, line)
		}
	}
}

// TestKeyRetentionDeletesInBatches: the schedule's job deletes every job
// processed before now - older_than, a batch of RetentionBatchRows at a
// time until a batch comes back short, writes no row of its own, and logs
// one "job" line with the count.
func TestKeyRetentionDeletesInBatches(t *testing.T) {
	f := newFixture()
	f.store.old = 2500
	f.h.RetentionBatchRows = 1000
	now := f.clock
	if failed := f.handle(t, context.Background(), msg("m-ret", retentionBody(`{"older_than":"720h"}`), nil)); len(failed) != 0 {
		t.Fatalf("failures = %v", failed)
	}
	cutoff := now.Add(-720 * time.Hour)
	want := []deleteCall{{cutoff, 1000}, {cutoff, 1000}, {cutoff, 1000}}
	if !slices.Equal(f.store.deletes, want) {
		t.Errorf("DeleteProcessed calls = %v, want %v", f.store.deletes, want)
	}
	if f.store.old != 0 || len(f.store.jobs) != 0 {
		t.Errorf("%d old jobs left, %d rows written; want 0 and 0 (the retention is not a row)", f.store.old, len(f.store.jobs))
	}
	checkLine(t, f.jobLine(t), map[string]any{
		telemetry.FieldRoute: workloadenv.KeyRetentionKind, telemetry.FieldOutcome: telemetry.OutcomeProcessed, "level": "INFO",
		"kind": workloadenv.KeyRetentionKind, "deleted": 2500.0, "batches": 3.0, "complete": true,
		"older_than": "720h0m0s", "cutoff": cutoff.UTC().Format(time.RFC3339), "message_id": "m-ret",
	})
	if s := f.spans.Ended()[0]; s.Name() != "process "+workloadenv.KeyRetentionKind {
		t.Errorf("span %q", s.Name())
	}
}

// TestKeyRetentionDefault: a payload without older_than keeps the default
// retention, 30 days.
func TestKeyRetentionDefault(t *testing.T) {
	for _, payload := range []string{`{}`, `null`} {
		f := newFixture()
		if failed := f.handle(t, context.Background(), msg("m", retentionBody(payload), nil)); len(failed) != 0 {
			t.Fatalf("%s: failures = %v", payload, failed)
		}
		if len(f.store.deletes) != 1 || !f.store.deletes[0].cutoff.Equal(f.clock.Add(-workloadenv.DefaultKeyRetention)) ||
			f.store.deletes[0].limit != DefaultRetentionBatchRows {
			t.Errorf("%s: DeleteProcessed calls = %v, want one with cutoff now - %s and limit %d",
				payload, f.store.deletes, workloadenv.DefaultKeyRetention, DefaultRetentionBatchRows)
		}
	}
	if workloadenv.DefaultKeyRetention < MinKeyRetention {
		t.Errorf("the default retention %s is below the floor %s", workloadenv.DefaultKeyRetention, MinKeyRetention)
	}
}

// TestKeyRetentionBound: older_than below the longest automatic retry
// window, or malformed, fails the job without deleting anything; the
// message is retried, then dead-lettered, and the DLQ alarm says so.
func TestKeyRetentionBound(t *testing.T) {
	for _, tc := range []struct{ payload, err string }{
		{`{"older_than":"95h59m"}`, `key retention: "older_than" is 95h59m, shorter than 96h (4 days), the longest automatic retry ` +
			`window of the supported senders (Standard Webhooks' schedule, 75h35m) with a margin: a key deleted sooner lets a retry ` +
			`run its job twice; use at least "96h"`},
		{`{"older_than":"30d"}`, `key retention: "older_than" is "30d", not a Go duration; use hours, such as "720h" (30 days)`},
		{`{"olderThan":"720h"}`, `key retention: the payload must be {"older_than": "<Go duration>"}, such as {"older_than":"720h"}: ` +
			`json: unknown field "olderThan"`},
		{`[1]`, `key retention: the payload must be {"older_than": "<Go duration>"}, such as {"older_than":"720h"}: ` +
			`json: cannot unmarshal array into Go value of type worker.retentionPayload`},
	} {
		f := newFixture()
		f.store.old = 10
		if failed := f.handle(t, context.Background(), msg("m-bad", retentionBody(tc.payload), nil)); !slices.Equal(failed, []string{"m-bad"}) {
			t.Errorf("%s: failures = %v, want the message", tc.payload, failed)
		}
		if len(f.store.deletes) != 0 || f.store.old != 10 {
			t.Errorf("%s: DeleteProcessed called %v", tc.payload, f.store.deletes)
		}
		checkLine(t, f.jobLine(t), map[string]any{telemetry.FieldOutcome: telemetry.OutcomeFailed, "level": "ERROR",
			telemetry.FieldRoute: workloadenv.KeyRetentionKind, "error": tc.err, "deleted": 0.0})
	}
	f := newFixture()
	if failed := f.handle(t, context.Background(), msg("m-floor", retentionBody(`{"older_than":"96h"}`), nil)); len(failed) != 0 {
		t.Errorf("older_than 96h, the floor itself: failures = %v", failed)
	}
}

// TestKeyRetentionStopsBeforeTheMessageDeadline: no batch starts with less
// than twice the slowest batch left in MESSAGE_TIMEOUT; what is left waits
// for the next run, and the job succeeds, logged at WARN as incomplete.
func TestKeyRetentionStopsBeforeTheMessageDeadline(t *testing.T) {
	f := newFixture()
	f.h.MessageTimeout = 20 * time.Second
	f.h.RetentionBatchRows = 1000
	f.store.old = 10000
	f.store.onDelete = func() { f.clock = f.clock.Add(6 * time.Second) }
	if failed := f.handle(t, context.Background(), msg("m-slow", retentionBody(`{}`), nil)); len(failed) != 0 {
		t.Fatalf("failures = %v", failed)
	}
	// After two batches (12 s), 8 s are left: under twice the 6 s batch.
	checkLine(t, f.jobLine(t), map[string]any{telemetry.FieldOutcome: telemetry.OutcomeProcessed, "level": "WARN",
		"deleted": 2000.0, "batches": 2.0, "complete": false})
	if f.store.old != 8000 {
		t.Errorf("%d old jobs left, want 8000", f.store.old)
	}
}

// TestKeyRetentionStoreError: a failing batch fails the job (retried by
// SQS); the line keeps what the earlier batches deleted.
func TestKeyRetentionStoreError(t *testing.T) {
	f := newFixture()
	f.h.RetentionBatchRows = 1000
	f.store.old = 5000
	f.store.deleteErr, f.store.failDeleteAt = errors.New("canceling statement due to statement timeout"), 2
	if failed := f.handle(t, context.Background(), msg("m-err", retentionBody(`{}`), nil)); !slices.Equal(failed, []string{"m-err"}) {
		t.Errorf("failures = %v, want the message", failed)
	}
	checkLine(t, f.jobLine(t), map[string]any{telemetry.FieldOutcome: telemetry.OutcomeFailed, "level": "ERROR",
		"deleted": 1000.0, "batches": 1.0, "error": "canceling statement due to statement timeout"})
}
