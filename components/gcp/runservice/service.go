package runservice

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/pulumi/pulumi-gcp/sdk/v9/go/gcp/cloudrunv2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/gcp/internal/identity"
	"github.com/groundwork-iac/groundwork/components/gcp/internal/runcore"
)

// ImagePath is the property path ignored when the image is managed outside Pulumi.
const ImagePath = "template.containers[0].image"

func createService(ctx *pulumi.Context, name string, a Args, id *identity.Identity, parent pulumi.ResourceOption) (*cloudrunv2.Service, error) {
	var envs cloudrunv2.ServiceTemplateContainerEnvArray
	for _, e := range a.environment() {
		if e.Secret != nil {
			envs = append(envs, cloudrunv2.ServiceTemplateContainerEnvArgs{
				Name: pulumi.String(e.Name),
				ValueSource: &cloudrunv2.ServiceTemplateContainerEnvValueSourceArgs{
					SecretKeyRef: &cloudrunv2.ServiceTemplateContainerEnvValueSourceSecretKeyRefArgs{Secret: e.Secret, Version: e.Version},
				},
			})
			continue
		}
		envs = append(envs, cloudrunv2.ServiceTemplateContainerEnvArgs{Name: pulumi.String(e.Name), Value: e.Value})
	}
	labels := a.LabelMap(ctx, name)
	opts := a.Options(parent, id, ImagePath)
	return cloudrunv2.NewService(ctx, name+suffixService, &cloudrunv2.ServiceArgs{
		Project:            pulumi.String(a.Project),
		Location:           pulumi.String(a.Region),
		Ingress:            pulumi.String(Ingress),
		DeletionProtection: pulumi.Bool(false),
		Labels:             labels,
		Template: cloudrunv2.ServiceTemplateArgs{
			ServiceAccount:                id.Email,
			Timeout:                       pulumi.String(runcore.Seconds(a.RequestTimeout)),
			MaxInstanceRequestConcurrency: pulumi.Int(a.Concurrency),
			ExecutionEnvironment:          pulumi.String(ExecutionEnvironment),
			Labels:                        labels,
			Scaling: &cloudrunv2.ServiceTemplateScalingArgs{
				MinInstanceCount: pulumi.Int(a.MinInstances),
				MaxInstanceCount: pulumi.Int(a.MaxInstances),
			},
			Containers: cloudrunv2.ServiceTemplateContainerArray{cloudrunv2.ServiceTemplateContainerArgs{
				Image: pulumi.String(a.Image),
				Ports: &cloudrunv2.ServiceTemplateContainerPortsArgs{ContainerPort: pulumi.Int(a.Port), Name: pulumi.String("http1")},
				Resources: &cloudrunv2.ServiceTemplateContainerResourcesArgs{
					Limits:          pulumi.StringMap{"cpu": pulumi.String(a.CPU), "memory": pulumi.String(a.Memory)},
					StartupCpuBoost: pulumi.Bool(true),
					CpuIdle:         pulumi.Bool(true),
				},
				Envs: envs,
				StartupProbe: &cloudrunv2.ServiceTemplateContainerStartupProbeArgs{
					HttpGet:          &cloudrunv2.ServiceTemplateContainerStartupProbeHttpGetArgs{Path: pulumi.String(HealthPath), Port: pulumi.Int(a.Port)},
					PeriodSeconds:    pulumi.Int(startupPeriodSeconds),
					TimeoutSeconds:   pulumi.Int(probeTimeoutSeconds),
					FailureThreshold: pulumi.Int(startupFailureThreshold),
				},
				LivenessProbe: &cloudrunv2.ServiceTemplateContainerLivenessProbeArgs{
					HttpGet:          &cloudrunv2.ServiceTemplateContainerLivenessProbeHttpGetArgs{Path: pulumi.String(HealthPath), Port: pulumi.Int(a.Port)},
					PeriodSeconds:    pulumi.Int(livenessPeriodSeconds),
					TimeoutSeconds:   pulumi.Int(probeTimeoutSeconds),
					FailureThreshold: pulumi.Int(livenessFailures),
				},
			}},
		},
	}, opts...)
}

// createInvokers binds roles/run.invoker: allUsers only when public.
func createInvokers(ctx *pulumi.Context, name string, a Args, svc *cloudrunv2.Service, parent pulumi.ResourceOption) error {
	members := a.Invokers
	if a.Public {
		members = []string{AllUsers}
	}
	for _, m := range members {
		if _, err := cloudrunv2.NewServiceIamMember(ctx, name+suffixInvoker+memberSuffix(m), &cloudrunv2.ServiceIamMemberArgs{
			Project:  pulumi.String(a.Project),
			Location: pulumi.String(a.Region),
			Name:     svc.Name,
			Role:     pulumi.String(InvokerRole),
			Member:   pulumi.String(m),
		}, parent); err != nil {
			return err
		}
	}
	return nil
}

// memberSuffix names a binding by its member, so reordering the list
// replaces nothing.
func memberSuffix(m string) string {
	if m == AllUsers {
		return "public"
	}
	sum := sha256.Sum256([]byte(m))
	return hex.EncodeToString(sum[:])[:8]
}
