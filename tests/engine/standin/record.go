// Package standin is a Pulumi resource provider that stands in for aws,
// gcp or cloudflare: it speaks the provider gRPC protocol the engine
// speaks to real plugins, checks every input against the provider's
// schema, answers with plausible outputs, and records what the engine
// asked for and when.
package standin

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/groundwork-iac/groundwork/tests/engine/schema"
)

// Operations a record can carry.
const (
	OpCheckConfig = "checkConfig"
	OpCheck       = "check"
	OpDiff        = "diff"
	OpCreate      = "create"
	OpUpdate      = "update"
	OpDelete      = "delete"
	OpRead        = "read"
	OpInvoke      = "invoke"
)

// Record is one operation the engine asked for. Start and End are wall
// clock nanoseconds, so the records of the three provider processes of one
// deployment can be ordered against each other.
type Record struct {
	Seq     int64  `json:"seq"`
	Package string `json:"package"`
	Op      string `json:"op"`
	URN     string `json:"urn,omitempty"`
	Type    string `json:"type,omitempty"`
	ID      string `json:"id,omitempty"`
	Preview bool   `json:"preview,omitempty"`
	Start   int64  `json:"start"`
	End     int64  `json:"end"`
	// Changes are the input keys a diff found changed (old inputs against new).
	Changes  []string         `json:"changes,omitempty"`
	Findings []schema.Finding `json:"findings,omitempty"`
	Error    string           `json:"error,omitempty"`
}

// Recorder appends records to a JSON-lines file, one write per record.
type Recorder struct {
	mu  sync.Mutex
	seq int64
	w   *os.File
	pkg string
}

// NewRecorder appends to path.
func NewRecorder(path, pkg string) (*Recorder, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	return &Recorder{w: f, pkg: pkg}, nil
}

// Add writes one record, numbering it.
func (r *Recorder) Add(rec Record) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seq++
	rec.Seq, rec.Package = r.seq, r.pkg
	if rec.End == 0 {
		rec.End = time.Now().UnixNano()
	}
	b, err := json.Marshal(rec)
	if err != nil {
		panic(err) // a Record always marshals
	}
	if _, err := r.w.Write(append(b, '\n')); err != nil {
		fmt.Fprintln(os.Stderr, "standin: record:", err)
	}
}

// ReadRecords reads a record file.
func ReadRecords(path string) ([]Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, r)
	}
	return out, sc.Err()
}
