// Package awssecret stores one Pulumi secret in AWS Secrets Manager, so a
// workload reads it at runtime by ARN instead of finding it in an
// environment variable. The value stays a Pulumi secret end to end: it is
// encrypted in state and masked in previews.
package awssecret

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/secretsmanager"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/components/tags"
)

// TypeToken is this component's Pulumi type. Changing it replaces every instance.
const TypeToken = "groundwork:aws:Secret"

// DefaultRecoveryWindowDays: a deleted secret can be restored for 7 days,
// the shortest window AWS allows other than immediate deletion.
const DefaultRecoveryWindowDays = 7

const (
	suffixSecret  = "-secret"
	suffixVersion = "-version"
)

// Args configure the secret.
type Args struct {
	// Description says what the secret is; never its value.
	Description string
	// Value is stored as a Pulumi secret whatever its form. Required.
	Value pulumi.StringInput
	// RecoveryWindowDays, 7-30. If zero, DefaultRecoveryWindowDays.
	RecoveryWindowDays int
	// Tags are added to the secret.
	Tags map[string]string
}

// Secret is the component.
type Secret struct {
	pulumi.ResourceState

	Secret  *secretsmanager.Secret
	Version *secretsmanager.SecretVersion

	Arn pulumi.StringOutput `pulumi:"arn"`
}

// Check is pure: it checks the settings. New also checks that Value is wired.
func (a Args) Check() problem.List {
	var out problem.List
	if w := a.RecoveryWindowDays; w != 0 && (w < 7 || w > 30) {
		out.Add("recoveryWindowDays", "must be between 7 and 30 (the Secrets Manager range), got %d", w)
	}
	return out
}

// New creates the secret and its current version.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Secret, error) {
	problems := args.Check()
	if args.Value == nil {
		problems.Add("value", "is required: the secret's value, as a Pulumi secret output")
	}
	if err := problems.ErrIn(fmt.Sprintf("awssecret %q", name)); err != nil {
		return nil, err
	}
	window := args.RecoveryWindowDays
	if window == 0 {
		window = DefaultRecoveryWindowDays
	}
	s := &Secret{}
	if err := ctx.RegisterComponentResource(TypeToken, name, s, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(s)
	var err error
	if s.Secret, err = secretsmanager.NewSecret(ctx, name+suffixSecret, &secretsmanager.SecretArgs{
		Description:          pulumi.String(args.Description),
		RecoveryWindowInDays: pulumi.Int(window),
		Tags:                 pulumi.ToStringMap(tags.For(ctx.Project(), ctx.Stack(), name, args.Tags)),
	}, parent); err != nil {
		return nil, err
	}
	if s.Version, err = secretsmanager.NewSecretVersion(ctx, name+suffixVersion, &secretsmanager.SecretVersionArgs{
		SecretId:     s.Secret.ID(),
		SecretString: pulumi.ToSecret(args.Value).(pulumi.StringOutput),
	}, parent); err != nil {
		return nil, err
	}
	s.Arn = s.Secret.Arn
	return s, ctx.RegisterResourceOutputs(s, pulumi.Map{"arn": s.Arn})
}
