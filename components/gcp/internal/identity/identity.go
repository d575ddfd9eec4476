// Package identity creates what every GCP workload of the kit runs as: its
// own service account with exactly the project roles it needs and accessor
// rights on exactly the secrets it reads. It also names things within
// Google's length and character rules, deterministically.
package identity

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-gcp/sdk/v9/go/gcp/projects"
	"github.com/pulumi/pulumi-gcp/sdk/v9/go/gcp/secretmanager"
	"github.com/pulumi/pulumi-gcp/sdk/v9/go/gcp/serviceaccount"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/tags"
)

// SecretAccessor is the role that reads a secret's versions, granted per secret.
const SecretAccessor = "roles/secretmanager.secretAccessor"

// Secret is a secret the workload reads.
type Secret struct {
	// Key names the grant's child resource, e.g. the env var it feeds.
	Key      string
	SecretID pulumi.StringInput
}

// Args describe an identity.
type Args struct {
	Project     string
	DisplayName string
	// Roles are granted on the project: only roles that cannot be scoped to
	// a resource (writing logs, metrics, traces).
	Roles   []string
	Secrets []Secret
}

// Identity is the service account and what was granted to it.
type Identity struct {
	Account *serviceaccount.Account
	Email   pulumi.StringOutput
	Member  pulumi.StringOutput
	// Grants are the role and accessor bindings; a workload must depend on
	// them, or its first revision starts without its permissions.
	Grants []pulumi.Resource
}

// Create makes the service account and its grants as children of parent.
// Child names: name+"-sa", name+"-role-<role>", name+"-secret-<key>".
func Create(ctx *pulumi.Context, name string, a Args, parent pulumi.ResourceOption) (*Identity, error) {
	acct, err := serviceaccount.NewAccount(ctx, name+"-sa", &serviceaccount.AccountArgs{
		AccountId:   pulumi.String(AccountID(ctx, name)),
		DisplayName: pulumi.String(a.DisplayName),
		Description: pulumi.Sprintf("runtime identity of %s (stack %s)", name, ctx.Stack()),
		Project:     pulumi.String(a.Project),
	}, parent)
	if err != nil {
		return nil, err
	}
	id := &Identity{Account: acct, Email: acct.Email, Member: acct.Member}
	for _, role := range a.Roles {
		m, err := projects.NewIAMMember(ctx, name+"-role-"+roleSuffix(role), &projects.IAMMemberArgs{
			Project: pulumi.String(a.Project),
			Role:    pulumi.String(role),
			Member:  acct.Member,
		}, parent)
		if err != nil {
			return nil, err
		}
		id.Grants = append(id.Grants, m)
	}
	for _, s := range a.Secrets {
		m, err := secretmanager.NewSecretIamMember(ctx, name+"-secret-"+strings.ToLower(strings.ReplaceAll(s.Key, "_", "-")), &secretmanager.SecretIamMemberArgs{
			Project:  pulumi.String(a.Project),
			SecretId: s.SecretID,
			Role:     pulumi.String(SecretAccessor),
			Member:   acct.Member,
		}, parent)
		if err != nil {
			return nil, err
		}
		id.Grants = append(id.Grants, m)
	}
	return id, nil
}

func roleSuffix(role string) string {
	r := strings.TrimPrefix(role, "roles/")
	return strings.ToLower(strings.ReplaceAll(r, ".", "-"))
}

var notIDChar = regexp.MustCompile(`[^a-z0-9-]+`)

// AccountID is a service account id (6-30 of a-z, 0-9, -, starting with a
// letter) unique per stack and name: a readable prefix and a short hash.
func AccountID(ctx *pulumi.Context, name string) string {
	return shorten(ctx, name, 30)
}

// ResourceID is an id of at most max characters from the same alphabet,
// unique per project, stack and name.
func ResourceID(ctx *pulumi.Context, name string, max int) string { return shorten(ctx, name, max) }

func shorten(ctx *pulumi.Context, name string, max int) string {
	sum := sha256.Sum256([]byte(ctx.Project() + "/" + ctx.Stack() + "/" + name))
	hash := hex.EncodeToString(sum[:])[:6]
	base := strings.Trim(notIDChar.ReplaceAllString(strings.ToLower(name+"-"+ctx.Stack()), "-"), "-")
	if base == "" || base[0] < 'a' || base[0] > 'z' {
		base = "gw-" + base
	}
	if keep := max - len(hash) - 1; len(base) > keep {
		base = strings.TrimRight(base[:keep], "-")
	}
	return base + "-" + hash
}

// Labels are the kit's tags as GCP labels (lower-case keys and values).
func Labels(ctx *pulumi.Context, component string, caller map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range tags.For(ctx.Project(), ctx.Stack(), component, caller) {
		v = strings.Trim(notIDChar.ReplaceAllString(strings.ToLower(v), "-"), "-")
		if len(v) > 63 { // the label value limit
			v = v[:63]
		}
		out[k] = v
	}
	return out
}
