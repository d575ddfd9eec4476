package runtime

import (
	"bytes"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/cost"
	"github.com/groundwork-iac/groundwork/cost/logread"
	"github.com/groundwork-iac/groundwork/tests/runtime/internal/rt"
	"github.com/groundwork-iac/groundwork/webhooks"
)

// EnvCostLogsDir, when set, is a directory the cost-by-route tests write the
// lines they captured into (api.jsonl, jobs.jsonl, edge.jsonl), exactly as
// the workloads printed them: cost/testdata/logs/captured holds one run's.
const EnvCostLogsDir = "GROUNDWORK_COST_LOGS_DIR"

// captured joins what the workloads printed, writes it to EnvCostLogsDir
// when set, and reads it back with the parser `groundwork cost --logs`
// uses, so a drift between the workloads' lines and the parser fails here.
func captured(t *testing.T, name string, outputs ...*rt.Logs) *logread.File {
	t.Helper()
	var b bytes.Buffer
	for _, o := range outputs {
		for _, l := range o.Lines() {
			b.WriteString(l + "\n")
		}
	}
	if dir := os.Getenv(EnvCostLogsDir); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := logread.Read(name, &b)
	if err != nil {
		t.Fatalf("the workloads' own lines do not parse: %v", err)
	}
	if f.Format != logread.Lines {
		t.Errorf("%s read as %s, want %s", name, f.Format, logread.Lines)
	}
	return f
}

// unitKey is a unit's kind and route.
type unitKey struct{ kind, route string }

// countUnits counts the units per kind and route, and fails on a unit
// whose duration is not positive (or, with zeroOK, negative).
func countUnits(t *testing.T, f *logread.File, zeroOK bool) map[unitKey]int {
	t.Helper()
	got := map[unitKey]int{}
	for _, u := range f.Units {
		got[unitKey{u.Kind, u.Route}]++
		if u.DurationMS < 0 || (u.DurationMS == 0 && !zeroOK) {
			t.Errorf("%s: %s %q has duration_ms %v, want > 0", u.Source, u.Kind, u.Route, u.DurationMS)
		}
		if u.Time.IsZero() {
			t.Errorf("%s: %s %q has no time", u.Source, u.Kind, u.Route)
		}
	}
	return got
}

// contractLines counts the lines with msg request or job by what the log
// check sees, independently of the parser.
func contractLines(outputs ...*rt.Logs) int {
	n := 0
	for _, o := range outputs {
		n += len(o.Find(telemetry.MsgRequest)) + len(o.Find(telemetry.MsgJob))
	}
	return n
}

// priced checks that every route of f prices to a positive amount on p.
func priced(t *testing.T, f *logread.File, p cost.Platform) {
	t.Helper()
	r := cost.ByRoute(f.Units, f.Invocations, p)
	for _, rc := range r.Routes {
		if !(rc.USD > 0) {
			t.Errorf("route %s %q prices to %v on %s", rc.Kind, rc.Route, rc.USD, p.Option)
		}
	}
}

// TestAPICostByRouteFromItsLogs: the API's lines, as it prints them, are
// read by the cost parser: one unit per request, by route template, the
// 404 of a missing note under its route and an unknown path as unmatched.
func TestAPICostByRouteFromItsLogs(t *testing.T) {
	t.Parallel()
	db := rt.NewDB(t, "")
	a := startAPI(t, db, db.Pooled, nil)
	var ids []string
	for _, body := range []string{"first", "second"} {
		r := call(t, a.base, http.MethodPost, "/v1/notes", map[string]string{"body": body}, nil)
		if r.status != http.StatusCreated {
			t.Fatalf("create: %d %s", r.status, r.raw)
		}
		ids = append(ids, r.body["id"].(string))
	}
	for _, c := range []struct {
		path   string
		status int
	}{
		{"/v1/notes/" + ids[0], 200}, {"/v1/notes/" + ids[1], 200},
		{"/v1/notes/00000000-0000-4000-8000-000000000000", 404},
		{"/v1/notes?limit=5", 200}, {"/v1/nope", 404},
	} {
		if r := call(t, a.base, http.MethodGet, c.path, nil, nil); r.status != c.status {
			t.Errorf("GET %s: %d %s, want %d", c.path, r.status, r.raw, c.status)
		}
	}
	// The server writes a request's line after its response.
	a.logs.Wait(t, 5*time.Second, "for the eighth request", func(rt.Record) bool { return len(a.logs.Find(telemetry.MsgRequest)) >= 8 })
	f := captured(t, "api.jsonl", a.logs)
	want := map[unitKey]int{
		{"request", "GET /healthz"}:       1, // the start-up probe
		{"request", "POST /v1/notes"}:     2,
		{"request", "GET /v1/notes/{id}"}: 3,
		{"request", "GET /v1/notes"}:      1,
		{"request", "unmatched"}:          1,
	}
	if got := countUnits(t, f, false); !maps.Equal(got, want) {
		t.Errorf("units by route = %v, want %v", got, want)
	}
	if n := contractLines(a.logs); n != len(f.Units) {
		t.Errorf("the parser counted %d units, the log has %d request lines", len(f.Units), n)
	}
	priced(t, f, cost.DefaultPlatform(cost.API))
	a.finish(t, db)
}

// TestJobsCostByRouteFromItsLogs: the receiver's and the worker's lines,
// with the emulator's START, END and REPORT text lines after each, are
// read by the cost parser: receiver requests by route, worker jobs by kind,
// an undecodable message as the job kind "unmatched".
func TestJobsCostByRouteFromItsLogs(t *testing.T) {
	t.Parallel()
	secret := newSecret("whsec_")
	r := startReceiver(t, endpoint{name: "orders", scheme: webhooks.Standard, secrets: []string{secret}})
	db := newJobsDB(t)
	w := startWorker(t, db, db.Pooled, nil)

	now := time.Now()
	for i, kind := range []string{"order.created", "order.created", "invoice.paid"} {
		body := `{"type":"` + kind + `","n":` + strconv.Itoa(i) + `}`
		id := "msg_cost_" + strconv.Itoa(i)
		if resp, body := r.post(t, r.delivery(body, r.sign(t, secret, body, id, kind, now), nil)); resp.StatusCode != 202 {
			t.Fatalf("webhook %d: %d %v", i, resp.StatusCode, body)
		}
	}
	bad := `{"type":"order.created","n":9}`
	if resp, _ := r.post(t, r.delivery(bad, r.sign(t, newSecret("whsec_"), bad, "msg_cost_9", "order.created", now), nil)); resp.StatusCode != 401 {
		t.Errorf("badly signed webhook: %d, want 401", resp.StatusCode)
	}
	other := `{"type":"order.created","n":8}`
	elsewhere := r.delivery(other, r.sign(t, secret, other, "msg_cost_8", "order.created", now), nil)
	elsewhere.RawPath, elsewhere.RequestContext.HTTP.Path = "/other", "/other"
	if resp, _ := r.post(t, elsewhere); resp.StatusCode != 404 {
		t.Errorf("webhook to /other: %d, want 404", resp.StatusCode)
	}

	msgs := r.sqs.Messages()
	if len(msgs) != 3 {
		t.Fatalf("SQS got %d messages, want 3", len(msgs))
	}
	if failed, _ := w.handle(t, toSQSRecord(msgs[0]), toSQSRecord(msgs[1])); len(failed) != 0 {
		t.Fatalf("batch 1: failures %v", failed)
	}
	if failed, _ := w.handle(t, toSQSRecord(msgs[2]), redelivered(toSQSRecord(msgs[0])), sqsMessage("not json", nil)); len(failed) != 1 {
		t.Fatalf("batch 2: failures %v, want the undecodable message only", failed)
	}
	r.fn.SyncLogs()
	w.fn.SyncLogs()

	f := captured(t, "jobs.jsonl", r.logs, r.fn.Output, w.logs, w.fn.Output)
	want := map[unitKey]int{
		{"request", "POST /hooks/orders"}: 4, // three accepted, one bad signature
		{"request", "unmatched"}:          1,
		{"job", "order.created"}:          3, // two processed, one duplicate
		{"job", "invoice.paid"}:           1,
		{"job", "unmatched"}:              1,
	}
	if got := countUnits(t, f, false); !maps.Equal(got, want) {
		t.Errorf("units by route = %v, want %v", got, want)
	}
	if n := contractLines(r.logs, w.logs); n != len(f.Units) {
		t.Errorf("the parser counted %d units, the logs have %d request and job lines", len(f.Units), n)
	}
	if !slices.ContainsFunc(r.fn.Output.Lines(), func(l string) bool { return strings.HasPrefix(l, "REPORT RequestId:") }) {
		t.Errorf("the emulator printed no REPORT line; the capture should show the parser skipping them:\n%s", r.fn.Output)
	}
	priced(t, f, cost.DefaultPlatform(cost.Jobs))
}

// TestEdgeCostByRouteFromItsLogs: the Worker's lines, as workerd prints
// them, are read by the cost parser, one unit per request, by route.
func TestEdgeCostByRouteFromItsLogs(t *testing.T) {
	t.Parallel()
	e := startEdge(t, nil, "oldest", "middle", "newest")
	page := e.get(t, "/v1/items?limit=2", nil)
	cursor, _ := page.body["next_cursor"].(string)
	id := e.db.Int(t, "SELECT id FROM items WHERE name = 'middle'")
	for _, c := range []struct {
		path   string
		status int
	}{
		{"/v1/items?limit=2&cursor=" + cursor, 200}, {"/v1/items/" + strconv.Itoa(id), 200},
		{"/v1/items/999999", 404}, {"/nope", 404}, {"/healthz", 200},
	} {
		if r := e.get(t, c.path, nil); r.status != c.status {
			t.Errorf("GET %s: %d %s, want %d", c.path, r.status, r.raw, c.status)
		}
	}
	// A line reaches the logs shortly after its response.
	e.logs.Wait(t, 5*time.Second, "for the seventh request", func(rt.Record) bool { return len(e.logs.Find(telemetry.MsgRequest)) >= 7 })

	f := captured(t, "edge.jsonl", e.logs)
	// Date.now() in workerd advances only across I/O, so a request that
	// does none (healthz, a 404 before the database) may log 0 ms.
	want := map[unitKey]int{
		{"request", "GET /v1/items"}:      2,
		{"request", "GET /v1/items/{id}"}: 2, // one found, one 404
		{"request", "GET /healthz"}:       1,
		{"request", "unmatched"}:          2, // /nope and the start-up probe
	}
	if got := countUnits(t, f, true); !maps.Equal(got, want) {
		t.Errorf("units by route = %v, want %v", got, want)
	}
	if n := contractLines(e.logs); n != len(f.Units) {
		t.Errorf("the parser counted %d units, the log has %d request lines", len(f.Units), n)
	}
	for _, u := range f.Units {
		if u.HasCPU {
			t.Errorf("%s: CPU %v from the Worker's own line; only Logpush reports CPU", u.Source, u.CPUMS)
		}
	}
	priced(t, f, cost.DefaultPlatform(cost.Edge))
}
