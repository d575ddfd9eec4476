package logread

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testdata is shared with the cost package and the command's tests.
const testdata = "../testdata/logs"

func read(t *testing.T, name string) *File {
	t.Helper()
	f, err := ReadFile(filepath.Join(testdata, name))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// short is a unit without its source, for comparing.
type short struct {
	Kind, Route string
	DurationMS  float64
	CPU         string
	Time        time.Time
}

func shorts(units []Unit) []short {
	out := make([]short, len(units))
	for i, u := range units {
		cpu := "-"
		if u.HasCPU {
			cpu = fmt.Sprint(u.CPUMS)
		}
		out[i] = short{u.Kind, u.Route, u.DurationMS, cpu, u.Time}
	}
	return out
}

func equalUnits(t *testing.T, got []Unit, want []short) {
	t.Helper()
	g := shorts(got)
	if len(g) != len(want) {
		t.Fatalf("%d units, want %d:\n got %+v\nwant %+v", len(g), len(want), g, want)
	}
	for i := range want {
		if g[i].Kind != want[i].Kind || g[i].Route != want[i].Route || g[i].DurationMS != want[i].DurationMS ||
			g[i].CPU != want[i].CPU || !g[i].Time.Equal(want[i].Time) {
			t.Errorf("unit %d = %+v, want %+v", i+1, g[i], want[i])
		}
	}
}

func TestReadsCloudWatchPagesWithLambdaReports(t *testing.T) {
	f := read(t, "aws-worker.json")
	if f.Format != CloudWatch || f.Gzip {
		t.Errorf("format %s, gzip %v", f.Format, f.Gzip)
	}
	// Two pages, concatenated: three jobs on the first, two on the second.
	equalUnits(t, f.Units, []short{
		{"job", "order.created", 120, "-", at("2026-11-26T10:00:10.205Z")},
		{"job", "order.created", 80, "-", at("2026-11-26T10:00:10.29Z")},
		{"job", "invoice.paid", 40, "-", at("2026-11-26T11:20:05.041Z")},
		{"job", "order.created", 4, "-", at("2026-11-26T11:20:05.045Z")},
		{"job", "unmatched", 0.2, "-", at("2026-11-26T11:59:59Z")},
	})
	if f.Units[2].Source != filepath.Join(testdata, "aws-worker.json")+": document 2, event 2" {
		t.Errorf("source = %q", f.Units[2].Source)
	}
	var billed []float64
	for _, inv := range f.Invocations {
		billed = append(billed, inv.BilledDurationMS)
		if inv.MemorySizeMB != 512 {
			t.Errorf("%s: memory %v", inv.Source, inv.MemorySizeMB)
		}
	}
	if fmt.Sprint(billed) != "[216 48 2]" || f.Invocations[0].InitDurationMS != 85.1 || f.Invocations[1].InitDurationMS != 0 ||
		f.Invocations[0].RequestID != "a1855145-c502-4a11-ab70-47c984c6494d" {
		t.Errorf("invocations = %+v", f.Invocations)
	}
}

func TestReadsCloudLoggingEntries(t *testing.T) {
	f := read(t, "gcloud-logging-read.json")
	if f.Format != CloudLogging {
		t.Errorf("format %s", f.Format)
	}
	// Newest first, as gcloud lists them; the request log, the system
	// text line and the start-up line are not units.
	equalUnits(t, f.Units, []short{
		{"request", "GET /v1/notes/{id}", 40, "-", at("2026-11-26T11:00:00Z")},
		{"request", "unmatched", 0.1, "-", at("2026-11-26T10:40:00Z")},
		{"request", "GET /v1/notes/{id}", 20, "-", at("2026-11-26T10:20:00Z")},
		{"request", "POST /v1/notes", 50, "-", at("2026-11-26T10:00:00Z")},
		{"request", "GET /v1/notes", 25, "-", at("2026-11-26T09:45:00Z")},
		{"request", "GET /v1/notes/{id}", 12, "-", at("2026-11-26T09:30:00Z")},
		{"request", "GET /v1/notes/{id}", 8, "-", at("2026-11-26T09:15:00Z")},
		{"request", "POST /v1/notes", 30, "-", at("2026-11-26T09:00:00Z")},
	})
}

// logpushUnits are the sample's units: each trace event's CPUTimeMs is its
// request line's.
var logpushUnits = []short{
	{"request", "GET /v1/items", 21, "3", at("2026-11-26T08:00:00Z")},
	{"request", "GET /v1/items/{id}", 14, "2", at("2026-11-26T08:10:00Z")},
	{"request", "unmatched", 0, "1", at("2026-11-26T08:20:00Z")},
	{"request", "GET /v1/items", 35, "5", at("2026-11-26T08:30:00Z")},
	{"request", "GET /healthz", 0, "0", at("2026-11-26T08:40:00Z")},
	{"request", "GET /v1/items/{id}", 9, "2", at("2026-11-26T08:50:00Z")},
	{"request", "GET /v1/items", 2004, "4", at("2026-11-26T09:00:00Z")},
	{"request", "GET /v1/items", 18, "4", at("2026-11-26T09:30:00Z")},
}

func TestReadsLogpushAttributingCPU(t *testing.T) {
	f := read(t, "logpush-workers-trace-events.ndjson")
	if f.Format != Logpush {
		t.Errorf("format %s", f.Format)
	}
	equalUnits(t, f.Units, logpushUnits)
	// The cron trigger and the request that threw before logging.
	if f.Unattributed != 2 || f.UnattributedCPUMS != 7 {
		t.Errorf("unattributed: %d events, %v CPU-ms; want 2 and 7", f.Unattributed, f.UnattributedCPUMS)
	}
}

// Logpush writes gzipped files; the content says so, not the name.
func TestGzipIsDetectedFromTheContent(t *testing.T) {
	plain, err := os.ReadFile(filepath.Join(testdata, "logpush-workers-trace-events.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	_, _ = w.Write(plain)
	_ = w.Close()
	f, err := Read("20261126T080000Z_20261126T093000Z_1a2b3c4d.log", &gz)
	if err != nil {
		t.Fatal(err)
	}
	if !f.Gzip || f.Format != Logpush {
		t.Errorf("gzip %v, format %s", f.Gzip, f.Format)
	}
	equalUnits(t, f.Units, logpushUnits)
}

func TestReadsTheWorkloadsCapturedLines(t *testing.T) {
	for name, want := range map[string]int{"api.jsonl": 8, "jobs.jsonl": 10, "edge.jsonl": 7} {
		f := read(t, filepath.Join("captured", name))
		if f.Format != Lines || len(f.Units) != want || len(f.Invocations) != 0 {
			t.Errorf("%s: format %s, %d units, %d invocations; want lines, %d, 0", name, f.Format, len(f.Units), len(f.Invocations), want)
		}
	}
	// The emulator's START, END and REPORT text lines are skipped.
	f := read(t, "captured/jobs.jsonl")
	if f.Units[0].Source != filepath.Join(testdata, "captured/jobs.jsonl")+":2" || f.Units[5].Source != filepath.Join(testdata, "captured/jobs.jsonl")+":40" ||
		f.Units[5].Route != "order.created" || f.Units[5].DurationMS != 15.419 || !f.Units[5].Time.Equal(at("2026-12-01T23:58:48.521502511Z")) {
		t.Errorf("units = %+v", shorts(f.Units))
	}
}

// The same content as tools reshape it: compacted documents (jq -c), entries
// one per line (jq -c '.[]'), pretty-printed lines (jq .).
func TestReadsReshapedEnvelopes(t *testing.T) {
	compact := func(name string, split bool) string {
		b, err := os.ReadFile(filepath.Join(testdata, name))
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		var out strings.Builder
		for dec.More() {
			var v any
			if err := dec.Decode(&v); err != nil {
				t.Fatal(err)
			}
			if list, ok := v.([]any); ok && split {
				for _, e := range list {
					c, _ := json.Marshal(e)
					out.WriteString(string(c) + "\n")
				}
				continue
			}
			c, _ := json.Marshal(v)
			out.WriteString(string(c) + "\n")
		}
		return out.String()
	}
	for _, c := range []struct {
		name, content string
		format        Format
		units         int
	}{
		{"aws compacted", compact("aws-worker.json", false), CloudWatch, 5},
		{"gcloud entries as NDJSON", compact("gcloud-logging-read.json", true), CloudLogging, 8},
		{"lines pretty-printed", `{
  "time": "2026-11-26T10:00:00Z",
  "msg": "request",
  "route": "GET /v1/notes",
  "duration_ms": 3.5
}
{"time": "2026-11-26T10:00:01Z", "msg": "request", "route": "GET /v1/notes", "duration_ms": 1}
`, Lines, 2},
	} {
		f, err := Read(c.name, strings.NewReader(c.content))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if f.Format != c.format || len(f.Units) != c.units {
			t.Errorf("%s: format %s, %d units; want %s, %d", c.name, f.Format, len(f.Units), c.format, c.units)
		}
	}
}

func TestLogpushVariants(t *testing.T) {
	line := func(route string, d float64) string {
		return fmt.Sprintf(`{"msg":"request","route":%q,"duration_ms":%v}`, route, d)
	}
	quoted := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	content := strings.Join([]string{
		// timestamp_format rfc3339, and a message Logpush kept as an object
		`{"CPUTimeMs":6,"EventTimestampMs":"2026-11-26T10:00:00Z","Logs":[{"Level":"log","Message":[` + line("GET /a", 5) + `]}]}`,
		// two request lines in one invocation share its CPU
		`{"CPUTimeMs":9,"EventTimestampMs":1795687200000,"Logs":[{"Message":[` + quoted(line("GET /b", 1)) + `,"text"]},{"Message":[` + quoted(line("GET /c", 2)) + `]}]}`,
		// no CPUTimeMs field: CPU unknown
		`{"EventTimestampMs":1795687300000,"Logs":[{"Message":[` + quoted(line("GET /d", 3)) + `]}]}`,
	}, "\n")
	f, err := Read("variants", strings.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	equalUnits(t, f.Units, []short{
		{"request", "GET /a", 5, "6", at("2026-11-26T10:00:00Z")},
		{"request", "GET /b", 1, "4.5", at("2026-11-26T10:00:00Z")},
		{"request", "GET /c", 2, "4.5", at("2026-11-26T10:00:00Z")},
		{"request", "GET /d", 3, "-", at("2026-11-26T10:01:40Z")},
	})
}

func TestRawLambdaReportLine(t *testing.T) {
	content := `START RequestId: 8f5e Version: $LATEST
{"time":"2026-11-26T10:00:00.000Z","type":"platform.start","record":{"requestId":"8f5e","version":"$LATEST"}}
{"time":"2026-11-26T10:00:00.010Z","level":"INFO","msg":"job","route":"order.created","duration_ms":9.5}
{"time":"2026-11-26T10:00:00.011Z","type":"platform.report","record":{"requestId":"8f5e","metrics":{"durationMs":10.2,"billedDurationMs":11,"memorySizeMB":1024,"maxMemoryUsedMB":40},"status":"success"}}
END RequestId: 8f5e
`
	f, err := Read("raw", strings.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	want := Invocation{RequestID: "8f5e", Time: at("2026-11-26T10:00:00.011Z"), DurationMS: 10.2, BilledDurationMS: 11,
		MemorySizeMB: 1024, MaxMemoryUsedMB: 40, Source: "raw:4"}
	if f.Format != Lines || len(f.Units) != 1 || len(f.Invocations) != 1 || f.Invocations[0] != want {
		t.Errorf("format %s, units %+v, invocations %+v", f.Format, f.Units, f.Invocations)
	}
}
