package logread

import (
	"encoding/json"
	"time"

	"github.com/groundwork-iac/groundwork/components/telemetry"
)

// Format is how a file delivered the workloads' lines.
type Format string

// The formats Read detects.
const (
	// Lines: JSON lines as the workloads print them.
	Lines Format = "lines"
	// CloudWatch: `aws logs filter-log-events --output json`.
	CloudWatch Format = "cloudwatch"
	// CloudLogging: `gcloud logging read --format=json`.
	CloudLogging Format = "cloud-logging"
	// Logpush: Cloudflare Logpush NDJSON, dataset workers_trace_events.
	Logpush Format = "logpush"
)

// Describe names the format as a person produces it.
func (f Format) Describe() string {
	switch f {
	case Lines:
		return "JSON lines as the workloads print them"
	case CloudWatch:
		return "aws logs filter-log-events --output json"
	case CloudLogging:
		return "gcloud logging read --format=json"
	case Logpush:
		return "Cloudflare Logpush, workers_trace_events"
	}
	return string(f)
}

// Expected lists every format, for messages about a file that is none.
const Expected = "JSON lines as the workloads print them, `aws logs filter-log-events --output json`, " +
	"`gcloud logging read --format=json`, or Cloudflare Logpush workers_trace_events NDJSON (gzipped or not)"

// Unit is one unit of work: the line it ended with.
type Unit struct {
	// Kind is the line's msg: telemetry.MsgRequest or telemetry.MsgJob.
	Kind string
	// Route is the line's route, as written (an HTTP method and template,
	// "unmatched", or a job kind).
	Route string
	// DurationMS is the line's duration_ms: the unit's wall time.
	DurationMS float64
	// CPUMS is the CPU time the platform reported for the unit, valid when
	// HasCPU (Logpush only: its trace event's CPUTimeMs).
	CPUMS  float64
	HasCPU bool
	// Time is when the unit ended, zero when the format gives none.
	Time time.Time
	// Source is where the line was: "FILE:LINE", "FILE: event N", ...
	Source string
}

// Invocation is one Lambda invocation as its platform.report line reports it
// (https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html#platform-report).
type Invocation struct {
	RequestID        string
	Time             time.Time
	DurationMS       float64
	BilledDurationMS float64
	MemorySizeMB     float64
	MaxMemoryUsedMB  float64
	// InitDurationMS is the cold start, zero on a warm invocation.
	InitDurationMS float64
	Source         string
}

// line is the part of a log line Read looks at. Every field is decoded as
// any so that a line of the wrong shape is counted, not refused.
type line struct {
	Msg      any    `json:"msg"`
	Route    any    `json:"route"`
	Duration any    `json:"duration_ms"`
	Time     any    `json:"time"`
	Type     string `json:"type"`
	Record   *struct {
		RequestID string `json:"requestId"`
		Metrics   struct {
			DurationMS       float64 `json:"durationMs"`
			BilledDurationMS float64 `json:"billedDurationMs"`
			MemorySizeMB     float64 `json:"memorySizeMB"`
			MaxMemoryUsedMB  float64 `json:"maxMemoryUsedMB"`
			InitDurationMS   float64 `json:"initDurationMs"`
		} `json:"metrics"`
	} `json:"record"`
}

// platformReport is the type of Lambda's invocation report in the JSON log
// format (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html).
const platformReport = "platform.report"

// tally counts what the lines held, to say why none counted.
type tally struct {
	lines      int // lines or messages looked at
	objects    int // of which JSON objects
	contract   int // of which msg request or job
	noRoute    int // of which without a string route
	noDuration int // of which without a non-negative numeric duration_ms
}

// parsed is the outcome of looking at one line.
type parsed struct {
	unit       *Unit
	invocation *Invocation
}

// parseLine decodes one line (a JSON object or not) and returns its unit or
// invocation, counting it in t. when is the envelope's timestamp, used
// when the line has none of its own or the envelope is authoritative.
func parseLine(b []byte, source string, when time.Time, t *tally) parsed {
	t.lines++
	if !isObject(b) {
		return parsed{}
	}
	var l line
	if json.Unmarshal(b, &l) != nil {
		return parsed{}
	}
	t.objects++
	return l.result(source, when, t)
}

// result classifies a decoded line: an invocation, a unit, or neither.
func (l line) result(source string, when time.Time, t *tally) parsed {
	if l.Type == platformReport && l.Record != nil {
		m := l.Record.Metrics
		return parsed{invocation: &Invocation{RequestID: l.Record.RequestID, Time: orTime(when, l.Time),
			DurationMS: m.DurationMS, BilledDurationMS: m.BilledDurationMS, MemorySizeMB: m.MemorySizeMB,
			MaxMemoryUsedMB: m.MaxMemoryUsedMB, InitDurationMS: m.InitDurationMS, Source: source}}
	}
	msg, _ := l.Msg.(string)
	if msg != telemetry.MsgRequest && msg != telemetry.MsgJob {
		return parsed{}
	}
	t.contract++
	route, okRoute := l.Route.(string)
	d, okDuration := l.Duration.(float64)
	if !okRoute {
		t.noRoute++
	}
	if !okDuration || d < 0 {
		t.noDuration++
	}
	if !okRoute || !okDuration || d < 0 {
		return parsed{}
	}
	return parsed{unit: &Unit{Kind: msg, Route: route, DurationMS: d, Time: orTime(when, l.Time), Source: source}}
}

// orTime is when if set, else the line's own RFC 3339 time, else zero.
func orTime(when time.Time, own any) time.Time {
	if !when.IsZero() {
		return when
	}
	if s, ok := own.(string); ok {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// isObject reports whether b, trimmed, looks like a JSON object.
func isObject(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '{':
			return true
		}
		return false
	}
	return false
}
