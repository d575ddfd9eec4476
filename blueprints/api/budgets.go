package api

import (
	"fmt"
	"strconv"

	"github.com/groundwork-iac/groundwork/blueprints/internal/shared"
	"github.com/groundwork-iac/groundwork/components/budgets"
	"github.com/groundwork-iac/groundwork/components/gcp/runservice"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	sc "github.com/groundwork-iac/groundwork/stackconfig"
)

// budgets assembles the blueprint's budgets from the service's rungs and
// checks them.
func (p *Plan) budgets() budgets.Report {
	r := budgets.Report{Blueprint: Name}
	r.Ladders = append(r.Ladders,
		budgets.Ladder{Name: "request timeouts", Rungs: append([]budgets.Rung{
			{Name: "statement_timeout", Knob: sc.KnobAPIStatementTimeout, Value: p.statement},
			{Name: "pool acquire + statement_timeout", Knob: sc.KnobAPIStatementTimeout, Value: workloadenv.DefaultConnectTimeout + p.statement},
		}, runservice.RequestRungs(sc.KnobAPIRequestTimeout, p.Service.RequestTimeout)...)},
		runservice.ShutdownLadder(workloadenv.DefaultShutdownTimeout),
	)
	// Clients beyond the pooler's limit are refused; transactions beyond the
	// server pool wait in the pooler's queue, which is slower but survives.
	db := p.Database.Capacity()
	r.Connections = append(r.Connections, budgets.Connections{
		Name:              "api connections",
		Demands:           []budgets.Demand{{Name: "instances x pool", Knob: sc.KnobAPIMaxInstances, Instances: p.Service.MaxInstances, PerInstance: p.pool}},
		Pooler:            db.Pooler,
		PoolerClientLimit: db.PoolerClientLimit,
		ServerSlots:       db.ServerSlots,
		ServerDetail:      db.ServerDetail,
		OverServer:        budgets.Warning,
		ServerNote:        "at full scale, transactions beyond them wait in the pooler's queue",
		Fix: fmt.Sprintf("lower %s or %s (at most %d instances of %d), or raise max_connections",
			sc.KnobAPIMaxInstances, sc.KnobAPIDBPoolSize, db.ServerSlots/max(p.pool, 1), p.pool),
	})
	r.Check()
	if p.derived {
		r.Derived = append(r.Derived, budgets.Derived{Knob: sc.KnobAPIMaxInstances, Value: strconv.Itoa(p.Service.MaxInstances),
			From: fmt.Sprintf("server connections %d / pool size %d, at most %d", p.Database.ServerSlots(), p.pool, runservice.DefaultMaxInstancesCap)})
	}
	for _, f := range p.Database.Findings("api connections") {
		r.Add(f)
	}
	if p.Alerts == nil {
		r.Add(shared.NoDestinationWarning("the service's and the migrations job's alert policies would", sc.KnobAlertsNotificationChannels))
	}
	return r
}
