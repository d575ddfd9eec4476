package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/groundwork-iac/groundwork/components/cloudflare/worker"
	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/cost"
	"github.com/groundwork-iac/groundwork/cost/logread"
)

// routeNotes says how a unit was priced and what the figures leave out.
func routeNotes(r cost.RouteReport, files []*logread.File) []string {
	p := r.Platform
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if r.Monthly {
		add("per month: the observed rate, %s in %s, held for a %d-hour month; a span shorter than a day over-weights its hours.",
			cost.Count(float64(r.Units), "units"), r.Span().Round(time.Second), cost.SecondsPerMonth/3600)
	} else {
		add("per month: not extrapolated: the logs must span at least %s to be taken as a rate; per 1M is the cost of a million such units.",
			strings.TrimSuffix(strings.TrimSuffix(cost.MinExtrapolationSpan.String(), "0s"), "0m"))
	}
	for _, f := range files {
		if o, ok := blueprintOfFormat[f.Format]; ok && o != p.Option {
			add("note: %s is %s output, priced on %s as asked.", f.Name, f.Format.Describe(), p.Option)
		}
	}
	add("how a unit is priced:")
	switch p.Option {
	case cost.Jobs:
		compute := func(memory float64) string {
			return fmt.Sprintf("Lambda at %s MB: handler time x %s", trim(memory), priceText(cost.LambdaGBSecond))
		}
		kinds := map[string]bool{}
		for _, rc := range r.Routes {
			kinds[rc.Kind] = true
		}
		if kinds[telemetry.MsgRequest] {
			add("  request (webhook receiver): %s, + 1 invocation x %s; HTTP API: %s",
				compute(p.ReceiverMemoryMB), priceText(cost.LambdaRequests), priceText(cost.HTTPAPIRequests))
		}
		if kinds[telemetry.MsgJob] {
			add("  job (worker): %s, + 1/%d of a batch's invocation x %s;", compute(p.WorkerMemoryMB), cost.SQSBatch, priceText(cost.LambdaRequests))
			add("    SQS: %s requests (sent alone, received and deleted %d at a time; one 64 KB chunk) x %s",
				trim(cost.SQSRequestsPerMessage), cost.SQSBatch, priceText(cost.SQSRequests))
		}
		add("  handler time is an allocation of the Lambda bill: billed duration rounds up per invocation and includes cold starts;")
		add("  a job's fees assume full batches of %d, their floor. These are the prices of the jobs dashboard's cost by route.", cost.SQSBatch)
		if b := r.Billed; b != nil {
			add("  Lambda's platform.report lines: %s, %s ms billed = %s GB-s, %s with their invocations, beside %s allocated above.",
				cost.Count(float64(b.Invocations), "invocations"), trim(b.BilledMS), strconv.FormatFloat(b.GBSeconds, 'g', 4, 64), usdFine(b.USD), usdFine(b.Allocated))
			for _, f := range files {
				if m, ok := otherMemory(f, p); ok {
					add("  %s: Lambda reports %s MB for these invocations; the prices above are at the settings' %s MB.", f.Name, trim(m), trim(settingsMemory(f, p)))
				}
			}
		}
	case cost.API:
		add("  request: duration / %d concurrent x (%s vCPU x %s + %s GiB x %s) + %s",
			p.RunConcurrency, trim(p.RunVCPU), priceText(cost.CloudRunVCPUSecond), trim(p.RunMemoryGiB), priceText(cost.CloudRunGiBSecond), priceText(cost.CloudRunRequests))
		add("  the compute assumes every instance is full (%d requests at once): it is the floor; an instance serving one request", p.RunConcurrency)
		add("  at a time bills up to %dx it (request-based billing charges an instance while it serves any request).", p.RunConcurrency)
	case cost.Edge:
		add("  request: %s per 1M requests + CPU ms x %s per 1M CPU-ms (Workers Paid, standard usage model); wall time is not billed",
			priceNumber(cost.WorkersRequests.USD), priceNumber(cost.WorkersCPUMillis.USD))
		add("  marginal cost: these are the prices beyond the plan's included %s requests and %s CPU-ms a month; a sample is",
			strings.TrimSpace(cost.Count(cost.WorkersIncludedReqs, "")), strings.TrimSpace(cost.Count(cost.WorkersIncludedCPUMs, "")))
		add("  priced at the margin, without the included allowance and without the plan's %s a month.", priceNumber(cost.WorkersBase.USD))
		edgeCPUNotes(add, r, files)
		if p.WorkersPlan != worker.PlanPaid {
			// developers.cloudflare.com/workers/platform/pricing/ and
			// /workers/platform/limits/: Free has no usage charges, 100,000
			// requests a day and 10 ms of CPU per invocation.
			add("  on the Workers %s plan these are not billed (at most 100,000 requests a day, 10 ms CPU each); the prices are Workers Paid's.", p.WorkersPlan)
		}
	}
	add("free tiers ignored; list prices of %s; sources: groundwork cost --sources", cost.PricesDate)
	return out
}

// edgeCPUNotes says where the CPU time came from, or that it is unknown.
func edgeCPUNotes(add func(string, ...any), r cost.RouteReport, files []*logread.File) {
	withCPU := 0
	for _, rc := range r.Routes {
		withCPU += rc.CPUUnits
	}
	if withCPU > 0 {
		add("  CPU: each Logpush trace event's CPUTimeMs, charged to the request line it carried.")
	}
	if n := r.Units - withCPU; n > 0 {
		add("  CPU unknown for %s: no CPUTimeMs (the Worker's own lines, not Logpush trace events); priced by request only.", cost.Count(float64(n), plural("request", n)))
	}
	events, cpu := 0, 0.0
	for _, f := range files {
		events += f.Unattributed
		cpu += f.UnattributedCPUMS
	}
	if events > 0 {
		add("  %s carried no request line (cron triggers, or a Worker that failed before logging): their %s CPU-ms are in no route.",
			cost.Count(float64(events), plural("trace event", events)), ms(cpu))
	}
}

// settingsMemory is the memory the settings give the function whose logs f
// is: the worker's for a file of jobs, else the receiver's.
func settingsMemory(f *logread.File, p cost.Platform) float64 {
	for _, u := range f.Units {
		if u.Kind != telemetry.MsgJob {
			return p.ReceiverMemoryMB
		}
	}
	return p.WorkerMemoryMB
}

// otherMemory is the first memory size f's platform.report lines name that
// is not the settings' for its function: the stack and the deployed
// function disagree. A file of both functions' lines is not judged.
func otherMemory(f *logread.File, p cost.Platform) (float64, bool) {
	kinds := map[string]bool{}
	for _, u := range f.Units {
		kinds[u.Kind] = true
	}
	if len(kinds) != 1 {
		return 0, false
	}
	want := settingsMemory(f, p)
	for _, inv := range f.Invocations {
		if inv.MemorySizeMB != want {
			return inv.MemorySizeMB, true
		}
	}
	return 0, false
}
