package cost

import (
	"fmt"
	"math"
	"time"
)

func requests(l Load) float64 { return l.RPS * SecondsPerMonth }

func gb(bytes float64) float64 { return bytes / 1e9 }

func gib(bytes float64) float64 { return bytes / (1 << 30) }

func millions(n float64) float64 { return n / 1e6 }

func edge(l Load) Estimate {
	n := requests(l)
	cpuMs := n * float64(l.CPU) / float64(time.Millisecond)
	logBytes := n * l.LogBytesPerRequest
	return Estimate{Option: Edge, Items: []Item{
		{"fixed", "Workers Paid plan", "1 month", WorkersBase, WorkersBase.USD},
		{"requests", "requests beyond the plan's 10M", Count(max(0, n-WorkersIncludedReqs), "requests"), WorkersRequests,
			millions(max(0, n-WorkersIncludedReqs)) * WorkersRequests.USD},
		{"compute", "CPU time beyond the plan's 30M ms", Count(max(0, cpuMs-WorkersIncludedCPUMs), "CPU-ms"), WorkersCPUMillis,
			millions(max(0, cpuMs-WorkersIncludedCPUMs)) * WorkersCPUMillis.USD},
		{"egress", "egress", bytesQty(n * l.PayloadBytes), WorkersEgress, 0},
		{"pooler", "Hyperdrive", "pooled connections", HyperdriveQueries, 0},
		{"logs", "Logpush beyond the plan's 10M requests", Count(max(0, n-WorkersIncludedLogpush), "requests"), WorkersLogpush,
			millions(max(0, n-WorkersIncludedLogpush)) * WorkersLogpush.USD},
		{"logs", "R2 storage for a month of logs", bytesQty(logBytes), R2StorageGB, gb(logBytes) * R2StorageGB.USD},
	}}
}

// RunBusyInstances is how many Cloud Run instances are billed on average
// under request-based billing: an instance is billed while it has a request
// in flight. In-flight requests (Little's law: rate x wall time) share an
// instance up to its concurrency, and CPU-bound work needs enough vCPUs; at
// low rates requests rarely overlap, so each is billed on its own.
func RunBusyInstances(l Load) float64 {
	inflight := l.RPS * l.Wall.Seconds()
	byConcurrency := max(inflight/runConcurrency, min(inflight, 1))
	byCPU := l.RPS * l.CPU.Seconds() / (runVCPU * runCPUTarget)
	return max(byConcurrency, byCPU)
}

func api(l Load) Estimate {
	n := requests(l)
	busy := RunBusyInstances(l) * SecondsPerMonth
	logBytes := n * l.LogBytesPerRequest
	return Estimate{Option: API, Items: []Item{
		{"requests", "requests", Count(n, "requests"), CloudRunRequests, millions(n) * CloudRunRequests.USD},
		{"compute", "vCPU while serving", Count(busy*runVCPU, "vCPU-s"), CloudRunVCPUSecond, busy * runVCPU * CloudRunVCPUSecond.USD},
		{"compute", "memory while serving", Count(busy*runGiB, "GiB-s"), CloudRunGiBSecond, busy * runGiB * CloudRunGiBSecond.USD},
		{"egress", "egress", bytesQty(n * l.PayloadBytes), GCPEgressGB, gib(n*l.PayloadBytes) * GCPEgressGB.USD},
		{"pooler", "Neon pooled endpoint", "PgBouncer", NeonPooler, 0},
		{"logs", "Cloud Logging", bytesQty(logBytes), CloudLoggingGiB, gib(logBytes) * CloudLoggingGiB.USD},
	}}
}

func jobs(l Load) Estimate {
	n := requests(l)
	msgs := l.MessagesPerDay * SecondsPerMonth / secondsPerDay
	gbs := func(count float64) float64 { return count * l.Wall.Seconds() * l.MemoryMB / 1024 }
	chunks := math.Max(1, math.Ceil(l.PayloadBytes/sqsChunk))
	sqsReqs := msgs * chunks * (1 + 2.0/sqsBatch)
	invocations := n + msgs/sqsBatch
	logBytes := (n + msgs*messagesLogs) * l.LogBytesPerRequest
	return Estimate{Option: Jobs, Items: []Item{
		{"requests", "HTTP API requests", Count(n, "requests"), HTTPAPIRequests, millions(n) * HTTPAPIRequests.USD},
		{"requests", "Lambda invocations (receiver, worker batches)", Count(invocations, "invocations"), LambdaRequests,
			millions(invocations) * LambdaRequests.USD},
		{"compute", "receiver Lambda, wall-clock", Count(gbs(n), "GB-s"), LambdaGBSecond, gbs(n) * LambdaGBSecond.USD},
		{"compute", "worker Lambda, wall-clock", Count(gbs(msgs), "GB-s"), LambdaGBSecond, gbs(msgs) * LambdaGBSecond.USD},
		{"messages", "SQS send, receive, delete", Count(sqsReqs, "requests"), SQSRequests, millions(sqsReqs) * SQSRequests.USD},
		{"egress", "egress", bytesQty(n * l.PayloadBytes), AWSEgressGB, gb(n*l.PayloadBytes) * AWSEgressGB.USD},
		{"pooler", "Neon pooled endpoint", "PgBouncer", NeonPooler, 0},
		{"logs", "CloudWatch Logs", bytesQty(logBytes), CloudWatchLogsGB, gb(logBytes) * CloudWatchLogsGB.USD},
		{"fixed", "Secrets Manager", fmt.Sprintf("%d secrets", jobsSecrets), SecretsManagerSecret, jobsSecrets * SecretsManagerSecret.USD},
	}}
}

// FleetSize is the always-on instance count for the load's peak.
func FleetSize(l Load) int {
	need := l.PeakRPS * l.CPU.Seconds() / (ec2VCPU * ec2CPUTarget)
	return max(ec2MinFleet, int(math.Ceil(need)))
}

func alwaysOn(l Load) Estimate {
	n := requests(l)
	fleet := FleetSize(l)
	lcu := max(l.RPS*newConnPerReq/lcuNewConnRate, gb(l.RPS*l.PayloadBytes*3600))
	logBytes := n * l.LogBytesPerRequest
	ops := l.OpsHoursPerWeek * weeksPerMonth
	return Estimate{Option: AlwaysOn, Items: []Item{
		{"compute", "instances (sized for the peak)", fmt.Sprintf("%d x %d h", fleet, hoursPerMonth), EC2C7gLargeHour,
			float64(fleet) * hoursPerMonth * EC2C7gLargeHour.USD},
		{"fixed", "load balancer", fmt.Sprintf("%d h", hoursPerMonth), ALBHour, hoursPerMonth * ALBHour.USD},
		{"requests", "load balancer capacity units", fmt.Sprintf("%.1f LCU x %d h", lcu, hoursPerMonth), ALBLCUHour,
			lcu * hoursPerMonth * ALBLCUHour.USD},
		{"egress", "egress", bytesQty(n * l.PayloadBytes), AWSEgressGB, gb(n*l.PayloadBytes) * AWSEgressGB.USD},
		{"pooler", "Neon pooled endpoint", "PgBouncer", NeonPooler, 0},
		{"logs", "CloudWatch Logs", bytesQty(logBytes), CloudWatchLogsGB, gb(logBytes) * CloudWatchLogsGB.USD},
		{"ops", "operating the fleet", fmt.Sprintf("%.0f h", ops), OpsHour, ops * OpsHour.USD},
	}}
}
