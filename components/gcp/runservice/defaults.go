package runservice

import "time"

const (
	// DefaultRequestTimeout: 30 s, explicit; the platform default of 300 s
	// lets a stuck request hold an instance slot for five minutes.
	DefaultRequestTimeout = 30 * time.Second
	// MaxRequestTimeout is Cloud Run's limit.
	MaxRequestTimeout = 3600 * time.Second
	// ResponseMargin is kept between the handler's deadline and the request
	// timeout, so the handler answers with its own error (and request_id)
	// before Cloud Run cuts the connection: 2 s covers writing a JSON error
	// and flushing it through Cloud Run's front end.
	ResponseMargin = 2 * time.Second
	// DefaultConcurrency: 80 requests per instance, the platform default,
	// kept explicit; I/O-bound Go handlers serve it on one vCPU.
	DefaultConcurrency = 80
	// MaxConcurrency is Cloud Run's per-instance limit.
	MaxConcurrency = 1000
	// DefaultMaxInstancesCap bounds a derived max instance count: Cloud
	// Run's default per-service quota.
	DefaultMaxInstancesCap = 100
	// DefaultPort is the container port.
	DefaultPort = 8080
	// DefaultCPU and DefaultMemory: one vCPU and 512 MiB suit a Go API.
	DefaultCPU    = "1"
	DefaultMemory = "512Mi"
	// ExecutionEnvironment gen2: full Linux compatibility and faster network.
	ExecutionEnvironment = "EXECUTION_ENVIRONMENT_GEN2"
	// Ingress: reachable from the internet; IAM decides who may invoke.
	Ingress = "INGRESS_TRAFFIC_ALL"
	// HealthPath is probed for startup and liveness: the process only, so a
	// database outage does not restart healthy instances.
	HealthPath = "/healthz"
	// GracePeriod is Cloud Run's time between SIGTERM and SIGKILL.
	GracePeriod = 10 * time.Second
	// InvokerRole lets a member call the service.
	InvokerRole = "roles/run.invoker"
	// AllUsers is the member that makes a service public.
	AllUsers = "allUsers"
)

// RuntimeRoles are the project roles of the runtime identity: write logs,
// metrics and traces; nothing else.
var RuntimeRoles = []string{"roles/logging.logWriter", "roles/monitoring.metricWriter", "roles/cloudtrace.agent"}

// Probe settings. Startup: up to 30 s (30 x 1 s) for the process to listen.
// Liveness: three misses 10 s apart restart the instance.
const (
	startupPeriodSeconds    = 1
	startupFailureThreshold = 30
	probeTimeoutSeconds     = 1
	livenessPeriodSeconds   = 10
	livenessFailures        = 3
)

// Child name suffixes. Never rename them: the children would be replaced.
const (
	suffixService = "-service"
	suffixInvoker = "-invoker-"
)
