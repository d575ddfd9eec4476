package schedules

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // timezone checks must not depend on the machine's zoneinfo

	"github.com/groundwork-iac/groundwork/components/aws/delivery"
)

var (
	rateRE = regexp.MustCompile(`^rate\(([1-9][0-9]*) (minute|minutes|hour|hours|day|days)\)$`)
	cronRE = regexp.MustCompile(`^cron\(([^ ()]+ ){5}[^ ()]+\)$`)
	atRE   = regexp.MustCompile(`^at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)$`)
)

// Validate is pure and returns every problem at once, each with its fix.
func (a Args) Validate() error {
	var errs []error
	if a.Target.Arn == nil || a.Target.DLQArn == nil {
		errs = append(errs, errors.New("Target needs the queue ARN and its DLQ ARN; use jobqueue's Target()"))
	}
	names := make([]string, len(a.Schedules))
	for i, s := range a.Schedules {
		names[i] = s.Name
		if err := checkExpression(s.Expression); err != nil {
			errs = append(errs, fmt.Errorf("schedules[%d].expression: %w", i, err))
		}
		if s.Timezone != "" {
			if _, err := time.LoadLocation(s.Timezone); err != nil || s.Timezone == "Local" {
				errs = append(errs, fmt.Errorf("schedules[%d].timezone must be an IANA zone such as Europe/Paris or UTC, got %q", i, s.Timezone))
			}
		}
		if len(s.Payload) > 0 && !json.Valid(s.Payload) {
			errs = append(errs, fmt.Errorf("schedules[%d].payload must be valid JSON", i))
		}
	}
	errs = append(errs, delivery.CheckNames("schedules", names)...)
	if err := a.Retry.Validate(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func checkExpression(e string) error {
	switch {
	case rateRE.MatchString(e):
		m := rateRE.FindStringSubmatch(e)
		if (m[1] == "1") != !strings.HasSuffix(m[2], "s") {
			return fmt.Errorf("%q: use the singular unit with 1 and the plural otherwise, e.g. rate(1 hour), rate(5 minutes)", e)
		}
		return nil
	case cronRE.MatchString(e), atRE.MatchString(e):
		return nil
	}
	return fmt.Errorf("%q is not a schedule expression; use rate(5 minutes), cron(0 9 * * ? *) (six fields) or at(2030-01-01T09:00:00)", e)
}
