package rt

import (
	"testing"
	"time"

	"github.com/groundwork-iac/groundwork/components/telemetry"
)

// TracesExported asserts that every record carrying a trace id has spans of
// that trace at the receiver, all from service: the ids in the logs are the
// ids of the exported traces.
func TracesExported(t testing.TB, recs []Record, o *OTLP, service string, timeout time.Duration) {
	t.Helper()
	seen := map[string]bool{}
	for _, r := range recs {
		id := r.Str(telemetry.FieldTraceID)
		if id == "" || seen[id] {
			continue
		}
		seen[id] = true
		for _, s := range o.Wait(t, 1, timeout, InTrace(id)) {
			if s.Service != service {
				t.Errorf("span %q of trace %s has service.name %q, want %q", s.Name, id, s.Service, service)
			}
		}
	}
	if len(seen) == 0 {
		t.Error("no log line carries a trace id")
	}
}

// Traceparent builds a sampled W3C traceparent.
func Traceparent(traceID, spanID string) string {
	return "00-" + traceID + "-" + spanID + "-01"
}

// NewTraceID and NewSpanID return random ids in hex.
func NewTraceID() string { return RandomHex(16) }

// NewSpanID returns a random span id in hex.
func NewSpanID() string { return RandomHex(8) }
