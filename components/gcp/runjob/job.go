package runjob

import (
	"github.com/pulumi/pulumi-gcp/sdk/v9/go/gcp/cloudrunv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/gcp/internal/identity"
	"github.com/groundwork-iac/groundwork/components/gcp/internal/runcore"
	"github.com/groundwork-iac/groundwork/components/telemetry"
)

func createJob(ctx *pulumi.Context, name string, a Args, id *identity.Identity, parent pulumi.ResourceOption) (*cloudrunv2.Job, error) {
	labels := a.LabelMap(ctx, name)
	return cloudrunv2.NewJob(ctx, name+suffixJob, &cloudrunv2.JobArgs{
		Project:            pulumi.String(a.Project),
		Location:           pulumi.String(a.Region),
		DeletionProtection: pulumi.Bool(false),
		Labels:             labels,
		Template: cloudrunv2.JobTemplateArgs{
			TaskCount:   pulumi.Int(1),
			Parallelism: pulumi.Int(1),
			Labels:      labels,
			Template: cloudrunv2.JobTemplateTemplateArgs{
				ServiceAccount:       id.Email,
				Timeout:              pulumi.String(runcore.Seconds(a.Timeout)),
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
	}, a.Options(parent, id, ImagePath)...)
}

// envs: JSON logs with the service name and level, no span export (a job's
// spans are not worth a trace pipeline), the caller's values and the secret
// references.
func (a Args) envs() cloudrunv2.JobTemplateTemplateContainerEnvArray {
	tel := a.Telemetry.Env()
	plain := map[string]pulumi.StringInput{
		telemetry.EnvServiceName:    pulumi.String(tel[telemetry.EnvServiceName]),
		telemetry.EnvLogFormat:      pulumi.String(tel[telemetry.EnvLogFormat]),
		telemetry.EnvLogLevel:       pulumi.String(tel[telemetry.EnvLogLevel]),
		telemetry.EnvTracesExporter: pulumi.String(telemetry.ExporterNone),
	}
	for k, v := range a.Environment {
		plain[k] = v
	}
	var out cloudrunv2.JobTemplateTemplateContainerEnvArray
	for _, e := range runcore.EnvVars(plain, a.Secrets) {
		if e.Secret == nil {
			out = append(out, cloudrunv2.JobTemplateTemplateContainerEnvArgs{Name: pulumi.String(e.Name), Value: e.Value})
			continue
		}
		out = append(out, cloudrunv2.JobTemplateTemplateContainerEnvArgs{
			Name: pulumi.String(e.Name),
			ValueSource: &cloudrunv2.JobTemplateTemplateContainerEnvValueSourceArgs{
				SecretKeyRef: &cloudrunv2.JobTemplateTemplateContainerEnvValueSourceSecretKeyRefArgs{Secret: e.Secret, Version: e.Version},
			},
		})
	}
	return out
}
