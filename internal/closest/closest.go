// Package closest finds the known name a mistyped one most likely meant,
// for the "did you mean" of config and schema messages.
package closest

import "strings"

// Name returns the name in known closest to key, ignoring case, when its
// edit distance is below limit; ties go to the alphabetically first name.
// It returns "" when no name is that close.
func Name(key string, known []string, limit int) string {
	best, dist := "", limit
	for _, name := range known {
		if d := Distance(strings.ToLower(key), strings.ToLower(name)); d < dist || (d == dist && name < best) {
			best, dist = name, d
		}
	}
	return best
}

// Distance is the Levenshtein edit distance between a and b, in bytes.
func Distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
