// Package registry creates an Artifact Registry Docker repository for a
// stack's images, with cleanup policies that delete: a DELETE policy for
// versions older than DeleteAfter, and a KEEP policy for the KeepRecent
// newest, which wins where both match ("if a version matches both a delete
// and a keep policy, the keep policy applies",
// cloud.google.com/artifact-registry/docs/repositories/cleanup-policy).
// Dry run is off: the provider's cleanupPolicyDryRun would otherwise only
// log what it would delete.
package registry

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/pulumi/pulumi-gcp/sdk/v9/go/gcp/artifactregistry"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/problem"
)

// TypeToken is this component's Pulumi type. Changing it replaces every instance.
const TypeToken = "groundwork:gcp:Registry"

const (
	// DefaultKeepRecent: the ten newest versions stay, enough to roll back
	// several releases.
	DefaultKeepRecent = 10
	// DefaultDeleteAfter: older versions go after 30 days.
	DefaultDeleteAfter = 30 * 24 * time.Hour
	// MinDeleteAfter: a day, so an image pushed and not yet deployed stays.
	MinDeleteAfter = 24 * time.Hour

	policyDelete = "delete-old-versions"
	policyKeep   = "keep-recent-versions"
)

// repositoryID: "must start with a lowercase letter, end with a lowercase
// letter or number, and only contain lowercase letters, numbers, and
// hyphens", at most 63 (cloud.google.com/artifact-registry/docs/repositories/create-repos).
var repositoryID = regexp.MustCompile(`^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$`)

// Args configure the repository.
type Args struct {
	// ID is the repository's id (the path segment of its images). Required.
	ID string
	// Project and Location (the region); if empty, the provider's.
	Project, Location string
	// KeepRecent and DeleteAfter are the cleanup policies; zero: the defaults.
	KeepRecent  int
	DeleteAfter time.Duration
	// Labels are added to the repository.
	Labels map[string]string
	// Needs are resources the repository waits for (the Artifact Registry API).
	Needs []pulumi.Resource
}

// Registry is the component.
type Registry struct {
	pulumi.ResourceState

	Repository *artifactregistry.Repository
	// URL is where images go: LOCATION-docker.pkg.dev/PROJECT/ID.
	URL pulumi.StringOutput `pulumi:"url"`
}

// Check is pure.
func (a Args) Check() problem.List {
	var out problem.List
	if !repositoryID.MatchString(a.ID) {
		out.Add("id", "must be 1-63 of a-z, 0-9 and -, starting with a letter and ending with a letter or digit, got %q", a.ID)
	}
	if a.KeepRecent < 0 || a.KeepRecent > 1000 {
		out.Add("keepRecent", "must be between 1 and 1000 versions, got %d", a.KeepRecent)
	}
	if a.DeleteAfter != 0 && a.DeleteAfter < MinDeleteAfter {
		out.Add("deleteAfter", "must be at least %s, got %s: an image pushed but not yet deployed would be deleted", MinDeleteAfter, a.DeleteAfter)
	}
	return out
}

// New creates the repository.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Registry, error) {
	if err := args.Check().ErrIn(fmt.Sprintf("registry %q", name)); err != nil {
		return nil, err
	}
	keep, after := args.KeepRecent, args.DeleteAfter
	if keep == 0 {
		keep = DefaultKeepRecent
	}
	if after == 0 {
		after = DefaultDeleteAfter
	}
	r := &Registry{}
	if err := ctx.RegisterComponentResource(TypeToken, name, r, opts...); err != nil {
		return nil, err
	}
	repo := &artifactregistry.RepositoryArgs{
		RepositoryId:        pulumi.String(args.ID),
		Format:              pulumi.String("DOCKER"),
		Description:         pulumi.String(fmt.Sprintf("images of %s/%s; the %d newest kept, older ones deleted after %s", ctx.Project(), ctx.Stack(), keep, after)),
		CleanupPolicyDryRun: pulumi.Bool(false),
		CleanupPolicies: artifactregistry.RepositoryCleanupPolicyArray{
			artifactregistry.RepositoryCleanupPolicyArgs{Id: pulumi.String(policyDelete), Action: pulumi.String("DELETE"),
				Condition: &artifactregistry.RepositoryCleanupPolicyConditionArgs{TagState: pulumi.String("ANY"),
					OlderThan: pulumi.String(strconv.Itoa(int(after.Seconds())) + "s")}},
			artifactregistry.RepositoryCleanupPolicyArgs{Id: pulumi.String(policyKeep), Action: pulumi.String("KEEP"),
				MostRecentVersions: &artifactregistry.RepositoryCleanupPolicyMostRecentVersionsArgs{KeepCount: pulumi.Int(keep)}},
		},
		Labels: pulumi.ToStringMap(args.Labels),
	}
	if args.Project != "" {
		repo.Project = pulumi.String(args.Project)
	}
	if args.Location != "" {
		repo.Location = pulumi.String(args.Location)
	}
	var err error
	if r.Repository, err = artifactregistry.NewRepository(ctx, name+"-repository", repo, pulumi.Parent(r), pulumi.DependsOn(args.Needs)); err != nil {
		return nil, err
	}
	r.URL = pulumi.Sprintf("%s-docker.pkg.dev/%s/%s", r.Repository.Location, r.Repository.Project, r.Repository.RepositoryId)
	return r, ctx.RegisterResourceOutputs(r, pulumi.Map{"url": r.URL})
}
