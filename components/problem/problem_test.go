package problem

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestJoinAndRender(t *testing.T) {
	var l List
	l.Extend("groundwork:jobs.worker", List{{Field: "timeout", Message: "must be at most 15m0s, got 20m0s"}})
	l.Extend("groundwork:jobs", List{{Field: "schedules[0].expression", Message: "is not a schedule expression"}})
	l.Extend("groundwork:", List{{Field: "database.pooledUrl", Message: "is required"}})
	l.Extend("groundwork:edge", List{{Message: "the entry file does not exist"}})
	l.Extend("outer", List{{Field: "inner:", Message: "nested whole value"}})
	l.Extend("groundwork:jobs", List{{Field: "events", Message: "x"}}.Renamed(map[string]string{"events": "rules"}))
	want := []string{
		"groundwork:jobs.worker.timeout must be at most 15m0s, got 20m0s",
		"groundwork:jobs.schedules[0].expression is not a schedule expression",
		"groundwork:database.pooledUrl is required",
		"groundwork:edge: the entry file does not exist",
		"outer.inner: nested whole value",
		"groundwork:jobs.rules x",
	}
	if got := l.Strings(); !reflect.DeepEqual(got, want) {
		t.Errorf("Strings() =\n%q\nwant\n%q", got, want)
	}
}

func TestExtendReportsASentenceOnce(t *testing.T) {
	var l List
	shared := List{{Field: "accountId", Message: "is required"}}
	l.Extend("groundwork:edge", shared)
	l.Extend("groundwork:edge", shared)
	l.Extend("groundwork:other", shared)
	if len(l) != 2 {
		t.Errorf("list = %q, want each sentence once", l.Strings())
	}
}

func TestRenamedUnderWithout(t *testing.T) {
	l := List{{Field: "caching.maxAge", Message: "a"}, {Field: "caching", Message: "b"}, {Field: "accountId", Message: "c"},
		{Field: "cachingX", Message: "d"}, {Field: "caching[1]", Message: "e"}}
	if got := l.Renamed(map[string]string{"caching": "cache"}).Strings(); !reflect.DeepEqual(got,
		[]string{"cache.maxAge a", "cache b", "accountId c", "cachingX d", "cache[1] e"}) {
		t.Errorf("Renamed = %q", got)
	}
	if got := l.Under("caching").Strings(); !reflect.DeepEqual(got, []string{"maxAge a", "b", "[1] e"}) {
		t.Errorf("Under = %q", got)
	}
	if got := l.Without("caching").Strings(); !reflect.DeepEqual(got, []string{"accountId c", "cachingX d"}) {
		t.Errorf("Without = %q", got)
	}
}

func TestErr(t *testing.T) {
	if (List{}).Err() != nil {
		t.Error("an empty list is an error")
	}
	l := List{{Field: "a", Message: "x"}, {Field: "b", Message: "y"}}
	var pe *Error
	if err := l.Err(); !errors.As(err, &pe) || err.Error() != "a x\nb y" || len(pe.Problems) != 2 {
		t.Errorf("Err() = %v", err)
	}
}

func TestShown(t *testing.T) {
	long := strings.Repeat("a", 63) + "é" + strings.Repeat("b", 10)
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"short", "short"},
		{strings.Repeat("x", MaxShown), strings.Repeat("x", MaxShown)},
		{strings.Repeat("x", 3000), strings.Repeat("x", MaxShown) + "... (3000 bytes)"},
		// é straddles byte 64: the cut keeps it out rather than split it.
		{long, strings.Repeat("a", 63) + "... (75 bytes)"},
	} {
		if got := Shown(tc.in); got != tc.want {
			t.Errorf("Shown(%.20q...) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
