package cost

import (
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/groundwork-iac/groundwork/cost/logread"
)

func TestPercentileIsNearestRank(t *testing.T) {
	values := []float64{40, 8, 20, 12} // sorted: 8 12 20 40
	cases := []struct {
		values []float64
		p      float64
		want   float64
	}{
		{values, 0.50, 12}, // rank ceil(2) = 2
		{values, 0.95, 40}, // rank ceil(3.8) = 4
		{values, 0.25, 8},
		{values, 0.26, 12},
		{[]float64{7}, 0.95, 7},
		{nil, 0.5, 0},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, 0.95, 19},     // rank 19
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21}, 0.95, 20}, // rank ceil(19.95) = 20
	}
	for _, c := range cases {
		if got := Percentile(c.values, c.p); got != c.want {
			t.Errorf("Percentile(%v, %v) = %v, want %v", c.values, c.p, got, c.want)
		}
	}
	if values[0] != 40 {
		t.Errorf("Percentile sorted its input: %v", values)
	}
}

// near compares money computed two ways to a relative 1e-12.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b)) }

func unit(kind, route string, ms float64, cpu ...float64) logread.Unit {
	u := logread.Unit{Kind: kind, Route: route, DurationMS: ms}
	if len(cpu) > 0 {
		u.CPUMS, u.HasCPU = cpu[0], true
	}
	return u
}

// One route per blueprint, priced by hand from the list prices.
func TestByRoutePricesEachPlatformsBillingModel(t *testing.T) {
	cases := []struct {
		name  string
		p     Platform
		units []logread.Unit
		want  RouteCost
	}{
		{"jobs worker at 1024 MB", Platform{Option: Jobs, WorkerMemoryMB: 1024},
			[]logread.Unit{unit("job", "order.created", 120), unit("job", "order.created", 80)},
			RouteCost{Kind: "job", Route: "order.created", Units: 2, P50MS: 80, P95MS: 120,
				Compute:  0.2 * 1 * 0.0000133334,
				Requests: 2 * 0.20 / 1e6 / 10,             // a tenth of a batch's invocation each
				Messages: 2 * (1 + 2.0/10) * 0.40 / 1e6}}, // sent alone, received and deleted ten at a time
		{"jobs receiver at 512 MB", DefaultPlatform(Jobs),
			[]logread.Unit{unit("request", "POST /webhook", 10)},
			RouteCost{Kind: "request", Route: "POST /webhook", Units: 1, P50MS: 10, P95MS: 10,
				Compute:  0.010 * 0.5 * 0.0000133334,
				Requests: 0.20 / 1e6,
				Ingress:  1.00 / 1e6}},
		{"api at 2 vCPU, 1 GiB, concurrency 10", Platform{Option: API, RunVCPU: 2, RunMemoryGiB: 1, RunConcurrency: 10},
			[]logread.Unit{unit("request", "GET /v1/notes", 100), unit("request", "GET /v1/notes", 300)},
			RouteCost{Kind: "request", Route: "GET /v1/notes", Units: 2, P50MS: 100, P95MS: 300,
				Compute:  0.4 / 10 * (2*0.000024 + 1*0.0000025),
				Requests: 2 * 0.40 / 1e6}},
		{"edge with CPU", DefaultPlatform(Edge),
			[]logread.Unit{unit("request", "GET /v1/items", 170, 5), unit("request", "GET /v1/items", 20, 3)},
			RouteCost{Kind: "request", Route: "GET /v1/items", Units: 2, P50MS: 20, P95MS: 170, CPUMS: 8, CPUUnits: 2,
				Compute:  8 * 0.02 / 1e6,
				Requests: 2 * 0.30 / 1e6}},
		{"edge without CPU", DefaultPlatform(Edge),
			[]logread.Unit{unit("request", "GET /healthz", 1)},
			RouteCost{Kind: "request", Route: "GET /healthz", Units: 1, P50MS: 1, P95MS: 1, Requests: 0.30 / 1e6}},
	}
	for _, c := range cases {
		r := ByRoute(c.units, nil, c.p)
		if len(r.Routes) != 1 {
			t.Fatalf("%s: %d routes", c.name, len(r.Routes))
		}
		got, want := r.Routes[0], c.want
		want.USD = want.Compute + want.Requests + want.Ingress + want.Messages
		want.Share = 1
		if got.Kind != want.Kind || got.Route != want.Route || got.Units != want.Units || got.P50MS != want.P50MS || got.P95MS != want.P95MS ||
			got.CPUMS != want.CPUMS || got.CPUUnits != want.CPUUnits || got.Share != 1 || got.Monthly != 0 ||
			!near(got.Compute, want.Compute) || !near(got.Requests, want.Requests) || !near(got.Ingress, want.Ingress) ||
			!near(got.Messages, want.Messages) || !near(got.USD, want.USD) || !near(r.USD, want.USD) {
			t.Errorf("%s:\n got %+v\nwant %+v", c.name, got, want)
		}
	}
}

func TestByRouteSortsCostliestFirstWithShares(t *testing.T) {
	units := []logread.Unit{
		unit("request", "GET /b", 1), unit("request", "GET /a", 1), // a tie: by route
		unit("request", "POST /webhook", 1), unit("request", "POST /webhook", 1), unit("request", "POST /webhook", 1),
		unit("job", "GET /a", 1), // a job kind that looks like a route is its own row
	}
	r := ByRoute(units, nil, DefaultPlatform(Jobs))
	var order []string
	shares := 0.0
	for _, rc := range r.Routes {
		order = append(order, rc.Kind+" "+rc.Route)
		shares += rc.Share
	}
	want := []string{"request POST /webhook", "request GET /a", "request GET /b", "job GET /a"}
	if len(order) != len(want) {
		t.Fatalf("routes %q, want %q", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Errorf("routes %q, want %q", order, want)
			break
		}
	}
	if !near(shares, 1) || r.Units != 6 {
		t.Errorf("shares sum to %v over %d units", shares, r.Units)
	}
}

func TestByRouteExtrapolatesAMonthFromAnHourOn(t *testing.T) {
	t0 := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	timed := func(d time.Duration) []logread.Unit {
		a, b := unit("request", "GET /", 10), unit("request", "GET /", 10)
		a.Time, b.Time = t0, t0.Add(d)
		return []logread.Unit{a, b, unit("request", "GET /", 10)} // the third has no time
	}
	short := ByRoute(timed(time.Hour-time.Second), nil, DefaultPlatform(API))
	if !short.SpanKnown || short.Monthly || short.MonthlyUSD != 0 || short.Routes[0].Monthly != 0 || short.Span() != time.Hour-time.Second {
		t.Errorf("59m59s: span known %v, monthly %v, %v", short.SpanKnown, short.Monthly, short.MonthlyUSD)
	}
	hour := ByRoute(timed(time.Hour), nil, DefaultPlatform(API))
	if !hour.Monthly || !near(hour.MonthlyUSD, hour.USD*730) || !near(hour.Routes[0].Monthly, hour.USD*730) ||
		!hour.First.Equal(t0) || !hour.Last.Equal(t0.Add(time.Hour)) {
		t.Errorf("1h: monthly %v, %v for %v", hour.Monthly, hour.MonthlyUSD, hour.USD)
	}
	untimed := ByRoute([]logread.Unit{unit("request", "GET /", 1)}, nil, DefaultPlatform(API))
	if untimed.SpanKnown || untimed.Monthly {
		t.Errorf("one unit without a time: span known %v", untimed.SpanKnown)
	}
}

func TestByRouteSetsLambdasBilledBesideTheAllocation(t *testing.T) {
	f, err := logread.ReadFile(filepath.Join("testdata", "logs", "aws-worker.json"))
	if err != nil {
		t.Fatal(err)
	}
	r := ByRoute(f.Units, f.Invocations, DefaultPlatform(Jobs))
	b := r.Billed
	// 216 + 48 + 2 ms billed at 512 MB; handler time 120 + 80 + 40 + 4 + 0.2 ms
	// and a tenth of an invocation per job.
	if b == nil || b.Invocations != 3 || b.BilledMS != 266 || !near(b.GBSeconds, 0.133) ||
		!near(b.USD, 0.133*0.0000133334+3*0.2/1e6) || !near(b.Allocated, 0.2442*0.5*0.0000133334+5*0.2/1e6/10) {
		t.Errorf("billed = %+v", b)
	}
	if api := ByRoute(f.Units, nil, DefaultPlatform(Jobs)); api.Billed != nil {
		t.Errorf("billed without platform.report lines: %+v", api.Billed)
	}
}
