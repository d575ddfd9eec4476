package telemetry

const (
	// DefaultSampleRatio samples every new trace: early traffic is low and a
	// missing trace costs more than a stored one. Lower it when span volume
	// shows on the bill; parent-based sampling keeps traces whole either way.
	DefaultSampleRatio = 1.0
	// DefaultLogLevel is info: debug logs on every request are a cost line of
	// their own.
	DefaultLogLevel = "info"
)
