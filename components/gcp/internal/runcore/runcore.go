// Package runcore is what a Cloud Run service and a Cloud Run job share: the
// container's settings and their checks, secrets as Secret Manager
// references, the rendered environment, the project and region from the
// provider's config, and the workload's identity and grants.
package runcore

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"time"

	gcpconfig "github.com/pulumi/pulumi-gcp/sdk/v9/go/gcp/config"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/envnames"
	"github.com/groundwork-iac/groundwork/components/gcp/internal/identity"
	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/components/telemetry"
)

// SecretEnv is an environment variable whose value is a Secret Manager
// secret version.
type SecretEnv struct {
	Env      string
	SecretID pulumi.StringInput
	Version  pulumi.StringInput
}

// Container is what a service's and a job's arguments share. Zero values
// mean the default named in each comment.
type Container struct {
	// Image is the container image, ideally by digest. Required.
	Image string
	// ImageManagedExternally ignores image changes after creation, so CI
	// can deploy new images without Pulumi reverting them.
	ImageManagedExternally bool
	// Needs are resources every child waits for: the project services the
	// workload uses (projectservices), so a first deploy on a new project
	// does not race the API's enablement.
	Needs []pulumi.Resource
	// CPU and Memory limits, e.g. "1" and "512Mi". If empty, the
	// component's DefaultCPU and DefaultMemory.
	CPU, Memory string
	// Environment holds plain values only.
	Environment map[string]pulumi.StringInput
	// Secrets are environment variables resolved from Secret Manager.
	Secrets []SecretEnv
	// Telemetry of the workload; ServiceName defaults to the component name.
	Telemetry telemetry.Settings
	// Project and Region; if empty, the provider's gcp:project and gcp:region.
	Project, Region string
	// Labels are added to every child that takes labels.
	Labels map[string]string
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Resolved fills Project and Region from the provider's config, an empty
// CPU and Memory with the component's defaults, and the service name with
// the component's name.
func (c Container) Resolved(ctx *pulumi.Context, name, cpu, memory string) Container {
	if c.Project == "" {
		c.Project = gcpconfig.GetProject(ctx)
	}
	if c.Region == "" {
		c.Region = gcpconfig.GetRegion(ctx)
	}
	if c.CPU == "" {
		c.CPU = cpu
	}
	if c.Memory == "" {
		c.Memory = memory
	}
	if c.Telemetry.ServiceName == "" {
		c.Telemetry.ServiceName = name
	}
	return c
}

// Check checks the settings; reserved are the variables the platform sets.
func (c Container) Check(reserved []string) problem.List {
	var out problem.List
	c.checkShapes(&out)
	check := envnames.Rules{Platform: "Cloud Run", Valid: envName, Form: "use letters, digits and _, not starting with a digit",
		Reserved: reserved}.Checker(&out)
	for _, k := range slices.Sorted(maps.Keys(c.Environment)) {
		check("environment", k)
	}
	for _, s := range c.Secrets {
		check("secrets", s.Env)
	}
	return out
}

// Wiring checks the telemetry (after defaults) and what only exists once
// the secrets do.
func (c Container) Wiring() problem.List {
	var out problem.List
	out.Extend("telemetry", c.Telemetry.Check())
	for _, s := range c.Secrets {
		if s.SecretID == nil || s.Version == nil {
			out.Add("secrets", "variable %s needs SecretID and Version: pass the secret's id and version outputs", s.Env)
		}
	}
	return out
}

// EnvVar is one rendered variable: a plain Value, or a Secret reference.
type EnvVar struct {
	Name            string
	Value           pulumi.StringInput
	Secret, Version pulumi.StringInput
}

// EnvVars renders plain (sorted by name) and then the secrets, in order.
func EnvVars(plain map[string]pulumi.StringInput, secrets []SecretEnv) []EnvVar {
	var out []EnvVar
	for _, k := range slices.Sorted(maps.Keys(plain)) {
		out = append(out, EnvVar{Name: k, Value: plain[k]})
	}
	for _, s := range secrets {
		out = append(out, EnvVar{Name: s.Env, Secret: s.SecretID, Version: s.Version})
	}
	return out
}

// SortByName orders rendered variables by name.
func SortByName(vars []EnvVar) {
	sort.SliceStable(vars, func(i, j int) bool { return vars[i].Name < vars[j].Name })
}

// Workload is the component a service or a job registers.
type Workload struct {
	// Kind and Name say where problems were found (`runjob "migrate"`).
	Kind, Name string
	// TypeToken and Resource are the component to register.
	TypeToken string
	Resource  pulumi.ComponentResource
	// Problems are every problem found in the arguments; any of them stops
	// Start before anything is registered.
	Problems problem.List
	// DisplayName and Roles describe the identity.
	DisplayName string
	Roles       []string
}

// Start refuses the arguments' problems, registers the component and
// creates its identity: the service account, its roles on the project and
// accessor on exactly the container's secrets. The component's own
// resource is created as a child of parent, after the grants (Options).
func Start(ctx *pulumi.Context, w Workload, c Container, opts ...pulumi.ResourceOption) (*identity.Identity, pulumi.ResourceOption, error) {
	if err := w.Problems.ErrIn(fmt.Sprintf("%s %q", w.Kind, w.Name)); err != nil {
		return nil, nil, err
	}
	if err := ctx.RegisterComponentResource(w.TypeToken, w.Name, w.Resource, opts...); err != nil {
		return nil, nil, err
	}
	parent := pulumi.Composite(pulumi.Parent(w.Resource), pulumi.DependsOn(c.Needs))
	var secrets []identity.Secret
	for _, s := range c.Secrets {
		secrets = append(secrets, identity.Secret{Key: s.Env, SecretID: s.SecretID})
	}
	id, err := identity.Create(ctx, w.Name, identity.Args{Project: c.Project, DisplayName: w.DisplayName, Roles: w.Roles, Secrets: secrets}, parent)
	return id, parent, err
}

// Options are the workload resource's options: its parent, its grants
// first (a revision must not start without its permissions), and with an
// externally managed image, ignore-changes on imagePath.
func (c Container) Options(parent pulumi.ResourceOption, id *identity.Identity, imagePath string) []pulumi.ResourceOption {
	opts := []pulumi.ResourceOption{parent, pulumi.DependsOn(id.Grants)}
	if c.ImageManagedExternally {
		opts = append(opts, pulumi.IgnoreChanges([]string{imagePath}))
	}
	return opts
}

// LabelMap is the kit's tags and the caller's labels as GCP labels.
func (c Container) LabelMap(ctx *pulumi.Context, name string) pulumi.StringMap {
	return pulumi.ToStringMap(identity.Labels(ctx, name, c.Labels))
}

// Seconds renders a whole-second duration as Cloud Run's API writes it ("30s").
func Seconds(d time.Duration) string { return strconv.Itoa(int(d/time.Second)) + "s" }
