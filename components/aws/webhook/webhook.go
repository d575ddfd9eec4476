package webhook

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/apigatewayv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/aws/awslimits"
	"github.com/groundwork-iac/groundwork/components/aws/awssecret"
	"github.com/groundwork-iac/groundwork/components/aws/golambda"
	"github.com/groundwork-iac/groundwork/components/aws/iampolicy"
	"github.com/groundwork-iac/groundwork/components/aws/jobqueue"
	"github.com/groundwork-iac/groundwork/components/budgets"
	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

// TypeToken is this component's Pulumi type. Changing it replaces every instance.
const TypeToken = "groundwork:aws:WebhookIngress"

// Args configure the ingress. Zero values mean the default named in each comment.
type Args struct {
	// Queue is the job queue webhooks go to (jobqueue's Producer()). Required.
	Queue jobqueue.Producer
	// SigningKey is the HMAC key shared with the sender; it is stored in
	// Secrets Manager as a Pulumi secret. Required.
	SigningKey pulumi.StringInput
	// Path is the only route, e.g. /webhook. If empty, workloadenv.DefaultWebhookPath.
	Path string
	// Package and Dir select the receiver to build (see golambda.Args). If
	// Package is empty, DefaultReceiverPackage.
	Package, Dir string
	// MemoryMB of the receiver. If zero, golambda.DefaultMemoryMB.
	MemoryMB int
	// Telemetry of the receiver; ServiceName defaults to the component name.
	Telemetry telemetry.Settings
	// Secrets are more secrets the receiver reads at init, such as the OTLP
	// headers (workloadenv.OTLPHeadersSecretARN).
	Secrets []golambda.SecretEnv
	// ProvisionedConcurrency keeps receivers warm (always-warm mode).
	ProvisionedConcurrency int
	// MaxBodyBytes caps the body; larger requests get 413. If zero, workloadenv.DefaultWebhookMaxBodyBytes.
	MaxBodyBytes int
	// Tolerance is the replay window. If zero, workloadenv.DefaultWebhookTolerance.
	Tolerance time.Duration
	// ThrottleRate (requests/s) and ThrottleBurst cap the route. If zero,
	// DefaultThrottleRate and DefaultThrottleBurst.
	ThrottleRate  float64
	ThrottleBurst int
	// AlarmActions are notified when the 5xx or 4xx alarm fires and when it
	// recovers (an alerttopic's TopicArn). Without them the alarms notify
	// no one.
	AlarmActions []pulumi.StringInput
	// Tags are added to every child.
	Tags map[string]string
}

// Ingress is the component.
type Ingress struct {
	pulumi.ResourceState

	Receiver   *golambda.Function
	SigningKey *awssecret.Secret
	API        *apigatewayv2.Api
	Stage      *apigatewayv2.Stage

	// URL is where senders post.
	URL pulumi.StringOutput `pulumi:"url"`
}

var pathRE = regexp.MustCompile(`^/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$`)

// Check is pure: it checks the settings and returns every problem at once,
// each with its fix. New also checks the wiring (the queue and the key).
func (a Args) Check() problem.List {
	var out problem.List
	if a.Path != "" && (len(a.Path) > MaxPathBytes || !pathRE.MatchString(a.Path)) {
		out.Add("path", "must look like /webhook or /hooks/github (no trailing slash, no spaces or parameters), got %q", a.Path)
	}
	if a.MaxBodyBytes < 0 || a.MaxBodyBytes > awslimits.SQSMaxMessageBytes {
		out.Add("maxBodyBytes", "must be between 1 and %d (the SQS message limit; larger payloads belong in object storage), got %d",
			awslimits.SQSMaxMessageBytes, a.MaxBodyBytes)
	}
	if a.Tolerance < 0 || a.Tolerance > MaxTolerance {
		out.Add("tolerance", "must be between 1s and %s, got %s; a long window admits replays", MaxTolerance, a.Tolerance)
	}
	if a.ThrottleRate < 0 || a.ThrottleBurst < 0 {
		out.Add("throttleRate", "and throttleBurst must not be negative, got %v and %d", a.ThrottleRate, a.ThrottleBurst)
	}
	return out
}

func (a Args) wiring() problem.List {
	var out problem.List
	if !a.Queue.Linked() {
		out.Add("queue", "is required: the job queue webhooks go to; pass jobqueue's Producer()")
	}
	if a.SigningKey == nil {
		out.Add("signingKey", "is required: the HMAC key shared with the sender")
	}
	return out
}

func (a Args) withDefaults() Args {
	if a.Path == "" {
		a.Path = workloadenv.DefaultWebhookPath
	}
	if a.Package == "" && a.Dir == "" {
		a.Package = DefaultReceiverPackage
	}
	if a.MaxBodyBytes == 0 {
		a.MaxBodyBytes = workloadenv.DefaultWebhookMaxBodyBytes
	}
	if a.Tolerance == 0 {
		a.Tolerance = workloadenv.DefaultWebhookTolerance
	}
	if a.ThrottleRate == 0 {
		a.ThrottleRate = DefaultThrottleRate
	}
	if a.ThrottleBurst == 0 {
		a.ThrottleBurst = DefaultThrottleBurst
	}
	return a
}

// Ladder is the receiver's timeout ladder: the enqueue call inside the
// handler's deadline, inside the function's timeout, inside the HTTP API's
// integration timeout, inside what senders wait.
func Ladder() budgets.Ladder {
	return budgets.Ladder{Name: "webhook timeouts", Rungs: []budgets.Rung{
		{Name: "enqueue timeout", Knob: budgets.KitDefault, Value: workloadenv.DefaultEnqueueTimeout},
		{Name: "receiver handler deadline", Knob: budgets.KitDefault, Value: workloadenv.DefaultHandlerTimeout},
		{Name: "receiver Lambda timeout", Knob: budgets.KitDefault, Value: Timeout, MayEqualNext: true},
		{Name: "HTTP API integration timeout", Knob: budgets.KitDefault, Value: IntegrationTimeout, MayEqualNext: true},
		{Name: "webhook sender timeout", Knob: budgets.Sender, Value: SenderTimeout},
	}}
}

// New creates the signing key, the receiver and the HTTP API.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Ingress, error) {
	if err := append(args.Check(), args.wiring()...).ErrIn(fmt.Sprintf("webhook %q", name)); err != nil {
		return nil, err
	}
	a := args.withDefaults()
	in := &Ingress{}
	if err := ctx.RegisterComponentResource(TypeToken, name, in, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(in)
	var err error
	if in.SigningKey, err = awssecret.New(ctx, name+suffixKey, awssecret.Args{
		Description: fmt.Sprintf("HMAC-SHA256 key that signs webhooks for %s", name),
		Value:       a.SigningKey,
		Tags:        a.Tags,
	}, parent); err != nil {
		return nil, err
	}
	if in.Receiver, err = createReceiver(ctx, name, a, in.SigningKey, parent); err != nil {
		return nil, err
	}
	if err := createAPI(ctx, name, a, in, parent); err != nil {
		return nil, err
	}
	return in, ctx.RegisterResourceOutputs(in, pulumi.Map{"url": in.URL})
}

func createReceiver(ctx *pulumi.Context, name string, a Args, key *awssecret.Secret, parent pulumi.ResourceOption) (*golambda.Function, error) {
	secrets := append([]golambda.SecretEnv{{Env: workloadenv.WebhookSecretARN, ARN: key.Arn}}, a.Secrets...)
	tel := a.Telemetry
	if tel.ServiceName == "" {
		tel.ServiceName = name
	}
	return golambda.New(ctx, name+suffixReceiver, golambda.Args{
		Package:     a.Package,
		Dir:         a.Dir,
		Description: "verifies signed webhooks and enqueues them as jobs",
		Timeout:     Timeout,
		MemoryMB:    a.MemoryMB,
		Environment: map[string]pulumi.StringInput{
			workloadenv.JobQueueURL:         a.Queue.URL,
			workloadenv.WebhookPath:         pulumi.String(a.Path),
			workloadenv.WebhookMaxBodyBytes: pulumi.String(strconv.Itoa(a.MaxBodyBytes)),
			workloadenv.WebhookTolerance:    pulumi.String(a.Tolerance.String()),
			workloadenv.HandlerTimeout:      pulumi.String(workloadenv.DefaultHandlerTimeout.String()),
			workloadenv.EnqueueTimeout:      pulumi.String(workloadenv.DefaultEnqueueTimeout.String()),
		},
		Secrets:                secrets,
		Telemetry:              tel,
		Statements:             []iampolicy.Statement{a.Queue.SendStatement()},
		ProvisionedConcurrency: a.ProvisionedConcurrency,
		Tags:                   a.Tags,
	}, parent)
}
