package golambda

import (
	"context"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/aws/lambdabuild"
	"github.com/groundwork-iac/groundwork/components/tags"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

// withDefaults fills zero values.
func (a Args) withDefaults(name string) Args {
	if a.MemoryMB == 0 {
		a.MemoryMB = DefaultMemoryMB
	}
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = DefaultLogRetentionDays
	}
	if a.SystemLogLevel == "" {
		a.SystemLogLevel = DefaultSystemLogLevel
	}
	if a.Telemetry.ServiceName == "" {
		a.Telemetry.ServiceName = name
	}
	a.Telemetry.CloudProvider = "aws"
	return a
}

func (a Args) artifact(ctx context.Context) (lambdabuild.Artifact, error) {
	if a.Zip != "" {
		return lambdabuild.FromZip(a.Zip)
	}
	return lambdabuild.Build(ctx, a.Dir, a.Package)
}

func (a Args) tags(ctx *pulumi.Context, name string) pulumi.StringMap {
	return pulumi.ToStringMap(tags.For(ctx.Project(), ctx.Stack(), name, a.Tags))
}

func (a Args) appLogLevel() string {
	if l, ok := appLogLevels[a.Telemetry.LogLevel]; ok {
		return l
	}
	return appLogLevels["info"]
}

// environment merges the telemetry contract, the caller's plain values and
// the secret ARNs.
func (a Args) environment() pulumi.StringMap {
	env := pulumi.StringMap{}
	for k, v := range a.Telemetry.Env() {
		env[k] = pulumi.String(v)
	}
	for k, v := range a.Environment {
		env[k] = v
	}
	for _, s := range a.Secrets {
		env[s.Env] = s.ARN
	}
	if len(a.Secrets) > 0 {
		env[workloadenv.SecretFetchTimeout] = pulumi.String(workloadenv.DefaultSecretFetchTimeout.String())
	}
	return env
}

func createFunction(ctx *pulumi.Context, name string, a Args, art lambdabuild.Artifact, f *Function, tags pulumi.StringMap, parent pulumi.ResourceOrInvokeOption) (*lambda.Function, error) {
	fa := &lambda.FunctionArgs{
		Description:    pulumi.String(a.Description),
		Runtime:        pulumi.String(Runtime),
		Handler:        pulumi.String(Handler),
		Architectures:  pulumi.StringArray{pulumi.String(lambdabuild.Architecture)},
		Code:           pulumi.NewFileArchive(art.Path),
		SourceCodeHash: pulumi.String(art.SourceCodeHash()),
		Role:           f.Role.Arn,
		Timeout:        pulumi.Int(int(a.Timeout.Seconds())),
		MemorySize:     pulumi.Int(a.MemoryMB),
		Environment:    &lambda.FunctionEnvironmentArgs{Variables: a.environment()},
		LoggingConfig: &lambda.FunctionLoggingConfigArgs{
			LogFormat:           pulumi.String(LogFormat),
			LogGroup:            f.LogGroup.Name,
			ApplicationLogLevel: pulumi.String(a.appLogLevel()),
			SystemLogLevel:      pulumi.String(a.SystemLogLevel),
		},
		TracingConfig: &lambda.FunctionTracingConfigArgs{Mode: pulumi.String(TracingMode)},
		Publish:       pulumi.Bool(a.ProvisionedConcurrency > 0),
		Tags:          tags,
	}
	if a.ReservedConcurrency > 0 {
		fa.ReservedConcurrentExecutions = pulumi.Int(a.ReservedConcurrency)
	}
	if t := a.Transforms.Function; t != nil {
		t(fa)
	}
	return lambda.NewFunction(ctx, name+suffixFunction, fa, parent, pulumi.DependsOn([]pulumi.Resource{f.Policy, f.LogGroup}))
}

func createWarmAlias(ctx *pulumi.Context, name string, a Args, fn *lambda.Function, parent pulumi.ResourceOrInvokeOption) (*lambda.Alias, error) {
	alias, err := lambda.NewAlias(ctx, name+suffixAlias, &lambda.AliasArgs{
		Name:            pulumi.String(AliasName),
		FunctionName:    fn.Name,
		FunctionVersion: fn.Version,
		Description:     pulumi.String("kept warm by provisioned concurrency"),
	}, parent)
	if err != nil {
		return nil, err
	}
	_, err = lambda.NewProvisionedConcurrencyConfig(ctx, name+suffixProvisioned, &lambda.ProvisionedConcurrencyConfigArgs{
		FunctionName:                    fn.Name,
		Qualifier:                       alias.Name,
		ProvisionedConcurrentExecutions: pulumi.Int(a.ProvisionedConcurrency),
	}, parent)
	return alias, err
}
