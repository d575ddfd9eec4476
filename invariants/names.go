package invariants

import (
	"regexp"

	"github.com/groundwork-iac/groundwork/pulumitest"
)

// RuleNameFits is the invariant that every name a cloud sees fits that
// cloud's rule.
const RuleNameFits = "name-within-service-limits"

// AutonameSuffix is what Pulumi appends to a logical name when a resource
// has no explicit name: a dash and seven random characters.
const AutonameSuffix = 8

// nameRule is one service's rule for a resource's name; input is the input
// that carries an explicit name (empty: the resource is always autonamed).
type nameRule struct {
	input   string
	max     int
	charset *regexp.Regexp
	source  string
}

var (
	awsName  = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	iamName  = regexp.MustCompile(`^[\w+=,.@-]+$`)
	ruleName = regexp.MustCompile(`^[.\-_A-Za-z0-9]+$`)
	runName  = regexp.MustCompile(`^[a-z]([a-z0-9-]*[a-z0-9])?$`)
	cfName   = regexp.MustCompile(`^[a-z0-9-]+$`)
)

// nameRules, per resource type, each from the service's API reference.
var nameRules = map[string]nameRule{
	"aws:lambda/function:Function":                 {"name", 64, awsName, "docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html"},
	"aws:sqs/queue:Queue":                          {"name", 80, awsName, "docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html"},
	"aws:iam/role:Role":                            {"name", 64, iamName, "docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html"},
	"aws:iam/rolePolicy:RolePolicy":                {"name", 128, iamName, "docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html"},
	"aws:cloudwatch/eventRule:EventRule":           {"name", 64, ruleName, "docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html"},
	"aws:cloudwatch/eventBus:EventBus":             {"name", 256, ruleName, "docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html"},
	"aws:scheduler/schedule:Schedule":              {"name", 64, ruleName, "docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html"},
	"aws:scheduler/scheduleGroup:ScheduleGroup":    {"name", 64, ruleName, "docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateScheduleGroup.html"},
	"aws:cloudwatch/metricAlarm:MetricAlarm":       {"name", 255, nil, "docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html"},
	"aws:apigatewayv2/api:Api":                     {"name", 128, nil, "docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html"},
	"aws:sns/topic:Topic":                          {"name", 256, awsName, "docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html"},
	"gcp:cloudrunv2/service:Service":               {"name", 49, runName, "cloud.google.com/run/docs/reference/rest/v2/projects.locations.services/create"},
	"cloudflare:index/workersScript:WorkersScript": {"name", 63, cfName, "developers.cloudflare.com/workers/configuration/"},
}

func checkName(r *pulumitest.Resource, add func(string, *pulumitest.Resource, string, ...any)) {
	rule, ok := nameRules[r.Type]
	if !ok {
		return
	}
	name, err := r.String(rule.input)
	explicit := err == nil
	if !explicit {
		name = r.Name
	}
	n := len(name)
	if !explicit {
		n += AutonameSuffix
	}
	switch {
	case n > rule.max && explicit:
		add(RuleNameFits, r, "name %q is %d characters; the service allows %d (%s)", name, n, rule.max, rule.source)
	case n > rule.max:
		add(RuleNameFits, r, "its name will be %d characters (the logical name and Pulumi's %d-character suffix); the service allows %d (%s); shorten the component's name",
			n, AutonameSuffix, rule.max, rule.source)
	case rule.charset != nil && !rule.charset.MatchString(name):
		add(RuleNameFits, r, "name %q has characters the service refuses (%s)", name, rule.source)
	}
}
