package problems

import (
	"errors"
	"testing"
)

func TestListPrefixesSplitsAndDedupes(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Fatal("an empty list has an error")
	}
	l.Add("groundwork:", nil)
	l.Add("groundwork:", errors.Join(errors.New("a bad"), errors.New("b bad")))
	l.Add("groundwork:jobs.worker: ", errors.New("a bad")) // the same problem through another component
	l.AddErr(errors.New("c bad"))
	want := "groundwork:a bad\ngroundwork:b bad\nc bad"
	if err := l.Err(); err == nil || err.Error() != want {
		t.Errorf("Err() = %q, want %q", err, want)
	}
}
