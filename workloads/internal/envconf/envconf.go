// Package envconf reads a workload's typed settings from the environment,
// collecting every problem so a misconfigured workload reports them all at
// once.
package envconf

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Reader reads variables and remembers every malformed one. The zero value
// reads the process environment.
type Reader struct {
	// Lookup replaces os.LookupEnv; tests set it.
	Lookup func(string) (string, bool)
	errs   []error
}

func (r *Reader) get(name string) (string, bool) {
	lookup := r.Lookup
	if lookup == nil {
		lookup = os.LookupEnv
	}
	v, ok := lookup(name)
	v = strings.TrimSpace(v)
	return v, ok && v != ""
}

// String returns the variable name, or def when it is unset or empty.
func (r *Reader) String(name, def string) string {
	if v, ok := r.get(name); ok {
		return v
	}
	return def
}

// Duration returns the positive Go duration ("10s") in name, or def when it is
// unset or empty.
func (r *Reader) Duration(name string, def time.Duration) time.Duration {
	v, ok := r.get(name)
	if !ok {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		r.errs = append(r.errs, fmt.Errorf("%s must be a positive duration such as %q, got %q", name, def.String(), v))
		return def
	}
	return d
}

// Int returns the positive integer in name, or def when it is unset or empty.
func (r *Reader) Int(name string, def int) int {
	v, ok := r.get(name)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		r.errs = append(r.errs, fmt.Errorf("%s must be a positive integer such as %d, got %q", name, def, v))
		return def
	}
	return n
}

// Err reports every malformed variable read so far, or nil.
func (r *Reader) Err() error { return errors.Join(r.errs...) }
