package jobs

import (
	"fmt"
	"strconv"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/blueprints/internal/problems"
	"github.com/groundwork-iac/groundwork/components/aws/eventroutes"
	"github.com/groundwork-iac/groundwork/components/aws/golambda"
	"github.com/groundwork-iac/groundwork/components/aws/jobqueue"
	"github.com/groundwork-iac/groundwork/components/aws/schedules"
	"github.com/groundwork-iac/groundwork/components/aws/webhook"
	"github.com/groundwork-iac/groundwork/components/budgets"
	"github.com/groundwork-iac/groundwork/components/database"
	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/stackconfig"
)

// Plan is everything decided before a resource exists: validated, defaulted
// component arguments (their wiring to each other is added by Run) and the
// checked budgets.
type Plan struct {
	Settings  stackconfig.Settings
	Database  database.Endpoint
	Worker    golambda.Args
	Queue     jobqueue.Args
	Schedules *schedules.Args
	Events    *eventroutes.Args
	// Webhook is nil when the webhook is disabled.
	Webhook *webhook.Args
	Budgets budgets.Report
}

// Prepare validates the settings and builds the plan. The error lists every
// problem; nothing has been created when it is returned.
func Prepare(s stackconfig.Settings) (*Plan, error) {
	j := stackconfig.Jobs{}
	if s.Jobs != nil {
		j = *s.Jobs
	}
	p := &Plan{Settings: s, Database: s.Database.Normalized()}
	var errs problems.List
	errs.Add(stackconfig.Namespace+":", s.Database.Validate(database.Needs{Pooled: true}))
	errs.Add(stackconfig.Namespace+":", telemetrySettings(s, Name).Validate())

	w := withWorkerDefaults(j.Worker)
	slots := p.Database.ServerSlots()
	derived := w.MaxConcurrency == 0
	if derived {
		w.MaxConcurrency, _ = budgets.MaxConcurrencyFor(slots, WorkerPoolSize)
	}
	p.Worker = workerArgs(s, w)
	errs.Add(stackconfig.Key("jobs.worker: "), p.Worker.Validate())

	p.Queue = jobqueue.Args{BatchSize: w.BatchSize, BatchWindow: w.BatchWindow, MaxConcurrency: w.MaxConcurrency,
		VisibilityTimeout: w.VisibilityTimeout, Tags: blueprintTags}
	// The consumer's wiring exists only once the worker does; validate the
	// queue's settings against a stand-in carrying the worker's timeout.
	check := p.Queue
	check.Consumer = jobqueue.Consumer{Target: pulumi.String(""), FunctionName: pulumi.String(""), RoleName: pulumi.String(""), Timeout: w.Timeout}
	if p.Worker.Validate() != nil {
		// The worker's own check reports a bad timeout; don't repeat it.
		check.Consumer.Timeout = DefaultWorkerTimeout
	}
	errs.Add(stackconfig.Key("jobs.worker: "), check.Validate())

	if len(j.Schedules) > 0 {
		p.Schedules = &schedules.Args{Tags: blueprintTags}
		for _, sc := range j.Schedules {
			p.Schedules.Schedules = append(p.Schedules.Schedules, schedules.Schedule{Name: sc.Name, Expression: sc.Expression,
				Timezone: sc.Timezone, Payload: sc.Payload, Disabled: sc.Disabled})
		}
		check := *p.Schedules
		check.Target = jobqueue.Target{Arn: pulumi.String(""), DLQArn: pulumi.String("")}
		errs.Add(stackconfig.Key("jobs."), check.Validate())
	}
	if len(j.Events) > 0 {
		p.Events = &eventroutes.Args{Tags: blueprintTags}
		for _, e := range j.Events {
			p.Events.Rules = append(p.Events.Rules, eventroutes.Rule{Name: e.Name, Pattern: e.Pattern})
		}
		check := *p.Events
		check.Target = jobqueue.Target{Arn: pulumi.String(""), DLQArn: pulumi.String("")}
		errs.Add(stackconfig.Key("jobs."), check.Validate())
	}
	if j.Webhook.Enabled {
		key := j.Webhook.SigningSecret
		if !key.IsSet() {
			errs.AddErr(fmt.Errorf("%s is required when the webhook is enabled: generate one and give the same key to the sender: "+
				"pulumi config set --secret --path '%s' \"$(openssl rand -hex 32)\"",
				stackconfig.Key("jobs.webhook.signingSecret"), stackconfig.Key("jobs.webhook.signingSecret")))
		}
		p.Webhook = &webhook.Args{Path: j.Webhook.Path, SigningKey: key.Output(), MaxBodyBytes: j.Webhook.MaxBodyBytes,
			Telemetry: telemetrySettings(s, Name+"-webhook"), Tags: blueprintTags}
		if s.Mode == stackconfig.AlwaysWarm {
			p.Webhook.ProvisionedConcurrency = WarmReceivers
		}
		check := *p.Webhook
		check.QueueURL, check.QueueArn = pulumi.String(""), pulumi.String("")
		errs.Add(stackconfig.Key("jobs.webhook: "), check.Validate())
	}
	if err := errs.Err(); err != nil {
		return p, err
	}
	p.Budgets = p.budgets(w, derived)
	return p, p.Budgets.Err()
}

var blueprintTags = map[string]string{"blueprint": Name}

func withWorkerDefaults(w stackconfig.JobsWorker) stackconfig.JobsWorker {
	if w.Timeout == 0 {
		w.Timeout = DefaultWorkerTimeout
	}
	if w.StatementTimeout == 0 {
		w.StatementTimeout = DefaultStatementTimeout
	}
	if w.MessageTimeout == 0 {
		w.MessageTimeout = DefaultMessageTimeout
	}
	if w.BatchSize == 0 {
		w.BatchSize = jobqueue.DefaultBatchSize
	}
	return w
}

func telemetrySettings(s stackconfig.Settings, service string) telemetry.Settings {
	return telemetry.Settings{ServiceName: service, Endpoint: s.Telemetry.OTLPEndpoint, SampleRatio: s.Telemetry.SampleRatio,
		Environment: s.Stack, LogLevel: s.Telemetry.LogLevel}
}

func workerArgs(s stackconfig.Settings, w stackconfig.JobsWorker) golambda.Args {
	return golambda.Args{
		Package:     DefaultWorkerPackage,
		Description: "processes jobs from the work queue",
		Timeout:     w.Timeout,
		MemoryMB:    w.MemoryMB,
		Environment: map[string]pulumi.StringInput{
			workloadenv.DBPoolSize:         pulumi.String(strconv.Itoa(WorkerPoolSize)),
			workloadenv.DBStatementTimeout: pulumi.String(w.StatementTimeout.String()),
			workloadenv.DBConnectTimeout:   pulumi.String(database.DefaultConnectTimeout.String()),
			workloadenv.MessageTimeout:     pulumi.String(w.MessageTimeout.String()),
		},
		Telemetry: telemetrySettings(s, Name+"-worker"),
		Tags:      blueprintTags,
	}
}

func (p *Plan) budgets(w stackconfig.JobsWorker, derived bool) budgets.Report {
	db := p.Database
	in := budgets.JobsInput{
		Worker: budgets.JobsWorker{
			Timeout: w.Timeout, MessageTimeout: w.MessageTimeout, StatementTimeout: w.StatementTimeout,
			ConnectTimeout: database.DefaultConnectTimeout, SecretFetchTimeout: golambda.SecretFetchTimeout,
			BatchSize: w.BatchSize, BatchWindow: w.BatchWindow,
			Visibility:     w.VisibilityTimeout,
			QueueRetention: jobqueue.DefaultRetention, DLQRetention: jobqueue.DLQRetention,
			MaxConcurrency: w.MaxConcurrency, PoolSize: WorkerPoolSize,
		},
		Database: db.Capacity(),
	}
	if in.Worker.Visibility == 0 {
		in.Worker.Visibility = budgets.VisibilityFloor(w.Timeout, w.BatchWindow)
	}
	if p.Webhook != nil {
		r := webhook.Budget()
		in.Receiver = &r
	}
	r := budgets.Jobs(in)
	if derived {
		r.Derived = append(r.Derived, budgets.Derived{Knob: "jobs.worker.maxConcurrency", Value: strconv.Itoa(w.MaxConcurrency),
			From: fmt.Sprintf("server connections %d / pool size %d, within SQS's 2-1000", db.ServerSlots(), WorkerPoolSize)})
	}
	if w.VisibilityTimeout == 0 {
		r.Derived = append(r.Derived, budgets.Derived{Knob: "jobs.worker.visibilityTimeout", Value: in.Worker.Visibility.String(),
			From: "6 x worker timeout + batch window"})
	}
	for _, f := range db.Findings("worker connections") {
		r.Add(f)
	}
	if p.Settings.Telemetry.OTLPEndpoint == "" {
		r.Add(budgets.Finding{Severity: budgets.Warning, Budget: "telemetry", Knob: "telemetry.otlpEndpoint",
			Message: "no OTLP endpoint: spans are not exported (trace ids still reach the logs, and Lambda's X-Ray tracing is on); set telemetry.otlpEndpoint"})
	}
	return r
}
