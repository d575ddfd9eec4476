package runtime

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	cfworker "github.com/groundwork-iac/groundwork/components/cloudflare/worker"
	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/tests/runtime/internal/rt"
	"github.com/groundwork-iac/groundwork/tests/runtime/internal/workerd"
)

// edgeService is the service.name the Worker runs under in these tests.
const edgeService = "groundwork-edge-rt"

// edgeDir is the Worker's package, relative to this test's directory.
var edgeDir = filepath.Join("..", "..", "workloads", "edge")

var (
	bundleOnce sync.Once
	bundle     cfworker.Bundle
	bundleErr  error
)

// edgeBundle is the deployed artifact: the module the kit's Worker
// component uploads, built once per test binary.
func edgeBundle(t testing.TB) cfworker.Bundle {
	t.Helper()
	if _, err := workerd.Wrangler(edgeDir); err != nil {
		rt.Require(t, "wrangler (the edge Worker's devDependency)", err.Error())
	}
	bundleOnce.Do(func() { bundle, bundleErr = cfworker.Build(edgeDir, "src/index.ts") })
	if bundleErr != nil {
		t.Fatal(bundleErr)
	}
	return bundle
}

// startWorkerd runs b in workerd with its Hyperdrive binding pointed at
// hyperdriveURL (the local PgBouncer, standing in for Hyperdrive's pool),
// exporting spans to otlp, plus vars, until the test ends.
func startWorkerd(t testing.TB, b cfworker.Bundle, hyperdriveURL string, otlp *rt.OTLP, logs *rt.Logs, vars ...map[string]string) *workerd.Worker {
	t.Helper()
	all := map[string]string{
		telemetry.EnvServiceName: edgeService,
		telemetry.EnvEndpoint:    otlp.Endpoint(),
		telemetry.EnvSamplerArg:  "1",
		telemetry.EnvLogLevel:    "info",
	}
	for _, v := range vars {
		maps.Copy(all, v)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	w, err := workerd.Start(ctx, workerd.Options{
		EdgeDir:            edgeDir,
		Code:               b.Code,
		CompatibilityDate:  cfworker.CompatibilityDate,
		CompatibilityFlags: []string{cfworker.NodeCompat},
		HyperdriveURL:      hyperdriveURL,
		Vars:               all,
		Stdout:             logs,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := w.Stop(); err != nil {
			t.Errorf("stopping wrangler: %v", err)
		}
		if t.Failed() {
			t.Logf("wrangler's output:\n%s", w.Output())
		}
	})
	return w
}

// edge is a Worker running against its own database.
type edge struct {
	db   *rt.DB
	w    *workerd.Worker
	otlp *rt.OTLP
	logs *rt.Logs
}

// newEdge creates a database with the Worker's schema and names items,
// oldest first. When the test ends, the Worker's lines are held to the log
// contract, checked for the database password, and their trace ids must
// have been exported.
func newEdge(t *testing.T, names ...string) *edge {
	t.Helper()
	e := &edge{db: rt.NewDB(t, readFile(t, filepath.Join(edgeDir, "schema.sql"))), otlp: rt.NewOTLP(t), logs: &rt.Logs{}}
	for i, n := range names {
		e.db.Exec(t, "INSERT INTO items (name, created_at) VALUES ($1, now() - make_interval(mins => $2))", n, len(names)-i)
	}
	t.Cleanup(func() {
		recs := e.logs.Check(t)
		e.logs.NoSecret(t, e.db.Password)
		rt.TracesExported(t, recs, e.otlp, edgeService, 10*time.Second)
	})
	return e
}

// start runs the Worker with its Hyperdrive binding on hyperdriveURL.
func (e *edge) start(t *testing.T, hyperdriveURL string, vars map[string]string) {
	t.Helper()
	e.w = startWorkerd(t, edgeBundle(t), hyperdriveURL, e.otlp, e.logs, vars)
}

// startEdge is newEdge, then the Worker on the database through PgBouncer.
func startEdge(t *testing.T, vars map[string]string, names ...string) *edge {
	t.Helper()
	edgeBundle(t) // skip before creating anything when wrangler is missing
	e := newEdge(t, names...)
	e.start(t, e.db.Pooled, vars)
	return e
}

func (e *edge) get(t *testing.T, path string, header map[string]string) response {
	t.Helper()
	return call(t, e.w.URL, http.MethodGet, path, nil, header)
}

func TestEdgeItemsFromPostgresThroughThePooler(t *testing.T) {
	t.Parallel()
	e := startEdge(t, nil, "oldest", "middle", "newest")

	traceID, parent := rt.NewTraceID(), rt.NewSpanID()
	page1 := e.get(t, "/v1/items?limit=2", map[string]string{
		telemetry.HeaderRequestID:   "rt-edge-1",
		telemetry.HeaderTraceparent: rt.Traceparent(traceID, parent),
	})
	if page1.status != http.StatusOK || names(page1) != "newest,middle" {
		t.Fatalf("page 1: %d %s", page1.status, page1.raw)
	}
	if got := page1.header.Get(telemetry.HeaderRequestID); got != "rt-edge-1" {
		t.Errorf("X-Request-ID = %q, want the one sent echoed", got)
	}
	cursor, _ := page1.body["next_cursor"].(string)
	page2 := e.get(t, "/v1/items?limit=2&cursor="+cursor, nil)
	if page2.status != http.StatusOK || names(page2) != "oldest" || page2.body["next_cursor"] != nil {
		t.Errorf("page 2: %d %s", page2.status, page2.raw)
	}
	if got := page2.header.Get(telemetry.HeaderRequestID); got == "" || got == "rt-edge-1" {
		t.Errorf("X-Request-ID = %q, want a fresh id when none is sent", got)
	}

	id := e.db.Int(t, "SELECT id FROM items WHERE name = 'middle'")
	// ids are bigint, sent as strings so no client loses precision.
	one := e.get(t, "/v1/items/"+strconv.Itoa(id), nil)
	if one.status != http.StatusOK || one.body["name"] != "middle" || one.body["id"] != strconv.Itoa(id) {
		t.Errorf("get item %d: %d %s", id, one.status, one.raw)
	}

	// The caller's trace is continued by the Worker's server span.
	spans := e.otlp.Wait(t, 1, 10*time.Second, func(s rt.Span) bool { return s.TraceID == traceID && s.Kind == "SERVER" })
	if spans[0].ParentSpanID != parent {
		t.Errorf("server span parent = %s, want the caller's %s", spans[0].ParentSpanID, parent)
	}
	line := e.logs.Wait(t, 5*time.Second, "for rt-edge-1", func(r rt.Record) bool {
		return r.Msg() == "request" && r.Str(telemetry.FieldRequestID) == "rt-edge-1"
	})
	if line.Str(telemetry.FieldTraceID) != traceID {
		t.Errorf("the request's log line has trace_id %q, want the caller's %s", line.Str(telemetry.FieldTraceID), traceID)
	}
}

func TestEdgeStatementTimeoutAnswersJSON(t *testing.T) {
	t.Parallel()
	e := startEdge(t, map[string]string{workloadenv.DBStatementTimeout: "1s"}, "kept")

	release := e.db.Lock(t, "items")
	slow := e.get(t, "/v1/items", map[string]string{telemetry.HeaderRequestID: "rt-edge-slow"})
	want := map[string]any{"error": "query timed out", telemetry.FieldRequestID: "rt-edge-slow"}
	if slow.status != http.StatusGatewayTimeout || !maps.Equal(slow.body, want) {
		t.Errorf("with the table locked: %d %s, want 504 %v", slow.status, slow.raw, want)
	}
	if slow.elapsed < time.Second || slow.elapsed > 5*time.Second {
		t.Errorf("answered after %s; the statement timeout is 1s", slow.elapsed)
	}
	if got := slow.header.Get(telemetry.HeaderRequestID); got != "rt-edge-slow" {
		t.Errorf("X-Request-ID = %q on the error", got)
	}
	release()
	for i := range 3 {
		if r := e.get(t, "/v1/items", nil); r.status != http.StatusOK || names(r) != "kept" {
			t.Fatalf("request %d after the timeout: %d %s", i, r.status, r.raw)
		}
	}
	e.logs.Wait(t, 5*time.Second, "for the timed-out request at error level", func(r rt.Record) bool {
		return r.Msg() == "request" && r.Str(telemetry.FieldRequestID) == "rt-edge-slow" && r.Str("status") == "504"
	})
}

func TestEdgeDatabaseDownAnswers503AndRecovers(t *testing.T) {
	t.Parallel()
	edgeBundle(t)
	e := newEdge(t, "kept")
	proxy := rt.NewProxy(t, e.db.PoolerAddr)
	e.start(t, e.db.Via(proxy.Addr()), map[string]string{workloadenv.DBConnectTimeout: "2s"})

	if r := e.get(t, "/v1/items", nil); r.status != http.StatusOK || names(r) != "kept" {
		t.Fatalf("with the database up: %d %s", r.status, r.raw)
	}
	proxy.Down()
	down := e.get(t, "/v1/items", map[string]string{telemetry.HeaderRequestID: "rt-edge-down"})
	if down.status != http.StatusServiceUnavailable || down.body["request_id"] != "rt-edge-down" ||
		down.header.Get("Retry-After") == "" {
		t.Errorf("with the database down: %d %s (Retry-After %q), want 503 JSON with the request id",
			down.status, down.raw, down.header.Get("Retry-After"))
	}
	if r := e.get(t, "/healthz", nil); r.status != http.StatusOK {
		t.Errorf("healthz must not depend on the database: %d", r.status)
	}
	proxy.Up()
	if r := e.get(t, "/v1/items", nil); r.status != http.StatusOK || names(r) != "kept" {
		t.Errorf("after the database came back: %d %s", r.status, r.raw)
	}
}

// names joins the names of a list page's items with commas.
func names(r response) string {
	items, _ := r.body["items"].([]any)
	out := ""
	for i, it := range items {
		m, _ := it.(map[string]any)
		if i > 0 {
			out += ","
		}
		out += fmt.Sprint(m["name"])
	}
	return out
}
