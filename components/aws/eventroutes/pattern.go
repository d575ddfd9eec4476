package eventroutes

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/groundwork-iac/groundwork/components/problem"
)

// matchers are the comparison operators an array element of an event
// pattern may be instead of a value
// (docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html).
var matchers = map[string]bool{"prefix": true, "suffix": true, "anything-but": true, "numeric": true, "exists": true,
	"cidr": true, "equals-ignore-case": true, "wildcard": true}

// maxPatternBytes: EventBridge's default quota on an event pattern is 2048
// characters (docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html;
// it can be raised on request, the API's own cap being 4096).
const maxPatternBytes = 2048

// checkPattern holds an event pattern to EventBridge's structure: every
// field's value is a list of values or matchers, or an object of nested
// fields; a bare scalar matches nothing and is refused
// (docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html).
func checkPattern(field string, raw json.RawMessage, out *problem.List) {
	if len(raw) > maxPatternBytes {
		out.Add(field, "is %d bytes, over EventBridge's default quota of %d characters; split the rule, or raise the quota and the kit's limit together", len(raw), maxPatternBytes)
		return
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil || len(top) == 0 {
		out.Add(field, `must be a non-empty JSON object such as {"source": ["app.orders"]}`)
		return
	}
	for _, k := range slices.Sorted(maps.Keys(top)) {
		if !patternFields[k] {
			out.Add(field, "matches unknown event field %q; event fields are source, detail-type, detail, resources, account, region, id, time, version", k)
			continue
		}
		checkValue(field+"."+k, top[k], out)
	}
}

func checkValue(field string, raw json.RawMessage, out *problem.List) {
	switch strings.TrimSpace(string(raw))[0] {
	case '[':
		var items []json.RawMessage
		_ = json.Unmarshal(raw, &items)
		if len(items) == 0 {
			out.Add(field, "is an empty list, which matches nothing; list the values to match")
		}
		for i, it := range items {
			if strings.HasPrefix(strings.TrimSpace(string(it)), "{") {
				checkMatcher(fmt.Sprintf("%s[%d]", field, i), it, out)
			}
		}
	case '{':
		var obj map[string]json.RawMessage
		_ = json.Unmarshal(raw, &obj)
		if len(obj) == 0 {
			out.Add(field, "is an empty object; give the nested fields to match")
		}
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			checkValue(field+"."+k, obj[k], out)
		}
	default:
		out.Add(field, `must be a list of values or matchers, such as ["app.orders"] or [{"prefix": "app."}], or an object of nested fields; a bare value matches nothing`)
	}
}

func checkMatcher(field string, raw json.RawMessage, out *problem.List) {
	var m map[string]json.RawMessage
	_ = json.Unmarshal(raw, &m)
	if len(m) != 1 {
		out.Add(field, "must be one matcher such as {\"prefix\": \"app.\"}; matchers are %s", strings.Join(slices.Sorted(maps.Keys(matchers)), ", "))
		return
	}
	for k := range m {
		if !matchers[k] {
			out.Add(field, "uses matcher %q; matchers are %s", k, strings.Join(slices.Sorted(maps.Keys(matchers)), ", "))
		}
	}
}
