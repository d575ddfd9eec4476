package jobs

import (
	"time"

	"github.com/groundwork-iac/groundwork/catalog"
)

const (
	// Name is the blueprint's name in groundwork:blueprint.
	Name = catalog.Jobs
	// TypeToken is the blueprint component's Pulumi type.
	TypeToken = "groundwork:blueprint:Jobs"
	// DefaultWorkerPackage is the kit's worker workload.
	DefaultWorkerPackage = "github.com/groundwork-iac/groundwork/workloads/jobs/worker"
	// DefaultWorkerTimeout: 60 s, explicit; the platform's 3 s is a trap,
	// and a job that needs more than a minute should say so in config.
	DefaultWorkerTimeout = 60 * time.Second
	// MinKeyRetention: processed jobs are kept at least 4 days, longer than
	// the automatic retries of every supported webhook sender (the
	// receiver's package webhooks cites each), so a retry still finds its
	// key.
	MinKeyRetention = 4 * 24 * time.Hour
	// WarmReceivers is the provisioned concurrency of the webhook receiver
	// in always-warm mode; the worker is asynchronous and never warmed.
	WarmReceivers = 1
)
