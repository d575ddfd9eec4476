package cost

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/cost/logread"
)

// MinExtrapolationSpan is the shortest span of logs ByRoute extrapolates to
// a month. Below an hour a burst or a quiet minute is most of the sample;
// even an hour over-weights its hour of the day, which the output says.
const MinExtrapolationSpan = time.Hour

// RouteCost is what one route's units cost.
type RouteCost struct {
	// Kind is the units' msg (request or job), Route their route.
	Kind, Route string
	Units       int
	// P50MS and P95MS are nearest-rank percentiles of duration_ms: the
	// smallest duration with at least 50% (95%) of the units at or below it.
	P50MS, P95MS float64
	// CPUMS is the CPU time of the units that report it; CPUUnits how
	// many do (edge, from Logpush).
	CPUMS    float64
	CPUUnits int
	// The cost of the units seen, by item, in USD: Compute (GB-seconds,
	// busy instance-seconds, CPU milliseconds), Requests (the platform's
	// per-request price: Lambda, Cloud Run, Workers), Ingress (HTTP API)
	// and Messages (SQS); USD is their sum.
	Compute, Requests, Ingress, Messages, USD float64
	// Share is USD over the report's total, 0 to 1.
	Share float64
	// Monthly is USD at the observed rate for SecondsPerMonth, when the
	// report extrapolates.
	Monthly float64
}

// PerMillion is what a million of the route's units cost.
func (r RouteCost) PerMillion() float64 { return r.USD / float64(r.Units) * 1e6 }

// RouteReport is cost by route.
type RouteReport struct {
	Platform Platform
	// Routes, costliest first (then by units, then by kind and route).
	Routes []RouteCost
	// Units is the number of units priced.
	Units int
	// First and Last are the earliest and latest unit times; Span their
	// distance, known when at least two units have a time.
	First, Last time.Time
	SpanKnown   bool
	// Monthly reports whether the span is at least MinExtrapolationSpan,
	// so that the Monthly figures are set.
	Monthly bool
	// USD and MonthlyUSD are the totals.
	USD, MonthlyUSD float64
	// Billed is Lambda's own account of the invocations, when the logs
	// carried platform.report lines.
	Billed *Billed
}

// Span is Last - First.
func (r RouteReport) Span() time.Duration { return r.Last.Sub(r.First) }

// Billed is what Lambda's platform.report lines say was billed: duration
// rounded up per invocation, at each invocation's memory.
type Billed struct {
	Invocations int
	// BilledMS is the sum of billedDurationMs; GBSeconds that times
	// memorySizeMB / 1024.
	BilledMS, GBSeconds float64
	// USD is GBSeconds x LambdaGBSecond plus one LambdaRequests each.
	USD float64
	// Allocated is the Lambda share (compute and invocations) of the
	// routes' cost, computed from handler time, to set beside USD.
	Allocated float64
}

// ByRoute prices each unit on p and sums them by kind and route. Units
// without a time do not count toward the span; invocations are Lambda's
// platform.report lines (jobs), shown beside the allocation.
func ByRoute(units []logread.Unit, invocations []logread.Invocation, p Platform) RouteReport {
	r := RouteReport{Platform: p, Units: len(units)}
	type acc struct {
		cost      RouteCost
		durations []float64
	}
	groups := map[unitKey]*acc{}
	timed := 0
	for _, u := range units {
		k := unitKey{u.Kind, u.Route}
		g := groups[k]
		if g == nil {
			g = &acc{cost: RouteCost{Kind: u.Kind, Route: u.Route}}
			groups[k] = g
		}
		c := p.unitCost(u)
		g.cost.Units++
		g.cost.Compute += c.compute
		g.cost.Requests += c.requests
		g.cost.Ingress += c.ingress
		g.cost.Messages += c.messages
		if u.HasCPU {
			g.cost.CPUMS += u.CPUMS
			g.cost.CPUUnits++
		}
		g.durations = append(g.durations, u.DurationMS)
		if !u.Time.IsZero() {
			timed++
			if r.First.IsZero() || u.Time.Before(r.First) {
				r.First = u.Time
			}
			if u.Time.After(r.Last) {
				r.Last = u.Time
			}
		}
	}
	r.SpanKnown = timed >= 2
	r.Monthly = r.SpanKnown && r.Span() >= MinExtrapolationSpan
	for _, g := range groups {
		c := g.cost
		c.USD = c.Compute + c.Requests + c.Ingress + c.Messages
		c.P50MS, c.P95MS = Percentile(g.durations, 0.50), Percentile(g.durations, 0.95)
		r.USD += c.USD
		r.Routes = append(r.Routes, c)
	}
	factor := 0.0
	if r.Monthly {
		factor = SecondsPerMonth / r.Span().Seconds()
	}
	lambda := 0.0
	for i := range r.Routes {
		c := &r.Routes[i]
		if r.USD > 0 {
			c.Share = c.USD / r.USD
		}
		c.Monthly = c.USD * factor
		r.MonthlyUSD += c.Monthly
		if p.Option == Jobs {
			lambda += c.Compute + c.Requests
		}
	}
	slices.SortFunc(r.Routes, func(a, b RouteCost) int {
		return cmp.Or(cmp.Compare(b.USD, a.USD), cmp.Compare(b.Units, a.Units), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Route, b.Route))
	})
	if len(invocations) > 0 {
		b := &Billed{Invocations: len(invocations), Allocated: lambda}
		for _, inv := range invocations {
			b.BilledMS += inv.BilledDurationMS
			b.GBSeconds += inv.BilledDurationMS / 1000 * inv.MemorySizeMB / 1024
		}
		b.USD = b.GBSeconds*LambdaGBSecond.USD + millions(float64(b.Invocations))*LambdaRequests.USD
		r.Billed = b
	}
	return r
}

type unitKey struct{ kind, route string }

// Percentile is the nearest-rank percentile p (0 < p <= 1) of values: the
// smallest value with at least p of them at or below it. values is not
// changed; 0 for none.
func Percentile(values []float64, p float64) float64 {
	if len(values) == 0 {
		return 0
	}
	s := slices.Clone(values)
	slices.Sort(s)
	rank := int(math.Ceil(p * float64(len(s))))
	return s[max(rank, 1)-1]
}

// isJob reports whether u is a queue message (the jobs worker's), not an
// HTTP request.
func isJob(u logread.Unit) bool { return u.Kind == telemetry.MsgJob }
