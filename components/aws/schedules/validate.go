package schedules

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // timezone checks must not depend on the machine's zoneinfo

	"github.com/groundwork-iac/groundwork/components/aws/delivery"
	"github.com/groundwork-iac/groundwork/components/problem"
)

var (
	rateRE = regexp.MustCompile(`^rate\(([1-9][0-9]*) (minute|minutes|hour|hours|day|days)\)$`)
	cronRE = regexp.MustCompile(`^cron\(([^ ()]+ ){5}[^ ()]+\)$`)
	atRE   = regexp.MustCompile(`^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$`)
)

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

func checkExpression(e string) string {
	switch {
	case rateRE.MatchString(e):
		m := rateRE.FindStringSubmatch(e)
		if (m[1] == "1") != !strings.HasSuffix(m[2], "s") {
			return fmt.Sprintf("must use the singular unit with 1 and the plural otherwise, e.g. rate(1 hour), rate(5 minutes), got %q", e)
		}
		return ""
	case cronRE.MatchString(e), atRE.MatchString(e):
		return ""
	}
	return fmt.Sprintf("must be a schedule expression such as rate(5 minutes), cron(0 9 * * ? *) (six fields) or at(2030-01-01T09:00:00), got %q", e)
}
