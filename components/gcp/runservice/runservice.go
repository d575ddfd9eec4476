package runservice

import (
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/pulumi/pulumi-gcp/sdk/v9/go/gcp/cloudrunv2"
	gcpconfig "github.com/pulumi/pulumi-gcp/sdk/v9/go/gcp/config"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/gcp/internal/identity"
	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

// TypeToken is this component's Pulumi type. Changing it replaces every instance.
const TypeToken = "groundwork:gcp:RunService"

// Args configure the service. Zero values mean the default named in each comment.
type Args struct {
	// Image is the container image, ideally by digest. Required.
	Image string
	// ImageManagedExternally ignores image changes after creation, so CI
	// can deploy new images without Pulumi reverting them.
	ImageManagedExternally bool
	// Port the container listens on. If zero, DefaultPort.
	Port int
	// CPU and Memory limits, e.g. "1" and "512Mi". If empty, DefaultCPU and DefaultMemory.
	CPU, Memory string
	// MinInstances kept warm (0 scales to zero). MaxInstances caps scale-out
	// and with it database connections. Required: derive it from the
	// connection budget.
	MinInstances, MaxInstances int
	// Concurrency is requests per instance, 1-1000. If zero, DefaultConcurrency.
	Concurrency int
	// RequestTimeout, at most 3600s. If zero, DefaultRequestTimeout.
	RequestTimeout time.Duration
	// Environment holds plain values only.
	Environment map[string]pulumi.StringInput
	// Secrets are environment variables resolved from Secret Manager.
	Secrets []SecretEnv
	// Telemetry of the workload; ServiceName defaults to the component name.
	// Without an Endpoint, spans go to Cloud Trace's OTLP endpoint.
	Telemetry telemetry.Settings
	// Public lets anyone invoke the service (allUsers). Otherwise only Invokers.
	Public bool
	// Invokers are IAM members allowed to call the service, e.g.
	// "serviceAccount:frontend@p.iam.gserviceaccount.com".
	Invokers []string
	// Project and Region; if empty, the provider's gcp:project and gcp:region.
	Project, Region string
	// Labels are added to every child that takes labels.
	Labels map[string]string
}

// SecretEnv is an environment variable whose value is a Secret Manager
// secret version.
type SecretEnv struct {
	Env      string
	SecretID pulumi.StringInput
	Version  pulumi.StringInput
}

// Service is the component.
type Service struct {
	pulumi.ResourceState

	Service  *cloudrunv2.Service
	Identity *identity.Identity

	URI            pulumi.StringOutput `pulumi:"uri"`
	ServiceAccount pulumi.StringOutput `pulumi:"serviceAccount"`
}

// New creates the identity, the service and its invoker bindings.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Service, error) {
	a := args.withProvider(ctx)
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("runservice %q: %w", name, err)
	}
	a = a.withDefaults(name)
	s := &Service{}
	if err := ctx.RegisterComponentResource(TypeToken, name, s, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(s)
	var secrets []identity.Secret
	for _, sec := range a.Secrets {
		secrets = append(secrets, identity.Secret{Key: sec.Env, SecretID: sec.SecretID})
	}
	var err error
	if s.Identity, err = identity.Create(ctx, name, identity.Args{Project: a.Project,
		DisplayName: "Cloud Run service " + name, Roles: RuntimeRoles, Secrets: secrets}, parent); err != nil {
		return nil, err
	}
	if s.Service, err = createService(ctx, name, a, s.Identity, parent); err != nil {
		return nil, err
	}
	if err := createInvokers(ctx, name, a, s.Service, parent); err != nil {
		return nil, err
	}
	s.URI, s.ServiceAccount = s.Service.Uri, s.Identity.Email
	return s, ctx.RegisterResourceOutputs(s, pulumi.Map{"uri": s.URI, "serviceAccount": s.ServiceAccount})
}

// HandlerTimeout is the deadline the workload gets for one request.
func HandlerTimeout(requestTimeout time.Duration) time.Duration {
	return requestTimeout - ResponseMargin
}

// withProvider fills Project and Region from the provider's config.
func (a Args) withProvider(ctx *pulumi.Context) Args {
	if a.Project == "" {
		a.Project = gcpconfig.GetProject(ctx)
	}
	if a.Region == "" {
		a.Region = gcpconfig.GetRegion(ctx)
	}
	return a
}

func (a Args) withDefaults(name string) Args {
	if a.Port == 0 {
		a.Port = DefaultPort
	}
	if a.CPU == "" {
		a.CPU = DefaultCPU
	}
	if a.Memory == "" {
		a.Memory = DefaultMemory
	}
	if a.Concurrency == 0 {
		a.Concurrency = DefaultConcurrency
	}
	if a.RequestTimeout == 0 {
		a.RequestTimeout = DefaultRequestTimeout
	}
	if a.Telemetry.ServiceName == "" {
		a.Telemetry.ServiceName = name
	}
	a.Telemetry.CloudProvider = "gcp"
	return a
}

// environment is the telemetry contract, the runtime knobs and the
// caller's values, sorted by name.
func (a Args) environment() []envVar {
	plain := map[string]pulumi.StringInput{}
	tel := a.Telemetry
	for k, v := range tel.Env() {
		plain[k] = pulumi.String(v)
	}
	if tel.Endpoint == "" {
		// No OTLP endpoint of the user's: export to Cloud Trace directly.
		tel.Endpoint = telemetry.GoogleOTLPEndpoint
		for k, v := range tel.Env() {
			plain[k] = pulumi.String(v)
		}
		plain[telemetry.EnvOTLPAuth] = pulumi.String(telemetry.OTLPAuthGoogle)
	}
	plain[workloadenv.HandlerTimeout] = pulumi.String(HandlerTimeout(a.RequestTimeout).String())
	plain[workloadenv.ShutdownTimeout] = pulumi.String(workloadenv.DefaultShutdownTimeout.String())
	plain[workloadenv.GoogleCloudProject] = pulumi.String(a.Project)
	for k, v := range a.Environment {
		plain[k] = v
	}
	var out []envVar
	for k, v := range plain {
		out = append(out, envVar{name: k, value: v})
	}
	for _, s := range a.Secrets {
		out = append(out, envVar{name: s.Env, secret: s.SecretID, version: s.Version})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

type envVar struct {
	name            string
	value           pulumi.StringInput
	secret, version pulumi.StringInput
}

func seconds(d time.Duration) string { return strconv.Itoa(int(d/time.Second)) + "s" }
