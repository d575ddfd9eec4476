package rt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/groundwork-iac/groundwork/components/telemetry"
)

// Logs collects a workload's output line by line. It is an io.Writer, so it
// can be a process's stdout and stderr at once.
type Logs struct {
	mu      sync.Mutex
	partial []byte
	lines   []string
}

// Write splits p into lines.
func (l *Logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		l.lines = append(l.lines, string(bytes.TrimRight(l.partial[:i], "\r")))
		l.partial = l.partial[i+1:]
	}
	return len(p), nil
}

// Lines returns every complete line so far, and a final unterminated one.
func (l *Logs) Lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := append([]string(nil), l.lines...)
	if len(l.partial) > 0 {
		out = append(out, string(l.partial))
	}
	return out
}

// String is the output so far, for failure messages.
func (l *Logs) String() string { return strings.Join(l.Lines(), "\n") }

// Record is one parsed log line.
type Record map[string]any

// Str returns a field as text ("" when absent).
func (r Record) Str(key string) string {
	switch v := r[key].(type) {
	case nil:
		return ""
	case string:
		return v
	default:
		return fmt.Sprint(v)
	}
}

// Msg is the line's message.
func (r Record) Msg() string { return r.Str("msg") }

// Check asserts the log contract on every line so far and returns the
// parsed records: each line is exactly one JSON object carrying request_id
// and trace_id fields, and both are non-empty on every line except those
// whose message is one of lifecycle (start-up and shutdown lines, written
// outside any request).
func (l *Logs) Check(t testing.TB, lifecycle ...string) []Record {
	t.Helper()
	var out []Record
	for i, line := range l.Lines() {
		var r Record
		dec := json.NewDecoder(strings.NewReader(line))
		if err := dec.Decode(&r); err != nil || dec.More() || r == nil {
			t.Errorf("log line %d is not one JSON object: %q", i+1, line)
			continue
		}
		out = append(out, r)
		_, hasReq := r[telemetry.FieldRequestID]
		_, hasTrace := r[telemetry.FieldTraceID]
		if !hasReq || !hasTrace {
			t.Errorf("log line %d lacks %s or %s: %s", i+1, telemetry.FieldRequestID, telemetry.FieldTraceID, line)
			continue
		}
		if slices.Contains(lifecycle, r.Msg()) {
			continue
		}
		if r.Str(telemetry.FieldRequestID) == "" || r.Str(telemetry.FieldTraceID) == "" {
			t.Errorf("log line %d, written while handling work, has an empty %s or %s: %s",
				i+1, telemetry.FieldRequestID, telemetry.FieldTraceID, line)
		}
	}
	return out
}

// NoSecret fails the test if any line contains one of secrets.
func (l *Logs) NoSecret(t testing.TB, secrets ...string) {
	t.Helper()
	for i, line := range l.Lines() {
		for _, s := range secrets {
			if s != "" && strings.Contains(line, s) {
				t.Errorf("log line %d contains a secret: %q", i+1, line)
			}
		}
	}
}

// Records parses the lines so far. Lines that are not JSON objects are
// skipped here; Check reports them.
func (l *Logs) Records() []Record {
	var out []Record
	for _, line := range l.Lines() {
		var r Record
		if json.Unmarshal([]byte(line), &r) == nil && r != nil {
			out = append(out, r)
		}
	}
	return out
}

// Find returns the records with message msg, in order.
func (l *Logs) Find(msg string) []Record {
	var out []Record
	for _, r := range l.Records() {
		if r.Msg() == msg {
			out = append(out, r)
		}
	}
	return out
}

// Wait returns the first record matching match, failing after timeout.
func (l *Logs) Wait(t testing.TB, timeout time.Duration, what string, match func(Record) bool) Record {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		for _, r := range l.Records() {
			if match(r) {
				return r
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no log line %s after %s; output:\n%s", what, timeout, l.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// WithMsg matches records by message.
func WithMsg(msg string) func(Record) bool {
	return func(r Record) bool { return r.Msg() == msg }
}
