package obs

import (
	"log/slog"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// Instruments are a handler's telemetry dependencies, embedded in handler
// structs. Nil fields mean the process-wide defaults, so the zero value works.
type Instruments struct {
	// Tracer starts spans. If nil, the global provider's.
	Tracer trace.Tracer
	// Propagator reads and writes traceparent. If nil, the global one.
	Propagator propagation.TextMapPropagator
	// Logger writes log lines. If nil, slog.Default().
	Logger *slog.Logger
}

// Tracing returns Tracer, or the global provider's tracer with this name.
func (i Instruments) Tracing(name string) trace.Tracer {
	if i.Tracer != nil {
		return i.Tracer
	}
	return otel.Tracer(name)
}

// Propagation returns Propagator, or the global one.
func (i Instruments) Propagation() propagation.TextMapPropagator {
	if i.Propagator != nil {
		return i.Propagator
	}
	return otel.GetTextMapPropagator()
}

// Log returns Logger, or slog.Default().
func (i Instruments) Log() *slog.Logger {
	if i.Logger != nil {
		return i.Logger
	}
	return slog.Default()
}
