// Package cost estimates what a request load costs a month on each of the
// kit's blueprints and on always-on containers, line by line, from the dated
// list prices in prices.go. Each platform is priced by its own billing
// model: Workers by CPU milliseconds, Lambda by GB-seconds of wall-clock
// time, Cloud Run by the seconds an instance is busy, always-on containers
// by the hour whether busy or not.
//
// It is a model, not a bill: it ignores free tiers (except what a plan's
// base fee includes), volume discounts and savings plans, and the database
// itself, which is the same for every option. It exists to show where the
// billing models cross, before anything is deployed.
package cost

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/groundwork-iac/groundwork/catalog"
)

// SecondsPerMonth is the month the estimates use: 730 hours, as AWS bills.
const SecondsPerMonth = 730 * 3600

// Option is what a load is priced on.
type Option string

// The options: the three blueprints and the always-on alternative.
const (
	Edge     Option = catalog.Edge
	API      Option = catalog.API
	Jobs     Option = catalog.Jobs
	AlwaysOn Option = "always-on"
)

// Options lists every option, the order the comparison prints.
var Options = []Option{Edge, API, Jobs, AlwaysOn}

// Describe names an option's platform.
func (o Option) Describe() string {
	if e, ok := catalog.Lookup(string(o)); ok {
		return e.Platform
	}
	if o == AlwaysOn {
		return "EC2 c7g.large fleet + ALB"
	}
	return string(o)
}

// Load is the traffic to price. Every field is used as it is; DefaultLoad
// gives the defaults.
type Load struct {
	// RPS is the sustained request rate, averaged over the month.
	RPS float64
	// PeakRPS sizes the always-on fleet; at least RPS.
	PeakRPS float64
	// Wall is the mean wall-clock time of a request, CPU the CPU time
	// within it. CPU <= Wall.
	Wall, CPU time.Duration
	// PayloadBytes is the mean response size, billed as egress.
	PayloadBytes float64
	// MessagesPerDay is the queue messages the jobs worker processes (jobs
	// only).
	MessagesPerDay float64
	// LogBytesPerRequest sizes the logs.
	LogBytesPerRequest float64
	// MemoryMB is the Lambda memory size.
	MemoryMB float64
	// OpsHoursPerWeek is the engineer time an always-on fleet takes.
	OpsHoursPerWeek float64
}

// Validate reports every unusable field at once, naming the flag.
func (l Load) Validate() error {
	var errs []error
	bad := func(flag string, v any, rule, fix string) {
		errs = append(errs, fmt.Errorf("--%s %v: %s; %s", flag, v, rule, fix))
	}
	if !(l.RPS > 0) || math.IsInf(l.RPS, 0) {
		bad("rps", l.RPS, "the sustained request rate must be a positive number", "pass e.g. --rps 50")
	}
	if l.PeakRPS < l.RPS {
		bad("peak-rps", l.PeakRPS, "the peak cannot be below the sustained rate", fmt.Sprintf("pass at least --peak-rps %g, or omit it", l.RPS))
	}
	if l.Wall <= 0 {
		bad("wall", l.Wall, "the mean wall-clock time per request must be positive", "pass e.g. --wall 170ms")
	}
	if l.CPU <= 0 || l.CPU > l.Wall {
		bad("cpu", l.CPU, "the mean CPU time per request must be positive and at most --wall", "pass e.g. --cpu 5ms")
	}
	for _, f := range []struct {
		flag string
		v    float64
	}{{"payload", l.PayloadBytes}, {"messages-per-day", l.MessagesPerDay}, {"log-bytes", l.LogBytesPerRequest},
		{"memory-mb", l.MemoryMB}, {"ops-hours", l.OpsHoursPerWeek}} {
		if f.v < 0 || math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			bad(f.flag, f.v, "must be zero or more", "omit it for the default")
		}
	}
	if l.MemoryMB < 128 || l.MemoryMB > 10240 {
		bad("memory-mb", l.MemoryMB, "Lambda memory is 128 to 10240 MB", "pass e.g. --memory-mb 512")
	}
	return errors.Join(errs...)
}

// Item is one line of an estimate.
type Item struct {
	// Kind groups items across options: requests, compute, messages,
	// egress, pooler, logs, fixed, ops.
	Kind     string
	Name     string
	Quantity string
	Price    Price
	USD      float64
}

// Estimate is a month of the load on one option.
type Estimate struct {
	Option Option
	Items  []Item
}

// Total is the sum of the items.
func (e Estimate) Total() float64 {
	var t float64
	for _, it := range e.Items {
		t += it.USD
	}
	return t
}

// ByKind sums the items of one kind.
func (e Estimate) ByKind(kind string) float64 {
	var t float64
	for _, it := range e.Items {
		if it.Kind == kind {
			t += it.USD
		}
	}
	return t
}

// For prices l on o. l must be valid.
func For(o Option, l Load) Estimate {
	switch o {
	case Edge:
		return edge(l)
	case API:
		return api(l)
	case Jobs:
		return jobs(l)
	case AlwaysOn:
		return alwaysOn(l)
	}
	panic("cost: unknown option " + string(o))
}

// Compare prices l on every option, in Options order.
func Compare(l Load) []Estimate {
	out := make([]Estimate, 0, len(Options))
	for _, o := range Options {
		out = append(out, For(o, l))
	}
	return out
}

// Cheapest returns the estimate with the lowest total.
func Cheapest(es []Estimate) Estimate {
	best := es[0]
	for _, e := range es[1:] {
		if e.Total() < best.Total() {
			best = e
		}
	}
	return best
}

// Crossover finds the sustained rate above which always-on containers cost
// less than every serverless option for this load's per-request profile
// (peak and messages scaled with the rate). ok is false when it does not
// happen below 10 million requests per second.
func Crossover(l Load) (rps float64, ok bool) {
	alwaysWins := func(r float64) bool {
		s := l
		s.RPS, s.PeakRPS, s.MessagesPerDay = r, l.PeakRPS/l.RPS*r, l.MessagesPerDay/l.RPS*r
		return Cheapest(Compare(s)).Option == AlwaysOn
	}
	lo, hi := 0.01, 1e7
	if alwaysWins(lo) {
		return lo, true
	}
	if !alwaysWins(hi) {
		return 0, false
	}
	for hi/lo > 1.001 {
		mid := math.Sqrt(lo * hi)
		if alwaysWins(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, true
}

// Cloud Run sizing, the api blueprint's defaults: 1 vCPU, 512 MiB, 80
// concurrent requests per instance, CPU kept below 80%.
const (
	runVCPU        = 1
	runGiB         = 0.5
	runConcurrency = 80
	runCPUTarget   = 0.8
)

// Jobs sizing: the worker takes SQS batches of 10; a message is sent once,
// and received and deleted in batches.
const (
	sqsBatch     = 10
	sqsChunk     = 64 * 1024
	jobsSecrets  = 3 // database URL, signing key, OTLP headers
	messagesLogs = 1 // log lines per processed message, as long as a request's
)

// Always-on sizing: 2 vCPUs per instance kept below 60% at the peak, at
// least two instances (two zones); one new connection per ten requests.
const (
	ec2VCPU        = 2
	ec2CPUTarget   = 0.6
	ec2MinFleet    = 2
	newConnPerReq  = 0.1
	lcuNewConnRate = 25.0 // new connections a second per LCU
	hoursPerMonth  = SecondsPerMonth / 3600
	weeksPerMonth  = 52.0 / 12
)

// Count renders a quantity with a unit: 51.8M requests.
func Count(n float64, unit string) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.1fB %s", n/1e9, unit)
	case n >= 1e6:
		return fmt.Sprintf("%.1fM %s", n/1e6, unit)
	case n >= 1e3:
		return fmt.Sprintf("%.1fk %s", n/1e3, unit)
	}
	return fmt.Sprintf("%.0f %s", n, unit)
}

func bytesQty(b float64) string {
	switch {
	case b >= 1e12:
		return fmt.Sprintf("%.1f TB", b/1e12)
	case b >= 1e9:
		return fmt.Sprintf("%.1f GB", b/1e9)
	}
	return fmt.Sprintf("%.1f MB", b/1e6)
}
