package schema

import "github.com/groundwork-iac/groundwork/internal/closest"

// typoDistance bounds a suggestion: provider property names are long
// camelCase words, so a slip of up to three edits (queueURL for queueUrl
// counts none, ignoring case) still names the property meant.
const typoDistance = 4

// suggest names the closest known property, when one is close.
func suggest(key string, props map[string]*Spec) string {
	names := make([]string, 0, len(props))
	for name := range props {
		names = append(names, name)
	}
	if best := closest.Name(key, names, typoDistance); best != "" {
		return " (did you mean " + best + "?)"
	}
	return ""
}
