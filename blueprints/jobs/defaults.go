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
	// MinSigningSecretBytes: a webhook signing key of at least 32
	// characters, the strength of the 256-bit HMAC it keys.
	MinSigningSecretBytes = 32
	// WarmReceivers is the provisioned concurrency of the webhook receiver
	// in always-warm mode; the worker is asynchronous and never warmed.
	WarmReceivers = 1
)
