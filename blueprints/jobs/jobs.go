package jobs

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/aws/alerttopic"
	"github.com/groundwork-iac/groundwork/components/aws/awssecret"
	"github.com/groundwork-iac/groundwork/components/aws/eventroutes"
	"github.com/groundwork-iac/groundwork/components/aws/golambda"
	"github.com/groundwork-iac/groundwork/components/aws/jobqueue"
	"github.com/groundwork-iac/groundwork/components/aws/lambdabuild"
	"github.com/groundwork-iac/groundwork/components/aws/schedules"
	"github.com/groundwork-iac/groundwork/components/aws/webhook"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

// Blueprint is the component that parents everything the blueprint creates.
type Blueprint struct {
	pulumi.ResourceState

	Worker    *golambda.Function
	Queue     *jobqueue.JobQueue
	Schedules *schedules.Schedules
	Events    *eventroutes.EventRoutes
	Webhook   *webhook.Ingress
	// Alerts is the topic the alarms notify, when the kit creates it.
	Alerts *alerttopic.AlertTopic
}

// Create registers the blueprint's resources and returns its stack outputs.
func (p *Plan) Create(ctx *pulumi.Context) (pulumi.Map, error) {
	bp := &Blueprint{}
	if err := ctx.RegisterComponentResource(TypeToken, Name, bp); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(bp)
	packages := []string{p.Worker.Package}
	if p.Webhook != nil {
		packages = append(packages, webhook.DefaultReceiverPackage)
	}
	lambdabuild.Prebuild(ctx.Context(), "", packages...)
	dbURL, err := awssecret.New(ctx, Name+"-db-url", awssecret.Args{
		Description: "pooled database URL of the jobs worker",
		Value:       p.Database.PooledURL.Output(),
		Tags:        blueprintTags,
	}, parent)
	if err != nil {
		return nil, err
	}
	worker := p.Worker
	worker.Secrets = []golambda.SecretEnv{{Env: workloadenv.DatabaseURLSecretARN, ARN: dbURL.Arn}}
	var headers []golambda.SecretEnv
	if h := p.Settings.Telemetry.OTLPHeaders; h.IsSet() {
		secret, err := awssecret.New(ctx, Name+"-otlp-headers", awssecret.Args{
			Description: "OTEL_EXPORTER_OTLP_HEADERS of the jobs workloads",
			Value:       h.Output(),
			Tags:        blueprintTags,
		}, parent)
		if err != nil {
			return nil, err
		}
		headers = []golambda.SecretEnv{{Env: workloadenv.OTLPHeadersSecretARN, ARN: secret.Arn}}
		worker.Secrets = append(worker.Secrets, headers...)
	}
	if bp.Worker, err = golambda.New(ctx, Name+"-worker", worker, parent); err != nil {
		return nil, err
	}
	actions, err := p.createAlerts(ctx, bp, parent)
	if err != nil {
		return nil, err
	}

	queue := p.Queue
	queue.Consumer, queue.AlarmActions = jobqueue.ConsumerOf(bp.Worker), actions
	// Rules need the queue's ARN and the queue policy needs the rules' ARNs:
	// the policy takes them through a deferred output.
	var resolveRuleArns func(pulumi.Output)
	if p.Events != nil {
		arns, resolve := pulumi.DeferredOutput[[]string](ctx.Context())
		resolved := false
		resolveRuleArns = func(o pulumi.Output) { resolved = true; resolve(o) }
		// On an error below, the policy's deferred input must still
		// resolve, or the SDK waits for it forever instead of failing.
		defer func() {
			if !resolved {
				resolve(pulumi.StringArray{}.ToStringArrayOutput())
			}
		}()
		queue.Senders = append(queue.Senders, jobqueue.Sender{Sid: "FromEventRules", Service: eventroutes.EventsPrincipal,
			SourceArns: pulumi.StringArrayOutput{OutputState: arns.OutputState}, ToDLQ: true})
	}
	if bp.Queue, err = jobqueue.New(ctx, Name, queue, parent); err != nil {
		return nil, err
	}
	if p.Events != nil {
		events := *p.Events
		events.Target = bp.Queue.Target()
		if bp.Events, err = eventroutes.New(ctx, Name+"-events", events, parent); err != nil {
			return nil, err
		}
		resolveRuleArns(bp.Events.RuleArns)
	}
	if p.Schedules != nil {
		sched := *p.Schedules
		sched.Target = bp.Queue.Target()
		if bp.Schedules, err = schedules.New(ctx, Name+"-schedules", sched, parent); err != nil {
			return nil, err
		}
	}
	if p.Webhook != nil {
		hook := *p.Webhook
		hook.Queue, hook.Secrets, hook.AlarmActions = bp.Queue.Producer(), headers, actions
		if bp.Webhook, err = webhook.New(ctx, Name+"-webhook", hook, parent); err != nil {
			return nil, err
		}
	}
	if err := p.createRouteMetrics(ctx, bp, parent); err != nil {
		return nil, err
	}
	if err := p.createDashboard(ctx, bp, parent); err != nil {
		return nil, err
	}
	out := outputs(bp)
	return out, ctx.RegisterResourceOutputs(bp, out)
}

// outputs are the stack outputs: the queues, the worker, and the optional
// parts' entry points.
func outputs(bp *Blueprint) pulumi.Map {
	out := pulumi.Map{"queueUrl": bp.Queue.QueueURL, "dlqUrl": bp.Queue.DLQURL, "workerFunction": bp.Worker.Name}
	if bp.Webhook != nil {
		out["webhookUrl"] = bp.Webhook.URL
	}
	if bp.Events != nil {
		out["eventBusName"] = bp.Events.BusName
	}
	if bp.Schedules != nil {
		out["scheduleGroup"] = bp.Schedules.GroupName
	}
	if bp.Alerts != nil {
		out["alertTopic"] = bp.Alerts.TopicArn
	}
	return out
}

// createAlerts is where the alarms notify: the kit's own topic for
// groundwork:alerts.emails, and the team's topic if it names one.
func (p *Plan) createAlerts(ctx *pulumi.Context, bp *Blueprint, parent pulumi.ResourceOption) ([]pulumi.StringInput, error) {
	var actions []pulumi.StringInput
	if p.Alerts != nil {
		var err error
		if bp.Alerts, err = alerttopic.New(ctx, Name+"-alerts", *p.Alerts, parent); err != nil {
			return nil, err
		}
		actions = append(actions, bp.Alerts.TopicArn)
	}
	if arn := p.Settings.Alerts.SNSTopicArn; arn != "" {
		actions = append(actions, pulumi.String(arn))
	}
	return actions, nil
}
