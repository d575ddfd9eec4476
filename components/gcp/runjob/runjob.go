package runjob

import (
	"time"

	"github.com/pulumi/pulumi-gcp/sdk/v9/go/gcp/cloudrunv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/gcp/internal/identity"
	"github.com/groundwork-iac/groundwork/components/gcp/internal/runcore"
)

// TypeToken is this component's Pulumi type. Changing it replaces every instance.
const TypeToken = "groundwork:gcp:RunJob"

// Args configure the job. Zero values mean the default named in each comment.
type Args struct {
	// Container is the image, its resources, environment, secrets,
	// telemetry (ServiceName and LogLevel reach the environment; a job
	// exports no spans), project, region and labels.
	Container
	// Args of the container, e.g. ["migrate"].
	Args []string
	// Timeout of one task. If zero, DefaultTimeout.
	Timeout time.Duration
	// MaxRetries of a failed task. Zero means DefaultMaxRetries.
	MaxRetries int
}

// Container is what a job shares with a Cloud Run service (runservice):
// Image, ImageManagedExternally, CPU and Memory (if empty, DefaultCPU and
// DefaultMemory), Environment, Secrets, Telemetry, Project and Region (if
// empty, the provider's gcp:project and gcp:region) and Labels.
type Container = runcore.Container

// SecretEnv is an environment variable resolved from a Secret Manager
// version: Env, SecretID and Version.
type SecretEnv = runcore.SecretEnv

// Job is the component.
type Job struct {
	pulumi.ResourceState

	Job      *cloudrunv2.Job
	Identity *identity.Identity

	JobName pulumi.StringOutput `pulumi:"jobName"`
}

// New creates the identity and the job.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Job, error) {
	a := args.withDefaults(ctx, name)
	j := &Job{}
	id, parent, err := runcore.Start(ctx, runcore.Workload{Kind: "runjob", Name: name, TypeToken: TypeToken, Resource: j,
		Problems: a.check(), DisplayName: "Cloud Run job " + name, Roles: RuntimeRoles}, a.Container, opts...)
	if err != nil {
		return nil, err
	}
	j.Identity = id
	if j.Job, err = createJob(ctx, name, a, id, parent); err != nil {
		return nil, err
	}
	j.JobName = j.Job.Name
	return j, ctx.RegisterResourceOutputs(j, pulumi.Map{"jobName": j.JobName})
}

func (a Args) withDefaults(ctx *pulumi.Context, name string) Args {
	a.Container = a.Resolved(ctx, name, DefaultCPU, DefaultMemory)
	if a.Timeout == 0 {
		a.Timeout = DefaultTimeout
	}
	return a
}
