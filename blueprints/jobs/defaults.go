package jobs

import "time"

const (
	// Name is the blueprint's name in groundwork:blueprint.
	Name = "jobs"
	// TypeToken is the blueprint component's Pulumi type.
	TypeToken = "groundwork:blueprint:Jobs"
	// DefaultWorkerPackage is the kit's worker workload.
	DefaultWorkerPackage = "github.com/groundwork-iac/groundwork/workloads/jobs/worker"
	// DefaultWorkerTimeout: 60 s, explicit; the platform's 3 s is a trap,
	// and a job that needs more than a minute should say so in config.
	DefaultWorkerTimeout = 60 * time.Second
	// DefaultStatementTimeout: 10 s per statement; a job's queries are
	// short, and a stuck one must not hold a pooled connection.
	DefaultStatementTimeout = 10 * time.Second
	// DefaultMessageTimeout: 20 s per message, above connect (5 s) +
	// statement (10 s) timeouts, so the database gives up first.
	DefaultMessageTimeout = 20 * time.Second
	// WorkerPoolSize: one connection per worker instance: an instance
	// handles one batch at a time, one message at a time.
	WorkerPoolSize = 1
	// WarmReceivers is the provisioned concurrency of the webhook receiver
	// in always-warm mode; the worker is asynchronous and never warmed.
	WarmReceivers = 1
)
