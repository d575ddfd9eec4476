package golambda

const (
	// Runtime is the OS-only runtime for a Go `bootstrap`; al2023 is the
	// supported successor of the deprecated go1.x runtime.
	Runtime = "provided.al2023"
	// Handler is required by the API but unused by provided runtimes.
	Handler = "bootstrap"
	// DefaultMemoryMB: 512 MB gives a Go function enough CPU share for
	// tens-of-milliseconds cold starts at a small price.
	DefaultMemoryMB = 512
	// DefaultLogRetentionDays: 30 days; the platform default keeps logs
	// forever and bills for it.
	DefaultLogRetentionDays = 30
	// DefaultSystemLogLevel: WARN keeps platform START/END/REPORT noise out
	// while keeping timeouts and crashes.
	DefaultSystemLogLevel = "WARN"
	// LogFormat: JSON, never text: you will grep request_id all year.
	LogFormat = "JSON"
	// TracingMode: Active, so Lambda records the invocation segment even
	// when the workload's own OTLP export is off.
	TracingMode = "Active"
	// AliasName is the alias provisioned concurrency is attached to.
	AliasName = "live"
)

// Child name suffixes. Never rename them: the children would be replaced.
const (
	suffixRole        = "-role"
	suffixPolicy      = "-policy"
	suffixLogs        = "-logs"
	suffixFunction    = "-function"
	suffixAlias       = "-live"
	suffixProvisioned = "-provisioned"
)

// logRetentionDays are the values CloudWatch Logs accepts.
var logRetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// appLogLevels map the telemetry contract's levels to Lambda's.
var appLogLevels = map[string]string{"debug": "DEBUG", "info": "INFO", "warn": "WARN", "error": "ERROR"}
