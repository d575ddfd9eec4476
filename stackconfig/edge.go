package stackconfig

import "github.com/groundwork-iac/groundwork/components/secret"

// Edge is groundwork:edge, the edge blueprint's Worker. Zero values mean the
// blueprint's defaults.
type Edge struct {
	// AccountID and ZoneID are the Cloudflare account and zone.
	AccountID string `json:"accountId"`
	ZoneID    string `json:"zoneId"`
	// Route (a zone route pattern) or Domain (a custom domain), one of them.
	Route  string `json:"route"`
	Domain string `json:"domain"`
	// Entry is the Worker's entry file, relative to the project.
	Entry string `json:"entry"`
	// Plan is free or paid: the size limit, Hyperdrive's pool and whether
	// the Worker's logs can be kept (Logpush needs Workers Paid).
	Plan string `json:"plan"`
	// CompatibilityDate pins the Workers runtime.
	CompatibilityDate string `json:"compatibilityDate"`
	// Cache is Hyperdrive's query cache.
	Cache EdgeCache `json:"cache"`
	// Crons are five-field cron triggers.
	Crons []string `json:"crons"`
	// MaxBundleKB is the startup budget of the gzipped bundle (a warning).
	MaxBundleKB int `json:"maxBundleKB"`
	// ConnectTimeout and StatementTimeout are the Worker's database timeouts.
	ConnectTimeout   Duration `json:"connectTimeout"`
	StatementTimeout Duration `json:"statementTimeout"`
	// Logs is where the Worker's logs are kept, on the paid plan.
	Logs EdgeLogs `json:"logs"`
}

// EdgeLogs is groundwork:edge.logs: a Logpush job for the Worker's trace
// events (its JSON log lines, exceptions, CPU and wall time), on Workers
// Paid. By default the kit creates the R2 bucket, the token Logpush writes
// with, and the Worker deletes files past the retention.
type EdgeLogs struct {
	// Disabled keeps no logs (the Worker's console output is then only in
	// live tails).
	Disabled bool `json:"disabled"`
	// RetentionDays is how long the kit's bucket keeps files. If zero, 30.
	RetentionDays int `json:"retentionDays"`
	// Destination is a Logpush destination_conf the team owns (r2://,
	// s3://, https://, datadog://, ...): a secret, as it carries
	// credentials. With it the kit creates no bucket and no token, and
	// retention is the destination's.
	Destination secret.Value `json:"destination"`
	// OwnershipChallenge is the token Cloudflare wrote into the
	// destination, for S3, Google Cloud Storage, Azure and Sumo Logic.
	OwnershipChallenge string `json:"ownershipChallenge"`
	// JobDisabledAlert adds Cloudflare's "Failing Logpush Job Disabled"
	// notification, which Cloudflare offers on Enterprise plans only.
	JobDisabledAlert bool `json:"jobDisabledAlert"`
}

// EdgeCache is groundwork:edge.cache, Hyperdrive's query cache.
type EdgeCache struct {
	// Disabled turns the cache off.
	Disabled bool `json:"disabled"`
	// MaxAge and StaleWhileRevalidate bound how long a cached read is served.
	MaxAge               Duration `json:"maxAge"`
	StaleWhileRevalidate Duration `json:"staleWhileRevalidate"`
}

// Knobs of groundwork:edge that budget findings and messages name.
const (
	KnobEdge                 = "edge"
	KnobEdgeAccountID        = "edge.accountId"
	KnobEdgeCache            = "edge.cache"
	KnobEdgeConnectTimeout   = "edge.connectTimeout"
	KnobEdgeStatementTimeout = "edge.statementTimeout"
	KnobEdgePlan             = "edge.plan"
	KnobEdgeMaxBundleKB      = "edge.maxBundleKB"
	KnobEdgeLogs             = "edge.logs"
	KnobEdgeLogsRetention    = "edge.logs.retentionDays"
	KnobEdgeLogsDestination  = "edge.logs.destination"
	KnobEdgeLogsOwnership    = "edge.logs.ownershipChallenge"
	KnobEdgeLogsJobAlert     = "edge.logs.jobDisabledAlert"
)
