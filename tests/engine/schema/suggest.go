package schema

import "github.com/groundwork-iac/groundwork/internal/closest"

// suggest names the closest known property, when one is close.
func suggest(key string, props map[string]*Spec) string {
	names := make([]string, 0, len(props))
	for name := range props {
		names = append(names, name)
	}
	if best := closest.Name(key, names, 4); best != "" {
		return " (did you mean " + best + "?)"
	}
	return ""
}
