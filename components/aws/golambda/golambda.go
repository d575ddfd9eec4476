package golambda

import (
	"fmt"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/aws/iampolicy"
	"github.com/groundwork-iac/groundwork/components/aws/lambdabuild"
	"github.com/groundwork-iac/groundwork/components/telemetry"
)

// TypeToken is this component's Pulumi type. Changing it replaces every instance.
const TypeToken = "groundwork:aws:GoFunction"

// Args configure a Go Lambda function. Zero values mean the default named in
// each comment.
type Args struct {
	// Package is the Go main package to build, as `go build` takes it: an
	// import path, or a directory relative to Dir. Required unless Zip is set.
	Package string
	// Dir is where `go build` runs: a directory of the module that holds (or
	// requires) Package. Empty means the program's working directory.
	Dir string
	// Zip is a prebuilt deployment package holding an executable
	// `bootstrap`; when set, nothing is built.
	Zip string
	// Description of the function.
	Description string
	// Timeout is required and at most 15m: the platform default of 3 s is a
	// trap. Changing it updates the function in place.
	Timeout time.Duration
	// MemoryMB, 128-10240. If zero, DefaultMemoryMB.
	MemoryMB int
	// Environment holds plain values only; secrets go in Secrets.
	Environment map[string]pulumi.StringInput
	// Secrets puts each secret's ARN in an environment variable and lets the
	// function read that secret, and no other.
	Secrets []SecretEnv
	// Telemetry is the workload's telemetry; ServiceName defaults to the
	// component name, CloudProvider to aws, Version to the artifact hash.
	Telemetry telemetry.Settings
	// Statements are extra least-privilege statements for the function's role.
	Statements []iampolicy.Statement
	// LogRetentionDays must be a value CloudWatch accepts. If zero,
	// DefaultLogRetentionDays.
	LogRetentionDays int
	// SystemLogLevel is DEBUG, INFO or WARN. If empty, DefaultSystemLogLevel.
	// The application level follows Telemetry.LogLevel.
	SystemLogLevel string
	// ReservedConcurrency caps (and reserves) concurrent executions. Zero
	// means unreserved.
	ReservedConcurrency int
	// ProvisionedConcurrency keeps this many environments initialised on a
	// "live" alias. Zero means none (scale to zero).
	ProvisionedConcurrency int
	// Tags are added to every child.
	Tags map[string]string
	// Transforms adjust children after defaults; the escape hatch.
	Transforms Transforms
}

// SecretEnv names an environment variable that carries a secret's ARN.
type SecretEnv struct {
	Env string
	ARN pulumi.StringInput
}

// Transforms adjust child arguments after the kit's defaults are applied.
type Transforms struct {
	Function func(*lambda.FunctionArgs)
	Role     func(*iam.RoleArgs)
	LogGroup func(*cloudwatch.LogGroupArgs)
}

// Function is the component.
type Function struct {
	pulumi.ResourceState

	Function *lambda.Function
	Role     *iam.Role
	Policy   *iam.RolePolicy
	LogGroup *cloudwatch.LogGroup
	// Alias is set when provisioned concurrency is on.
	Alias *lambda.Alias

	Arn      pulumi.StringOutput `pulumi:"arn"`
	Name     pulumi.StringOutput `pulumi:"name"`
	RoleName pulumi.StringOutput `pulumi:"roleName"`
	// TargetArn is what invokers should call: the alias when provisioned
	// concurrency is on (so it is used), else the function.
	TargetArn pulumi.StringOutput `pulumi:"targetArn"`
	// InvokeArn is TargetArn's API Gateway integration URI.
	InvokeArn    pulumi.StringOutput `pulumi:"invokeArn"`
	LogGroupName pulumi.StringOutput `pulumi:"logGroupName"`

	// Artifact is what was deployed.
	Artifact lambdabuild.Artifact
	// Timeout is the function's timeout, for consumers that derive from it.
	Timeout time.Duration
}

// New builds Package and deploys it.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Function, error) {
	a := args.withDefaults(name)
	if err := a.check().ErrIn(fmt.Sprintf("golambda %q", name)); err != nil {
		return nil, err
	}
	art, err := a.artifact(ctx.Context())
	if err != nil {
		return nil, fmt.Errorf("golambda %q: %w", name, err)
	}
	a.Telemetry.Version = art.Version()

	f := &Function{Artifact: art, Timeout: a.Timeout}
	if err := ctx.RegisterComponentResource(TypeToken, name, f, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(f)
	tags := a.tags(ctx, name)
	if f.LogGroup, err = createLogGroup(ctx, name, a, tags, parent); err != nil {
		return nil, err
	}
	if f.Role, f.Policy, err = createRole(ctx, name, a, f.LogGroup, tags, parent); err != nil {
		return nil, err
	}
	if f.Function, err = createFunction(ctx, name, a, art, f, tags, parent); err != nil {
		return nil, err
	}
	f.Arn, f.Name, f.RoleName = f.Function.Arn, f.Function.Name, f.Role.Name
	f.TargetArn, f.InvokeArn = f.Function.Arn, f.Function.InvokeArn
	f.LogGroupName = f.LogGroup.Name
	if a.ProvisionedConcurrency > 0 {
		if f.Alias, err = createWarmAlias(ctx, name, a, f.Function, parent); err != nil {
			return nil, err
		}
		f.TargetArn, f.InvokeArn = f.Alias.Arn, f.Alias.InvokeArn
	}
	return f, ctx.RegisterResourceOutputs(f, pulumi.Map{
		"arn": f.Arn, "name": f.Name, "roleName": f.RoleName, "targetArn": f.TargetArn,
		"invokeArn": f.InvokeArn, "logGroupName": f.LogGroupName,
	})
}

// Ready lists the children a dependent resource must wait for: the function
// and the role policy that lets it run (an event source mapping created
// before the policy fails its permission check).
func (f *Function) Ready() []pulumi.Resource {
	return []pulumi.Resource{f.Function, f.Policy}
}
