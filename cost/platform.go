package cost

import "github.com/groundwork-iac/groundwork/cost/logread"

// Platform is what ByRoute prices units on: a blueprint and the settings
// its bill depends on. A zero field means the blueprint's default, as
// DefaultPlatform sets it.
type Platform struct {
	Option Option
	// WorkerMemoryMB and ReceiverMemoryMB are the Lambda memory of the jobs
	// worker (job units) and of the webhook receiver (request units). If
	// zero, DefaultMemoryMB.
	WorkerMemoryMB, ReceiverMemoryMB float64
	// RunVCPU and RunMemoryGiB size one Cloud Run instance, RunConcurrency
	// is the requests it serves at once. If zero, 1 vCPU, 0.5 GiB and 80,
	// the api blueprint's defaults.
	RunVCPU, RunMemoryGiB float64
	RunConcurrency        int
	// WorkersPlan is the edge stack's Workers plan (free or paid). The
	// prices are Workers Paid's either way; the output says what free
	// means.
	WorkersPlan string
}

// DefaultPlatform is o with the blueprint's defaults.
func DefaultPlatform(o Option) Platform { return Platform{Option: o}.WithDefaults() }

// WithDefaults fills the zero fields.
func (p Platform) WithDefaults() Platform {
	if p.WorkerMemoryMB == 0 {
		p.WorkerMemoryMB = DefaultMemoryMB
	}
	if p.ReceiverMemoryMB == 0 {
		p.ReceiverMemoryMB = DefaultMemoryMB
	}
	if p.RunVCPU == 0 {
		p.RunVCPU = runVCPU
	}
	if p.RunMemoryGiB == 0 {
		p.RunMemoryGiB = runGiB
	}
	if p.RunConcurrency == 0 {
		p.RunConcurrency = runConcurrency
	}
	return p
}

// unitCost is one unit's price, by item, in USD.
type unitCost struct{ compute, requests, ingress, messages float64 }

// unitCost prices u on p (with its defaults), with the per-unit prices the
// dashboards' cost-by-route charts use (perunit.go), so that the logs and
// the charts agree.
func (p Platform) unitCost(u logread.Unit) unitCost {
	p = p.WithDefaults()
	switch p.Option {
	case Jobs:
		// Lambda bills GB-seconds of duration at the configured memory,
		// and each invocation (https://aws.amazon.com/lambda/pricing/).
		// A unit's handler time is priced as if it were billed on its
		// own: an allocation of the bill.
		if isJob(u) {
			// A message's share of its batch's invocation, and SQS's
			// send, receive and delete, received and deleted in batches
			// (https://aws.amazon.com/sqs/pricing/).
			return unitCost{compute: u.DurationMS * LambdaPerMs(p.WorkerMemoryMB),
				requests: millions(1) * LambdaRequests.USD / SQSBatch,
				messages: WorkerMessageUSD() - millions(1)*LambdaRequests.USD/SQSBatch}
		}
		// A webhook is one HTTP API request
		// (https://aws.amazon.com/api-gateway/pricing/) and one receiver
		// invocation.
		return unitCost{compute: u.DurationMS * LambdaPerMs(p.ReceiverMemoryMB),
			requests: millions(1) * LambdaRequests.USD,
			ingress:  WebhookRequestUSD() - millions(1)*LambdaRequests.USD}
	case API:
		// Request-based billing charges an instance's vCPU and memory
		// while it serves at least one request
		// (https://cloud.google.com/run/pricing): a request's share of
		// a full instance is its duration over the concurrency.
		return unitCost{compute: u.DurationMS * CloudRunPerMs(p.RunVCPU, p.RunMemoryGiB, float64(p.RunConcurrency)),
			requests: CloudRunRequestUSD()}
	case Edge:
		// The standard usage model bills requests and CPU milliseconds,
		// never wall time (https://developers.cloudflare.com/workers/platform/pricing/).
		c := unitCost{requests: WorkersRequestUSD()}
		if u.HasCPU {
			c.compute = u.CPUMS * WorkersCPUMsUSD()
		}
		return c
	}
	return unitCost{}
}

// SQSRequestsPerMessage is the SQS requests one job's message makes: sent
// once, received and deleted in batches of SQSBatch, each a request per 64
// KB chunk; the logs do not say a message's size, so one chunk.
const SQSRequestsPerMessage = 1 + 2.0/SQSBatch

// SQSBatch is the worker's batch size the per-message prices assume: the
// jobs blueprint's default.
const SQSBatch = sqsBatch
