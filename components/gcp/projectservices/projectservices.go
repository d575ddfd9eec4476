// Package projectservices enables the Google Cloud APIs a stack uses, so a
// first `pulumi up` on a new project works, and hands the resources that
// need them a dependency on each.
//
// Each API is a projects.Service with disableOnDestroy false: a destroy
// leaves the API on, since other workloads of the project may use it (the
// provider's own description: disabling on destroy "should generally only
// be true in configurations that manage the gcp.organizations.Project
// resource itself"), and disableDependentServices false. Enabling an API
// needs serviceusage.googleapis.com, which new projects have on.
package projectservices

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-gcp/sdk/v9/go/gcp/projects"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/problem"
)

// TypeToken is this component's Pulumi type. Changing it replaces every instance.
const TypeToken = "groundwork:gcp:ProjectServices"

// APIs the kit's Google Cloud components use.
const (
	Run                 = "run.googleapis.com"
	SecretManager       = "secretmanager.googleapis.com"
	IAM                 = "iam.googleapis.com"
	ResourceManager     = "cloudresourcemanager.googleapis.com" // project IAM bindings
	Logging             = "logging.googleapis.com"
	Monitoring          = "monitoring.googleapis.com"
	Telemetry           = "telemetry.googleapis.com" // OTLP traces to Cloud Trace
	CloudTrace          = "cloudtrace.googleapis.com"
	ArtifactRegistry    = "artifactregistry.googleapis.com"
	serviceSuffix       = ".googleapis.com"
	maxServicesPerStack = 30
)

var serviceName = regexp.MustCompile(`^[a-z][a-z0-9-]*\.googleapis\.com$`)

// Args configure the services.
type Args struct {
	// Project; if empty, the provider's.
	Project string
	// Services are API names such as run.googleapis.com. Required.
	Services []string
}

// Services is the component.
type Services struct {
	pulumi.ResourceState

	Services []*projects.Service
}

// Check is pure.
func (a Args) Check() problem.List {
	var out problem.List
	if len(a.Services) == 0 || len(a.Services) > maxServicesPerStack {
		out.Add("services", "must list 1 to %d APIs, got %d", maxServicesPerStack, len(a.Services))
	}
	for i, s := range a.Services {
		if !serviceName.MatchString(s) {
			out.Add(fmt.Sprintf("services[%d]", i), "must be an API name such as run.googleapis.com, got %q", s)
		}
	}
	return out
}

// New enables each service.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Services, error) {
	if err := args.Check().ErrIn(fmt.Sprintf("projectservices %q", name)); err != nil {
		return nil, err
	}
	s := &Services{}
	if err := ctx.RegisterComponentResource(TypeToken, name, s, opts...); err != nil {
		return nil, err
	}
	var project pulumi.StringPtrInput
	if args.Project != "" {
		project = pulumi.String(args.Project)
	}
	services := slices.Clone(args.Services)
	slices.Sort(services)
	for _, api := range slices.Compact(services) {
		svc, err := projects.NewService(ctx, name+"-"+strings.TrimSuffix(api, serviceSuffix), &projects.ServiceArgs{
			Project:                  project,
			Service:                  pulumi.String(api),
			DisableOnDestroy:         pulumi.Bool(false),
			DisableDependentServices: pulumi.Bool(false),
		}, pulumi.Parent(s))
		if err != nil {
			return nil, err
		}
		s.Services = append(s.Services, svc)
	}
	return s, ctx.RegisterResourceOutputs(s, pulumi.Map{})
}

// Resources are the services, for pulumi.DependsOn.
func (s *Services) Resources() []pulumi.Resource {
	out := make([]pulumi.Resource, len(s.Services))
	for i, svc := range s.Services {
		out[i] = svc
	}
	return out
}
