package budgets

import (
	"fmt"
	"time"

	"github.com/groundwork-iac/groundwork/components/aws/awslimits"
)

// JobsWorker is the queue consumer's side of the jobs blueprint.
type JobsWorker struct {
	Timeout            time.Duration // groundwork:jobs.worker.timeout
	MessageTimeout     time.Duration // per message, below Timeout
	StatementTimeout   time.Duration // SET LOCAL statement_timeout
	ConnectTimeout     time.Duration // connection setup and pool acquire
	SecretFetchTimeout time.Duration // reading the database URL at init
	BatchSize          int
	BatchWindow        time.Duration
	// Visibility is the queue's visibility timeout (derived or explicit).
	Visibility     time.Duration
	QueueRetention time.Duration
	DLQRetention   time.Duration
	// MaxConcurrency is the event source mapping's MaximumConcurrency; each
	// instance holds PoolSize connections.
	MaxConcurrency int
	PoolSize       int
}

// JobsReceiver is the webhook receiver's side; nil when webhooks are off.
type JobsReceiver struct {
	EnqueueTimeout     time.Duration
	HandlerTimeout     time.Duration
	Timeout            time.Duration // the receiver Lambda's timeout
	IntegrationTimeout time.Duration // the HTTP API integration's timeout
	SenderTimeout      time.Duration // how long webhook senders wait
}

// Database is what a pooled endpoint can take.
type Database struct {
	Pooler            string
	PoolerClientLimit int
	ServerSlots       int
	ServerDetail      string
}

// JobsInput is everything the jobs budgets need.
type JobsInput struct {
	Worker   JobsWorker
	Receiver *JobsReceiver
	Database Database
}

// VisibilityFloor is the least visibility timeout a queue consumed with the
// given timeout and batching window may have.
func VisibilityFloor(timeout, window time.Duration) time.Duration {
	return awslimits.SQSVisibilityFactor*timeout + window
}

// MaxConcurrencyFor derives the event source mapping's MaximumConcurrency
// from the server slots a worker may use (one connection per instance),
// within the range SQS accepts. ok is false when the budget is below the
// SQS minimum, which no setting can satisfy.
func MaxConcurrencyFor(serverSlots, poolSize int) (n int, ok bool) {
	if poolSize < 1 {
		poolSize = 1
	}
	n = serverSlots / poolSize
	if n < awslimits.SQSMinMaximumConcurrency {
		return awslimits.SQSMinMaximumConcurrency, false
	}
	return min(n, awslimits.SQSMaxMaximumConcurrency), true
}

const (
	knobWorkerTimeout  = "jobs.worker.timeout"
	knobStatement      = "jobs.worker.statementTimeout"
	knobMessageTimeout = "jobs.worker.messageTimeout"
	knobMaxConcurrency = "jobs.worker.maxConcurrency"
	knobVisibility     = "jobs.worker.visibilityTimeout"
	platformLimit      = "platform limit"
)

// Jobs builds and checks the jobs blueprint's budgets.
func Jobs(in JobsInput) Report {
	w := in.Worker
	r := Report{Blueprint: "jobs"}
	r.Ladders = append(r.Ladders,
		Ladder{Name: "worker timeouts", Rungs: []Rung{
			{Name: "pool acquire + statement_timeout", Knob: knobStatement, Value: w.ConnectTimeout + w.StatementTimeout},
			{Name: "per-message deadline", Knob: knobMessageTimeout, Value: w.MessageTimeout},
			{Name: "worker Lambda timeout", Knob: knobWorkerTimeout, Value: w.Timeout, MayEqualNext: true},
			{Name: "Lambda maximum", Knob: platformLimit, Value: awslimits.LambdaMaxTimeout},
		}},
		Ladder{Name: "worker init", Rungs: []Rung{
			{Name: "secret fetch timeout", Knob: "kit default", Value: w.SecretFetchTimeout},
			{Name: "Lambda init limit", Knob: platformLimit, Value: awslimits.LambdaInitLimit},
		}},
		Ladder{Name: "message retention", Rungs: []Rung{
			{Name: "queue retention", Knob: "kit default", Value: w.QueueRetention},
			{Name: "DLQ retention", Knob: "kit default", Value: w.DLQRetention, MayEqualNext: true},
			{Name: "SQS maximum retention", Knob: platformLimit, Value: awslimits.SQSMaxRetention},
		}},
	)
	if rc := in.Receiver; rc != nil {
		r.Ladders = append(r.Ladders, Ladder{Name: "webhook timeouts", Rungs: []Rung{
			{Name: "enqueue timeout", Knob: "kit default", Value: rc.EnqueueTimeout},
			{Name: "receiver handler deadline", Knob: "kit default", Value: rc.HandlerTimeout},
			{Name: "receiver Lambda timeout", Knob: "kit default", Value: rc.Timeout, MayEqualNext: true},
			{Name: "HTTP API integration timeout", Knob: "kit default", Value: rc.IntegrationTimeout, MayEqualNext: true},
			{Name: "webhook sender timeout", Knob: "sender", Value: rc.SenderTimeout},
		}})
	}
	r.Floors = append(r.Floors, Floor{
		Budget: "work queue", Name: "visibility timeout", Knob: knobVisibility, Value: w.Visibility,
		Min: VisibilityFloor(w.Timeout, w.BatchWindow),
		Why: fmt.Sprintf("%d x worker timeout %s + batch window %s", awslimits.SQSVisibilityFactor, w.Timeout, w.BatchWindow),
	})
	r.Connections = append(r.Connections, Connections{
		Name:              "worker connections",
		Demands:           []Demand{{Name: "worker instances", Knob: knobMaxConcurrency, Instances: w.MaxConcurrency, PerInstance: w.PoolSize}},
		Pooler:            in.Database.Pooler,
		PoolerClientLimit: in.Database.PoolerClientLimit,
		ServerSlots:       in.Database.ServerSlots,
		ServerDetail:      in.Database.ServerDetail,
		OverServer:        Error,
		Fix: fmt.Sprintf("lower %s to at most %d, raise max_connections, or leave %s unset to derive it",
			knobMaxConcurrency, in.Database.ServerSlots/max(w.PoolSize, 1), knobMaxConcurrency),
	})
	r.Check()
	if w.MaxConcurrency < awslimits.SQSMinMaximumConcurrency || w.MaxConcurrency > awslimits.SQSMaxMaximumConcurrency {
		r.Add(Finding{Severity: Error, Budget: "worker connections", Knob: knobMaxConcurrency,
			Message: fmt.Sprintf("%s must be between %d and %d (SQS event source limits), got %d",
				knobMaxConcurrency, awslimits.SQSMinMaximumConcurrency, awslimits.SQSMaxMaximumConcurrency, w.MaxConcurrency)})
	}
	return r
}
