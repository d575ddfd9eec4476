package jobs

import (
	"cmp"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/blueprints/internal/shared"
	"github.com/groundwork-iac/groundwork/components/aws/alerttopic"
	"github.com/groundwork-iac/groundwork/components/aws/eventroutes"
	"github.com/groundwork-iac/groundwork/components/aws/golambda"
	"github.com/groundwork-iac/groundwork/components/aws/jobqueue"
	"github.com/groundwork-iac/groundwork/components/aws/schedules"
	"github.com/groundwork-iac/groundwork/components/aws/webhook"
	"github.com/groundwork-iac/groundwork/components/budgets"
	"github.com/groundwork-iac/groundwork/components/database"
	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/stackconfig"
	"github.com/groundwork-iac/groundwork/webhooks"
)

// Plan is everything decided before a resource exists: validated, defaulted
// component arguments (their wiring to each other is added by Create) and
// the checked budgets.
type Plan struct {
	Settings  stackconfig.Settings
	Database  database.Endpoint
	Worker    golambda.Args
	Queue     jobqueue.Args
	Schedules *schedules.Args
	Events    *eventroutes.Args
	// Webhook is nil when the webhook is disabled.
	Webhook *webhook.Args
	// Alerts is the alert topic the kit creates; nil without
	// groundwork:alerts.emails.
	Alerts *alerttopic.Args
	// Report is the checked budgets; empty when settings had problems.
	Report budgets.Report
	// derived says the worker's max concurrency came from the budget.
	derived bool
}

// Budgets is the checked budget report.
func (p *Plan) Budgets() budgets.Report { return p.Report }

var blueprintTags = shared.Tags(Name)

// Prepare validates the settings and builds the plan. The error lists every
// problem; nothing has been created when it is returned.
func Prepare(s stackconfig.Settings) (*Plan, error) {
	j := stackconfig.Jobs{}
	if s.Jobs != nil {
		j = *s.Jobs
	}
	p := &Plan{Settings: s, Database: s.Database.Normalized()}
	var problems problem.List
	problems.Extend(stackconfig.Key(stackconfig.KeyDatabase), s.Database.Check(database.Needs{Pooled: true}))
	shared.CheckTelemetry(s, &problems)
	p.prepareWorker(j.Worker, &problems)
	p.prepareRoutes(j, &problems)
	p.prepareWebhook(s, j, &problems)
	p.prepareRetention(j, &problems)
	p.prepareAlerts(s, &problems)
	if err := problems.Err(); err != nil {
		return p, err
	}
	p.Report = p.budgets()
	return p, p.Report.Err()
}

// prepareWorker builds the worker and its queue; the queue's consumer is
// the worker, wired by Create, and only its timeout is known now.
func (p *Plan) prepareWorker(w stackconfig.JobsWorker, problems *problem.List) {
	timeout := cmp.Or(w.Timeout.D(), DefaultWorkerTimeout)
	concurrency := w.MaxConcurrency
	if p.derived = concurrency == 0; p.derived {
		concurrency, _ = jobqueue.MaxConcurrencyFor(p.Database.ServerSlots(), workloadenv.DefaultPoolSize)
	}
	p.Worker = golambda.Args{
		Package:     DefaultWorkerPackage,
		Description: "processes jobs from the work queue",
		Timeout:     timeout,
		MemoryMB:    w.MemoryMB,
		Environment: map[string]pulumi.StringInput{
			workloadenv.DBPoolSize:         pulumi.String(strconv.Itoa(workloadenv.DefaultPoolSize)),
			workloadenv.DBStatementTimeout: pulumi.String(p.statementTimeout().String()),
			workloadenv.DBConnectTimeout:   pulumi.String(workloadenv.DefaultConnectTimeout.String()),
			workloadenv.MessageTimeout:     pulumi.String(p.messageTimeout().String()),
		},
		Telemetry: shared.Telemetry(p.Settings, Name+"-worker"),
		Tags:      blueprintTags,
	}
	p.Queue = jobqueue.Args{Consumer: jobqueue.Consumer{Timeout: timeout},
		BatchSize: cmp.Or(w.BatchSize, jobqueue.DefaultBatchSize), BatchWindow: w.BatchWindow.D(), MaxConcurrency: concurrency,
		VisibilityTimeout: w.VisibilityTimeout.D(), Tags: blueprintTags}
	key := stackconfig.Key(stackconfig.KnobJobsWorker)
	problems.Extend(key, p.Worker.Check())
	problems.Extend(key, p.Queue.Check())
}

// prepareRoutes builds the schedules and event rules into the queue.
func (p *Plan) prepareRoutes(j stackconfig.Jobs, problems *problem.List) {
	key := stackconfig.Key(stackconfig.KeyJobs)
	if len(j.Schedules) > 0 {
		p.Schedules = &schedules.Args{Tags: blueprintTags}
		for _, sc := range j.Schedules {
			p.Schedules.Schedules = append(p.Schedules.Schedules, schedules.Schedule{Name: sc.Name, Expression: sc.Expression,
				Timezone: sc.Timezone, Payload: sc.Payload, Disabled: sc.Disabled})
		}
		problems.Extend(key, p.Schedules.Check())
	}
	if len(j.Events) > 0 {
		p.Events = &eventroutes.Args{Tags: blueprintTags}
		for _, e := range j.Events {
			p.Events.Rules = append(p.Events.Rules, eventroutes.Rule{Name: e.Name, Pattern: e.Pattern})
		}
		problems.Extend(key, p.Events.Check().Renamed(map[string]string{"rules": "events"}))
	}
}

// prepareWebhook builds the ingress, one route per endpoint; its queue is
// wired by Create.
func (p *Plan) prepareWebhook(s stackconfig.Settings, j stackconfig.Jobs, problems *problem.List) {
	if len(j.Webhook) > 0 && string(j.Webhook) != "null" {
		problems.Add(stackconfig.Key(stackconfig.KnobJobsWebhook), "%s", legacyWebhookMessage)
	}
	if len(j.Webhooks) == 0 {
		return
	}
	key := stackconfig.Key(stackconfig.KnobJobsWebhooks)
	p.Webhook = &webhook.Args{Telemetry: shared.Telemetry(s, Name+"-webhook"), Tags: blueprintTags}
	for i, e := range j.Webhooks {
		ep := webhook.Endpoint{Name: e.Name, Path: e.Path, Scheme: webhooks.Scheme(e.Scheme), Tolerance: e.Tolerance.D(), MaxBodyBytes: e.MaxBodyBytes}
		scheme, schemeErr := webhooks.ParseScheme(e.Scheme)
		for k, sec := range e.Secrets {
			field := fmt.Sprintf("%s[%d].secrets[%d]", key, i, k)
			switch {
			case !sec.IsSet():
				problems.Add(field, "is empty; set it with pulumi config set --secret --path '%s' ...", field)
			case sec.Opaque() || schemeErr != nil:
				// Encrypted (offline) or a scheme refused below: nothing to check.
			default:
				if err := webhooks.CheckSecret(scheme, sec.Reveal()); err != nil {
					problems.Add(field, "%v", err) // the rule and the fix, never the secret
				}
			}
			ep.Secrets = append(ep.Secrets, sec.Output())
		}
		if len(e.Secrets) == 0 {
			problems.Add(fmt.Sprintf("%s[%d].secrets", key, i), "are required: the %s signing secrets; set one with pulumi config set --secret --path '%s[%d].secrets[0]' ...",
				cmp.Or(e.Scheme, "sender's"), key, i)
		}
		p.Webhook.Endpoints = append(p.Webhook.Endpoints, ep)
	}
	if s.Mode == stackconfig.AlwaysWarm {
		p.Webhook.ProvisionedConcurrency = WarmReceivers
	}
	problems.Extend(stackconfig.Key(stackconfig.KeyJobs), p.Webhook.Check().Renamed(map[string]string{"endpoints": "webhooks"}))
}

// legacyWebhookMessage is the refusal of the old single-endpoint section,
// with the config to write instead.
const legacyWebhookMessage = `is the old single-endpoint section, whose own X-Webhook-Signature scheme no sender uses; ` +
	`webhooks is now a list of endpoints, one per sender, each with its scheme (standard, stripe, github, slack, shopify) and its secrets. ` +
	`For a sender you control, sign as Standard Webhooks; remove webhook and write:
  groundwork:jobs:
    webhooks:
      - name: default
        path: /webhook
        scheme: standard
then set a new secret (the old hex key is not a Standard Webhooks key):
  pulumi config set --secret --path 'groundwork:jobs.webhooks[0].secrets[0]' "whsec_$(openssl rand -base64 32)"`

// prepareRetention is the daily job that deletes processed jobs, and so
// their idempotency keys, past the retention.
func (p *Plan) prepareRetention(j stackconfig.Jobs, problems *problem.List) {
	retention := cmp.Or(j.KeyRetention.D(), workloadenv.DefaultKeyRetention)
	if retention < MinKeyRetention {
		problems.Add(stackconfig.Key(stackconfig.KnobJobsKeyRetention), "must be at least %s, longer than every supported sender retries, got %s; "+
			"a shorter retention forgets a key a retry still carries", MinKeyRetention, retention)
	}
	for i, sc := range j.Schedules {
		if sc.Name == workloadenv.KeyRetentionKind {
			problems.Add(fmt.Sprintf("%s[%d].name", stackconfig.Key("jobs.schedules"), i), "is %q, the kit's own retention job; pick another name", sc.Name)
		}
	}
	if p.Schedules == nil {
		p.Schedules = &schedules.Args{Tags: blueprintTags}
	}
	payload, _ := json.Marshal(map[string]string{"older_than": retention.String()})
	p.Schedules.Schedules = append(p.Schedules.Schedules, schedules.Schedule{Name: workloadenv.KeyRetentionKind,
		Expression: workloadenv.DefaultKeyRetentionSchedule, Payload: payload})
}

// snsTopicArn is an SNS topic's ARN (docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html:
// names of 1-256 letters, digits, hyphens and underscores).
var snsTopicArn = regexp.MustCompile(`^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$`)

// prepareAlerts decides where the alarms notify.
func (p *Plan) prepareAlerts(s stackconfig.Settings, problems *problem.List) {
	shared.CheckEmails(s, problems)
	if arn := s.Alerts.SNSTopicArn; arn != "" && !snsTopicArn.MatchString(arn) {
		problems.Add(stackconfig.Key(stackconfig.KnobAlertsSNSTopicArn), "must be an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:oncall, got %q", problem.Shown(arn))
	}
	if len(s.Alerts.Emails) > 0 {
		p.Alerts = &alerttopic.Args{Emails: s.Alerts.Emails, Tags: blueprintTags}
	}
}
