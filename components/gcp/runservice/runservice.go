package runservice

import (
	"time"

	"github.com/pulumi/pulumi-gcp/sdk/v9/go/gcp/cloudrunv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/gcp/internal/identity"
	"github.com/groundwork-iac/groundwork/components/gcp/internal/runcore"
	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

// TypeToken is this component's Pulumi type. Changing it replaces every instance.
const TypeToken = "groundwork:gcp:RunService"

// Args configure the service. Zero values mean the default named in each comment.
type Args struct {
	// Container is the image, its resources, environment, secrets,
	// telemetry, project, region and labels. Without a Telemetry.Endpoint,
	// spans go to Cloud Trace's OTLP endpoint.
	Container
	// Port the container listens on. If zero, DefaultPort.
	Port int
	// MinInstances kept warm (0 scales to zero). MaxInstances caps scale-out
	// and with it database connections. Required: derive it from the
	// connection budget with MaxInstancesFor.
	MinInstances, MaxInstances int
	// Concurrency is requests per instance, 1-1000. If zero, DefaultConcurrency.
	Concurrency int
	// RequestTimeout, at most MaxRequestTimeout. If zero, DefaultRequestTimeout.
	RequestTimeout time.Duration
	// Public lets anyone invoke the service (allUsers). Otherwise only Invokers.
	Public bool
	// Invokers are IAM members allowed to call the service, e.g.
	// "serviceAccount:frontend@p.iam.gserviceaccount.com".
	Invokers []string
}

// Container is what a service shares with a Cloud Run job (runjob): Image,
// ImageManagedExternally, CPU and Memory (if empty, DefaultCPU and
// DefaultMemory), Environment, Secrets, Telemetry, Project and Region (if
// empty, the provider's gcp:project and gcp:region) and Labels.
type Container = runcore.Container

// SecretEnv is an environment variable whose value is a Secret Manager
// secret version: Env, SecretID and Version.
type SecretEnv = runcore.SecretEnv

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
	a := args.withDefaults(ctx, name)
	s := &Service{}
	id, parent, err := runcore.Start(ctx, runcore.Workload{Kind: "runservice", Name: name, TypeToken: TypeToken, Resource: s,
		Problems: a.check(), DisplayName: "Cloud Run service " + name, Roles: RuntimeRoles}, a.Container, opts...)
	if err != nil {
		return nil, err
	}
	s.Identity = id
	if s.Service, err = createService(ctx, name, a, id, parent); err != nil {
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

func (a Args) withDefaults(ctx *pulumi.Context, name string) Args {
	a.Container = a.Resolved(ctx, name, DefaultCPU, DefaultMemory)
	if a.Port == 0 {
		a.Port = DefaultPort
	}
	if a.Concurrency == 0 {
		a.Concurrency = DefaultConcurrency
	}
	if a.RequestTimeout == 0 {
		a.RequestTimeout = DefaultRequestTimeout
	}
	a.Telemetry.CloudProvider = "gcp"
	return a
}

// environment is the telemetry contract, the runtime knobs, the caller's
// values and the secret references, sorted by name.
func (a Args) environment() []runcore.EnvVar {
	plain := map[string]pulumi.StringInput{}
	tel := a.Telemetry
	if tel.Endpoint == "" {
		// No OTLP endpoint of the user's: export to Cloud Trace directly.
		tel.Endpoint = telemetry.GoogleOTLPEndpoint
		plain[telemetry.EnvOTLPAuth] = pulumi.String(telemetry.OTLPAuthGoogle)
	}
	for k, v := range tel.Env() {
		plain[k] = pulumi.String(v)
	}
	plain[workloadenv.HandlerTimeout] = pulumi.String(HandlerTimeout(a.RequestTimeout).String())
	plain[workloadenv.ShutdownTimeout] = pulumi.String(workloadenv.DefaultShutdownTimeout.String())
	plain[workloadenv.GoogleCloudProject] = pulumi.String(a.Project)
	for k, v := range a.Environment {
		plain[k] = v
	}
	vars := runcore.EnvVars(plain, a.Secrets)
	runcore.SortByName(vars)
	return vars
}
