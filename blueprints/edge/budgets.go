package edge

import (
	"cmp"
	"fmt"

	"github.com/groundwork-iac/groundwork/blueprints/internal/shared"
	"github.com/groundwork-iac/groundwork/components/budgets"
	"github.com/groundwork-iac/groundwork/components/cloudflare/hyperdrive"
	"github.com/groundwork-iac/groundwork/components/cloudflare/worker"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	sc "github.com/groundwork-iac/groundwork/stackconfig"
)

// budgets assembles the blueprint's budgets from Hyperdrive's and the
// Worker's rungs and checks them.
func (p *Plan) budgets() budgets.Report {
	plan := cmp.Or(p.Worker.Plan, worker.PlanFree)
	r := budgets.Report{Blueprint: Name}
	r.Ladders = append(r.Ladders,
		budgets.Ladder{Name: "connect", Rungs: []budgets.Rung{
			{Name: "driver connect timeout", Knob: sc.KnobEdgeConnectTimeout, Value: p.connect},
			hyperdrive.ConnectRung(),
		}},
		budgets.Ladder{Name: "query", Rungs: []budgets.Rung{
			{Name: "statement_timeout", Knob: sc.KnobEdgeStatementTimeout, Value: p.statement},
			hyperdrive.QueryRung(),
		}},
		budgets.Ladder{Name: "request", Rungs: []budgets.Rung{
			{Name: "connect + statement_timeout", Knob: sc.KnobEdgeStatementTimeout, Value: p.connect + p.statement},
			{Name: "Worker request deadline", Knob: budgets.KitDefault, Value: workloadenv.DefaultWorkerHandlerTimeout},
			worker.ProxyRung(),
		}},
		budgets.Ladder{Name: "after the response", Rungs: []budgets.Rung{
			{Name: "span export timeout", Knob: budgets.KitDefault, Value: workloadenv.DefaultOTLPExportTimeout},
			worker.WaitUntilRung(),
		}},
	)
	// Hyperdrive scales its origin pool up to the plan's limit; the server
	// must hold that many on top of everything else it serves. It meets the
	// server directly, so no other pooler's client limit applies.
	db := p.Database.Capacity()
	r.Connections = append(r.Connections, budgets.Connections{
		Name: "Hyperdrive origin connections",
		Demands: []budgets.Demand{{Name: "Hyperdrive pool at the " + plan + " plan's limit", Knob: sc.KnobEdgePlan,
			Instances: hyperdrive.OriginConnections(plan == worker.PlanPaid), PerInstance: 1}},
		Pooler:       "Hyperdrive",
		ServerSlots:  db.ServerSlots,
		ServerDetail: db.ServerDetail,
		OverServer:   budgets.Warning,
		ServerNote:   "at peak Hyperdrive can take connections the server needs for others",
		Fix: fmt.Sprintf("cap the pool with `wrangler hyperdrive update <id> --origin-connection-limit=%d` (the provider cannot set it yet) or raise max_connections",
			max(db.ServerSlots, 5)),
	})
	r.Check()
	r.Derived = append(r.Derived, budgets.Derived{Knob: "bundle", Value: fmt.Sprintf("%s gzipped (%s raw)", worker.KB(p.Bundle.GzipBytes), worker.KB(p.Bundle.RawBytes)),
		From: fmt.Sprintf("limit %s on the %s plan (as of %s)", worker.KB(worker.GzipLimit(plan)), plan, worker.LimitsCheckedOn)})
	for _, f := range p.Database.Findings("Hyperdrive origin connections") {
		r.Add(f)
	}
	for _, f := range shared.NoEndpointWarning(p.Settings, "trace ids still reach the logs") {
		r.Add(f)
	}
	p.logFindings(&r)
	if p.Alerts == nil {
		r.Add(shared.NoDestinationWarning("Cloudflare's incident notifications for the Worker"))
	}
	return r
}
