package logread

import (
	"bytes"
	"compress/gzip"
	"errors"
	"strings"
	"testing"
)

func gzipped(s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	_, _ = w.Write([]byte(s))
	_ = w.Close()
	return b.String()
}

// Every file that is not logs of units is refused, naming the file, what
// was wrong and what was expected.
func TestRefusesWhatIsNotLogsOfUnits(t *testing.T) {
	rule := `a unit of work is a line with msg "request" or "job", a string route and a numeric duration_ms (components/telemetry/worklog.go)`
	truncated := gzipped(strings.Repeat(`{"msg":"request","route":"GET /","duration_ms":1}`+"\n", 50))
	cases := []struct {
		name, content, want string
	}{
		{"empty", "\n  \n", "--logs empty: is empty; expected " + Expected},
		{"text", "START RequestId: 1 Version: $LATEST\nEND RequestId: 1\n",
			"--logs text: read as JSON lines as the workloads print them, has no JSON object among its 2 lines; expected " + Expected},
		{"no contract lines", `{"time":"2026-11-26T10:00:00Z","msg":"api listening"}` + "\n" + `{"msg":"batch done","duration_ms":3}` + "\n",
			`--logs no contract lines: read as JSON lines as the workloads print them, has 2 JSON lines, none with msg "request" or "job"; ` + rule + `: are these the kit's workloads' logs?`},
		{"fields missing", `{"msg":"request","path":"/v1/notes","duration_ms":3}` + "\n" + `{"msg":"job","route":"order.created","duration_ms":"3ms"}` + "\n" +
			`{"msg":"job","route":7,"duration_ms":-1}` + "\n",
			`--logs fields missing: read as JSON lines as the workloads print them, has 3 lines with msg "request" or "job", none countable: 2 without a string route, 2 without a numeric duration_ms (>= 0); ` + rule},
		{"gcloud without units", `[{"logName":"projects/p/logs/run.googleapis.com%2Frequests","resource":{"type":"cloud_run_revision"},"httpRequest":{"status":200}}]`,
			"--logs gcloud without units: read as gcloud logging read --format=json, has no JSON object among its 1 lines; expected " + Expected},
		{"empty list", "[]\n", "--logs empty list: read as gcloud logging read --format=json, holds no log lines at all (an empty page or list): widen the query's time window or filter"},
		{"empty page", `{"events": [], "searchedLogStreams": []}`,
			"--logs empty page: read as aws logs filter-log-events --output json, holds no log lines at all (an empty page or list): widen the query's time window or filter"},
		{"broken document", "{\n  \"events\": [\n    {\"message\": \"x\",}\n  ]\n}\n",
			"--logs broken document: is not valid JSON at byte 37 (invalid character '}' looking for beginning of object key string); expected " + Expected},
		{"events not a list", `{"events": {"message": "x"}}`,
			`--logs events not a list: document 1 has "events", but not a list of log events with a string "message" each; expected the output of aws logs filter-log-events --output json`},
		{"event without message", `{"events": [{"timestamp": 1}]}`,
			`--logs event without message: document 1, event 1 has no "message"; expected the output of aws logs filter-log-events --output json`},
		{"array of strings", `[{"jsonPayload":{"msg":"request","route":"GET /","duration_ms":1}}, "request"]`,
			"--logs array of strings: entry 2 is not a LogEntry object; expected the output of gcloud logging read --format=json"},
		{"mixed", `{"events": []}` + "\n" + `[{"jsonPayload":{}}]`,
			"--logs mixed: JSON value 2 is gcloud logging read --format=json, but the file began as aws logs filter-log-events --output json; give each kind its own --logs file"},
		{"not gzip", "\x1f\x8bnot really", "--logs not gzip: starts like gzip but is not (gzip: invalid header); expected " + Expected},
		{"truncated gzip", truncated[:len(truncated)/2], "--logs truncated gzip: gzip data is truncated or corrupt (unexpected EOF); fetch the file again"},
	}
	for _, c := range cases {
		_, err := Read(c.name, strings.NewReader(c.content))
		var e *Error
		if err == nil || !errors.As(err, &e) || err.Error() != c.want {
			t.Errorf("%s:\n got %v\nwant %s", c.name, err, c.want)
		}
	}
}

func TestReadFileNamesTheFile(t *testing.T) {
	_, err := ReadFile("/nonexistent/worker.json")
	if err == nil || err.Error() != "--logs /nonexistent/worker.json: no such file or directory" {
		t.Errorf("got %v", err)
	}
}
