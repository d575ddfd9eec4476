package runjob

import "time"

const (
	// DefaultTimeout: 10 minutes per task; a migration that needs longer
	// should be split, since it holds locks all that time.
	DefaultTimeout = 10 * time.Minute
	// MaxTimeout is Cloud Run's task limit (168 h); the kit stops at 24 h.
	MaxTimeout = 24 * time.Hour
	// DefaultMaxRetries: none; a failed migration wants a person, not a loop.
	DefaultMaxRetries = 0
	// MaxRetriesLimit is Cloud Run's per-task retry limit.
	MaxRetriesLimit = 10
	// DefaultCPU and DefaultMemory for one task.
	DefaultCPU    = "1"
	DefaultMemory = "512Mi"
	// ExecutionEnvironment gen2, as for services.
	ExecutionEnvironment = "EXECUTION_ENVIRONMENT_GEN2"
	// ImagePath is the property path ignored when the image is managed
	// outside Pulumi.
	ImagePath = "template.template.containers[0].image"

	suffixJob = "-job"
)

// RuntimeRoles: a job only writes logs.
var RuntimeRoles = []string{"roles/logging.logWriter"}

// reservedEnv are set by Cloud Run for a job's tasks
// (cloud.google.com/run/docs/container-contract#jobs-env-vars).
var reservedEnv = []string{"CLOUD_RUN_JOB", "CLOUD_RUN_EXECUTION", "CLOUD_RUN_TASK_INDEX", "CLOUD_RUN_TASK_ATTEMPT", "CLOUD_RUN_TASK_COUNT"}
