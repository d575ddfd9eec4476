package routemetrics

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Matcher evaluates the subset of CloudWatch Logs' JSON filter pattern
// syntax the kit writes, so a test can run the kit's patterns over the
// lines the workloads really print (the service's own tester needs an
// account). The subset, with its meaning as CloudWatch documents it
// (docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html):
//
//   - a pattern is "{ term && term ... }";
//   - a term is "$.field = value" or "$.field != value", the field a dotted
//     path into the JSON line;
//   - a quoted value matches a string field equal to it; "*" inside the
//     quotes matches any run of characters (so "*" alone is any string);
//   - a bare * matches a field holding a number (the form a metric value
//     is extracted from), and a bare number matches a number equal to it.
//
// A line that is not a JSON object matches no JSON pattern. Anything else
// (||, parentheses, IS NULL, EXISTS, space-delimited patterns) is refused
// when parsing, so a pattern outside the subset cannot pass by accident.
type Matcher struct{ terms []term }

type term struct {
	path    []string
	negate  bool
	quoted  bool
	value   string
	anyNum  bool
	literal float64
}

// Compile parses a pattern of the subset.
func Compile(pattern string) (*Matcher, error) {
	p := strings.TrimSpace(pattern)
	if !strings.HasPrefix(p, "{") || !strings.HasSuffix(p, "}") {
		return nil, fmt.Errorf("pattern %q: only JSON patterns ({ ... }) are in the subset", pattern)
	}
	body := strings.TrimSpace(p[1 : len(p)-1])
	if strings.Contains(body, "||") || strings.ContainsAny(body, "()") {
		return nil, fmt.Errorf("pattern %q: || and parentheses are outside the subset", pattern)
	}
	m := &Matcher{}
	for _, raw := range strings.Split(body, "&&") {
		t, err := parseTerm(strings.TrimSpace(raw))
		if err != nil {
			return nil, fmt.Errorf("pattern %q: %w", pattern, err)
		}
		m.terms = append(m.terms, t)
	}
	return m, nil
}

func parseTerm(s string) (term, error) {
	var t term
	op := " = "
	if i := strings.Index(s, " != "); i >= 0 {
		op, t.negate = " != ", true
	}
	sel, val, ok := strings.Cut(s, op)
	if !ok || !strings.HasPrefix(sel, "$.") {
		return t, fmt.Errorf("term %q: want $.field = value", s)
	}
	t.path = strings.Split(strings.TrimPrefix(strings.TrimSpace(sel), "$."), ".")
	val = strings.TrimSpace(val)
	switch {
	case len(val) >= 2 && val[0] == '"' && val[len(val)-1] == '"':
		t.quoted, t.value = true, val[1:len(val)-1]
	case val == "*":
		t.anyNum = true
	default:
		n, err := strconv.ParseFloat(val, 64)
		if err != nil {
			return t, fmt.Errorf("term %q: value must be quoted, * or a number", s)
		}
		t.literal = n
	}
	return t, nil
}

// Match reports whether a log line matches.
func (m *Matcher) Match(line []byte) bool {
	var obj map[string]any
	if json.Unmarshal(line, &obj) != nil {
		return false
	}
	for _, t := range m.terms {
		if t.holds(obj) == t.negate {
			return false
		}
	}
	return true
}

func (t term) holds(obj map[string]any) bool {
	v, ok := lookup(obj, t.path)
	if !ok {
		return false
	}
	switch x := v.(type) {
	case string:
		return t.quoted && glob(t.value, x)
	case float64:
		return t.anyNum || (!t.quoted && x == t.literal)
	}
	return false
}

// Value extracts a metric value the way a transformation's Value names it:
// "$.field" (a number) or a constant.
func Value(selector string, line []byte) (float64, bool) {
	if !strings.HasPrefix(selector, "$.") {
		n, err := strconv.ParseFloat(selector, 64)
		return n, err == nil
	}
	var obj map[string]any
	if json.Unmarshal(line, &obj) != nil {
		return 0, false
	}
	v, ok := lookup(obj, strings.Split(strings.TrimPrefix(selector, "$."), "."))
	n, isNum := v.(float64)
	return n, ok && isNum
}

func lookup(obj map[string]any, path []string) (any, bool) {
	var v any = obj
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[p]; !ok {
			return nil, false
		}
	}
	return v, true
}

// glob matches s against a pattern whose * matches any run of characters.
func glob(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == s
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	for _, mid := range parts[1 : len(parts)-1] {
		i := strings.Index(s, mid)
		if i < 0 {
			return false
		}
		s = s[i+len(mid):]
	}
	return strings.HasSuffix(s, parts[len(parts)-1])
}
