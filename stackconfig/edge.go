package stackconfig

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
	// Plan is free or paid: the size limit and Hyperdrive's pool.
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
)
