package closest

import "testing"

func TestName(t *testing.T) {
	known := []string{"maxConcurrency", "memory", "timeout", "tags"}
	for _, tc := range []struct {
		key   string
		limit int
		want  string
	}{
		{"maxConcurency", 3, "maxConcurrency"},
		{"MEMORY", 3, "memory"},
		{"timeuot", 3, "timeout"},
		{"tag", 3, "tags"},
		{"region", 3, ""},
		{"timeuot", 2, ""},
	} {
		if got := Name(tc.key, known, tc.limit); got != tc.want {
			t.Errorf("Name(%q, limit %d) = %q, want %q", tc.key, tc.limit, got, tc.want)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"flaw", "lawn", 2}, {"same", "same", 0}} {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
