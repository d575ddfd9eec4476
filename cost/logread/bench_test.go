package logread

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkRead reads 100,000 units in each format, built from the samples'
// lines: go test -bench Read -run ^$ ./cost/logread prints ns/op and MB/s.
func BenchmarkRead(b *testing.B) {
	const n = 100_000
	line := `{"time":"2026-12-01T23:20:13.200198031Z","level":"INFO","msg":"request","method":"GET","path":"/v1/notes/3a54bc95-77ea-45b0-963d-91d1d52530e7","route":"GET /v1/notes/{id}","status":200,"duration_ms":1.308,"bytes":103,"request_id":"af0b528e62f844cb0ea94c403a3ebaae","trace_id":"1f73c8aba2a83895927382e69721ab50","span_id":"60c0d423ea4092b6"}`
	var lines bytes.Buffer
	for range n {
		lines.WriteString(line + "\n")
	}
	events, err := os.ReadFile(filepath.Join(testdata, "logpush-workers-trace-events.ndjson"))
	if err != nil {
		b.Fatal(err)
	}
	first := events[:bytes.IndexByte(events, '\n')+1]
	var logpush bytes.Buffer
	for range n {
		logpush.Write(first)
	}
	var aws bytes.Buffer
	aws.WriteString(`{"events":[`)
	for i := range n {
		if i > 0 {
			aws.WriteByte(',')
		}
		q, _ := jsonString(line)
		fmt.Fprintf(&aws, `{"logStreamName":"2026/11/26/[$LATEST]480afcf92228ed71247291b24cac9223","timestamp":%d,"message":%s,"ingestionTime":%d,"eventId":"%056d"}`,
			1795687210000+i, q, 1795687210037+i, i)
	}
	aws.WriteString(`],"searchedLogStreams":[]}`)
	for _, c := range []struct {
		name string
		data []byte
	}{{"lines", lines.Bytes()}, {"cloudwatch", aws.Bytes()}, {"logpush", logpush.Bytes()}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.data)))
			for b.Loop() {
				f, err := Read(c.name, bytes.NewReader(c.data))
				if err != nil || len(f.Units) != n {
					b.Fatalf("%v, %d units", err, len(f.Units))
				}
			}
		})
	}
}

func jsonString(s string) (string, error) {
	var b bytes.Buffer
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String(), nil
}
