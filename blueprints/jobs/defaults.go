package jobs

import (
	"time"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

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
	// DefaultStatementTimeout, DefaultMessageTimeout and WorkerPoolSize are
	// the workload's own defaults, set explicitly (reasons in workloadenv).
	DefaultStatementTimeout = workloadenv.DefaultStatementTimeout
	DefaultMessageTimeout   = workloadenv.DefaultMessageTimeout
	WorkerPoolSize          = workloadenv.DefaultPoolSize
	// WarmReceivers is the provisioned concurrency of the webhook receiver
	// in always-warm mode; the worker is asynchronous and never warmed.
	WarmReceivers = 1
)
