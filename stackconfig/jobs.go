package stackconfig

import (
	"encoding/json"

	"github.com/groundwork-iac/groundwork/components/secret"
)

// Jobs is groundwork:jobs, the jobs blueprint's worker, webhook, schedules
// and event rules.
type Jobs struct {
	Worker    JobsWorker  `json:"worker"`
	Webhook   JobsWebhook `json:"webhook"`
	Schedules []Schedule  `json:"schedules"`
	Events    []Event     `json:"events"`
}

// JobsWorker is groundwork:jobs.worker. Zero values mean the blueprint's defaults.
type JobsWorker struct {
	// Timeout of the worker Lambda.
	Timeout Duration `json:"timeout"`
	// MemoryMB of the worker Lambda.
	MemoryMB int `json:"memoryMB"`
	// MaxConcurrency of the queue's consumer; zero derives it from the
	// connection budget.
	MaxConcurrency int `json:"maxConcurrency"`
	// BatchSize and BatchWindow of the event source mapping.
	BatchSize   int      `json:"batchSize"`
	BatchWindow Duration `json:"batchWindow"`
	// StatementTimeout and MessageTimeout are the workload's deadlines.
	StatementTimeout Duration `json:"statementTimeout"`
	MessageTimeout   Duration `json:"messageTimeout"`
	// VisibilityTimeout of the queue; zero derives it from the timeout.
	VisibilityTimeout Duration `json:"visibilityTimeout"`
}

// JobsWebhook is groundwork:jobs.webhook.
type JobsWebhook struct {
	// Enabled deploys the webhook ingress.
	Enabled bool `json:"enabled"`
	// Path is the route senders post to.
	Path string `json:"path"`
	// SigningSecret is the HMAC key shared with the sender.
	SigningSecret secret.Value `json:"signingSecret"`
	// MaxBodyBytes caps a webhook's body.
	MaxBodyBytes int `json:"maxBodyBytes"`
}

// Schedule is one entry of groundwork:jobs.schedules.
type Schedule struct {
	// Name names the schedule's resources.
	Name string `json:"name"`
	// Expression is rate(...), cron(...) or at(...).
	Expression string `json:"expression"`
	// Timezone is an IANA zone for cron and at expressions.
	Timezone string `json:"timezone"`
	// Payload is the job's JSON payload.
	Payload json.RawMessage `json:"payload"`
	// Disabled keeps the schedule but stops it.
	Disabled bool `json:"disabled"`
}

// Event is one entry of groundwork:jobs.events.
type Event struct {
	// Name names the rule's resources.
	Name string `json:"name"`
	// Pattern is the EventBridge event pattern.
	Pattern json.RawMessage `json:"pattern"`
}

// Knobs of groundwork:jobs that budget findings, derived values and
// messages name.
const (
	KnobJobsWorker                  = "jobs.worker"
	KnobJobsWorkerTimeout           = "jobs.worker.timeout"
	KnobJobsWorkerStatementTimeout  = "jobs.worker.statementTimeout"
	KnobJobsWorkerMessageTimeout    = "jobs.worker.messageTimeout"
	KnobJobsWorkerMaxConcurrency    = "jobs.worker.maxConcurrency"
	KnobJobsWorkerVisibilityTimeout = "jobs.worker.visibilityTimeout"
	KnobJobsWebhook                 = "jobs.webhook"
	KnobJobsWebhookSigningSecret    = "jobs.webhook.signingSecret"
)
