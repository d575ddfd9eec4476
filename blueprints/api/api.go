package api

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/budgets"
	"github.com/groundwork-iac/groundwork/components/gcp/gcpsecret"
	"github.com/groundwork-iac/groundwork/components/gcp/runjob"
	"github.com/groundwork-iac/groundwork/components/gcp/runservice"
	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/stackconfig"
)

// Blueprint is the component that parents everything the blueprint creates.
type Blueprint struct {
	pulumi.ResourceState

	Service *runservice.Service
	Migrate *runjob.Job
}

// Run prepares the plan and, when it holds, creates the blueprint.
func Run(ctx *pulumi.Context, s stackconfig.Settings) (budgets.Report, error) {
	p, err := Prepare(s)
	if err != nil {
		return p.Budgets, err
	}
	bp, err := create(ctx, p)
	if err != nil {
		return p.Budgets, err
	}
	ctx.Export("serviceUrl", bp.Service.URI)
	ctx.Export("serviceAccount", bp.Service.ServiceAccount)
	ctx.Export("migrationsJob", bp.Migrate.JobName)
	return p.Budgets, nil
}

// Check validates the settings and budgets without creating anything.
func Check(s stackconfig.Settings) (budgets.Report, error) {
	p, err := Prepare(s)
	return p.Budgets, err
}

func create(ctx *pulumi.Context, p *Plan) (*Blueprint, error) {
	bp := &Blueprint{}
	if err := ctx.RegisterComponentResource(TypeToken, Name, bp); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(bp)
	secret := func(suffix string, v pulumi.StringInput) (*gcpsecret.Secret, error) {
		return gcpsecret.New(ctx, Name+suffix, gcpsecret.Args{Value: v, Project: p.Service.Project, Labels: blueprintLabels}, parent)
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
	job.Secrets = []runjob.SecretEnv{{Env: workloadenv.DatabaseDirectURL, SecretID: direct.SecretID, Version: direct.VersionNumber}}
	if bp.Migrate, err = runjob.New(ctx, Name+"-migrate", job, parent); err != nil {
		return nil, err
	}
	return bp, ctx.RegisterResourceOutputs(bp, pulumi.Map{"serviceUrl": bp.Service.URI, "migrationsJob": bp.Migrate.JobName})
}
