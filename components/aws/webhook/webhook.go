package webhook

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
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

var pathRE = regexp.MustCompile(`^/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$`)

var endpointName = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,18}[a-z0-9])?$`)

// Check is pure: it checks the settings and returns every problem at once,
// each with its fix. New also checks the wiring (the queue and the secrets).
func (a Args) Check() problem.List {
	var out problem.List
	if len(a.Endpoints) == 0 {
		out.Add("endpoints", "are required: at least one sender")
	}
	if len(a.Endpoints) > MaxEndpoints {
		out.Add("endpoints", "are %d, more than %d; one HTTP API carries them all and each adds a function", len(a.Endpoints), MaxEndpoints)
	}
	names, paths := map[string]int{}, map[string]int{}
	for i, e := range a.Endpoints {
		at := fmt.Sprintf("endpoints[%d]", i)
		if !endpointName.MatchString(e.Name) {
			out.Add(at+".name", "must be 1-20 of a-z, 0-9 and -, starting and ending with a letter or digit, got %q", bounded(e.Name))
		} else if j, dup := names[e.Name]; dup {
			out.Add(at+".name", "%q is also endpoints[%d]'s; names must be unique", e.Name, j)
		}
		names[e.Name] = i
		path := e.Path
		if path == "" {
			path = workloadenv.DefaultWebhookPath
		}
		if len(path) > MaxPathBytes || !pathRE.MatchString(path) {
			out.Add(at+".path", "must look like /webhook or /hooks/github (no trailing slash, no spaces or parameters), got %q", bounded(path))
		} else if j, dup := paths[path]; dup {
			out.Add(at+".path", "%q is also endpoints[%d]'s; each endpoint needs its own route", path, j)
		}
		paths[path] = i
		if _, err := webhooks.ParseScheme(string(e.Scheme)); err != nil {
			out.Add(at+".scheme", "must be one of %s, got %q", schemeNames(), bounded(string(e.Scheme)))
		}
		if e.MaxBodyBytes < 0 || e.MaxBodyBytes > awslimits.SQSMaxMessageBytes {
			out.Add(at+".maxBodyBytes", "must be between 1 and %d (the SQS message limit; larger payloads belong in object storage), got %d",
				awslimits.SQSMaxMessageBytes, e.MaxBodyBytes)
		}
		switch {
		case e.Tolerance < 0 || e.Tolerance > MaxTolerance:
			out.Add(at+".tolerance", "must be between 1s and %s, got %s; a long window admits replays", MaxTolerance, e.Tolerance)
		case e.Tolerance != 0 && e.Scheme.Tolerance() == 0:
			out.Add(at+".tolerance", "is set, but %s signs no timestamp: its replays are stopped by the delivery id; remove it", e.Scheme)
		}
		if len(e.Secrets) > MaxSecrets {
			out.Add(at+".secrets", "are %d, more than %d: a rotation needs the old and the new one", len(e.Secrets), MaxSecrets)
		}
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
	for i, e := range a.Endpoints {
		if len(e.Secrets) == 0 || slices.Contains(e.Secrets, nil) {
			out.Add(fmt.Sprintf("endpoints[%d].secrets", i), "are required: the signing secrets the sender shows")
		}
	}
	return out
}

func (a Args) withDefaults() Args {
	if a.Package == "" && a.Dir == "" {
		a.Package = DefaultReceiverPackage
	}
	a.Endpoints = slices.Clone(a.Endpoints)
	for i, e := range a.Endpoints {
		if e.Path == "" {
			e.Path = workloadenv.DefaultWebhookPath
		}
		if e.MaxBodyBytes == 0 {
			e.MaxBodyBytes = workloadenv.DefaultWebhookMaxBodyBytes
		}
		if e.Tolerance == 0 {
			e.Tolerance = e.Scheme.Tolerance()
		}
		a.Endpoints[i] = e
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

func schemeNames() string {
	var names []string
	for _, s := range webhooks.Schemes() {
		names = append(names, string(s))
	}
	return strings.Join(names, ", ")
}

func bounded(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
