package budgets

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func validJobs() JobsInput {
	return JobsInput{
		Worker: JobsWorker{
			Timeout: 60 * time.Second, MessageTimeout: 20 * time.Second,
			StatementTimeout: 10 * time.Second, ConnectTimeout: 5 * time.Second,
			SecretFetchTimeout: 3 * time.Second, BatchSize: 2, BatchWindow: 0,
			Visibility:     6 * 60 * time.Second,
			QueueRetention: 4 * 24 * time.Hour, DLQRetention: 14 * 24 * time.Hour,
			MaxConcurrency: 50, PoolSize: 1,
		},
		Receiver: &JobsReceiver{EnqueueTimeout: 3 * time.Second, HandlerTimeout: 8 * time.Second,
			Timeout: 10 * time.Second, IntegrationTimeout: 10 * time.Second, SenderTimeout: 10 * time.Second},
		Database: Database{Pooler: "Neon pooler", PoolerClientLimit: 10000, ServerSlots: 90,
			ServerDetail: "90% of max_connections 100, less 10 reserved"},
	}
}

func messages(fs []Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.String()
	}
	return out
}

func TestJobsFindings(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*JobsInput)
		want   []string
	}{
		{"valid", func(*JobsInput) {}, nil},
		{"worker timeout above Lambda max", func(in *JobsInput) {
			in.Worker.Timeout = 20 * time.Minute
			in.Worker.Visibility = VisibilityFloor(in.Worker.Timeout, 0)
		}, []string{
			"error: worker timeouts: worker Lambda timeout (jobs.worker.timeout, 20m0s) must be at most Lambda maximum (platform limit, 15m0s); lower jobs.worker.timeout or raise platform limit",
		}},
		{"statement timeout outlives the message deadline", func(in *JobsInput) {
			in.Worker.StatementTimeout = 30 * time.Second
		}, []string{
			"error: worker timeouts: pool acquire + statement_timeout (jobs.worker.statementTimeout, 35s) must be shorter than per-message deadline (jobs.worker.messageTimeout, 20s); lower jobs.worker.statementTimeout or raise jobs.worker.messageTimeout",
		}},
		{"explicit visibility too low", func(in *JobsInput) {
			in.Worker.Visibility = 90 * time.Second
			in.Worker.BatchWindow = 5 * time.Second
		}, []string{
			"error: work queue: visibility timeout (jobs.worker.visibilityTimeout, 1m30s) must be at least 6m5s (6 x worker timeout 1m0s + batch window 5s); raise jobs.worker.visibilityTimeout or leave it unset to derive it",
		}},
		{"max concurrency over the server slots", func(in *JobsInput) {
			in.Worker.MaxConcurrency = 200
		}, []string{
			"error: worker connections: worst-case clients jobs.worker.maxConcurrency 200 x 1 = 200 exceed the 90 server connections available (90% of max_connections 100, less 10 reserved); lower jobs.worker.maxConcurrency to at most 90, raise max_connections, or leave jobs.worker.maxConcurrency unset to derive it",
		}},
		{"max concurrency outside the SQS range", func(in *JobsInput) {
			in.Worker.MaxConcurrency = 1
		}, []string{
			"error: worker connections: jobs.worker.maxConcurrency must be between 2 and 1000 (SQS event source limits), got 1",
		}},
		{"receiver ladder", func(in *JobsInput) {
			in.Receiver.HandlerTimeout = 12 * time.Second
		}, []string{
			"error: webhook timeouts: receiver handler deadline (kit default, 12s) must be shorter than receiver Lambda timeout (kit default, 10s); lower kit default or raise kit default",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := validJobs()
			tt.mutate(&in)
			got := messages(Jobs(in).Findings)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("findings =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestReportErrKeepsOnlyErrors(t *testing.T) {
	in := validJobs()
	r := Jobs(in)
	r.Add(Finding{Severity: Warning, Budget: "b", Message: "m"})
	if r.Err() != nil {
		t.Errorf("a warning alone must not fail: %v", r.Err())
	}
	if len(r.Warnings()) != 1 {
		t.Errorf("warnings = %v, want one", r.Warnings())
	}
	in.Worker.MaxConcurrency = 500
	if err := Jobs(in).Err(); err == nil || !strings.Contains(err.Error(), "jobs.worker.maxConcurrency 500 x 1 = 500") {
		t.Errorf("Err() = %v, want the connection budget error", err)
	}
}

// Property: a ladder of strictly increasing values never fails, and swapping
// any adjacent pair of distinct values fails exactly at that pair.
func TestLadderProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		n := 2 + r.IntN(6)
		rungs := make([]Rung, n)
		v := time.Duration(0)
		for j := range rungs {
			v += time.Duration(1+r.IntN(10_000)) * time.Millisecond
			rungs[j] = Rung{Name: string(rune('a' + j)), Knob: "k" + string(rune('a'+j)), Value: v}
		}
		if f := (Ladder{Name: "p", Rungs: rungs}).Check(); len(f) != 0 {
			t.Fatalf("increasing ladder %v failed: %v", rungs, f)
		}
		k := r.IntN(n - 1)
		swapped := append([]Rung(nil), rungs...)
		swapped[k].Value, swapped[k+1].Value = swapped[k+1].Value, swapped[k].Value
		f := (Ladder{Name: "p", Rungs: swapped}).Check()
		if len(f) != 1 || f[0].Knob != swapped[k].Knob {
			t.Fatalf("swap at %d of %v: findings %v, want one naming %s", k, swapped, f, swapped[k].Knob)
		}
		// Equal neighbours fail unless the inner rung allows it.
		equal := append([]Rung(nil), rungs...)
		equal[k].Value = equal[k+1].Value
		if f := (Ladder{Rungs: equal}).Check(); len(f) != 1 {
			t.Fatalf("equal rungs at %d: findings %v, want one", k, f)
		}
		equal[k].MayEqualNext = true
		if f := (Ladder{Rungs: equal}).Check(); len(f) != 0 {
			t.Fatalf("equal rungs allowed at %d: findings %v, want none", k, f)
		}
	}
}

// Property: the derived visibility always satisfies its own floor and the
// AWS rule (never below the timeout); the derived concurrency always fits the
// budget it came from and the SQS range.
func TestDerivationProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 5000; i++ {
		timeout := time.Duration(1+r.IntN(900)) * time.Second
		window := time.Duration(r.IntN(301)) * time.Second
		vis := VisibilityFloor(timeout, window)
		if vis < timeout || vis < 6*timeout || vis-window != 6*timeout {
			t.Fatalf("VisibilityFloor(%s, %s) = %s", timeout, window, vis)
		}
		slots := r.IntN(5000)
		pool := 1 + r.IntN(4)
		n, ok := MaxConcurrencyFor(slots, pool)
		if n < 2 || n > 1000 {
			t.Fatalf("MaxConcurrencyFor(%d, %d) = %d, outside [2, 1000]", slots, pool, n)
		}
		if ok != (slots/pool >= 2) {
			t.Fatalf("MaxConcurrencyFor(%d, %d) ok = %v", slots, pool, ok)
		}
		if ok && n*pool > slots {
			t.Fatalf("MaxConcurrencyFor(%d, %d) = %d: %d clients exceed the budget", slots, pool, n, n*pool)
		}
		in := validJobs()
		in.Worker.PoolSize = pool
		in.Database.ServerSlots = slots
		in.Worker.MaxConcurrency = n
		in.Worker.Timeout, in.Worker.BatchWindow, in.Worker.Visibility = timeout, window, vis
		in.Worker.MessageTimeout = min(20*time.Second, timeout)
		in.Worker.StatementTimeout = in.Worker.MessageTimeout / 4
		in.Worker.ConnectTimeout = in.Worker.MessageTimeout / 4
		in.Worker.BatchSize = 1
		if err := Jobs(in).Err(); ok && timeout > in.Worker.MessageTimeout && err != nil {
			t.Fatalf("derived settings failed their own budget: %v", err)
		}
	}
}

func TestConnectionsPoolerLimit(t *testing.T) {
	c := Connections{Name: "c", Pooler: "Supavisor", PoolerClientLimit: 200, ServerSlots: 1000, OverServer: Warning,
		Demands: []Demand{{Knob: "a", Instances: 100, PerInstance: 3}}, Fix: "lower a"}
	got := messages(c.Check())
	want := []string{"error: c: worst-case clients a 100 x 3 = 300 exceed the 200 clients the pooler accepts (Supavisor); lower a"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q, want %q", got, want)
	}
}

func validAPI() APIInput {
	return APIInput{StatementTimeout: 10 * time.Second, ConnectTimeout: 5 * time.Second, HandlerTimeout: 28 * time.Second,
		RequestTimeout: 30 * time.Second, ShutdownTimeout: 8 * time.Second, GracePeriod: 10 * time.Second,
		MaxInstances: 18, PoolSize: 5,
		Database: Database{Pooler: "Neon pooler", PoolerClientLimit: 10000, ServerSlots: 94, ServerDetail: "min(90% of 104, 104 - 10)"}}
}

func TestAPIFindings(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*APIInput)
		want   []string
	}{
		{"valid", func(*APIInput) {}, nil},
		{"request timeout over the Cloud Run limit", func(in *APIInput) {
			in.RequestTimeout, in.HandlerTimeout = 2*time.Hour, 2*time.Hour-2*time.Second
		}, []string{
			"error: request timeouts: Cloud Run request timeout (api.requestTimeout, 2h0m0s) must be at most Cloud Run maximum (platform limit, 1h0m0s); lower api.requestTimeout or raise platform limit",
		}},
		{"statement outlives the handler", func(in *APIInput) { in.StatementTimeout = 25 * time.Second }, []string{
			"error: request timeouts: pool acquire + statement_timeout (api.statementTimeout, 30s) must be shorter than handler deadline (request timeout - response margin) (api.requestTimeout, 28s); lower api.statementTimeout or raise api.requestTimeout",
		}},
		{"over the server pool warns", func(in *APIInput) { in.MaxInstances = 40 }, []string{
			"warning: api connections: worst-case clients api.maxInstances 40 x 5 = 200 exceed the 94 server connections available (min(90% of 104, 104 - 10)); at full scale, transactions beyond them wait in the pooler's queue; lower api.maxInstances or api.dbPoolSize (at most 18 instances of 5), or raise max_connections",
		}},
		{"over the pooler's clients fails", func(in *APIInput) { in.MaxInstances, in.PoolSize = 1000, 20 }, []string{
			"error: api connections: worst-case clients api.maxInstances 1000 x 20 = 20000 exceed the 10000 clients the pooler accepts (Neon pooler); lower api.maxInstances or api.dbPoolSize (at most 4 instances of 20), or raise max_connections",
			"warning: api connections: worst-case clients api.maxInstances 1000 x 20 = 20000 exceed the 94 server connections available (min(90% of 104, 104 - 10)); at full scale, transactions beyond them wait in the pooler's queue; lower api.maxInstances or api.dbPoolSize (at most 4 instances of 20), or raise max_connections",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := validAPI()
			tt.mutate(&in)
			got := messages(API(in).Findings)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("findings =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// Property: derived max instances stay within [1, limit] and, when the
// budget allows one instance at all, never exceed it.
func TestMaxInstancesProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 5000; i++ {
		slots, pool, limit := r.IntN(2000), 1+r.IntN(20), 1+r.IntN(1000)
		n := MaxInstancesFor(slots, pool, limit)
		if n < 1 || n > limit || (slots >= pool && n*pool > slots) {
			t.Fatalf("MaxInstancesFor(%d, %d, %d) = %d", slots, pool, limit, n)
		}
		in := validAPI()
		in.MaxInstances, in.PoolSize, in.Database.ServerSlots = n, pool, slots
		if slots >= pool && len(API(in).Warnings()) > 0 {
			t.Fatalf("derived %d instances of %d warn against %d slots", n, pool, slots)
		}
	}
}

func validEdge() EdgeInput {
	return EdgeInput{ConnectTimeout: 5 * time.Second, StatementTimeout: 10 * time.Second, HandlerTimeout: 28 * time.Second,
		ExportTimeout: 5 * time.Second, HyperdriveConnectTimeout: 15 * time.Second, HyperdriveMaxQuery: 60 * time.Second,
		ProxyTimeout: 100 * time.Second, WaitUntilLimit: 30 * time.Second, OriginConnections: 20, Plan: "free",
		Database: Database{Pooler: "Supavisor", ServerSlots: 50, ServerDetail: "60 - 10 reserved"}}
}

func TestEdgeFindings(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*EdgeInput)
		want   []string
	}{
		{"valid", func(*EdgeInput) {}, nil},
		{"statement at Hyperdrive's cap", func(in *EdgeInput) { in.StatementTimeout, in.HandlerTimeout = 60*time.Second, 90*time.Second }, []string{
			"error: query: statement_timeout (edge.statementTimeout, 1m0s) must be shorter than Hyperdrive query limit (platform limit, 1m0s); lower edge.statementTimeout or raise platform limit",
		}},
		{"connect past Hyperdrive's", func(in *EdgeInput) { in.ConnectTimeout = 20 * time.Second }, []string{
			"error: connect: driver connect timeout (edge.connectTimeout, 20s) must be shorter than Hyperdrive initial connection timeout (platform limit, 15s); lower edge.connectTimeout or raise platform limit",
			"error: request: connect + statement_timeout (edge.statementTimeout, 30s) must be shorter than Worker request deadline (kit default, 28s); lower edge.statementTimeout or raise kit default",
		}},
		{"paid plan pool over a small server", func(in *EdgeInput) { in.OriginConnections, in.Plan = 100, "paid" }, []string{
			"warning: Hyperdrive origin connections: worst-case clients edge.plan 100 x 1 = 100 exceed the 50 server connections available (60 - 10 reserved); at peak Hyperdrive can take connections the server needs for others; cap the pool with `wrangler hyperdrive update <id> --origin-connection-limit=50` (the provider cannot set it yet) or raise max_connections",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := validEdge()
			tt.mutate(&in)
			got := messages(Edge(in).Findings)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("findings =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
