package worker

const (
	// CompatibilityDate pins the Workers runtime behaviour the kit's Worker
	// was tested with (2026-04-20, inside what the local workerd of the
	// tests supports). Overridable per Worker; changing it is a deliberate
	// upgrade, never a drift.
	CompatibilityDate = "2026-04-20"
	// NodeCompat enables the Node.js APIs postgres.js needs (sockets, Buffer).
	NodeCompat = "nodejs_compat"
	// DefaultMaxBundleKB is the kit's startup budget: a Worker must start
	// within 1 s, and every KB of script is parsed on a cold start.
	DefaultMaxBundleKB = 1024
	// PlacementSmart runs the Worker near its backend when that is faster,
	// which for a database-backed API it usually is.
	PlacementSmart = "smart"

	suffixScript = "-script"
	suffixRoute  = "-route"
	suffixDomain = "-domain"
	suffixCron   = "-cron"
)
