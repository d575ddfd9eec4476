package workloadenv

import "time"

// Defaults of the runtime knobs. The kit's components set every knob
// explicitly from these values, and the kit's workloads fall back to the same
// values when a variable is unset (a local run), so each number lives here
// once.
const (
	// DefaultStatementTimeout: 10 s per statement; a job's or request's
	// queries are short, and a stuck one must not hold a pooled connection.
	DefaultStatementTimeout = 10 * time.Second
	// DefaultConnectTimeout bounds connection setup and pool acquisition:
	// long enough for a Neon compute to wake from suspend (hundreds of ms),
	// short enough to fail inside a handler's deadline.
	DefaultConnectTimeout = 5 * time.Second
	// DefaultPoolSize: one connection per Lambda instance, which handles one
	// batch, one message at a time.
	DefaultPoolSize = 1
	// DefaultMessageTimeout: 20 s per message, above the connect and
	// statement timeouts together, so the database gives up first (the jobs
	// blueprint's worker ladder checks it).
	DefaultMessageTimeout = 20 * time.Second
	// DefaultSecretFetchTimeout bounds each secret read at init, well inside
	// Lambda's init limit (the worker init ladder checks it).
	DefaultSecretFetchTimeout = 3 * time.Second

	// DefaultWebhookPath is the route webhooks are posted to.
	DefaultWebhookPath = "/webhook"
	// DefaultWebhookMaxBodyBytes: 256 KiB, the classic SQS message limit;
	// larger payloads belong in object storage with a pointer in the job.
	DefaultWebhookMaxBodyBytes = 256 * 1024
	// DefaultWebhookTolerance: a signed timestamp more than 5 minutes from
	// now is a replay (Stripe and Standard Webhooks use the same window).
	DefaultWebhookTolerance = 5 * time.Minute
	// DefaultKeyRetention: processed jobs, and so their idempotency keys,
	// are kept 30 days: longer than every supported sender's automatic
	// retries (days at most) and than the span over which Stripe lets a
	// person resend an event by hand, so a redelivery is still recognised.
	DefaultKeyRetention = 30 * 24 * time.Hour
	// DefaultKeyRetentionSchedule runs the retention daily at 03:17 UTC.
	DefaultKeyRetentionSchedule = "cron(17 3 * * ? *)"
	// DefaultHandlerTimeout sits below the receiver's Lambda timeout, so the
	// handler answers (503) before the platform kills it (the webhook
	// ladder checks it).
	DefaultHandlerTimeout = 8 * time.Second
	// DefaultEnqueueTimeout bounds one SendMessage call, leaving the handler
	// time to answer 503 when SQS is slow.
	DefaultEnqueueTimeout = 3 * time.Second

	// DefaultOTLPExportTimeout bounds one span export from a Worker, inside
	// the time waitUntil work may run after the response (the edge ladder
	// "after the response" checks it).
	DefaultOTLPExportTimeout = 5 * time.Second
	// DefaultWorkerHandlerTimeout is the edge Worker's per-request deadline:
	// 30 s, twice the database path's connect and statement timeouts, so the
	// Worker answers its own 504 JSON with the request id long before
	// Cloudflare's proxy timeout answers a bare 524, and no longer than the
	// cleanup a request schedules in waitUntil may take after it (the edge
	// request ladder checks it against both).
	DefaultWorkerHandlerTimeout = 30 * time.Second
	// DefaultLogRetentionDays: the Worker's Logpush files are kept 30 days,
	// the span Cloud Logging keeps by default on the api blueprint.
	DefaultLogRetentionDays = 30
	// DefaultLogPrefix is where Logpush writes in the kit's bucket.
	DefaultLogPrefix = "workers/"
	// DefaultLogCleanupCron runs the retention cleanup daily at 04:17 UTC,
	// off the hour that cron triggers crowd.
	DefaultLogCleanupCron = "17 4 * * *"

	// DefaultPort is where an HTTP workload listens when PORT is unset.
	DefaultPort = "8080"
	// DefaultHTTPHandlerTimeout is the api workload's per-request deadline
	// when HANDLER_TIMEOUT is unset (a local run): what the Cloud Run
	// component sets by default, its default request timeout less its
	// response margin (a test in runservice ties the three together).
	DefaultHTTPHandlerTimeout = 28 * time.Second
	// DefaultShutdownTimeout drains in-flight requests within Cloud Run's
	// grace period after SIGTERM, with time left to flush spans (the api
	// shutdown ladder checks it).
	DefaultShutdownTimeout = 8 * time.Second
	// DefaultAPIPoolSize: five connections per instance; with transaction
	// pooling a connection is held only for a transaction, so five serve
	// tens of concurrent requests of short queries.
	DefaultAPIPoolSize = 5
)
