// Package runjob deploys a container as a Cloud Run job: a task that runs to
// completion, such as database migrations. It gets its own service account
// (log writing, and accessor on exactly its secrets), secrets as Secret
// Manager references, an explicit timeout and an explicit retry count.
//
// For migrations, give it the database's direct URL: schema changes and
// advisory locks never go through a transaction pooler. Run it with
// `gcloud run jobs execute NAME --region REGION --wait` before shifting
// traffic to a revision that needs the new schema.
package runjob

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pulumi/pulumi-gcp/sdk/v9/go/gcp/cloudrunv2"
	gcpconfig "github.com/pulumi/pulumi-gcp/sdk/v9/go/gcp/config"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/gcp/internal/identity"
	"github.com/groundwork-iac/groundwork/components/telemetry"
)

// TypeToken is this component's Pulumi type. Changing it replaces every instance.
const TypeToken = "groundwork:gcp:RunJob"

const (
	// DefaultTimeout: 10 minutes per task; a migration that needs longer
	// should be split, since it holds locks all that time.
	DefaultTimeout = 10 * time.Minute
	// MaxTimeout is Cloud Run's task limit (168 h); the kit stops at 24 h.
	MaxTimeout = 24 * time.Hour
	// DefaultMaxRetries: none; a failed migration wants a person, not a loop.
	DefaultMaxRetries = 0
	// MaxRetriesLimit is Cloud Run's per-task retry limit.
	MaxRetriesLimit = 10
	// DefaultCPU and DefaultMemory for one task.
	DefaultCPU    = "1"
	DefaultMemory = "512Mi"
	// ExecutionEnvironment gen2, as for services.
	ExecutionEnvironment = "EXECUTION_ENVIRONMENT_GEN2"

	suffixJob = "-job"
)

// RuntimeRoles: a job only writes logs.
var RuntimeRoles = []string{"roles/logging.logWriter"}

// Args configure the job.
type Args struct {
	// Image and Args of the container. Image is required.
	Image string
	Args  []string
	// ImageManagedExternally ignores image changes after creation.
	ImageManagedExternally bool
	// Timeout of one task. If zero, DefaultTimeout.
	Timeout time.Duration
	// MaxRetries of a failed task. Zero means DefaultMaxRetries.
	MaxRetries int
	// CPU and Memory limits. If empty, DefaultCPU and DefaultMemory.
	CPU, Memory string
	// Environment holds plain values only; Secrets are references.
	Environment map[string]pulumi.StringInput
	Secrets     []SecretEnv
	// ServiceName for logs; defaults to the component name.
	ServiceName string
	// Project and Region; if empty, the provider's gcp:project and gcp:region.
	Project, Region string
	// Labels are added to the job.
	Labels map[string]string
}

// SecretEnv is an environment variable resolved from a Secret Manager version.
type SecretEnv struct {
	Env      string
	SecretID pulumi.StringInput
	Version  pulumi.StringInput
}

// Job is the component.
type Job struct {
	pulumi.ResourceState

	Job      *cloudrunv2.Job
	Identity *identity.Identity

	JobName pulumi.StringOutput `pulumi:"jobName"`
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Validate is pure and returns every problem at once.
func (a Args) Validate() error {
	var errs []error
	if strings.TrimSpace(a.Image) == "" {
		errs = append(errs, errors.New("Image is required"))
	}
	if a.Project == "" || a.Region == "" {
		errs = append(errs, errors.New("the GCP project and region must be set: `pulumi config set gcp:project ID` and `gcp:region REGION`"))
	}
	if a.Timeout < 0 || a.Timeout > MaxTimeout || a.Timeout%time.Second != 0 {
		errs = append(errs, fmt.Errorf("Timeout must be whole seconds up to %s, got %s", MaxTimeout, a.Timeout))
	}
	if a.MaxRetries < 0 || a.MaxRetries > MaxRetriesLimit {
		errs = append(errs, fmt.Errorf("MaxRetries must be between 0 and %d (Cloud Run limit), got %d", MaxRetriesLimit, a.MaxRetries))
	}
	for _, s := range a.Secrets {
		if !envName.MatchString(s.Env) || s.SecretID == nil || s.Version == nil {
			errs = append(errs, fmt.Errorf("secret environment variable %q needs a valid name, SecretID and Version", s.Env))
		}
	}
	return errors.Join(errs...)
}

// New creates the identity and the job.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Job, error) {
	a := args
	if a.Project == "" {
		a.Project = gcpconfig.GetProject(ctx)
	}
	if a.Region == "" {
		a.Region = gcpconfig.GetRegion(ctx)
	}
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("runjob %q: %w", name, err)
	}
	a = a.withDefaults(name)
	j := &Job{}
	if err := ctx.RegisterComponentResource(TypeToken, name, j, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(j)
	var secrets []identity.Secret
	for _, s := range a.Secrets {
		secrets = append(secrets, identity.Secret{Key: s.Env, SecretID: s.SecretID})
	}
	var err error
	if j.Identity, err = identity.Create(ctx, name, identity.Args{Project: a.Project,
		DisplayName: "Cloud Run job " + name, Roles: RuntimeRoles, Secrets: secrets}, parent); err != nil {
		return nil, err
	}
	resourceOpts := []pulumi.ResourceOption{parent, pulumi.DependsOn(j.Identity.Grants)}
	if a.ImageManagedExternally {
		resourceOpts = append(resourceOpts, pulumi.IgnoreChanges([]string{"template.template.containers[0].image"}))
	}
	labels := pulumi.ToStringMap(identity.Labels(ctx, name, a.Labels))
	if j.Job, err = cloudrunv2.NewJob(ctx, name+suffixJob, &cloudrunv2.JobArgs{
		Project:            pulumi.String(a.Project),
		Location:           pulumi.String(a.Region),
		DeletionProtection: pulumi.Bool(false),
		Labels:             labels,
		Template: cloudrunv2.JobTemplateArgs{
			TaskCount:   pulumi.Int(1),
			Parallelism: pulumi.Int(1),
			Labels:      labels,
			Template: cloudrunv2.JobTemplateTemplateArgs{
				ServiceAccount:       j.Identity.Email,
				Timeout:              pulumi.String(strconv.Itoa(int(a.Timeout/time.Second)) + "s"),
				MaxRetries:           pulumi.Int(a.MaxRetries),
				ExecutionEnvironment: pulumi.String(ExecutionEnvironment),
				Containers: cloudrunv2.JobTemplateTemplateContainerArray{cloudrunv2.JobTemplateTemplateContainerArgs{
					Image: pulumi.String(a.Image),
					Args:  pulumi.ToStringArray(a.Args),
					Envs:  a.envs(),
					Resources: &cloudrunv2.JobTemplateTemplateContainerResourcesArgs{
						Limits: pulumi.StringMap{"cpu": pulumi.String(a.CPU), "memory": pulumi.String(a.Memory)},
					},
				}},
			},
		},
	}, resourceOpts...); err != nil {
		return nil, err
	}
	j.JobName = j.Job.Name
	return j, ctx.RegisterResourceOutputs(j, pulumi.Map{"jobName": j.JobName})
}

func (a Args) withDefaults(name string) Args {
	if a.Timeout == 0 {
		a.Timeout = DefaultTimeout
	}
	if a.CPU == "" {
		a.CPU = DefaultCPU
	}
	if a.Memory == "" {
		a.Memory = DefaultMemory
	}
	if a.ServiceName == "" {
		a.ServiceName = name
	}
	return a
}

// envs: JSON logs with the service name, no span export (a job's spans are
// not worth a trace pipeline), the caller's values and the secret references.
func (a Args) envs() cloudrunv2.JobTemplateTemplateContainerEnvArray {
	plain := map[string]pulumi.StringInput{
		telemetry.EnvServiceName:    pulumi.String(a.ServiceName),
		telemetry.EnvLogFormat:      pulumi.String(telemetry.LogFormatJSON),
		telemetry.EnvLogLevel:       pulumi.String(telemetry.DefaultLogLevel),
		telemetry.EnvTracesExporter: pulumi.String(telemetry.ExporterNone),
	}
	for k, v := range a.Environment {
		plain[k] = v
	}
	names := make([]string, 0, len(plain))
	for k := range plain {
		names = append(names, k)
	}
	sort.Strings(names)
	var out cloudrunv2.JobTemplateTemplateContainerEnvArray
	for _, k := range names {
		out = append(out, cloudrunv2.JobTemplateTemplateContainerEnvArgs{Name: pulumi.String(k), Value: plain[k]})
	}
	for _, s := range a.Secrets {
		out = append(out, cloudrunv2.JobTemplateTemplateContainerEnvArgs{
			Name: pulumi.String(s.Env),
			ValueSource: &cloudrunv2.JobTemplateTemplateContainerEnvValueSourceArgs{
				SecretKeyRef: &cloudrunv2.JobTemplateTemplateContainerEnvValueSourceSecretKeyRefArgs{Secret: s.SecretID, Version: s.Version},
			},
		})
	}
	return out
}
