package cost

// Per-unit prices: what one request, one queue message or one millisecond
// of a unit's time costs on each blueprint, from the same dated table and
// the same models as the estimates. The dashboards' cost-by-route charts
// multiply the kit's per-route metrics by them.

// LambdaPerMs is one millisecond of a function of memoryMB (arm64).
func LambdaPerMs(memoryMB float64) float64 { return memoryMB / 1024 / 1000 * LambdaGBSecond.USD }

// WebhookRequestUSD is one webhook request beyond its compute: the HTTP
// API request and the receiver's invocation.
func WebhookRequestUSD() float64 { return (HTTPAPIRequests.USD + LambdaRequests.USD) / 1e6 }

// WorkerMessageUSD is one queue message beyond the worker's compute: its
// share of the worker's batch invocation, and SQS's send, receive and
// delete (received and deleted in batches), as jobs() models them, for a
// message of one 64 KB chunk.
func WorkerMessageUSD() float64 {
	return (LambdaRequests.USD/sqsBatch + SQSRequests.USD*(1+2.0/sqsBatch)) / 1e6
}

// CloudRunPerMs is one millisecond of a request on Cloud Run with
// request-based billing: a busy instance of vcpu and memGiB serves up to
// concurrency requests at once, so each request is allocated 1/concurrency
// of the instance's time. It is the floor: an instance that is not full
// bills the same time for fewer requests.
func CloudRunPerMs(vcpu, memGiB, concurrency float64) float64 {
	return (vcpu*CloudRunVCPUSecond.USD + memGiB*CloudRunGiBSecond.USD) / 1000 / concurrency
}

// CloudRunRequestUSD is one Cloud Run request's request fee.
func CloudRunRequestUSD() float64 { return CloudRunRequests.USD / 1e6 }

// WorkersRequestUSD and WorkersCPUMsUSD are a Worker request and a CPU
// millisecond beyond what Workers Paid includes.
func WorkersRequestUSD() float64 { return WorkersRequests.USD / 1e6 }
func WorkersCPUMsUSD() float64   { return WorkersCPUMillis.USD / 1e6 }
