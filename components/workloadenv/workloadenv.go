// Package workloadenv names the runtime knobs the kit's components set and the
// kit's workloads read: timeouts from the budget ladder, pool sizes, and
// references to secrets held in the platform's secret store.
//
// Durations are Go duration strings ("10s"). Secrets are never values here:
// on AWS a workload gets the secret's ARN (the *_SECRET_ARN names) and reads
// the value from Secrets Manager at init, with SecretFetchTimeout.
//
// Pure Go, no Pulumi or cloud import: workloads compile against it.
package workloadenv

// Database access.
const (
	// DatabaseURLSecretARN is the Secrets Manager ARN holding the pooled URL.
	DatabaseURLSecretARN = "DATABASE_URL_SECRET_ARN"
	// DBPoolSize is the per-instance connection pool size.
	DBPoolSize = "DB_POOL_SIZE"
	// DBStatementTimeout is the statement timeout. The Go workloads apply it
	// with SET LOCAL statement_timeout in every transaction (a startup
	// parameter is refused by transaction poolers); the edge Worker's reads
	// run outside transactions, so Hyperdrive can cache them, and its
	// database role carries the timeout instead (edge migration 0002; the
	// edge migrate command checks the two agree).
	DBStatementTimeout = "DB_STATEMENT_TIMEOUT"
	// DBConnectTimeout bounds connection setup and pool acquisition.
	DBConnectTimeout = "DB_CONNECT_TIMEOUT"
)

// Secrets by reference.
const (
	// SecretFetchTimeout bounds each secret read at init.
	SecretFetchTimeout = "SECRET_FETCH_TIMEOUT"
	// OTLPHeadersSecretARN is the Secrets Manager ARN holding
	// OTEL_EXPORTER_OTLP_HEADERS; set only when headers are configured.
	OTLPHeadersSecretARN = "OTEL_EXPORTER_OTLP_HEADERS_SECRET_ARN"
	// WebhookSecretARN is the Secrets Manager ARN holding the endpoint's
	// signing secrets: a JSON array of strings, each as its sender prints
	// it (during a rotation, the old and the new one).
	WebhookSecretARN = "WEBHOOK_SECRET_ARN"
	// WebhookSecretVersion is that secret's version id: a rotation changes
	// it, so the function's configuration changes and new instances read
	// the new list.
	WebhookSecretVersion = "WEBHOOK_SECRET_VERSION"
)

// Handlers.
const (
	// HandlerTimeout is a synchronous handler's own deadline, below its
	// platform timeout.
	HandlerTimeout = "HANDLER_TIMEOUT"
	// MessageTimeout is a queue consumer's deadline per message.
	MessageTimeout = "MESSAGE_TIMEOUT"
	// JobQueueURL is the SQS queue a producer sends to.
	JobQueueURL = "JOB_QUEUE_URL"
	// EnqueueTimeout bounds one SendMessage call.
	EnqueueTimeout = "ENQUEUE_TIMEOUT"
	// WebhookPath is the only path the receiver accepts.
	WebhookPath = "WEBHOOK_PATH"
	// WebhookMaxBodyBytes caps the request body; larger bodies get 413.
	WebhookMaxBodyBytes = "WEBHOOK_MAX_BODY_BYTES"
	// WebhookTolerance is how far a signed timestamp may be from now before
	// the request is rejected as a replay (schemes that sign one).
	WebhookTolerance = "WEBHOOK_TOLERANCE"
	// WebhookEndpoint is the endpoint's name: it namespaces the idempotency
	// key ("stripe:evt_123"), so two senders' ids never collide.
	WebhookEndpoint = "WEBHOOK_ENDPOINT"
	// WebhookScheme is the endpoint's scheme (webhooks.ParseScheme).
	WebhookScheme = "WEBHOOK_SCHEME"
)

// Job kinds the kit itself sends.
const (
	// KeyRetentionKind is the job the blueprint's daily schedule sends: the
	// worker deletes processed jobs (and so their idempotency keys) older
	// than its payload's "older_than" (a Go duration), in batches.
	KeyRetentionKind = "groundwork-key-retention"
)

// Values themselves, never set as plain values by the kit. On Cloud Run they
// are secret environment references (the platform injects the value from
// Secret Manager); on Lambda they exist only for local runs and tests, where
// they override the *_SECRET_ARN variables. The invariants reject a URL with
// a password in a plain input.
const (
	// DatabaseURL is the pooled URL (LocalDatabaseURL is the same name).
	DatabaseURL      = "DATABASE_URL"
	LocalDatabaseURL = DatabaseURL
	// LocalWebhookSecrets overrides WebhookSecretARN: the same JSON array.
	LocalWebhookSecrets = "WEBHOOK_SECRETS"
	// DatabaseDirectURL is the direct (unpooled) URL migrations use.
	DatabaseDirectURL = "DATABASE_DIRECT_URL"
)

// Cloudflare Workers (the edge workload). A Worker reads these as bindings
// on env: the Hyperdrive binding, and plain-text bindings for every other
// knob (OTEL_EXPORTER_OTLP_HEADERS is a secret-text binding).
const (
	// HyperdriveBinding is the Hyperdrive binding's name.
	HyperdriveBinding = "HYPERDRIVE"
	// OTLPExportTimeout bounds one span export, run in waitUntil after the
	// response.
	OTLPExportTimeout = "OTLP_EXPORT_TIMEOUT"
	// LogBucketBinding is the R2 binding to the bucket Logpush writes the
	// Worker's trace events to, when the kit owns that bucket; the Worker
	// deletes files older than LogRetentionDays from it.
	LogBucketBinding = "LOG_BUCKET"
	// LogRetentionDays is how many days of Logpush files the bucket keeps.
	LogRetentionDays = "LOG_RETENTION_DAYS"
	// LogPrefix is the key prefix Logpush writes under ("workers/"); files
	// land in LogPrefix + YYYYMMDD + "/".
	LogPrefix = "LOG_PREFIX"
	// LogCleanupCron is the cron expression whose trigger runs the cleanup;
	// every other trigger runs the heartbeat.
	LogCleanupCron = "LOG_CLEANUP_CRON"
	// AnalyticsBinding is the Workers Analytics Engine binding the Worker
	// writes one data point per request to: index1 and blob1 the route,
	// blob2 the method, blob3 the status, double1 the duration in ms
	// (developers.cloudflare.com/analytics/analytics-engine/get-started/).
	AnalyticsBinding = "ANALYTICS"
)

// HTTP servers (the api workload).
const (
	// Port is the port a container listens on (Cloud Run sets it).
	Port = "PORT"
	// ShutdownTimeout bounds draining in-flight requests after SIGTERM,
	// inside the platform's grace period.
	ShutdownTimeout = "SHUTDOWN_TIMEOUT"
	// GoogleCloudProject names the project, for trace links in logs.
	GoogleCloudProject = "GOOGLE_CLOUD_PROJECT"
)
