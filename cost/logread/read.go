package logread

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"
)

// File is what one file held.
type File struct {
	// Name is the file's name as given ("-" for standard input).
	Name   string
	Format Format
	// Gzip reports whether the file was gzipped.
	Gzip bool
	// Units are the file's units of work, in the file's order.
	Units []Unit
	// Invocations are Lambda's platform.report lines, in the file's order.
	Invocations []Invocation
	// Unattributed counts the Logpush trace events that carried no unit's
	// line (a cron trigger, a Worker that failed before logging), and
	// UnattributedCPUMS their CPU time, which no route is charged.
	Unattributed      int
	UnattributedCPUMS float64
}

// Stdin is the file name that reads standard input.
const Stdin = "-"

// ReadFile reads the file at path, or standard input for Stdin.
func ReadFile(path string) (*File, error) {
	if path == Stdin {
		return Read(path, os.Stdin)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--logs %s: %w", path, errors.Unwrap(err))
	}
	defer f.Close()
	return Read(path, f)
}

// gzipMagic starts every gzip member (RFC 1952, section 2.3.1).
var gzipMagic = []byte{0x1f, 0x8b}

// Read reads one file of logs named name. Its format is detected from the
// content; an error names the file, what was wrong and what was expected.
func Read(name string, r io.Reader) (*File, error) {
	f := &File{Name: name}
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(2); bytes.Equal(magic, gzipMagic) {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, f.errorf("starts like gzip but is not (%v); expected %s", err, Expected)
		}
		f.Gzip = true
		br = bufio.NewReaderSize(gz, 64<<10)
	}
	head, first, err := firstLine(br)
	if err != nil {
		return nil, f.readError(err)
	}
	if len(first) == 0 {
		return nil, f.errorf("is empty; expected %s", Expected)
	}
	in := bufio.NewReaderSize(io.MultiReader(bytes.NewReader(head), br), 64<<10)
	var t tally
	if lineMode(first) {
		f.Format = Lines
		err = f.readLines(in, &t)
	} else {
		err = f.readValues(in, &t)
	}
	if err != nil {
		return nil, err
	}
	if len(f.Units) == 0 {
		return nil, f.noUnits(t)
	}
	return f, nil
}

// firstLine reads up to the first line that is not blank; head is every byte
// read, to be read again.
func firstLine(br *bufio.Reader) (head, first []byte, err error) {
	for {
		l, err := br.ReadBytes('\n')
		head = append(head, l...)
		if t := bytes.TrimSpace(l); len(t) > 0 {
			return head, t, nil
		}
		if err == io.EOF {
			return head, nil, nil
		}
		if err != nil {
			return nil, nil, err
		}
	}
}

// lineMode decides from the first line: JSON lines unless it starts a JSON
// array, a multi-line JSON document, or is one of the envelopes.
func lineMode(first []byte) bool {
	switch first[0] {
	case '[':
		return false
	case '{':
		var keys map[string]json.RawMessage
		if json.Unmarshal(first, &keys) != nil {
			return false // a document spread over lines, as the aws CLI prints it
		}
		return classify(keys) == Lines
	}
	return true
}

// readLines reads JSON lines, skipping the lines that are not JSON.
func (f *File) readLines(r *bufio.Reader, t *tally) error {
	for n := 1; ; n++ {
		b, err := r.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			f.add(parseLine(b, f.Name+":"+strconv.Itoa(n), time.Time{}, t))
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return f.readError(err)
		}
	}
}

func (f *File) add(p parsed) {
	if p.unit != nil {
		f.Units = append(f.Units, *p.unit)
	}
	if p.invocation != nil {
		f.Invocations = append(f.Invocations, *p.invocation)
	}
}

// Error is a file that cannot be read as logs.
type Error struct {
	Name, Problem string
}

func (e *Error) Error() string { return "--logs " + e.Name + ": " + e.Problem }

func (f *File) errorf(format string, args ...any) error {
	return &Error{Name: f.Name, Problem: fmt.Sprintf(format, args...)}
}

func (f *File) readError(err error) error {
	if errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.Is(err, io.ErrUnexpectedEOF) {
		return f.errorf("gzip data is truncated or corrupt (%v); fetch the file again", err)
	}
	return f.errorf("cannot be read: %v", err)
}

// noUnits explains a file in which no line counted.
func (f *File) noUnits(t tally) error {
	what := fmt.Sprintf("read as %s", f.Format.Describe())
	rule := `a unit of work is a line with msg "request" or "job", a string route and a numeric duration_ms (components/telemetry/worklog.go)`
	switch {
	case t.lines == 0:
		return f.errorf("%s, holds no log lines at all (an empty page or list): widen the query's time window or filter", what)
	case t.objects == 0:
		return f.errorf("%s, has no JSON object among its %d lines; expected %s", what, t.lines, Expected)
	case t.contract == 0:
		return f.errorf(`%s, has %d JSON lines, none with msg "request" or "job"; %s: are these the kit's workloads' logs?`, what, t.objects, rule)
	}
	return f.errorf(`%s, has %d lines with msg "request" or "job", none countable: %d without a string route, %d without a numeric duration_ms (>= 0); %s`,
		what, t.contract, t.noRoute, t.noDuration, rule)
}
