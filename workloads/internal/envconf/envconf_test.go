package envconf

import (
	"strings"
	"testing"
	"time"
)

func TestReader(t *testing.T) {
	env := map[string]string{
		"D": "250ms", "BAD_D": "soon", "NEG_D": "-1s",
		"N": "4", "BAD_N": "four", "ZERO_N": "0", "S": " x ", "EMPTY": "",
	}
	r := Reader{Lookup: func(k string) (string, bool) { v, ok := env[k]; return v, ok }}

	if got := r.Duration("D", time.Second); got != 250*time.Millisecond {
		t.Errorf("D = %v", got)
	}
	if got := r.Duration("UNSET", time.Second); got != time.Second {
		t.Errorf("UNSET = %v", got)
	}
	if got := r.Int("N", 1); got != 4 {
		t.Errorf("N = %v", got)
	}
	if got := r.String("S", "d"); got != "x" {
		t.Errorf("S = %q", got)
	}
	if got := r.String("EMPTY", "d"); got != "d" {
		t.Errorf("EMPTY = %q", got)
	}
	if r.Err() != nil {
		t.Fatalf("Err = %v before any bad value", r.Err())
	}

	if got := r.Duration("BAD_D", time.Second); got != time.Second {
		t.Errorf("BAD_D = %v, want the default", got)
	}
	r.Duration("NEG_D", time.Second)
	r.Int("BAD_N", 1)
	r.Int("ZERO_N", 1)
	err := r.Err()
	for _, name := range []string{"BAD_D", "NEG_D", "BAD_N", "ZERO_N"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("Err = %v, want it to name %s", err, name)
		}
	}
}
