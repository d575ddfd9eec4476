package api

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/gcp/gcpsecret"
	"github.com/groundwork-iac/groundwork/components/gcp/projectservices"
	"github.com/groundwork-iac/groundwork/components/gcp/registry"
	"github.com/groundwork-iac/groundwork/components/gcp/runalerts"
	"github.com/groundwork-iac/groundwork/components/gcp/runjob"
	"github.com/groundwork-iac/groundwork/components/gcp/runmetrics"
	"github.com/groundwork-iac/groundwork/components/gcp/runservice"
	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

// Blueprint is the component that parents everything the blueprint creates.
type Blueprint struct {
	pulumi.ResourceState

	Service *runservice.Service
	Migrate *runjob.Job
	// Alerts is nil when groundwork:alerts names no destination.
	Alerts *runalerts.Alerts
	// Routes are the per-route metric and the dashboard.
	Routes *runmetrics.Metrics
	// Services are the enabled APIs; Registry the image repository, if any.
	Services *projectservices.Services
	Registry *registry.Registry
}

// Create registers the blueprint's resources and returns its stack outputs.
func (p *Plan) Create(ctx *pulumi.Context) (pulumi.Map, error) {
	bp := &Blueprint{}
	if err := ctx.RegisterComponentResource(TypeToken, Name, bp); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(bp)
	var err error
	// Every resource of the stack waits for the APIs: a new project has
	// them off.
	if bp.Services, err = projectservices.New(ctx, Name+"-services", p.Services, parent); err != nil {
		return nil, err
	}
	needs := bp.Services.Resources()
	if p.Registry != nil {
		reg := *p.Registry
		reg.Needs = needs
		if bp.Registry, err = registry.New(ctx, Name+"-images", reg, parent); err != nil {
			return nil, err
		}
	}
	secret := func(suffix string, v pulumi.StringInput) (*gcpsecret.Secret, error) {
		return gcpsecret.New(ctx, Name+suffix, gcpsecret.Args{Value: v, Project: p.Service.Project, Labels: blueprintLabels, Needs: needs}, parent)
	}
	pooled, err := secret("-db-url", p.Database.PooledURL.Output())
	if err != nil {
		return nil, err
	}
	direct, err := secret("-db-direct-url", p.Database.DirectURL.Output())
	if err != nil {
		return nil, err
	}
	svc := p.Service
	svc.Needs = needs
	svc.Secrets = []runservice.SecretEnv{{Env: workloadenv.DatabaseURL, SecretID: pooled.SecretID, Version: pooled.VersionNumber}}
	if h := p.Settings.Telemetry.OTLPHeaders; h.IsSet() {
		headers, err := secret("-otlp-headers", h.Output())
		if err != nil {
			return nil, err
		}
		svc.Secrets = append(svc.Secrets, runservice.SecretEnv{Env: telemetry.EnvHeaders, SecretID: headers.SecretID, Version: headers.VersionNumber})
	}
	if bp.Service, err = runservice.New(ctx, Name, svc, parent); err != nil {
		return nil, err
	}
	job := p.Migrate
	job.Needs = needs
	job.Secrets = []runjob.SecretEnv{{Env: workloadenv.DatabaseDirectURL, SecretID: direct.SecretID, Version: direct.VersionNumber}}
	if bp.Migrate, err = runjob.New(ctx, Name+"-migrate", job, parent); err != nil {
		return nil, err
	}
	routes := p.Routes
	routes.Service, routes.Needs = bp.Service.Service.Name, needs
	if bp.Routes, err = runmetrics.New(ctx, Name+"-routes", routes, parent); err != nil {
		return nil, err
	}
	if p.Alerts != nil {
		alerts := *p.Alerts
		alerts.Service, alerts.Job, alerts.Needs = bp.Service.Service.Name, bp.Migrate.JobName, needs
		if bp.Alerts, err = runalerts.New(ctx, Name+"-alerts", alerts, parent); err != nil {
			return nil, err
		}
	}
	out := pulumi.Map{"serviceUrl": bp.Service.URI, "serviceName": bp.Service.Service.Name, "serviceAccount": bp.Service.ServiceAccount,
		"migrationsJob": bp.Migrate.JobName}
	if bp.Registry != nil {
		out["imageRepository"] = bp.Registry.URL
	}
	return out, ctx.RegisterResourceOutputs(bp, out)
}
