package webhook

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/apigatewayv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/aws/awssecret"
	"github.com/groundwork-iac/groundwork/components/aws/golambda"
	"github.com/groundwork-iac/groundwork/components/aws/iampolicy"
	"github.com/groundwork-iac/groundwork/components/aws/jobqueue"
	"github.com/groundwork-iac/groundwork/components/budgets"
	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/webhooks"
)

// TypeToken is this component's Pulumi type. Changing it replaces every instance.
const TypeToken = "groundwork:aws:WebhookIngress"

// Args configure the ingress. Zero values mean the default named in each comment.
type Args struct {
	// Queue is the job queue webhooks go to (jobqueue's Producer()). Required.
	Queue jobqueue.Producer
	// Endpoints are the senders, one route and one receiver each (each
	// receiver reads only its endpoint's secrets). At least one; the first
	// keeps the names a single-endpoint ingress had.
	Endpoints []Endpoint
	// Package and Dir select the receiver to build (see golambda.Args). If
	// Package is empty, DefaultReceiverPackage.
	Package, Dir string
	// MemoryMB of each receiver. If zero, golambda.DefaultMemoryMB.
	MemoryMB int
	// Telemetry of the receivers; ServiceName defaults to the component
	// name (the first endpoint) or name-endpoint.
	Telemetry telemetry.Settings
	// Secrets are more secrets each receiver reads at init, such as the
	// OTLP headers (workloadenv.OTLPHeadersSecretARN).
	Secrets []golambda.SecretEnv
	// ProvisionedConcurrency keeps receivers warm (always-warm mode).
	ProvisionedConcurrency int
	// ThrottleRate (requests/s) and ThrottleBurst cap each route. If zero,
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

// Endpoint is one sender.
type Endpoint struct {
	// Name names the endpoint's resources and namespaces its idempotency
	// keys: 1-20 of a-z, 0-9, -.
	Name string
	// Path is the route, e.g. /webhooks/stripe. If empty, workloadenv.DefaultWebhookPath.
	Path string
	// Scheme is how the sender signs. Required.
	Scheme webhooks.Scheme
	// Secrets are the signing secrets, as the sender prints them (several
	// during a rotation); stored in Secrets Manager as a JSON list, as a
	// Pulumi secret. At least one.
	Secrets []pulumi.StringInput
	// Tolerance is the signed timestamp's window. If zero, the scheme's.
	Tolerance time.Duration
	// MaxBodyBytes caps the body; larger requests get 413. If zero, workloadenv.DefaultWebhookMaxBodyBytes.
	MaxBodyBytes int
}

// Ingress is the component.
type Ingress struct {
	pulumi.ResourceState

	// Receivers and SigningKeys are per endpoint, in order; Receiver and
	// SigningKey are the first endpoint's.
	Receivers   []*golambda.Function
	SigningKeys []*awssecret.Secret
	Receiver    *golambda.Function
	SigningKey  *awssecret.Secret
	API         *apigatewayv2.Api
	Stage       *apigatewayv2.Stage

	// URL is where the first endpoint's sender posts; URLs each endpoint's,
	// by name.
	URL  pulumi.StringOutput    `pulumi:"url"`
	URLs pulumi.StringMapOutput `pulumi:"urls"`
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

// New creates, per endpoint, its secrets and its receiver, and the HTTP API
// with a route to each.
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
	for i, e := range a.Endpoints {
		prefix := childPrefix(name, i, e)
		secret, err := awssecret.New(ctx, prefix+suffixKey, awssecret.Args{
			Description: fmt.Sprintf("signing secrets of the %s webhook endpoint %s (%s), a JSON list", name, e.Name, e.Scheme),
			Value:       secretList(e.Secrets),
			Tags:        a.Tags,
		}, parent)
		if err != nil {
			return nil, err
		}
		fn, err := createReceiver(ctx, name, prefix, a, e, secret, parent)
		if err != nil {
			return nil, err
		}
		in.SigningKeys = append(in.SigningKeys, secret)
		in.Receivers = append(in.Receivers, fn)
	}
	in.SigningKey, in.Receiver = in.SigningKeys[0], in.Receivers[0]
	if err := createAPI(ctx, name, a, in, parent); err != nil {
		return nil, err
	}
	return in, ctx.RegisterResourceOutputs(in, pulumi.Map{"url": in.URL, "urls": in.URLs})
}

// childPrefix names an endpoint's children: the first endpoint's are the
// ingress's own names (so a single-endpoint ingress keeps its URNs), the
// others carry the endpoint's name.
func childPrefix(name string, i int, e Endpoint) string {
	if i == 0 {
		return name
	}
	return name + "-" + e.Name
}

// secretList is the Secrets Manager value: the secrets as a JSON list, a
// Pulumi secret.
func secretList(secrets []pulumi.StringInput) pulumi.StringOutput {
	all := make([]any, len(secrets))
	for i, s := range secrets {
		all[i] = s
	}
	return pulumi.ToSecret(pulumi.All(all...).ApplyT(func(v []any) (string, error) {
		list := make([]string, len(v))
		for i, x := range v {
			list[i] = x.(string)
		}
		b, err := json.Marshal(list)
		return string(b), err
	})).(pulumi.StringOutput)
}

func createReceiver(ctx *pulumi.Context, name, prefix string, a Args, e Endpoint, key *awssecret.Secret, parent pulumi.ResourceOption) (*golambda.Function, error) {
	secrets := append([]golambda.SecretEnv{{Env: workloadenv.WebhookSecretARN, ARN: key.Arn}}, a.Secrets...)
	tel := a.Telemetry
	if tel.ServiceName == "" {
		tel.ServiceName = prefix
	} else if prefix != name {
		tel.ServiceName += "-" + e.Name
	}
	env := map[string]pulumi.StringInput{
		workloadenv.JobQueueURL:          a.Queue.URL,
		workloadenv.WebhookEndpoint:      pulumi.String(e.Name),
		workloadenv.WebhookScheme:        pulumi.String(string(e.Scheme)),
		workloadenv.WebhookPath:          pulumi.String(e.Path),
		workloadenv.WebhookMaxBodyBytes:  pulumi.String(strconv.Itoa(e.MaxBodyBytes)),
		workloadenv.WebhookSecretVersion: key.Version.VersionId,
		workloadenv.HandlerTimeout:       pulumi.String(workloadenv.DefaultHandlerTimeout.String()),
		workloadenv.EnqueueTimeout:       pulumi.String(workloadenv.DefaultEnqueueTimeout.String()),
	}
	if e.Tolerance > 0 {
		env[workloadenv.WebhookTolerance] = pulumi.String(e.Tolerance.String())
	}
	return golambda.New(ctx, prefix+suffixReceiver, golambda.Args{
		Package:                a.Package,
		Dir:                    a.Dir,
		Description:            fmt.Sprintf("verifies %s webhooks on %s and enqueues them as jobs", e.Scheme, e.Path),
		Timeout:                Timeout,
		MemoryMB:               a.MemoryMB,
		Environment:            env,
		Secrets:                secrets,
		Telemetry:              tel,
		Statements:             []iampolicy.Statement{a.Queue.SendStatement()},
		ProvisionedConcurrency: a.ProvisionedConcurrency,
		Tags:                   a.Tags,
	}, parent)
}
