package jobs

import (
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
	"github.com/groundwork-iac/groundwork/components/notify"
	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/stackconfig"
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
	p.prepareWebhook(s, j.Webhook, &problems)
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
	timeout := shared.Or(w.Timeout.D(), DefaultWorkerTimeout)
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
		BatchSize: shared.Or(w.BatchSize, jobqueue.DefaultBatchSize), BatchWindow: w.BatchWindow.D(), MaxConcurrency: concurrency,
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

// prepareWebhook builds the ingress; its queue is wired by Create.
func (p *Plan) prepareWebhook(s stackconfig.Settings, h stackconfig.JobsWebhook, problems *problem.List) {
	if !h.Enabled {
		return
	}
	key := stackconfig.Key(stackconfig.KnobJobsWebhookSigningSecret)
	switch sec := h.SigningSecret; {
	case !sec.IsSet():
		problems.Add(key, "is required when the webhook is enabled: generate one and give the same key to the sender: "+
			"pulumi config set --secret --path '%s' \"$(openssl rand -hex 32)\"", key)
	case !sec.Opaque() && len(sec.Reveal()) < MinSigningSecretBytes:
		// The length only: never the secret or any part of it.
		problems.Add(key, "must be at least %d characters, got %d: an HMAC key is only as strong as its length; "+
			"generate one with pulumi config set --secret --path '%s' \"$(openssl rand -hex 32)\"", MinSigningSecretBytes, len(sec.Reveal()), key)
	}
	p.Webhook = &webhook.Args{Path: h.Path, SigningKey: h.SigningSecret.Output(), MaxBodyBytes: h.MaxBodyBytes,
		Telemetry: shared.Telemetry(s, Name+"-webhook"), Tags: blueprintTags}
	if s.Mode == stackconfig.AlwaysWarm {
		p.Webhook.ProvisionedConcurrency = WarmReceivers
	}
	problems.Extend(stackconfig.Key(stackconfig.KnobJobsWebhook), p.Webhook.Check())
}

// snsTopicArn is an SNS topic's ARN (docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html:
// names of 1-256 letters, digits, hyphens and underscores).
var snsTopicArn = regexp.MustCompile(`^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$`)

// prepareAlerts decides where the alarms notify.
func (p *Plan) prepareAlerts(s stackconfig.Settings, problems *problem.List) {
	shared.CheckEmails(s, problems)
	if arn := s.Alerts.SNSTopicArn; arn != "" && !snsTopicArn.MatchString(arn) {
		problems.Add(stackconfig.Key(stackconfig.KnobAlertsSNSTopicArn), "must be an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:oncall, got %q", notify.Bounded(arn))
	}
	if len(s.Alerts.Emails) > 0 {
		p.Alerts = &alerttopic.Args{Emails: s.Alerts.Emails, Tags: blueprintTags}
	}
}
