package cost

import "time"

// The default load profile, what groundwork cost assumes for what it is not
// told. DefaultLoad assembles it.
const (
	// DefaultWall and DefaultCPU: a typical API request that waits on the
	// database for most of its time; the guide's I/O-heavy example is
	// 170 ms wall / 5 ms CPU.
	DefaultWall = 100 * time.Millisecond
	DefaultCPU  = 10 * time.Millisecond
	// DefaultPayloadBytes: a small JSON response.
	DefaultPayloadBytes = 1024
	// DefaultLogBytesPerRequest: one JSON access line with request_id,
	// trace_id and a dozen fields.
	DefaultLogBytesPerRequest = 400
	// DefaultMemoryMB: the jobs blueprint's worker (and receiver) memory.
	DefaultMemoryMB = 512
	// DefaultOpsHoursPerWeek: the guide's "one day per week to babysit"
	// an always-on cluster.
	DefaultOpsHoursPerWeek = 8
)

// DefaultLoad is rps sustained and at peak, with the default profile and
// one queue message per request.
func DefaultLoad(rps float64) Load {
	return Load{
		RPS:                rps,
		PeakRPS:            rps,
		Wall:               DefaultWall,
		CPU:                DefaultCPU,
		PayloadBytes:       DefaultPayloadBytes,
		MessagesPerDay:     rps * secondsPerDay,
		LogBytesPerRequest: DefaultLogBytesPerRequest,
		MemoryMB:           DefaultMemoryMB,
		OpsHoursPerWeek:    DefaultOpsHoursPerWeek,
	}
}

const secondsPerDay = 86400
