package budgets

import (
	"fmt"
	"time"
)

// CloudRunMaxRequestTimeout is Cloud Run's request timeout limit.
const CloudRunMaxRequestTimeout = 3600 * time.Second

// APIInput is everything the api blueprint's budgets need.
type APIInput struct {
	StatementTimeout time.Duration // SET LOCAL statement_timeout
	ConnectTimeout   time.Duration // connection setup and pool acquire
	HandlerTimeout   time.Duration // the workload's per-request deadline
	RequestTimeout   time.Duration // Cloud Run's request timeout
	ShutdownTimeout  time.Duration // draining after SIGTERM
	GracePeriod      time.Duration // Cloud Run's SIGTERM-to-SIGKILL time
	MaxInstances     int
	PoolSize         int
	Database         Database
}

// MaxInstancesFor derives a service's max instance count from the server
// slots its pools may use, between 1 and limit.
func MaxInstancesFor(serverSlots, poolSize, limit int) int {
	if poolSize < 1 {
		poolSize = 1
	}
	return max(1, min(serverSlots/poolSize, limit))
}

const (
	knobStatementAPI = "api.statementTimeout"
	knobRequest      = "api.requestTimeout"
	knobMaxInstances = "api.maxInstances"
	knobPoolSize     = "api.dbPoolSize"
)

// API builds and checks the api blueprint's budgets.
func API(in APIInput) Report {
	r := Report{Blueprint: "api"}
	r.Ladders = append(r.Ladders,
		Ladder{Name: "request timeouts", Rungs: []Rung{
			{Name: "statement_timeout", Knob: knobStatementAPI, Value: in.StatementTimeout},
			{Name: "pool acquire + statement_timeout", Knob: knobStatementAPI, Value: in.ConnectTimeout + in.StatementTimeout},
			{Name: "handler deadline (request timeout - response margin)", Knob: knobRequest, Value: in.HandlerTimeout},
			{Name: "Cloud Run request timeout", Knob: knobRequest, Value: in.RequestTimeout, MayEqualNext: true},
			{Name: "Cloud Run maximum", Knob: platformLimit, Value: CloudRunMaxRequestTimeout},
		}},
		Ladder{Name: "shutdown", Rungs: []Rung{
			{Name: "drain in-flight requests", Knob: "kit default", Value: in.ShutdownTimeout},
			{Name: "Cloud Run grace period after SIGTERM", Knob: platformLimit, Value: in.GracePeriod},
		}},
	)
	// Clients beyond the pooler's limit are refused; transactions beyond the
	// server pool wait in the pooler's queue, which is slower but survives.
	r.Connections = append(r.Connections, Connections{
		Name:              "api connections",
		Demands:           []Demand{{Name: "instances x pool", Knob: knobMaxInstances, Instances: in.MaxInstances, PerInstance: in.PoolSize}},
		Pooler:            in.Database.Pooler,
		PoolerClientLimit: in.Database.PoolerClientLimit,
		ServerSlots:       in.Database.ServerSlots,
		ServerDetail:      in.Database.ServerDetail,
		OverServer:        Warning,
		ServerNote:        "at full scale, transactions beyond them wait in the pooler's queue",
		Fix: fmt.Sprintf("lower %s or %s (at most %d instances of %d), or raise max_connections",
			knobMaxInstances, knobPoolSize, in.Database.ServerSlots/max(in.PoolSize, 1), in.PoolSize),
	})
	r.Check()
	return r
}
