package runmetrics

import (
	"cmp"
	"fmt"
	"strings"
)

// Entry is a LogEntry as Cloud Logging stores a Cloud Run container's JSON
// line: the line's fields in jsonPayload, its severity field lifted out
// (cloud.google.com/logging/docs/structured-logging), the revision's
// resource labels.
type Entry struct {
	Resource struct {
		Type   string            `json:"type"`
		Labels map[string]string `json:"labels"`
	} `json:"resource"`
	Severity    string         `json:"severity"`
	JSONPayload map[string]any `json:"jsonPayload"`
}

// severities in Cloud Logging's order
// (cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry#logseverity).
var severities = []string{"DEFAULT", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY"}

// Match evaluates the subset of the logging query language the kit writes
// (cloud.google.com/logging/docs/view/logging-query-language), so tests
// can run the kit's filters over the lines the workloads really print:
// comparisons joined by AND, each `field="value"` (the field a dotted path:
// resource.type, resource.labels.NAME, jsonPayload.PATH; an exact match of
// a string, or of a number's text) or `severity>=LEVEL`. Anything else
// (OR, NOT, parentheses, :, =~, other operators) is an error, so a filter
// outside the subset cannot pass by accident.
func Match(filter string, e Entry) (bool, error) {
	if strings.ContainsAny(filter, "()") || strings.Contains(filter, " OR ") || strings.Contains(filter, "NOT ") {
		return false, fmt.Errorf("filter %q: OR, NOT and parentheses are outside the subset", filter)
	}
	all := true
	for _, term := range strings.Split(filter, " AND ") {
		term = strings.TrimSpace(term)
		if lhs, level, ok := strings.Cut(term, ">="); ok {
			if strings.TrimSpace(lhs) != "severity" {
				return false, fmt.Errorf("term %q: >= only on severity", term)
			}
			want := index(strings.TrimSpace(level))
			if want < 0 {
				return false, fmt.Errorf("term %q: unknown severity", term)
			}
			all = all && index(cmp.Or(e.Severity, "DEFAULT")) >= want
			continue
		}
		field, value, ok := strings.Cut(term, "=")
		if !ok || strings.ContainsAny(field, ":~<>!") || len(value) < 2 || value[0] != '"' || value[len(value)-1] != '"' {
			return false, fmt.Errorf("term %q: want field=\"value\" or severity>=LEVEL", term)
		}
		got, ok := e.field(strings.TrimSpace(field))
		all = all && ok && got == value[1:len(value)-1]
	}
	return all, nil
}

func (e Entry) field(path string) (string, bool) {
	switch {
	case path == "resource.type":
		return e.Resource.Type, true
	case strings.HasPrefix(path, "resource.labels."):
		v, ok := e.Resource.Labels[strings.TrimPrefix(path, "resource.labels.")]
		return v, ok
	case strings.HasPrefix(path, "jsonPayload."):
		var v any = e.JSONPayload
		for _, p := range strings.Split(strings.TrimPrefix(path, "jsonPayload."), ".") {
			m, ok := v.(map[string]any)
			if !ok {
				return "", false
			}
			if v, ok = m[p]; !ok {
				return "", false
			}
		}
		switch x := v.(type) {
		case string:
			return x, true
		case float64, bool:
			return fmt.Sprint(x), true
		}
	}
	return "", false
}

// Extract is EXTRACT(jsonPayload.PATH) of a numeric field: the value a
// distribution records.
func Extract(e Entry, field string) (float64, bool) {
	var v any = e.JSONPayload
	for _, p := range strings.Split(field, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return 0, false
		}
		v = m[p]
	}
	n, ok := v.(float64)
	return n, ok
}

func index(level string) int {
	for i, s := range severities {
		if s == level {
			return i
		}
	}
	return -1
}
