package database

import (
	"fmt"

	"github.com/groundwork-iac/groundwork/components/budgets"
)

// Capacity is what the endpoint can take, for the connection budgets.
func (e Endpoint) Capacity() budgets.Database {
	max, assumed := e.MaxConns()
	p := e.Pooler()
	detail := fmt.Sprintf("min(%g%% of max_connections %d, %d - %d reserved)", p.ServerShare*100, max, max, e.Reserved())
	if assumed {
		detail += ", max_connections assumed"
	}
	return budgets.Database{Pooler: p.Name, PoolerClientLimit: p.ClientLimit, ServerSlots: e.ServerSlots(), ServerDetail: detail}
}

// Findings are warnings about the endpoint itself for a budget: an assumed
// max_connections makes every connection figure a guess.
func (e Endpoint) Findings(budget string) []budgets.Finding {
	max, assumed := e.MaxConns()
	if !assumed {
		return nil
	}
	return []budgets.Finding{{Severity: budgets.Warning, Budget: budget, Knob: "database.maxConnections",
		Message: fmt.Sprintf("database.maxConnections is not set; assuming PostgreSQL's default %d. Set it to your server's value (SHOW max_connections) so the connection budget is real", max)}}
}
