package stackconfig

import (
	"encoding/json"

	"github.com/groundwork-iac/groundwork/components/secret"
)

// Jobs is groundwork:jobs, the jobs blueprint's worker, webhook, schedules
// and event rules.
type Jobs struct {
	Worker JobsWorker `json:"worker"`
	// Webhooks are the endpoints senders post to, one per sender.
	Webhooks []WebhookEndpoint `json:"webhooks"`
	// Webhook is the old single-endpoint section, refused with the new
	// config to write instead.
	Webhook   json.RawMessage `json:"webhook"`
	Schedules []Schedule      `json:"schedules"`
	Events    []Event         `json:"events"`
	// KeyRetention is how long processed jobs, and so the idempotency
	// keys that stop redeliveries, are kept.
	KeyRetention Duration `json:"keyRetention"`
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

// WebhookEndpoint is one entry of groundwork:jobs.webhooks: one sender.
type WebhookEndpoint struct {
	// Name names the endpoint's resources and namespaces its idempotency
	// keys: 1-20 of a-z, 0-9, -.
	Name string `json:"name"`
	// Path is the route the sender posts to, unique among the endpoints.
	Path string `json:"path"`
	// Scheme is how the sender signs: standard, stripe, github, slack or
	// shopify.
	Scheme string `json:"scheme"`
	// Secrets are the signing secrets, each a Pulumi secret as the sender
	// prints it; list the old and the new one during a rotation.
	Secrets []secret.Value `json:"secrets"`
	// Tolerance is the signed timestamp's window (standard, stripe, slack).
	Tolerance Duration `json:"tolerance"`
	// MaxBodyBytes caps a delivery's body.
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
	KnobJobsWebhooks                = "jobs.webhooks"
	KnobJobsKeyRetention            = "jobs.keyRetention"
)
