// Package gcpsecret stores one Pulumi secret in Google Secret Manager, so a
// workload receives it through a secret reference (Cloud Run resolves it at
// instance start) instead of a plain value. The value stays a Pulumi secret
// end to end: encrypted in state, masked in previews.
//
// Consumers pin the version this component created: changing the value
// creates a new version, and a new Cloud Run revision picks it up, so a
// rotation rolls out like a deploy.
package gcpsecret

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-gcp/sdk/v9/go/gcp/secretmanager"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/gcp/internal/identity"
)

// TypeToken is this component's Pulumi type. Changing it replaces every instance.
const TypeToken = "groundwork:gcp:Secret"

const (
	suffixSecret  = "-secret"
	suffixVersion = "-version"
)

// Args configure the secret.
type Args struct {
	// Value is stored as a Pulumi secret whatever its form. Required.
	Value pulumi.StringInput
	// Project; if empty, the provider's gcp:project.
	Project string
	// Labels are added to the secret.
	Labels map[string]string
	// Needs are resources every child waits for (the Secret Manager API).
	Needs []pulumi.Resource
}

// Secret is the component.
type Secret struct {
	pulumi.ResourceState

	Secret  *secretmanager.Secret
	Version *secretmanager.SecretVersion

	// SecretID is the secret's short name, for references in the same project.
	SecretID pulumi.StringOutput `pulumi:"secretId"`
	// VersionNumber is the version created here ("1", "2", ...).
	VersionNumber pulumi.StringOutput `pulumi:"version"`
}

// New creates the secret (automatic replication) and its version.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Secret, error) {
	if args.Value == nil {
		return nil, fmt.Errorf("gcpsecret %q: %w", name, errors.New("Value is required"))
	}
	s := &Secret{}
	if err := ctx.RegisterComponentResource(TypeToken, name, s, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Composite(pulumi.Parent(s), pulumi.DependsOn(args.Needs))
	sa := &secretmanager.SecretArgs{
		SecretId:    pulumi.String(identity.ResourceID(ctx, name, 255)),
		Replication: secretmanager.SecretReplicationArgs{Auto: &secretmanager.SecretReplicationAutoArgs{}},
		Labels:      pulumi.ToStringMap(identity.Labels(ctx, name, args.Labels)),
	}
	if args.Project != "" {
		sa.Project = pulumi.String(args.Project)
	}
	var err error
	if s.Secret, err = secretmanager.NewSecret(ctx, name+suffixSecret, sa, parent); err != nil {
		return nil, err
	}
	if s.Version, err = secretmanager.NewSecretVersion(ctx, name+suffixVersion, &secretmanager.SecretVersionArgs{
		Secret:     s.Secret.ID(),
		SecretData: pulumi.ToSecret(args.Value).(pulumi.StringOutput),
	}, parent); err != nil {
		return nil, err
	}
	s.SecretID, s.VersionNumber = s.Secret.SecretId, s.Version.Version
	return s, ctx.RegisterResourceOutputs(s, pulumi.Map{"secretId": s.SecretID, "version": s.VersionNumber})
}
