package cost

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// The guide: "For an I/O-heavy function with 170ms wall-clock and 5ms CPU,
// Workers is dramatically cheaper. For a CPU-bound function pegged at 100%
// for 200ms, the gap closes."
func TestCPUBillingBeatsWallClockBillingForIOHeavyWork(t *testing.T) {
	ratio := func(wall, cpu time.Duration) float64 {
		// Requests only: the worker's messages would add to Lambda alone.
		l := DefaultLoad(100)
		l.Wall, l.CPU, l.MessagesPerDay = wall, cpu, 0
		lambda := For(Jobs, l).ByKind("compute")
		workers := For(Edge, l).ByKind("compute")
		return lambda / workers
	}
	io := ratio(170*time.Millisecond, 5*time.Millisecond)
	cpu := ratio(200*time.Millisecond, 200*time.Millisecond)
	t.Logf("Lambda/Workers compute cost: I/O-heavy %.1fx, CPU-bound %.2fx", io, cpu)
	if io < 10 {
		t.Errorf("I/O-heavy 170 ms wall / 5 ms CPU: Lambda compute is %.1fx Workers', want dramatically more (>= 10x)", io)
	}
	if cpu > io/10 {
		t.Errorf("CPU-bound 200 ms: the gap should close, got %.2fx against %.1fx for I/O-heavy", cpu, io)
	}
}

// The guide: serverless is cheaper below roughly 10,000 sustained requests
// per second; above that, always-on containers win.
func TestCrossover(t *testing.T) {
	cases := []struct {
		rps  float64
		want func(Option) bool
		what string
	}{
		{20, func(o Option) bool { return o != AlwaysOn }, "a serverless option"},
		{200, func(o Option) bool { return o != AlwaysOn }, "a serverless option"},
		{20000, func(o Option) bool { return o == AlwaysOn }, "always-on"},
		{100000, func(o Option) bool { return o == AlwaysOn }, "always-on"},
	}
	for _, c := range cases {
		all := Compare(DefaultLoad(c.rps))
		best := Cheapest(all)
		if !c.want(best.Option) {
			t.Errorf("at %g req/s the cheapest is %s ($%.0f), want %s; totals: %s", c.rps, best.Option, best.Total(), c.what, totals(all))
		}
	}
	x, ok := Crossover(DefaultLoad(1))
	if !ok || x < 1000 || x > 20000 {
		t.Errorf("crossover at %.0f req/s (found %v), want roughly 10,000 (1,000 to 20,000)", x, ok)
	}
	// The crossover is where the winner changes.
	below, above := Cheapest(Compare(DefaultLoad(x*0.95))), Cheapest(Compare(DefaultLoad(x*1.05)))
	if below.Option == AlwaysOn || above.Option != AlwaysOn {
		t.Errorf("around %.0f req/s: %s below, %s above", x, below.Option, above.Option)
	}
	// "Factor in engineer time and the crossover moves higher."
	noOps := DefaultLoad(1)
	noOps.OpsHoursPerWeek = 0
	if y, _ := Crossover(noOps); y >= x {
		t.Errorf("without operating cost the crossover is %.0f, not below %.0f", y, x)
	}
}

// Sizing for a spiky peak costs always-on capacity that per-request billing
// does not pay for.
func TestPeakSizesOnlyTheAlwaysOnFleet(t *testing.T) {
	steady := DefaultLoad(5000)
	spiky := steady
	spiky.PeakRPS = 50000
	if FleetSize(steady) >= FleetSize(spiky) {
		t.Errorf("fleet %d for a 10x peak, %d steady", FleetSize(spiky), FleetSize(steady))
	}
	for _, o := range []Option{Edge, API, Jobs} {
		if a, b := For(o, steady).Total(), For(o, spiky).Total(); a != b {
			t.Errorf("%s: the peak changed the per-request bill from %.2f to %.2f", o, a, b)
		}
	}
}

// Exact line items for the default load, so a changed formula, price or
// default shows.
func TestItemsAt20RPS(t *testing.T) {
	l := DefaultLoad(20)
	n := 20.0 * SecondsPerMonth // 52,560,000 requests
	cases := []struct {
		option Option
		kind   string
		want   float64
	}{
		{Edge, "fixed", 5},
		{Edge, "requests", (n - 10e6) / 1e6 * 0.30},
		{Edge, "compute", (n*10 - 30e6) / 1e6 * 0.02},
		{Edge, "egress", 0},
		{Edge, "pooler", 0},
		{Edge, "logs", (n-10e6)/1e6*0.05 + n*400/1e9*0.015},
		{API, "requests", n / 1e6 * 0.40},
		// 20 req/s x 100 ms = 2 requests in flight: one busy instance,
		// or CPU 20 x 10 ms / 0.8 = 0.25 vCPU: the instance wins.
		{API, "compute", SecondsPerMonth * (0.000024 + 0.5*0.0000025)},
		{API, "egress", n * 1024 / (1 << 30) * 0.12},
		{Jobs, "requests", n/1e6*1.00 + (n+n/10)/1e6*0.20},
		{Jobs, "compute", 2 * n * 0.1 * 0.5 * 0.0000133334},
		{Jobs, "messages", n * 1.2 / 1e6 * 0.40},
		{Jobs, "fixed", 3 * 0.40},
		{AlwaysOn, "compute", 2 * 730 * 0.0725},
		{AlwaysOn, "fixed", 730 * 0.0225},
		{AlwaysOn, "ops", 8 * 52.0 / 12 * 1500 / 40},
	}
	for _, c := range cases {
		got := For(c.option, l).ByKind(c.kind)
		if math.Abs(got-c.want) > 1e-6*math.Max(1, c.want) {
			t.Errorf("%s %s = %.6f, want %.6f", c.option, c.kind, got, c.want)
		}
	}
}

func TestRunBusyInstances(t *testing.T) {
	cases := []struct {
		rps       float64
		wall, cpu time.Duration
		want      float64
	}{
		{1, 100 * time.Millisecond, 10 * time.Millisecond, 0.1},                  // idle most of the time
		{100, 100 * time.Millisecond, 1 * time.Millisecond, 1},                   // 10 in flight share one instance
		{8000, 100 * time.Millisecond, 1 * time.Millisecond, 10},                 // 800 in flight / 80 per instance
		{1000, 100 * time.Millisecond, 40 * time.Millisecond, 1000 * 0.04 / 0.8}, // CPU-bound
	}
	for _, c := range cases {
		got := RunBusyInstances(Load{RPS: c.rps, Wall: c.wall, CPU: c.cpu})
		if math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%g req/s, %s wall, %s CPU: %.3f busy instances, want %.3f", c.rps, c.wall, c.cpu, got, c.want)
		}
	}
}

func TestValidateNamesFlagValueRuleAndFix(t *testing.T) {
	err := Load{RPS: 0, PeakRPS: 0, Wall: 0, CPU: time.Second, PayloadBytes: -1, MemoryMB: 64, OpsHoursPerWeek: 8}.Validate()
	if err == nil {
		t.Fatal("invalid load accepted")
	}
	for _, want := range []string{
		"--rps 0: the sustained request rate must be a positive number; pass e.g. --rps 50",
		"--wall 0s: the mean wall-clock time per request must be positive",
		"--cpu 1s: the mean CPU time per request must be positive and at most --wall",
		"--payload -1: must be zero or more",
		"--memory-mb 64: Lambda memory is 128 to 10240 MB",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if err := DefaultLoad(20).Validate(); err != nil {
		t.Errorf("valid load refused: %v", err)
	}
}

func TestEveryPriceIsDatedAndSourced(t *testing.T) {
	if PricesDate != "2026-11-26" {
		t.Errorf("PricesDate = %q", PricesDate)
	}
	for _, p := range Table() {
		if p.USD < 0 || p.Unit == "" || p.Source == "" {
			t.Errorf("price %+v lacks a unit or a source", p)
		}
	}
}

func totals(es []Estimate) string {
	var b strings.Builder
	for _, e := range es {
		fmt.Fprintf(&b, "%s=$%.0f ", e.Option, e.Total())
	}
	return b.String()
}

// The per-unit prices are the estimates' models, one unit at a time: a
// month of the default load priced unit by unit equals the estimate's lines.
func TestPerUnitPricesMatchTheEstimates(t *testing.T) {
	l := DefaultLoad(10)
	est := jobs(l)
	line := func(e Estimate, label string) float64 {
		for _, it := range e.Items {
			if it.Name == label {
				return it.USD
			}
		}
		t.Fatalf("no line %q", label)
		return 0
	}
	n := requests(l)
	msgs := l.MessagesPerDay * SecondsPerMonth / secondsPerDay
	ms := float64(l.Wall.Milliseconds())
	near := func(what string, got, want float64) {
		if d := got - want; d > want*1e-9 || d < -want*1e-9 {
			t.Errorf("%s: per unit %g, estimate %g", what, got, want)
		}
	}
	near("worker compute", msgs*ms*LambdaPerMs(l.MemoryMB), line(est, "worker Lambda, wall-clock"))
	near("receiver compute", n*ms*LambdaPerMs(l.MemoryMB), line(est, "receiver Lambda, wall-clock"))
	near("requests and SQS", n*WebhookRequestUSD()+msgs*WorkerMessageUSD(),
		line(est, "HTTP API requests")+line(est, "Lambda invocations (receiver, worker batches)")+line(est, "SQS send, receive, delete"))
}
