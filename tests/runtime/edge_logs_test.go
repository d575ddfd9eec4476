package runtime

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/tests/runtime/internal/rt"
	"github.com/groundwork-iac/groundwork/tests/runtime/internal/workerd"
)

// logBucket is the local R2 bucket the Worker's LOG_BUCKET binding names.
const logBucket = "groundwork-logs-rt"

// TestEdgeLogCleanupDeletesExpiredLogpushFiles seeds the Worker's log
// bucket with Logpush-shaped keys, fires the cleanup's cron trigger in
// workerd and reads back which keys remain: the ones dated before the
// cutoff are gone; the recent ones, an undated one uploaded now, and those
// outside the prefix are there. The run's log line carries its counts and
// the trace whose spans were exported. A heartbeat trigger without a
// database then fails its invocation. No PostgreSQL: nothing here reads it.
func TestEdgeLogCleanupDeletesExpiredLogpushFiles(t *testing.T) {
	t.Parallel()
	b := edgeBundle(t)
	otlp, logs := rt.NewOTLP(t), &rt.Logs{}
	w := startWorkerdWith(t, b, workerd.Options{
		R2Buckets: []workerd.R2Bucket{{Binding: workloadenv.LogBucketBinding, BucketName: logBucket}},
	}, otlp, logs, map[string]string{
		// What the kit's Worker component sets.
		workloadenv.LogRetentionDays: strconv.Itoa(workloadenv.DefaultLogRetentionDays),
		workloadenv.LogPrefix:        workloadenv.DefaultLogPrefix,
		workloadenv.LogCleanupCron:   workloadenv.DefaultLogCleanupCron,
	})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	// Dates a day clear of the cutoff on either side, so that a midnight
	// (UTC) between here and the run changes nothing; the unit tests pin
	// the boundary itself.
	day := func(daysAgo int) string {
		return time.Now().UTC().AddDate(0, 0, -daysAgo).Format("20060102")
	}
	p := workloadenv.DefaultLogPrefix
	retention := workloadenv.DefaultLogRetentionDays
	gone := []string{
		p + day(400) + "/20250101T000000Z_20250101T000100Z_0a1b2c3d.log.gz",
		p + day(retention+1) + "/first.log.gz",
		p + day(retention+1) + "/second.log.gz",
	}
	kept := []string{
		p + day(retention-1) + "/recent.log.gz",
		p + day(0) + "/today.log.gz",
		p + "notes.txt", // undated, uploaded now
		"other/" + day(400) + "/outside.log.gz",
		"workers-old/" + day(400) + "/outside.log.gz",
	}
	for _, key := range append(slices.Clone(gone), kept...) {
		if err := w.PutR2Object(ctx, logBucket, key, []byte(`{"Outcome":"ok"}`+"\n")); err != nil {
			t.Fatal(err)
		}
	}

	before := time.Now().UTC()
	outcome, status, err := w.Scheduled(ctx, workloadenv.DefaultLogCleanupCron)
	after := time.Now().UTC()
	if err != nil || outcome != "ok" || status != http.StatusOK {
		t.Fatalf("the cleanup trigger: %q %d %v, want ok 200", outcome, status, err)
	}

	line := logs.Wait(t, 10*time.Second, "for the cleanup run", rt.WithMsg("log files cleaned up"))
	cutoffs := []string{before.AddDate(0, 0, -retention).Format(time.DateOnly), after.AddDate(0, 0, -retention).Format(time.DateOnly)}
	if !slices.Contains(cutoffs, line.Str("cutoff")) {
		t.Errorf("cutoff = %q, want %s", line.Str("cutoff"), cutoffs[0])
	}
	// The prefix, grouped by "/", and the two expired day folders are
	// listed; the two recent ones are not (days_kept). One delete call.
	want := map[string]string{
		"level": "INFO", "cron": workloadenv.DefaultLogCleanupCron, "prefix": p, "retention_days": "30",
		"deleted": "3", "scanned": "4", "kept": "1", "days_kept": "2",
		"list_calls": "3", "delete_calls": "1", "bounded": "false",
	}
	for k, v := range want {
		if got := line.Str(k); got != v {
			t.Errorf("the cleanup's log line has %s = %q, want %q: %v", k, got, v, line)
		}
	}
	traceID := line.Str(telemetry.FieldTraceID)
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(traceID) || line.Str(telemetry.FieldRequestID) == "" {
		t.Errorf("the cleanup's log line has trace_id %q and request_id %q", traceID, line.Str(telemetry.FieldRequestID))
	}
	access := logs.Wait(t, 5*time.Second, "for the cleanup's request line", func(r rt.Record) bool {
		return r.Msg() == telemetry.MsgRequest && r.Str(telemetry.FieldRoute) == "POST /logs/cleanup"
	})
	if access.Str(telemetry.FieldTraceID) != traceID || access.Str("status") != "200" {
		t.Errorf("the cleanup's request line: %v", access)
	}
	spans := otlp.Wait(t, 5, 10*time.Second, rt.InTrace(traceID))
	var names []string
	for _, s := range spans {
		names = append(names, s.Name)
	}
	slices.Sort(names)
	if wantNames := []string{"POST /logs/cleanup", "R2 delete", "R2 list", "R2 list", "R2 list"}; !slices.Equal(names, wantNames) {
		t.Errorf("spans of the cleanup's trace = %q, want %q", names, wantNames)
	}

	for _, key := range gone {
		if _, found, err := w.R2Object(ctx, logBucket, key); err != nil || found {
			t.Errorf("%s: found %v (%v), want it deleted", key, found, err)
		}
	}
	for _, key := range kept {
		body, found, err := w.R2Object(ctx, logBucket, key)
		if err != nil || !found || string(body) != `{"Outcome":"ok"}`+"\n" {
			t.Errorf("%s: found %v, body %q (%v), want it kept as put", key, found, body, err)
		}
	}

	// Any other trigger runs the heartbeat, which without a HYPERDRIVE
	// binding fails, and so does the invocation.
	if outcome, status, err := w.Scheduled(ctx, "*/30 * * * *"); err != nil || outcome != "exception" || status != http.StatusInternalServerError {
		t.Errorf("the heartbeat trigger without a database: %q %d %v, want exception 500", outcome, status, err)
	}
	logs.Wait(t, 10*time.Second, "for the failed heartbeat", func(r rt.Record) bool {
		return r.Msg() == telemetry.MsgRequest && r.Str(telemetry.FieldRoute) == "POST /heartbeat" && r.Str("status") == "500"
	})

	t.Cleanup(func() {
		rt.TracesExported(t, logs.Check(t), otlp, edgeService, 10*time.Second)
	})
}
