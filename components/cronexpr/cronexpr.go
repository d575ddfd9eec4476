// Package cronexpr checks cron expressions field by field against a
// platform's dialect: the number of fields, each field's range and names,
// and the special characters the platform allows in it. It checks; it does
// not compute schedules.
package cronexpr

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Field is one position of an expression.
type Field struct {
	// Name is how messages call it ("minutes", "day-of-week").
	Name string
	// Min and Max bound its numbers; Names are accepted words (JAN, SUN),
	// the first meaning Min.
	Min, Max int
	Names    []string
	// Special are the characters besides digits, names, ',', '-', '*' and
	// '/' that the field takes: '?', 'L', 'W', '#'.
	Special string
}

// Dialect is a platform's cron syntax.
type Dialect struct {
	// Name says whose syntax it is, in messages.
	Name   string
	Fields []Field
	// OneOfDays, when set, requires exactly one of day-of-month (index 2)
	// and day-of-week (index 4) to be '?'.
	OneOfDays bool
}

// Check returns what is wrong with expr (the fields, without any wrapping
// such as cron(...)), as a clause about "it"; empty means valid. Messages
// quote only the field at fault.
func (d Dialect) Check(expr string) string {
	parts := strings.Fields(expr)
	if len(parts) != len(d.Fields) {
		names := make([]string, len(d.Fields))
		for i, f := range d.Fields {
			names[i] = f.Name
		}
		plural := "s"
		if len(parts) == 1 {
			plural = ""
		}
		return fmt.Sprintf("it has %d field%s; %s cron takes %d: %s", len(parts), plural, d.Name, len(d.Fields), strings.Join(names, " "))
	}
	for i, f := range d.Fields {
		if msg := f.check(parts[i]); msg != "" {
			return fmt.Sprintf("its %s field %q %s", f.Name, parts[i], msg)
		}
	}
	if d.OneOfDays && (parts[2] == "?") == (parts[4] == "?") {
		return fmt.Sprintf("it must have ? in exactly one of day-of-month and day-of-week (%s cron cannot set both, and one must be ?), got %q and %q",
			d.Name, parts[2], parts[4])
	}
	return ""
}

func (f Field) check(v string) string {
	if v == "" {
		return "is empty"
	}
	if v == "?" {
		if !strings.Contains(f.Special, "?") {
			return "cannot be ?"
		}
		return ""
	}
	for _, item := range strings.Split(v, ",") {
		if msg := f.item(item); msg != "" {
			return msg
		}
	}
	return ""
}

func (f Field) item(item string) string {
	base, step, hasStep := strings.Cut(item, "/")
	if hasStep {
		n, err := strconv.Atoi(step)
		if err != nil || n < 1 || n > f.Max {
			return fmt.Sprintf("has step %q; a step is a number from 1 to %d", step, f.Max)
		}
	}
	switch {
	case base == "*":
		return ""
	case strings.ContainsAny(base, "LW#"):
		return f.special(base)
	}
	lo, hi, isRange := strings.Cut(base, "-")
	a, msg := f.value(lo)
	if msg != "" {
		return msg
	}
	if isRange {
		b, msg := f.value(hi)
		if msg != "" {
			return msg
		}
		if b < a {
			return fmt.Sprintf("has a range that runs backwards (%s-%s)", lo, hi)
		}
	}
	return ""
}

// special checks L (last), W (weekday nearest), # (nth weekday of month).
func (f Field) special(s string) string {
	bad := fmt.Sprintf("uses %q, which the %s field does not take", s, f.Name)
	switch {
	case s == "L":
		if !strings.Contains(f.Special, "L") {
			return bad
		}
		return ""
	case s == "LW" && strings.Contains(f.Special, "W"):
		return ""
	case strings.HasSuffix(s, "W") && strings.Contains(f.Special, "W"):
		_, msg := f.value(strings.TrimSuffix(s, "W"))
		return msg
	case strings.HasSuffix(s, "L") && strings.Contains(f.Special, "L") && strings.Contains(f.Special, "#"):
		_, msg := f.value(strings.TrimSuffix(s, "L"))
		return msg
	case strings.Contains(s, "#") && strings.Contains(f.Special, "#"):
		day, nth, _ := strings.Cut(s, "#")
		if _, msg := f.value(day); msg != "" {
			return msg
		}
		if n, err := strconv.Atoi(nth); err != nil || n < 1 || n > 5 {
			return fmt.Sprintf("has %q; the n in day#n is 1 to 5", s)
		}
		return ""
	}
	return bad
}

func (f Field) value(s string) (int, string) {
	if i := slices.Index(f.Names, strings.ToUpper(s)); i >= 0 && s != "" {
		return f.Min + i, ""
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		if len(f.Names) > 0 {
			return 0, fmt.Sprintf("has %q; use %d-%d or %s-%s", s, f.Min, f.Max, f.Names[0], f.Names[len(f.Names)-1])
		}
		return 0, fmt.Sprintf("has %q, not a number", s)
	}
	if n < f.Min || n > f.Max {
		return 0, fmt.Sprintf("has %d, outside %d-%d", n, f.Min, f.Max)
	}
	return n, ""
}

var (
	months   = []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}
	weekdays = []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}
)

// EventBridge is the six-field cron of EventBridge rules and EventBridge
// Scheduler: minutes hours day-of-month month day-of-week year, with ? in
// exactly one of the two day fields
// (docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based,
// docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html).
var EventBridge = Dialect{Name: "EventBridge", OneOfDays: true, Fields: []Field{
	{Name: "minutes", Min: 0, Max: 59},
	{Name: "hours", Min: 0, Max: 23},
	{Name: "day-of-month", Min: 1, Max: 31, Special: "?LW"},
	{Name: "month", Min: 1, Max: 12, Names: months},
	{Name: "day-of-week", Min: 1, Max: 7, Names: weekdays, Special: "?L#"},
	{Name: "year", Min: 1970, Max: 2199},
}}

// Workers is the five-field cron of Cloudflare Cron Triggers: minute hour
// day-of-month month day-of-week, day-of-week 1-7 or SUN-SAT
// (developers.cloudflare.com/workers/configuration/cron-triggers/#supported-cron-expressions).
var Workers = Dialect{Name: "Cloudflare Workers", Fields: []Field{
	{Name: "minute", Min: 0, Max: 59},
	{Name: "hour", Min: 0, Max: 23},
	{Name: "day-of-month", Min: 1, Max: 31, Special: "LW"},
	{Name: "month", Min: 1, Max: 12, Names: months},
	{Name: "day-of-week", Min: 1, Max: 7, Names: weekdays, Special: "L#"},
}}
