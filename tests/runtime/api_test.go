package runtime

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/groundwork-iac/groundwork/components/gcp/runalerts"
	"github.com/groundwork-iac/groundwork/components/gcp/runmetrics"
	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/tests/runtime/internal/rt"
)

// apiService is the service.name the API runs under in these tests.
const apiService = "groundwork-api-rt"

// apiLifecycle are the API's log lines written outside any request.
var apiLifecycle = []string{"api listening", "draining", "drained; exiting"}

// api is a running API server process.
type api struct {
	base string
	proc *rt.Proc
	logs *rt.Logs
	otlp *rt.OTLP
}

// startAPI migrates db over its direct URL with `api migrate`, then runs
// the server on dbURL (the pooled URL, or a proxy in front of it) until the
// test ends. env adds or overrides variables.
func startAPI(t *testing.T, db *rt.DB, dbURL string, env map[string]string) *api {
	t.Helper()
	bin := rt.Build(t, "github.com/groundwork-iac/groundwork/workloads/api", []string{"CGO_ENABLED=0"}, "-trimpath")

	migrateLogs := &rt.Logs{}
	m := rt.Start(t, bin, []string{"migrate"}, map[string]string{workloadenv.DatabaseDirectURL: db.Direct}, migrateLogs)
	if code := m.Wait(t, 30*time.Second); code != 0 {
		t.Fatalf("api migrate exited %d:\n%s", code, migrateLogs.String())
	}
	migrateLogs.Check(t, rt.MigrateLifecycle...)
	migrateLogs.NoSecret(t, db.Password)

	otlp := rt.NewOTLP(t)
	addr := rt.FreeAddr(t)
	full := map[string]string{
		workloadenv.Port:            addr[strings.LastIndex(addr, ":")+1:],
		workloadenv.DatabaseURL:     dbURL,
		telemetry.EnvServiceName:    apiService,
		telemetry.EnvEndpoint:       otlp.Endpoint(),
		telemetry.EnvTracesExporter: telemetry.ExporterOTLP,
	}
	maps.Copy(full, env)
	logs := &rt.Logs{}
	a := &api{base: "http://" + addr, logs: logs, otlp: otlp}
	a.proc = rt.Start(t, bin, nil, full, logs)
	rt.WaitHTTP(t, a.base+"/healthz", 15*time.Second, a.proc)
	return a
}

// response is one answer, its JSON body decoded.
type response struct {
	status  int
	header  http.Header
	body    map[string]any
	raw     string
	elapsed time.Duration
}

// call sends one request to base and decodes the JSON answer; every
// answer of these workloads, errors included, is a JSON object.
func call(t *testing.T, base, method, path string, body any, header map[string]string) response {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	start := time.Now()
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := response{status: resp.StatusCode, header: resp.Header, raw: string(raw), elapsed: time.Since(start)}
	if err := json.Unmarshal(raw, &r.body); err != nil {
		t.Fatalf("%s %s answered %d with a body that is not a JSON object: %q", method, path, resp.StatusCode, raw)
	}
	return r
}

// finish checks the log contract and that the log's trace ids are the
// exported ones; every API test ends with it.
func (a *api) finish(t *testing.T, db *rt.DB) []rt.Record {
	t.Helper()
	recs := a.logs.Check(t, apiLifecycle...)
	a.logs.NoSecret(t, db.Password)
	rt.TracesExported(t, recs, a.otlp, apiService, 10*time.Second)
	return recs
}

func TestAPINotesThroughThePooler(t *testing.T) {
	t.Parallel()
	db := rt.NewDB(t, "")
	a := startAPI(t, db, db.Pooled, nil)

	traceID, parent := rt.NewTraceID(), rt.NewSpanID()
	created := call(t, a.base, http.MethodPost, "/v1/notes", map[string]string{"body": "first"}, map[string]string{
		telemetry.HeaderRequestID:   "rt-create-1",
		telemetry.HeaderTraceparent: rt.Traceparent(traceID, parent),
	})
	if created.status != http.StatusCreated || created.body["body"] != "first" {
		t.Fatalf("create: %d %s", created.status, created.raw)
	}
	id, _ := created.body["id"].(string)
	if loc := created.header.Get("Location"); loc != "/v1/notes/"+id {
		t.Errorf("Location = %q, want /v1/notes/%s", loc, id)
	}
	if got := created.header.Get(telemetry.HeaderRequestID); got != "rt-create-1" {
		t.Errorf("X-Request-ID = %q, want the one sent", got)
	}
	second := call(t, a.base, http.MethodPost, "/v1/notes", map[string]string{"body": "second"}, nil)
	if second.status != http.StatusCreated {
		t.Fatalf("create: %d %s", second.status, second.raw)
	}

	got := call(t, a.base, http.MethodGet, "/v1/notes/"+id, nil, nil)
	if got.status != http.StatusOK || got.body["id"] != id || got.body["body"] != "first" {
		t.Errorf("get: %d %s", got.status, got.raw)
	}
	if n := db.Int(t, "SELECT count(*) FROM notes"); n != 2 {
		t.Errorf("notes in the database = %d, want 2", n)
	}

	// Newest first, one per page, the cursor leading to the older note.
	page1 := call(t, a.base, http.MethodGet, "/v1/notes?limit=1", nil, nil)
	cursor, _ := page1.body["next_cursor"].(string)
	if page1.status != http.StatusOK || bodies(page1) != "second" || cursor == "" {
		t.Fatalf("list page 1: %d %s", page1.status, page1.raw)
	}
	page2 := call(t, a.base, http.MethodGet, "/v1/notes?limit=1&cursor="+cursor, nil, nil)
	if page2.status != http.StatusOK || bodies(page2) != "first" {
		t.Errorf("list page 2: %d %s", page2.status, page2.raw)
	}

	// The caller's trace is continued: the server span is its child.
	spans := a.otlp.Wait(t, 1, 10*time.Second, func(s rt.Span) bool {
		return s.TraceID == traceID && s.Kind == "SERVER"
	})
	if spans[0].ParentSpanID != parent || spans[0].Name != "POST /v1/notes" {
		t.Errorf("server span = %+v, want POST /v1/notes with parent %s", spans[0], parent)
	}
	recs := a.finish(t, db)
	access := findRecord(t, recs, func(r rt.Record) bool {
		return r.Msg() == "request" && r.Str(telemetry.FieldRequestID) == "rt-create-1"
	})
	if access.Str(telemetry.FieldTraceID) != traceID {
		t.Errorf("the request's log line has trace_id %q, want the caller's %s", access.Str(telemetry.FieldTraceID), traceID)
	}
}

func TestAPIStatementTimeoutAnswersJSONAndThePoolRecovers(t *testing.T) {
	t.Parallel()
	db := rt.NewDB(t, "")
	a := startAPI(t, db, db.Pooled, map[string]string{
		workloadenv.DBStatementTimeout: "1s",
		workloadenv.HandlerTimeout:     "8s",
		workloadenv.DBPoolSize:         "2",
		// As Cloud Run runs it: the lines carry Cloud Logging's severity.
		workloadenv.GoogleCloudProject: "groundwork-rt",
	})
	if r := call(t, a.base, http.MethodPost, "/v1/notes", map[string]string{"body": "kept"}, nil); r.status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}

	release := db.Lock(t, "notes")
	slow := call(t, a.base, http.MethodGet, "/v1/notes", nil, map[string]string{telemetry.HeaderRequestID: "rt-slow-1"})
	if slow.status != http.StatusGatewayTimeout {
		t.Errorf("status = %d, want 504: %s", slow.status, slow.raw)
	}
	want := map[string]any{"error": "query timed out", telemetry.FieldRequestID: "rt-slow-1"}
	if !maps.Equal(slow.body, want) {
		t.Errorf("body = %s, want %v", slow.raw, want)
	}
	if slow.elapsed < time.Second || slow.elapsed > 4*time.Second {
		t.Errorf("answered after %s; the statement timeout is 1s", slow.elapsed)
	}
	release()

	// More requests than the pool has connections: none may be stuck on a
	// connection the timeout left behind.
	for i := range 5 {
		if r := call(t, a.base, http.MethodGet, "/v1/notes", nil, nil); r.status != http.StatusOK || bodies(r) != "kept" {
			t.Fatalf("request %d after the timeout: %d %s", i, r.status, r.raw)
		}
	}
	recs := a.finish(t, db)
	failed := findRecord(t, recs, func(r rt.Record) bool {
		return r.Msg() == "database call failed" && r.Str(telemetry.FieldRequestID) == "rt-slow-1"
	})
	if failed.Str("sqlstate") != "57014" {
		t.Errorf("logged sqlstate %q, want 57014 (query_canceled by statement_timeout)", failed.Str("sqlstate"))
	}
	// The log-based metric and the error-log alert read these lines as
	// Cloud Logging stores them.
	assertLogBasedMetric(t, a.logs, map[string]int{"POST /v1/notes": 1, "GET /v1/notes": 6})
	var errorLines []string
	for _, e := range logEntries(a.logs) {
		match, err := runmetrics.Match(runalerts.ErrorLogFilter(apiService), e)
		if err != nil {
			t.Fatal(err)
		}
		if match {
			errorLines = append(errorLines, fmt.Sprint(e.JSONPayload["msg"], " ", e.JSONPayload["status"]))
		}
	}
	if want := []string{"database call failed 504", "request 504"}; !slices.Equal(errorLines, want) {
		t.Errorf("the error-log alert matches %q, want %q", errorLines, want)
	}
}

// logEntries are the lines as Cloud Logging stores a Cloud Run
// container's JSON output: the fields in jsonPayload, the severity lifted
// out, the revision's labels (cloud.google.com/logging/docs/structured-logging).
func logEntries(logs *rt.Logs) []runmetrics.Entry {
	var out []runmetrics.Entry
	for _, r := range logs.Records() {
		e := runmetrics.Entry{Severity: r.Str("severity"), JSONPayload: map[string]any(r)}
		delete(e.JSONPayload, "severity")
		e.Resource.Type, e.Resource.Labels = "cloud_run_revision", map[string]string{"service_name": apiService}
		out = append(out, e)
	}
	return out
}

// assertLogBasedMetric runs the log-based metric's filter over the
// service's real lines: it must match each request line and no other, and
// extract its duration; want counts the routes (health probes aside).
func assertLogBasedMetric(t *testing.T, logs *rt.Logs, want map[string]int) {
	t.Helper()
	got := map[string]int{}
	for _, e := range logEntries(logs) {
		match, err := runmetrics.Match(runmetrics.Filter(apiService), e)
		if err != nil {
			t.Fatal(err)
		}
		if isUnit := e.JSONPayload["msg"] == telemetry.MsgRequest; match != isUnit {
			t.Errorf("the metric's filter on %v: match %v, want %v", e.JSONPayload, match, isUnit)
			continue
		}
		if !match {
			continue
		}
		if d, ok := runmetrics.Extract(e, telemetry.FieldDurationMS); !ok || d < 0 {
			t.Errorf("EXTRACT(duration_ms) of %v = %v, %v", e.JSONPayload, d, ok)
		}
		if route := e.JSONPayload[telemetry.FieldRoute].(string); route != "GET /healthz" {
			got[route]++
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("requests by route = %v, want %v", got, want)
	}
}

func TestAPIReadyzFollowsTheDatabase(t *testing.T) {
	t.Parallel()
	db := rt.NewDB(t, "")
	proxy := rt.NewProxy(t, db.PoolerAddr)
	a := startAPI(t, db, db.Via(proxy.Addr()), map[string]string{workloadenv.DBConnectTimeout: "1s"})

	if r := call(t, a.base, http.MethodGet, "/readyz", nil, nil); r.status != http.StatusOK {
		t.Fatalf("readyz with the database up: %d %s", r.status, r.raw)
	}
	proxy.Down()
	r := call(t, a.base, http.MethodGet, "/readyz", nil, map[string]string{telemetry.HeaderRequestID: "rt-down-1"})
	want := map[string]any{"error": "database unavailable", telemetry.FieldRequestID: "rt-down-1"}
	if r.status != http.StatusServiceUnavailable || !maps.Equal(r.body, want) {
		t.Errorf("readyz with the database down: %d %s", r.status, r.raw)
	}
	list := call(t, a.base, http.MethodGet, "/v1/notes", nil, nil)
	if list.status != http.StatusServiceUnavailable || list.header.Get("Retry-After") == "" {
		t.Errorf("list with the database down: %d %s (Retry-After %q)", list.status, list.raw, list.header.Get("Retry-After"))
	}
	if r := call(t, a.base, http.MethodGet, "/healthz", nil, nil); r.status != http.StatusOK {
		t.Errorf("healthz must not depend on the database: %d", r.status)
	}

	proxy.Up()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := call(t, a.base, http.MethodGet, "/readyz", nil, nil)
		if r.status == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("readyz still %d 10s after the database came back: %s", r.status, r.raw)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if r := call(t, a.base, http.MethodGet, "/v1/notes", nil, nil); r.status != http.StatusOK {
		t.Errorf("list after the database came back: %d %s", r.status, r.raw)
	}
	a.finish(t, db)
}

func TestAPIDrainsInFlightRequestsOnSIGTERM(t *testing.T) {
	t.Parallel()
	db := rt.NewDB(t, "")
	a := startAPI(t, db, db.Pooled, map[string]string{
		workloadenv.ShutdownTimeout:    workloadenv.DefaultShutdownTimeout.String(),
		workloadenv.DBStatementTimeout: workloadenv.DefaultStatementTimeout.String(),
	})
	if r := call(t, a.base, http.MethodPost, "/v1/notes", map[string]string{"body": "in flight"}, nil); r.status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.status, r.raw)
	}

	release := db.Lock(t, "notes")
	var wg sync.WaitGroup
	var inflight response
	wg.Add(1)
	go func() {
		defer wg.Done()
		inflight = call(t, a.base, http.MethodGet, "/v1/notes", nil, map[string]string{telemetry.HeaderRequestID: "rt-drain-1"})
	}()
	// The request is in flight once its query waits on the lock.
	waitFor(t, 10*time.Second, "the request's query to wait on the lock", func() bool {
		return db.Int(t, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = $1", db.Name) > 0
	})

	a.proc.Signal(t, syscall.SIGTERM)
	a.logs.Wait(t, 5*time.Second, "saying it drains", rt.WithMsg("draining"))
	if _, err := (&http.Client{Timeout: time.Second}).Get(a.base + "/healthz"); err == nil {
		t.Error("a new connection was accepted after SIGTERM")
	}
	time.Sleep(500 * time.Millisecond)
	if a.proc.Exited() {
		t.Fatal("the server exited with a request in flight")
	}
	release()
	wg.Wait()
	if inflight.status != http.StatusOK || bodies(inflight) != "in flight" {
		t.Errorf("the in-flight request got %d %s, want 200 with the note", inflight.status, inflight.raw)
	}
	if code := a.proc.Wait(t, 10*time.Second); code != 0 {
		t.Errorf("exit code %d after draining, want 0", code)
	}
	recs := a.finish(t, db)
	findRecord(t, recs, rt.WithMsg("drained; exiting"))
	// The drained request's span was flushed before exit.
	a.otlp.Wait(t, 1, 5*time.Second, func(s rt.Span) bool {
		return s.Kind == "SERVER" && s.Name == "GET /v1/notes"
	})
}

// bodies joins the bodies of a list page's notes with commas.
func bodies(r response) string {
	notes, _ := r.body["notes"].([]any)
	var out []string
	for _, n := range notes {
		m, _ := n.(map[string]any)
		b, _ := m["body"].(string)
		out = append(out, b)
	}
	return strings.Join(out, ",")
}

func findRecord(t *testing.T, recs []rt.Record, match func(rt.Record) bool) rt.Record {
	t.Helper()
	for _, r := range recs {
		if match(r) {
			return r
		}
	}
	t.Fatalf("no such log line among %d", len(recs))
	return nil
}

func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
