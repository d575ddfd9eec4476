package schedules

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // timezone checks must not depend on the machine's zoneinfo

	"github.com/groundwork-iac/groundwork/components/aws/delivery"
	"github.com/groundwork-iac/groundwork/components/cronexpr"
	"github.com/groundwork-iac/groundwork/components/problem"
)

var rateRE = regexp.MustCompile(`^rate\(([1-9][0-9]*) (minute|minutes|hour|hours|day|days)\)$`)

// maxExpressionLength bounds what is echoed in a message; EventBridge
// Scheduler takes at most 256 characters
// (docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html).
const maxExpressionLength = 256

// Check is pure: it checks the settings and returns every problem at once,
// each with its fix. New also checks that Target is wired.
func (a Args) Check() problem.List {
	var out problem.List
	names := make([]string, len(a.Schedules))
	for i, s := range a.Schedules {
		names[i] = s.Name
		field := fmt.Sprintf("schedules[%d]", i)
		if msg := checkExpression(s.Expression); msg != "" {
			out.Add(field+".expression", "%s", msg)
		}
		if s.Timezone != "" {
			if _, err := time.LoadLocation(s.Timezone); err != nil || s.Timezone == "Local" {
				out.Add(field+".timezone", "must be an IANA zone such as Europe/Paris or UTC, got %q", s.Timezone)
			}
		}
		if len(s.Payload) > 0 && !json.Valid(s.Payload) {
			out.Add(field+".payload", "must be valid JSON")
		}
	}
	out = append(out, delivery.CheckNames("schedules", names)...)
	out.Extend("retry", a.Retry.Check())
	return out
}

// checkExpression applies EventBridge Scheduler's rules for rate(), cron()
// and at() (docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html).
func checkExpression(e string) string {
	if len(e) > maxExpressionLength {
		return fmt.Sprintf("is %d characters, over EventBridge Scheduler's %d", len(e), maxExpressionLength)
	}
	if inner, ok := strings.CutPrefix(e, "cron("); ok && strings.HasSuffix(inner, ")") {
		if msg := cronexpr.EventBridge.Check(strings.TrimSuffix(inner, ")")); msg != "" {
			return "is not a valid cron(): " + msg
		}
		return ""
	}
	if inner, ok := strings.CutPrefix(e, "at("); ok && strings.HasSuffix(inner, ")") {
		if _, err := time.Parse("2006-01-02T15:04:05", strings.TrimSuffix(inner, ")")); err != nil {
			return fmt.Sprintf("must be at(yyyy-mm-ddThh:mm:ss), a real date and time such as at(2030-01-01T09:00:00), got %q", e)
		}
		return ""
	}
	if m := rateRE.FindStringSubmatch(e); m != nil {
		if (m[1] == "1") != !strings.HasSuffix(m[2], "s") {
			return fmt.Sprintf("must use the singular unit with 1 and the plural otherwise, e.g. rate(1 hour), rate(5 minutes), got %q", e)
		}
		return ""
	}
	if strings.HasPrefix(e, "rate(") {
		return fmt.Sprintf("must be rate(N unit) with N a positive whole number and unit minute(s), hour(s) or day(s), got %q", e)
	}
	return fmt.Sprintf("must be a schedule expression such as rate(5 minutes), cron(0 9 * * ? *) (six fields) or at(2030-01-01T09:00:00), got %q", e)
}
