package logread

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// classify names the envelope a JSON object is, from its keys; Lines when it
// is none (a workload's own line).
func classify(keys map[string]json.RawMessage) Format {
	has := func(names ...string) bool {
		for _, n := range names {
			if _, ok := keys[n]; ok {
				return true
			}
		}
		return false
	}
	switch {
	case has("events"):
		return CloudWatch
	case has("jsonPayload", "textPayload", "protoPayload") || has("logName") && has("resource"):
		return CloudLogging
	case has("Logs", "CPUTimeMs", "WallTimeMs", "EventTimestampMs", "ScriptName"):
		return Logpush
	}
	return Lines
}

// readValues reads a stream of JSON values: documents of the aws CLI (one
// per page), a gcloud array of entries, Logpush trace events, or lines a
// tool pretty-printed. Every value must be of the file's first format.
func (f *File) readValues(r io.Reader, t *tally) error {
	dec := json.NewDecoder(r)
	for n := 1; ; n++ {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var syntax *json.SyntaxError
			if errors.As(err, &syntax) {
				return f.errorf("is not valid JSON at byte %d (%v); expected %s", syntax.Offset, err, Expected)
			}
			return f.readError(err)
		}
		format, err := f.value(raw, n, t)
		if err != nil {
			return err
		}
		if f.Format == "" {
			f.Format = format
		} else if format != f.Format {
			return f.errorf("JSON value %d is %s, but the file began as %s; give each kind its own --logs file", n, format.Describe(), f.Format.Describe())
		}
	}
}

// value reads one top-level JSON value.
func (f *File) value(raw json.RawMessage, n int, t *tally) (Format, error) {
	if raw[0] == '[' {
		var entries []json.RawMessage
		if err := json.Unmarshal(raw, &entries); err != nil {
			return "", f.errorf("JSON value %d: %v", n, err)
		}
		for i, e := range entries {
			if err := f.entry(e, i+1, t); err != nil {
				return "", err
			}
		}
		return CloudLogging, nil
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(raw, &keys) != nil {
		return "", f.errorf("JSON value %d is neither an object nor an array; expected %s", n, Expected)
	}
	switch format := classify(keys); format {
	case CloudWatch:
		return format, f.page(raw, n, t)
	case CloudLogging:
		return format, f.entry(raw, n, t)
	case Logpush:
		return format, f.traceEvent(raw, n, t)
	default:
		f.add(parseLine(raw, fmt.Sprintf("%s: JSON value %d", f.Name, n), time.Time{}, t))
		return format, nil
	}
}

// awsPage is one page of `aws logs filter-log-events --output json`
// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html):
// each event's message is one line as the function wrote it, or one of
// Lambda's own.
type awsPage struct {
	Events *[]struct {
		LogStreamName string  `json:"logStreamName"`
		Timestamp     *int64  `json:"timestamp"`
		Message       *string `json:"message"`
		EventID       string  `json:"eventId"`
	} `json:"events"`
}

func (f *File) page(raw json.RawMessage, n int, t *tally) error {
	var p awsPage
	if err := json.Unmarshal(raw, &p); err != nil || p.Events == nil {
		return f.errorf(`document %d has "events", but not a list of log events with a string "message" each; expected the output of aws logs filter-log-events --output json`, n)
	}
	for i, e := range *p.Events {
		if e.Message == nil {
			return f.errorf(`document %d, event %d has no "message"; expected the output of aws logs filter-log-events --output json`, n, i+1)
		}
		var when time.Time
		if e.Timestamp != nil {
			when = time.UnixMilli(*e.Timestamp).UTC()
		}
		f.add(parseLine([]byte(*e.Message), fmt.Sprintf("%s: document %d, event %d", f.Name, n, i+1), when, t))
	}
	return nil
}

// logEntry is a Cloud Logging LogEntry as gcloud prints it
// (https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry).
// Cloud Run parses a JSON line on stdout into jsonPayload, moving the
// special fields (time, severity, logging.googleapis.com/trace, ...) to the
// entry (https://cloud.google.com/logging/docs/structured-logging).
type logEntry struct {
	Timestamp   string          `json:"timestamp"`
	JSONPayload json.RawMessage `json:"jsonPayload"`
	TextPayload *string         `json:"textPayload"`
}

func (f *File) entry(raw json.RawMessage, n int, t *tally) error {
	var e logEntry
	if !isObject(raw) || json.Unmarshal(raw, &e) != nil {
		return f.errorf("entry %d is not a LogEntry object; expected the output of gcloud logging read --format=json", n)
	}
	when, _ := time.Parse(time.RFC3339Nano, e.Timestamp)
	source := fmt.Sprintf("%s: entry %d", f.Name, n)
	switch {
	case e.JSONPayload != nil:
		f.add(parseLine(e.JSONPayload, source, when.UTC(), t))
	case e.TextPayload != nil:
		f.add(parseLine([]byte(*e.TextPayload), source, when.UTC(), t))
	default:
		t.lines++ // a request log or an audit log: no line of the workload
	}
	return nil
}

// traceEvent is one record of the workers_trace_events dataset
// (https://developers.cloudflare.com/logs/logpush/logpush-job/datasets/account/workers_trace_events/):
// one invocation, its CPU and wall time, and its console lines in Logs,
// each with the console call's arguments in Message.
type traceEvent struct {
	CPUTimeMs        *float64 `json:"CPUTimeMs"`
	EventTimestampMs any      `json:"EventTimestampMs"`
	Logs             []struct {
		Message []any `json:"Message"`
	} `json:"Logs"`
}

func (f *File) traceEvent(raw json.RawMessage, n int, t *tally) error {
	var e traceEvent
	if err := json.Unmarshal(raw, &e); err != nil {
		return f.errorf("trace event %d does not have the workers_trace_events fields (%v); expected Cloudflare Logpush NDJSON", n, err)
	}
	when := eventTime(e.EventTimestampMs)
	source := fmt.Sprintf("%s: trace event %d", f.Name, n)
	var units []Unit
	for _, l := range e.Logs {
		for _, m := range l.Message {
			var b []byte
			switch v := m.(type) {
			case string:
				b = []byte(v)
			case map[string]any: // a console argument Logpush kept as an object
				b, _ = json.Marshal(v)
			default:
				t.lines++
				continue
			}
			if p := parseLine(b, source, when, t); p.unit != nil {
				units = append(units, *p.unit)
			}
		}
	}
	if len(units) == 0 {
		f.Unattributed++
		if e.CPUTimeMs != nil {
			f.UnattributedCPUMS += *e.CPUTimeMs
		}
		return nil
	}
	// The event's CPU time is the invocation's: it goes to the line the
	// invocation ended with, shared evenly if it wrote more than one.
	for i := range units {
		if e.CPUTimeMs != nil {
			units[i].CPUMS, units[i].HasCPU = *e.CPUTimeMs/float64(len(units)), true
		}
	}
	f.Units = append(f.Units, units...)
	return nil
}

// eventTime reads EventTimestampMs: milliseconds since the epoch, or an
// RFC 3339 string when the job's timestamp_format is rfc3339
// (https://developers.cloudflare.com/logs/logpush/logpush-job/log-output-options/).
func eventTime(v any) time.Time {
	switch x := v.(type) {
	case float64:
		return time.UnixMilli(int64(x)).UTC()
	case string:
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
