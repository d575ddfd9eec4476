package server

import (
	"encoding/binary"
	"strconv"
	"strings"

	"go.opentelemetry.io/otel/trace"
)

// ParseCloudTraceContext parses an X-Cloud-Trace-Context value,
// "TRACE_ID/SPAN_ID;o=OPTIONS": TRACE_ID is 32 hex digits, SPAN_ID a
// decimal 64-bit number (written as 16 hex digits in W3C form), and o=1
// marks the trace sampled. It returns a remote span context, or false when
// the value does not parse or names a zero id.
func ParseCloudTraceContext(v string) (trace.SpanContext, bool) {
	traceHex, rest, ok := strings.Cut(strings.TrimSpace(v), "/")
	if !ok {
		return trace.SpanContext{}, false
	}
	spanDec, options, _ := strings.Cut(rest, ";")
	traceID, err := trace.TraceIDFromHex(strings.ToLower(traceHex))
	if err != nil {
		return trace.SpanContext{}, false
	}
	span, err := strconv.ParseUint(spanDec, 10, 64)
	if err != nil || span == 0 {
		return trace.SpanContext{}, false
	}
	var spanID trace.SpanID
	binary.BigEndian.PutUint64(spanID[:], span)

	var flags trace.TraceFlags
	for opt := range strings.SplitSeq(options, ";") {
		if strings.TrimSpace(opt) == "o=1" {
			flags = trace.FlagsSampled
		}
	}
	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: traceID, SpanID: spanID, TraceFlags: flags, Remote: true,
	})
	return sc, sc.IsValid()
}
