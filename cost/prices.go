package cost

// PricesDate is when the prices below were checked against their sources
// (or, for AWS, whose price pages render their tables in the browser,
// against AWS's own worked examples quoted from them). Every estimate
// prints it: list prices change, and an estimate is only as fresh as its
// table.
const PricesDate = "2026-11-26"

// Price is one list price: USD per Unit, from Source.
type Price struct {
	USD    float64
	Unit   string
	Source string
}

// The price table: on-demand list prices, in USD, for the regions the
// blueprints default to (AWS us-east-1, Google Cloud tier-1 regions,
// Cloudflare's global network). Free tiers are ignored except what a plan's
// base fee includes (Workers Paid). The database itself (Neon, Supabase
// compute and storage) is left out: every option uses the same one.
var (
	// AWS Lambda, arm64 (the kit builds for Graviton).
	LambdaRequests = Price{0.20, "1M requests", "https://aws.amazon.com/lambda/pricing/"}
	LambdaGBSecond = Price{0.0000133334, "GB-second (arm64)", "https://aws.amazon.com/lambda/pricing/"}
	// API Gateway HTTP API, first 300M requests a month.
	HTTPAPIRequests = Price{1.00, "1M requests", "https://aws.amazon.com/api-gateway/pricing/"}
	// SQS standard queue; a request carries up to 64 KB.
	SQSRequests = Price{0.40, "1M requests (64 KB each)", "https://aws.amazon.com/sqs/pricing/"}
	// CloudWatch Logs ingestion (standard class).
	CloudWatchLogsGB = Price{0.50, "GB ingested", "https://aws.amazon.com/cloudwatch/pricing/"}
	// Data transfer out of AWS to the internet, first 10 TB a month.
	AWSEgressGB = Price{0.09, "GB", "https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer"}
	// Secrets Manager: per secret, and per 10,000 API calls.
	SecretsManagerSecret = Price{0.40, "secret-month", "https://aws.amazon.com/secrets-manager/pricing/"}

	// Cloud Run, request-based billing, tier 1 regions.
	CloudRunRequests   = Price{0.40, "1M requests", "https://cloud.google.com/run/pricing"}
	CloudRunVCPUSecond = Price{0.000024, "vCPU-second (request-based)", "https://cloud.google.com/run/pricing"}
	CloudRunGiBSecond  = Price{0.0000025, "GiB-second (request-based)", "https://cloud.google.com/run/pricing"}
	CloudLoggingGiB    = Price{0.50, "GiB stored (30 days included)", "https://cloud.google.com/stackdriver/pricing"}
	GCPEgressGB        = Price{0.12, "GiB (premium tier, first TiB)", "https://cloud.google.com/vpc/network-pricing"}
	NeonPooler         = Price{0, "included (PgBouncer in every Neon endpoint)", "https://neon.com/docs/connect/connection-pooling"}

	// Cloudflare Workers Paid (standard usage model): the base fee includes
	// 10M requests and 30M CPU milliseconds a month.
	WorkersBase      = Price{5.00, "month (includes 10M requests, 30M CPU-ms)", "https://developers.cloudflare.com/workers/platform/pricing/"}
	WorkersRequests  = Price{0.30, "1M requests beyond 10M", "https://developers.cloudflare.com/workers/platform/pricing/"}
	WorkersCPUMillis = Price{0.02, "1M CPU-ms beyond 30M", "https://developers.cloudflare.com/workers/platform/pricing/"}
	// The edge blueprint ships logs with Workers Logpush (one trace event
	// per request, carrying its console lines) to R2 or another store.
	WorkersLogpush         = Price{0.05, "1M requests beyond 10M", "https://developers.cloudflare.com/workers/observability/logs/logpush/"}
	R2StorageGB            = Price{0.015, "GB-month", "https://developers.cloudflare.com/r2/pricing/"}
	WorkersEgress          = Price{0, "GB (no egress fees)", "https://developers.cloudflare.com/workers/platform/pricing/"}
	HyperdriveQueries      = Price{0, "included in Workers plans", "https://developers.cloudflare.com/hyperdrive/platform/pricing/"}
	WorkersIncludedReqs    = 10e6
	WorkersIncludedCPUMs   = 30e6
	WorkersIncludedLogpush = 10e6

	// Always-on containers: EC2 c7g.large (2 vCPU Graviton3, 4 GiB) on
	// demand behind an Application Load Balancer.
	EC2C7gLargeHour = Price{0.0725, "instance-hour (c7g.large, 2 vCPU)", "https://aws.amazon.com/ec2/pricing/on-demand/"}
	ALBHour         = Price{0.0225, "load balancer-hour", "https://aws.amazon.com/elasticloadbalancing/pricing/"}
	ALBLCUHour      = Price{0.008, "LCU-hour", "https://aws.amazon.com/elasticloadbalancing/pricing/"}

	// Operating an always-on fleet: the source document's "one day per
	// week to babysit" at its senior rate of $1,500 a week.
	OpsHour = Price{1500.0 / 40, "engineer-hour", "the source guide's rate: $1,500 per senior engineer-week"}
)

// Table lists every price above, for printing with its source.
func Table() []Price {
	return []Price{
		LambdaRequests, LambdaGBSecond, HTTPAPIRequests, SQSRequests, CloudWatchLogsGB, AWSEgressGB, SecretsManagerSecret,
		CloudRunRequests, CloudRunVCPUSecond, CloudRunGiBSecond, CloudLoggingGiB, GCPEgressGB, NeonPooler,
		WorkersBase, WorkersRequests, WorkersCPUMillis, WorkersLogpush, R2StorageGB, WorkersEgress, HyperdriveQueries,
		EC2C7gLargeHour, ALBHour, ALBLCUHour, OpsHour,
	}
}
