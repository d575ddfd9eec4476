package edge

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/cloudflare/cfalerts"
	"github.com/groundwork-iac/groundwork/components/cloudflare/hyperdrive"
	"github.com/groundwork-iac/groundwork/components/cloudflare/worker"
	"github.com/groundwork-iac/groundwork/components/cloudflare/workerlogs"
	"github.com/groundwork-iac/groundwork/components/telemetry"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

// Blueprint is the component that parents everything the blueprint creates.
type Blueprint struct {
	pulumi.ResourceState

	Hyperdrive *hyperdrive.Hyperdrive
	Worker     *worker.Worker
	// Logs is nil when the Worker's logs are not kept; Alerts without
	// groundwork:alerts.emails.
	Logs   *workerlogs.Logs
	Alerts *cfalerts.Alerts
}

// Create registers the blueprint's resources and returns its stack outputs.
func (p *Plan) Create(ctx *pulumi.Context) (pulumi.Map, error) {
	bp := &Blueprint{}
	if err := ctx.RegisterComponentResource(TypeToken, Name, bp); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(bp)
	var err error
	if bp.Hyperdrive, err = hyperdrive.New(ctx, Name+"-db", p.Hyperdrive, parent); err != nil {
		return nil, err
	}
	w := p.Worker
	w.Hyperdrive = &worker.HyperdriveBinding{Binding: workloadenv.HyperdriveBinding, ID: bp.Hyperdrive.ID}
	if h := p.Settings.Telemetry.OTLPHeaders; h.IsSet() {
		w.Secrets = map[string]pulumi.StringInput{telemetry.EnvHeaders: h.Output()}
	}
	if err := p.createLogs(ctx, bp, &w, parent); err != nil {
		return nil, err
	}
	if bp.Worker, err = worker.New(ctx, Name, w, parent); err != nil {
		return nil, err
	}
	if p.Alerts != nil {
		if bp.Alerts, err = cfalerts.New(ctx, Name+"-alerts", *p.Alerts, parent); err != nil {
			return nil, err
		}
	}
	out := pulumi.Map{"workerName": bp.Worker.ScriptName, "hyperdriveId": bp.Hyperdrive.ID}
	if p.Logs != nil && p.Logs.Destination == nil {
		out["logsBucket"] = bp.Logs.BucketName
	}
	if r := w.Route; r != nil {
		out["route"] = pulumi.String(r.Pattern)
	} else if d := w.Domain; d != nil {
		out["url"] = pulumi.String("https://" + d.Hostname)
	}
	return out, ctx.RegisterResourceOutputs(bp, out)
}
