package edge

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/budgets"
	"github.com/groundwork-iac/groundwork/components/cloudflare/hyperdrive"
	"github.com/groundwork-iac/groundwork/components/cloudflare/worker"
	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/stackconfig"
)

// Blueprint is the component that parents everything the blueprint creates.
type Blueprint struct {
	pulumi.ResourceState

	Hyperdrive *hyperdrive.Hyperdrive
	Worker     *worker.Worker
}

// Run prepares the plan and, when it holds, creates the blueprint.
func Run(ctx *pulumi.Context, s stackconfig.Settings) (budgets.Report, error) {
	p, err := Prepare(s)
	if err != nil {
		return p.Budgets, err
	}
	bp := &Blueprint{}
	if err := ctx.RegisterComponentResource(TypeToken, Name, bp); err != nil {
		return p.Budgets, err
	}
	parent := pulumi.Parent(bp)
	if bp.Hyperdrive, err = hyperdrive.New(ctx, Name+"-db", p.Hyperdrive, parent); err != nil {
		return p.Budgets, err
	}
	w := p.Worker
	w.Hyperdrive = &worker.HyperdriveBinding{Binding: workloadenv.HyperdriveBinding, ID: bp.Hyperdrive.ID}
	if h := s.Telemetry.OTLPHeaders; h.IsSet() {
		w.Secrets = map[string]pulumi.StringInput{telemetry.EnvHeaders: h.Output()}
	}
	if bp.Worker, err = worker.New(ctx, Name, w, parent); err != nil {
		return p.Budgets, err
	}
	if err := ctx.RegisterResourceOutputs(bp, pulumi.Map{"workerName": bp.Worker.ScriptName}); err != nil {
		return p.Budgets, err
	}
	ctx.Export("workerName", bp.Worker.ScriptName)
	ctx.Export("hyperdriveId", bp.Hyperdrive.ID)
	if r := w.Route; r != nil {
		ctx.Export("route", pulumi.String(r.Pattern))
	} else if d := w.Domain; d != nil {
		ctx.Export("url", pulumi.String("https://"+d.Hostname))
	}
	return p.Budgets, nil
}

// Check validates the settings and budgets without creating anything.
func Check(s stackconfig.Settings) (budgets.Report, error) {
	p, err := Prepare(s)
	return p.Budgets, err
}
