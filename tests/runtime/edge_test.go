package runtime

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	cfworker "github.com/groundwork-iac/groundwork/components/cloudflare/worker"
	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/tests/runtime/internal/rt"
	"github.com/groundwork-iac/groundwork/tests/runtime/internal/workerd"
	edgemigrations "github.com/groundwork-iac/groundwork/workloads/edge/migrations"
)

// edgeService is the service.name the Worker runs under in these tests.
const edgeService = "groundwork-edge-rt"

// edgeDir is the Worker's package, relative to this test's directory.
var edgeDir = filepath.Join("..", "..", "workloads", "edge")

// edgeMigratePkg applies the edge schema and creates the Worker's role.
const edgeMigratePkg = "github.com/groundwork-iac/groundwork/workloads/edge/migrate"

// workerRole is the database role the Worker connects as.
const workerRole = edgemigrations.WorkerRole

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
// hyperdriveURL, exporting spans to otlp, plus vars, until the test ends.
// The tests point the binding straight at PostgreSQL, as the Worker's own
// role: local Hyperdrive does not pool (nor cache), PgBouncer 1.18 cannot
// keep prepared statements in transaction mode, and pooling is not what
// these tests are about; what the Worker sends is, and the server logs it.
func startWorkerd(t testing.TB, b cfworker.Bundle, hyperdriveURL string, otlp *rt.OTLP, logs *rt.Logs, vars ...map[string]string) *workerd.Worker {
	t.Helper()
	return startWorkerdWith(t, b, workerd.Options{HyperdriveURL: hyperdriveURL}, otlp, logs, vars...)
}

// startWorkerdWith is startWorkerd with the bindings of bindings
// (HyperdriveURL, R2Buckets); the rest of the options are filled in here.
func startWorkerdWith(t testing.TB, b cfworker.Bundle, bindings workerd.Options, otlp *rt.OTLP, logs *rt.Logs, vars ...map[string]string) *workerd.Worker {
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
		HyperdriveURL:      bindings.HyperdriveURL,
		R2Buckets:          bindings.R2Buckets,
		// As deployed: the data point per request runs in every edge test.
		Analytics: map[string]string{workloadenv.AnalyticsBinding: "groundwork_runtime_test"},
		Vars:      all,
		Stdout:    logs,
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

// newEdge creates a database migrated by the edge migrate command, enables
// the Worker's role with the local password and has the server log its
// statements, and names items, oldest first. When the test ends, the
// Worker's lines are held to the log contract, checked for the database
// password, and their trace ids must have been exported.
func newEdge(t *testing.T, names ...string) *edge {
	t.Helper()
	db := rt.NewDB(t, "")
	rt.Migrate(t, db, edgeMigratePkg, 0).Check(t, rt.MigrateLifecycle...)
	rt.EnableRole(t, workerRole)
	db.SetRoleParam(t, workerRole, "log_statement", "all")
	e := &edge{db: db, otlp: rt.NewOTLP(t), logs: &rt.Logs{}}
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

// startEdge is newEdge, then the Worker on PostgreSQL as its role.
func startEdge(t *testing.T, vars map[string]string, names ...string) *edge {
	t.Helper()
	edgeBundle(t) // skip before creating anything when wrangler is missing
	e := newEdge(t, names...)
	e.start(t, e.db.As(workerRole, e.db.DirectAddr), vars)
	return e
}

// sqlCall matches a function call in SQL text.
var sqlCall = regexp.MustCompile(`([A-Za-z_][A-Za-z0-9_]*)\s*\(`)

// reads returns the SQL of the statements the Worker ran, as PostgreSQL
// logged them, and holds each to what Hyperdrive can cache: a named
// prepared statement (extended protocol, "execute <name>"), never the
// simple protocol (no BEGIN, no SET: no explicit transaction), calling no
// function the server marks STABLE or VOLATILE.
func (e *edge) reads(t *testing.T) []string {
	t.Helper()
	uncacheable := e.db.UncacheableFunctions(t)
	var out []string
	for _, entry := range e.db.ServerLog(t, workerRole) {
		kind, name, sql, ok := entry.Statement()
		switch {
		case !ok:
			continue
		case kind != "execute":
			t.Errorf("the Worker sent %q with the simple protocol, outside a prepared statement", sql)
		case name == "<unnamed>" || name == "":
			t.Errorf("the Worker ran %q as an unnamed statement, not a prepared one", sql)
		}
		for _, m := range sqlCall.FindAllStringSubmatch(sql, -1) {
			if uncacheable[strings.ToLower(m[1])] {
				t.Errorf("the Worker's %q calls %s(), which PostgreSQL marks STABLE or VOLATILE: Hyperdrive will not cache it", sql, m[1])
			}
		}
		if w := strings.Fields(sql); len(w) == 0 || strings.ToUpper(w[0]) != "SELECT" {
			t.Errorf("the Worker ran %q: a read must be one SELECT", sql)
		}
		out = append(out, sql)
	}
	return out
}

func (e *edge) get(t *testing.T, path string, header map[string]string) response {
	t.Helper()
	return call(t, e.w.URL, http.MethodGet, path, nil, header)
}

func TestEdgeItemsFromPostgresAsCacheableReads(t *testing.T) {
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

	// From PostgreSQL's side: three requests, three prepared reads, nothing else.
	reads := e.reads(t)
	want := []string{"SELECT items.id::text AS id, items.name, items.created_at FROM items ORDER BY",
		"SELECT items.id::text AS id, items.name, items.created_at FROM items\nWHERE (items.created_at, items.id) < ($1, $2)",
		"SELECT items.id::text AS id, items.name, items.created_at FROM items WHERE items.id = $1"}
	if len(reads) != len(want) {
		t.Fatalf("the server logged %d statements of the Worker, want %d:\n%s", len(reads), len(want), strings.Join(reads, "\n"))
	}
	for i, w := range want {
		if !strings.HasPrefix(reads[i], w) {
			t.Errorf("statement %d = %q, want it to start %q", i+1, reads[i], w)
		}
	}
}

// TestEdgePagesThroughItemsMicrosecondsApart: timestamps keep PostgreSQL's
// microseconds on the way out (the item) and back in (the cursor), so
// items within one millisecond page exactly.
func TestEdgePagesThroughItemsMicrosecondsApart(t *testing.T) {
	t.Parallel()
	e := startEdge(t, nil)
	e.db.Exec(t, `INSERT INTO items (name, created_at) VALUES ('a', '2026-11-26 10:00:00.000100+00'),
  ('b', '2026-11-26 10:00:00.000200+00'), ('c', '2026-11-26 10:00:00.000300+00')`)
	var got []string
	path := "/v1/items?limit=1"
	for range 4 {
		r := e.get(t, path, nil)
		items, _ := r.body["items"].([]any)
		if r.status != http.StatusOK || len(items) != 1 {
			t.Fatalf("%s: %d %s", path, r.status, r.raw)
		}
		item, _ := items[0].(map[string]any)
		got = append(got, fmt.Sprint(item["name"], " ", item["created_at"]))
		cursor, _ := r.body["next_cursor"].(string)
		if cursor == "" {
			break
		}
		path = "/v1/items?limit=1&cursor=" + cursor
	}
	want := []string{"c 2026-11-26T10:00:00.000300Z", "b 2026-11-26T10:00:00.000200Z", "a 2026-11-26T10:00:00.000100Z"}
	if !slices.Equal(got, want) {
		t.Errorf("pages = %q, want %q", got, want)
	}
}

// TestEdgeStatementTimeoutAnswersJSON: the timeout is the Worker's role's
// (set here to 1s for this database, as a migration would), not a SET
// LOCAL in a transaction: the server cancels the prepared read itself, and
// the Worker answers 504 JSON.
func TestEdgeStatementTimeoutAnswersJSON(t *testing.T) {
	t.Parallel()
	edgeBundle(t)
	e := newEdge(t, "kept")
	e.db.SetRoleParam(t, workerRole, "statement_timeout", "1s")
	e.start(t, e.db.As(workerRole, e.db.DirectAddr), map[string]string{workloadenv.DBStatementTimeout: "1s"})

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
	e.logs.Wait(t, 5*time.Second, "for the database error with the role's timeout", func(r rt.Record) bool {
		return r.Msg() == "database call failed" && r.Str(telemetry.FieldRequestID) == "rt-edge-slow" &&
			r.Str("code") == "57014" && r.Str("statement_timeout_ms") == "1000"
	})

	// From PostgreSQL's side: the server cancelled the first read for the
	// role's statement timeout (while preparing it: parsing takes the
	// table's lock, so it never got to run), and the three after it ran as
	// prepared reads, outside any transaction.
	var canceled []string
	entries := e.db.ServerLog(t, workerRole)
	for i, entry := range entries {
		if entry.Severity == "ERROR" && entry.Message == "canceling statement due to statement timeout" && i+1 < len(entries) {
			canceled = append(canceled, entries[i+1].Severity+": "+entries[i+1].Message)
		}
	}
	if len(canceled) != 1 || !strings.HasPrefix(canceled[0], "STATEMENT: SELECT items.id::text AS id, items.name, items.created_at FROM items ORDER BY") {
		t.Errorf("statements the server cancelled for their timeout = %q, want the first page's read", canceled)
	}
	if reads := e.reads(t); len(reads) != 3 {
		t.Errorf("the server logged %d statements of the Worker, want 3 reads:\n%s", len(reads), strings.Join(reads, "\n"))
	}
}

func TestEdgeDatabaseDownAnswers503AndRecovers(t *testing.T) {
	t.Parallel()
	edgeBundle(t)
	e := newEdge(t, "kept")
	proxy := rt.NewProxy(t, e.db.DirectAddr)
	e.start(t, e.db.As(workerRole, proxy.Addr()), map[string]string{workloadenv.DBConnectTimeout: "2s"})

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
