// Package recommend picks a blueprint and mode for a workload: the decision
// tree of the guide the kit follows (traffic shape, latency budget, data
// tier, team), with the cases none of the three blueprints fits and what to
// use instead.
//
// Every answer carries its reasons, one line each, naming the input that
// led to it, so a user can see which answer would change.
package recommend

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/groundwork-iac/groundwork/catalog"
)

// Shape is the traffic shape.
type Shape string

// Traffic shapes.
const (
	Spiky  Shape = "spiky"
	Steady Shape = "steady"
)

// Scope is where the latency budget must hold.
type Scope string

// Latency scopes.
const (
	Regional Scope = "regional"
	Global   Scope = "global"
)

// Data is the data tier.
type Data string

// Data tiers.
const (
	Postgres Data = "postgres"
	KeyValue Data = "key-value"
	Search   Data = "search"
)

// Kind is the workload kind.
type Kind string

// Workload kinds.
const (
	API         Kind = "api"
	Webhooks    Kind = "webhooks"
	QueueJobs   Kind = "queue"
	Scheduled   Kind = "scheduled"
	LongRunning Kind = "long-running"
	WebSocket   Kind = "websocket"
	GPU         Kind = "gpu"
)

// Team is who builds and runs it.
type Team string

// Teams.
const (
	SmallTeam Team = "small"
	AWSTeam   Team = "aws"
	EdgeTeam  Team = "edge"
	// AnyTeam states no preference; so does leaving Team empty.
	AnyTeam Team = "any"
)

// Allowed values, for flags, prompts and errors.
var (
	Shapes = []Shape{Spiky, Steady}
	Scopes = []Scope{Regional, Global}
	Datas  = []Data{Postgres, KeyValue, Search}
	Kinds  = []Kind{API, Webhooks, QueueJobs, Scheduled, LongRunning, WebSocket, GPU}
	Teams  = []Team{SmallTeam, AWSTeam, EdgeTeam, AnyTeam}
)

// Thresholds from the guide.
const (
	// AlwaysOnRPS: above roughly this sustained rate always-on containers
	// undercut per-request pricing.
	AlwaysOnRPS = 10000
	// EdgeP99: a p99 budget below this, held globally, needs compute at the
	// edge.
	EdgeP99 = 50 * time.Millisecond
	// CloudRunColdStart is the low end of Cloud Run's cold start (1-3 s);
	// LambdaColdStart the high end of Lambda's (100-500 ms).
	CloudRunColdStart = time.Second
	LambdaColdStart   = 500 * time.Millisecond
)

// Inputs describe the workload.
type Inputs struct {
	Shape Shape
	// SustainedRPS is the average rate; PeakRPS the highest (default
	// SustainedRPS).
	SustainedRPS, PeakRPS float64
	P99                   time.Duration
	Scope                 Scope
	Data                  Data
	Kind                  Kind
	Team                  Team
}

// Validate reports every unusable input at once, naming its flag, the
// value, the rule and the allowed values.
func (in Inputs) Validate() error {
	var errs []error
	oneOf := func(flag, v string, allowed []string) {
		for _, a := range allowed {
			if v == a {
				return
			}
		}
		errs = append(errs, fmt.Errorf("--%s %q: must be one of %s", flag, v, strings.Join(allowed, ", ")))
	}
	oneOf("shape", string(in.Shape), Names(Shapes))
	oneOf("region", string(in.Scope), Names(Scopes))
	oneOf("data", string(in.Data), Names(Datas))
	oneOf("kind", string(in.Kind), Names(Kinds))
	if in.Team != "" {
		oneOf("team", string(in.Team), Names(Teams))
	}
	if !(in.SustainedRPS > 0) || math.IsInf(in.SustainedRPS, 0) {
		errs = append(errs, fmt.Errorf("--rps %v: the sustained request rate must be a positive number; pass e.g. --rps 50", in.SustainedRPS))
	}
	if in.PeakRPS != 0 && in.PeakRPS < in.SustainedRPS {
		errs = append(errs, fmt.Errorf("--peak-rps %v: the peak cannot be below the sustained rate %v; raise it or omit it", in.PeakRPS, in.SustainedRPS))
	}
	if in.P99 <= 0 {
		errs = append(errs, fmt.Errorf("--p99 %v: the latency budget must be a positive duration; pass e.g. --p99 200ms", in.P99))
	}
	return errors.Join(errs...)
}

// Names are the allowed values as text, for flags, prompts and errors.
func Names[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// Modes, as groundwork:mode takes them.
const (
	ScaleToZero = "scale-to-zero"
	AlwaysWarm  = "always-warm"
)

// Recommendation is the answer.
type Recommendation struct {
	// Blueprint is api, edge or jobs; empty when none fits.
	Blueprint string
	// Mode is the groundwork:mode to start with.
	Mode string
	// Reasons say why, one line each, tied to the inputs.
	Reasons []string
	// Instead, when no blueprint fits, says what to use.
	Instead string
	// Caveats are what the blueprint leaves to the user for these inputs.
	Caveats []string
}

// Fits reports whether a blueprint was chosen.
func (r Recommendation) Fits() bool { return r.Blueprint != "" }

// Decide walks the decision tree. in must be valid.
func Decide(in Inputs) Recommendation {
	if in.PeakRPS == 0 {
		in.PeakRPS = in.SustainedRPS
	}
	if r, ok := unfit(in); ok {
		return r
	}
	if in.SustainedRPS >= AlwaysOnRPS {
		return alwaysOn(in)
	}
	switch in.Kind {
	case Webhooks, QueueJobs, Scheduled:
		return events(in)
	}
	return userFacing(in)
}

// unfit answers the workloads serverless is the wrong tool for.
func unfit(in Inputs) (Recommendation, bool) {
	switch in.Kind {
	case LongRunning:
		return Recommendation{
			Reasons: []string{
				"kind long-running (> 15 min): Lambda stops at 15 minutes and a Worker at 5 minutes of CPU; Cloud Run's request timeout ends at 60 minutes",
			},
			Instead: "Cloud Run jobs (a task runs up to 24 h), Fly Machines, or a worker fleet on VMs; the jobs blueprint can still queue the work and hand it to them",
		}, true
	case WebSocket:
		return Recommendation{
			Reasons: []string{
				"kind websocket: connections hold state for minutes or hours; Lambda behind API Gateway WebSockets works but is painful to operate, and none of the blueprints keeps a connection",
			},
			Instead: "Cloudflare Durable Objects, Fly Machines, or a long-lived service on Cloud Run with min instances",
		}, true
	case GPU:
		return Recommendation{
			Reasons: []string{
				"kind gpu: Lambda and Workers have no GPUs; Cloud Run's GPU instances have a cold start measured in tens of seconds",
			},
			Instead: "Modal, Replicate or RunPod for inference, or GPU VMs for steady load",
		}, true
	}
	return Recommendation{}, false
}

// alwaysOn answers sustained rates past the crossover.
func alwaysOn(in Inputs) Recommendation {
	r := Recommendation{
		Blueprint: catalog.API,
		Mode:      AlwaysWarm,
		Reasons: []string{
			fmt.Sprintf("rps %s sustained: above about %d req/s, always-on instances undercut per-request billing; Cloud Run with min instances is the kit's always-on container",
				num(in.SustainedRPS), AlwaysOnRPS),
		},
		Caveats: []string{"compare with VMs or Kubernetes before committing: run groundwork cost with this load"},
	}
	if in.Shape == Steady {
		r.Reasons = append(r.Reasons, "shape steady: instances kept busy all month are what instance billing is cheapest for")
	}
	if in.Kind != API {
		r.Caveats = append(r.Caveats, fmt.Sprintf("kind %s at this rate: consume the queue from the always-on service rather than per-message Lambda invocations", in.Kind))
	}
	return r
}

// events answers event-driven work: the jobs blueprint.
func events(in Inputs) Recommendation {
	r := Recommendation{
		Blueprint: catalog.Jobs,
		Mode:      ScaleToZero,
		Reasons: []string{
			fmt.Sprintf("kind %s: event-driven work suits functions; Lambda + SQS + EventBridge is boring, cheap and near-zero ops, with a dead-letter queue for what fails", in.Kind),
		},
	}
	// Cold starts matter for synchronous user-facing requests, not here:
	// the receiver answers 202 once the message is queued, senders retry,
	// and a queue waits. Warming the receiver is left to mode always-warm,
	// chosen by hand.
	if in.Kind == Webhooks {
		r.Reasons = append(r.Reasons, fmt.Sprintf("p99 %s: the receiver answers 202 once the message is queued and senders retry, so Lambda's 100-%s cold start does not matter; scale to zero",
			in.P99, LambdaColdStart))
	} else {
		r.Reasons = append(r.Reasons, fmt.Sprintf("kind %s: messages wait in the queue for a worker, so cold starts do not matter; scale to zero", in.Kind))
	}
	if in.Data == Postgres {
		r.Reasons = append(r.Reasons, "data postgres: the worker writes through the pooled endpoint, with concurrency capped to the server's connection budget")
	}
	if in.Data != Postgres {
		r.Caveats = append(r.Caveats, fmt.Sprintf("data %s: the blueprint wires Postgres; add the %s store yourself", in.Data, in.Data))
	}
	if in.Team == EdgeTeam {
		r.Caveats = append(r.Caveats, "team edge: Cloudflare Queues and Cron Triggers are the edge-native alternative; the kit's queue blueprint is AWS")
	}
	return r
}

// userFacing answers an HTTP API for users.
func userFacing(in Inputs) Recommendation {
	fast := in.P99 < EdgeP99
	switch {
	case fast && in.Scope == Global:
		r := edge(in, fmt.Sprintf("p99 %s globally: under %s everywhere needs compute at the edge; a Worker starts in under 5 ms on 300+ locations",
			in.P99, EdgeP99))
		if in.Data == Postgres {
			r.Caveats = append(r.Caveats, "data postgres from the edge: Hyperdrive pools connections and caches reads, but an uncached query still travels to the database's region; keep hot reads cacheable")
		}
		return r
	case in.Team == EdgeTeam && in.Scope == Global:
		return edge(in, "team edge with a global product: Workers from day one")
	case in.Data == KeyValue:
		r := edge(in, "data key-value: Workers sit next to KV, D1 and Durable Objects")
		r.Caveats = append(r.Caveats, "the edge blueprint wires Postgres through Hyperdrive; bind KV or D1 yourself")
		return r
	case in.Data == Search && in.Scope == Global:
		r := edge(in, "data search, global: Workers in front of a hosted search API (Algolia)")
		r.Caveats = append(r.Caveats, "the search service is not part of the blueprint")
		return r
	}

	r := Recommendation{
		Blueprint: catalog.API,
		Mode:      ScaleToZero,
		Reasons: []string{
			"kind api: a container on demand is the safe default for a user-facing API; one image, no edge-runtime limits, hot routes can move to Workers later",
		},
	}
	switch in.Data {
	case Postgres:
		r.Reasons = append(r.Reasons, "data postgres: Cloud Run + Neon through its pooled endpoint; migrations run over the direct one")
	case Search:
		r.Caveats = append(r.Caveats, "data search: the blueprint wires Postgres; add the search service (e.g. OpenSearch, Algolia) yourself")
	}
	if in.Scope == Regional {
		r.Reasons = append(r.Reasons, fmt.Sprintf("p99 %s regionally: one region serves it; the edge buys nothing here", in.P99))
	}
	if in.Shape == Spiky {
		r.Reasons = append(r.Reasons, fmt.Sprintf("shape spiky at %s req/s: Cloud Run adds instances as a burst arrives and bills them only while they serve", num(in.SustainedRPS)))
	}
	if in.P99 < CloudRunColdStart {
		r.Mode = AlwaysWarm
		r.Reasons = append(r.Reasons, fmt.Sprintf("p99 %s: below Cloud Run's 1-3 s cold start, so keep one instance warm (mode always-warm) or the first request after idle breaks the budget",
			in.P99))
	} else {
		r.Reasons = append(r.Reasons, fmt.Sprintf("p99 %s: room for Cloud Run's 1-3 s cold start, so scale to zero when idle", in.P99))
	}
	switch in.Team {
	case SmallTeam:
		r.Reasons = append(r.Reasons, "team small: the fewest moving parts to build and run")
	case AWSTeam:
		r.Caveats = append(r.Caveats, "team aws: the kit's AWS blueprint is for events; its HTTP API + Lambda pattern can front a Lambda API if the org must stay on AWS")
	}
	return r
}

func edge(in Inputs, why string) Recommendation {
	r := Recommendation{
		Blueprint: catalog.Edge,
		Mode:      ScaleToZero,
		Reasons:   []string{why},
	}
	r.Reasons = append(r.Reasons, "billing per CPU millisecond: time waiting on the database is not billed")
	if in.Data == Postgres {
		r.Reasons = append(r.Reasons, "data postgres: Hyperdrive is the pooler in front of the database's direct endpoint")
	}
	return r
}

// num renders a rate without trailing zeros.
func num(f float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", f), "0"), ".")
}
