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

// SQSRequestsPerMessage is what one job's message costs in SQS requests:
// sent once, received once, deleted once, each a request per 64 KB chunk
// of the message (https://aws.amazon.com/sqs/pricing/). The logs do not
// say a message's size, so one chunk: the upper bound for small messages,
// since the event source mapping receives and deletes in batches.
const SQSRequestsPerMessage = 3

// unitCost is one unit's price, by item, in USD.
type unitCost struct{ compute, requests, ingress, messages float64 }

// unitCost prices u on p (with its defaults).
func (p Platform) unitCost(u logread.Unit) unitCost {
	p = p.WithDefaults()
	seconds := u.DurationMS / 1000
	switch p.Option {
	case Jobs:
		// Lambda bills GB-seconds of duration at the configured memory,
		// and each invocation (https://aws.amazon.com/lambda/pricing/).
		// Here a unit's handler time is priced as if it were an
		// invocation of its own: an allocation of the bill.
		memory := p.ReceiverMemoryMB
		if isJob(u) {
			memory = p.WorkerMemoryMB
		}
		c := unitCost{compute: seconds * memory / 1024 * LambdaGBSecond.USD, requests: millions(1) * LambdaRequests.USD}
		if isJob(u) {
			c.messages = millions(SQSRequestsPerMessage) * SQSRequests.USD
		} else {
			// Each webhook is one HTTP API request
			// (https://aws.amazon.com/api-gateway/pricing/).
			c.ingress = millions(1) * HTTPAPIRequests.USD
		}
		return c
	case API:
		// Request-based billing charges an instance's vCPU and memory
		// while it serves at least one request
		// (https://cloud.google.com/run/pricing): a request's share of
		// a full instance is its duration over the concurrency.
		busy := seconds / float64(p.RunConcurrency)
		return unitCost{compute: busy * (p.RunVCPU*CloudRunVCPUSecond.USD + p.RunMemoryGiB*CloudRunGiBSecond.USD),
			requests: millions(1) * CloudRunRequests.USD}
	case Edge:
		// The standard usage model bills requests and CPU milliseconds,
		// never wall time (https://developers.cloudflare.com/workers/platform/pricing/).
		c := unitCost{requests: millions(1) * WorkersRequests.USD}
		if u.HasCPU {
			c.compute = millions(u.CPUMS) * WorkersCPUMillis.USD
		}
		return c
	}
	return unitCost{}
}
