package budgets

import (
	"fmt"
	"time"
)

// EdgeInput is everything the edge blueprint's budgets need. The platform
// figures come from the caller (the Cloudflare components own them).
type EdgeInput struct {
	ConnectTimeout   time.Duration // the driver's connect timeout
	StatementTimeout time.Duration // the Worker role's statement_timeout (DB_STATEMENT_TIMEOUT)
	HandlerTimeout   time.Duration // the Worker's per-request deadline
	ExportTimeout    time.Duration // one span export, in waitUntil

	HyperdriveConnectTimeout time.Duration // Hyperdrive's initial connection timeout
	HyperdriveMaxQuery       time.Duration // Hyperdrive's longest statement
	ProxyTimeout             time.Duration // Cloudflare answers 524 past this
	WaitUntilLimit           time.Duration // waitUntil work after the response

	// OriginConnections is the most connections Hyperdrive may open to the
	// origin on the account's plan.
	OriginConnections int
	Plan              string
	Database          Database
}

const (
	knobEdgeConnect   = "edge.connectTimeout"
	knobEdgeStatement = "edge.statementTimeout"
)

// Edge builds and checks the edge blueprint's budgets.
func Edge(in EdgeInput) Report {
	r := Report{Blueprint: "edge"}
	r.Ladders = append(r.Ladders,
		Ladder{Name: "connect", Rungs: []Rung{
			{Name: "driver connect timeout", Knob: knobEdgeConnect, Value: in.ConnectTimeout},
			{Name: "Hyperdrive initial connection timeout", Knob: platformLimit, Value: in.HyperdriveConnectTimeout},
		}},
		Ladder{Name: "query", Rungs: []Rung{
			{Name: "statement_timeout", Knob: knobEdgeStatement, Value: in.StatementTimeout},
			{Name: "Hyperdrive query limit", Knob: platformLimit, Value: in.HyperdriveMaxQuery},
		}},
		Ladder{Name: "request", Rungs: []Rung{
			{Name: "connect + statement_timeout", Knob: knobEdgeStatement, Value: in.ConnectTimeout + in.StatementTimeout},
			{Name: "Worker request deadline", Knob: "kit default", Value: in.HandlerTimeout},
			{Name: "Cloudflare proxy timeout (524)", Knob: platformLimit, Value: in.ProxyTimeout},
		}},
		Ladder{Name: "after the response", Rungs: []Rung{
			{Name: "span export timeout", Knob: "kit default", Value: in.ExportTimeout},
			{Name: "waitUntil limit", Knob: platformLimit, Value: in.WaitUntilLimit},
		}},
	)
	// Hyperdrive scales its origin pool up to the plan's limit; the server
	// must hold that many on top of everything else it serves.
	r.Connections = append(r.Connections, Connections{
		Name:              "Hyperdrive origin connections",
		Demands:           []Demand{{Name: "Hyperdrive pool at the " + in.Plan + " plan's limit", Knob: "edge.plan", Instances: in.OriginConnections, PerInstance: 1}},
		Pooler:            in.Database.Pooler,
		PoolerClientLimit: in.Database.PoolerClientLimit,
		ServerSlots:       in.Database.ServerSlots,
		ServerDetail:      in.Database.ServerDetail,
		OverServer:        Warning,
		ServerNote:        "at peak Hyperdrive can take connections the server needs for others",
		Fix: fmt.Sprintf("cap the pool with `wrangler hyperdrive update <id> --origin-connection-limit=%d` (the provider cannot set it yet) or raise max_connections",
			max(in.Database.ServerSlots, 5)),
	})
	r.Check()
	return r
}
