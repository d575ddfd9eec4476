package jobs

import (
	"cmp"
	"fmt"
	"strconv"
	"time"

	"github.com/groundwork-iac/groundwork/blueprints/internal/shared"
	"github.com/groundwork-iac/groundwork/components/aws/golambda"
	"github.com/groundwork-iac/groundwork/components/aws/jobqueue"
	"github.com/groundwork-iac/groundwork/components/aws/webhook"
	"github.com/groundwork-iac/groundwork/components/budgets"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	sc "github.com/groundwork-iac/groundwork/stackconfig"
)

func (p *Plan) statementTimeout() time.Duration {
	return cmp.Or(p.worker().StatementTimeout.D(), workloadenv.DefaultStatementTimeout)
}

func (p *Plan) messageTimeout() time.Duration {
	return cmp.Or(p.worker().MessageTimeout.D(), workloadenv.DefaultMessageTimeout)
}

func (p *Plan) worker() sc.JobsWorker {
	if p.Settings.Jobs == nil {
		return sc.JobsWorker{}
	}
	return p.Settings.Jobs.Worker
}

// visibility is the queue's visibility timeout: as set, or derived.
func (p *Plan) visibility() time.Duration {
	if v := p.Queue.VisibilityTimeout; v != 0 {
		return v
	}
	return jobqueue.VisibilityFloor(p.Worker.Timeout, p.Queue.BatchWindow)
}

// budgets assembles the blueprint's budgets from its components' rungs and
// checks them.
func (p *Plan) budgets() budgets.Report {
	r := budgets.Report{Blueprint: Name}
	timeout, pool := p.Worker.Timeout, workloadenv.DefaultPoolSize
	r.Ladders = append(r.Ladders,
		budgets.Ladder{Name: "worker timeouts", Rungs: append([]budgets.Rung{
			{Name: "pool acquire + statement_timeout", Knob: sc.KnobJobsWorkerStatementTimeout, Value: workloadenv.DefaultConnectTimeout + p.statementTimeout()},
			{Name: "per-message deadline", Knob: sc.KnobJobsWorkerMessageTimeout, Value: p.messageTimeout()},
		}, golambda.TimeoutRungs("worker", sc.KnobJobsWorkerTimeout, timeout)...)},
		golambda.InitLadder("worker"),
		jobqueue.RetentionLadder(p.Queue.Retention),
	)
	if p.Webhook != nil {
		r.Ladders = append(r.Ladders, webhook.Ladder())
	}
	r.Floors = append(r.Floors, jobqueue.VisibilityRule("work queue", sc.KnobJobsWorkerVisibilityTimeout, p.visibility(), timeout, p.Queue.BatchWindow))
	db := p.Database.Capacity()
	r.Connections = append(r.Connections, budgets.Connections{
		Name:              "worker connections",
		Demands:           []budgets.Demand{{Name: "worker instances", Knob: sc.KnobJobsWorkerMaxConcurrency, Instances: p.Queue.MaxConcurrency, PerInstance: pool}},
		Pooler:            db.Pooler,
		PoolerClientLimit: db.PoolerClientLimit,
		ServerSlots:       db.ServerSlots,
		ServerDetail:      db.ServerDetail,
		OverServer:        budgets.Error,
		Fix: fmt.Sprintf("lower %s to at most %d, raise max_connections, or leave %s unset to derive it",
			sc.KnobJobsWorkerMaxConcurrency, db.ServerSlots/max(pool, 1), sc.KnobJobsWorkerMaxConcurrency),
	})
	r.Check()
	for _, f := range jobqueue.ConcurrencyRange("worker connections", sc.KnobJobsWorkerMaxConcurrency, p.Queue.MaxConcurrency) {
		r.Add(f)
	}
	if p.derived {
		r.Derived = append(r.Derived, budgets.Derived{Knob: sc.KnobJobsWorkerMaxConcurrency, Value: strconv.Itoa(p.Queue.MaxConcurrency),
			From: fmt.Sprintf("server connections %d / pool size %d, within SQS's 2-1000", p.Database.ServerSlots(), pool)})
	}
	if p.Queue.VisibilityTimeout == 0 {
		r.Derived = append(r.Derived, budgets.Derived{Knob: sc.KnobJobsWorkerVisibilityTimeout, Value: p.visibility().String(),
			From: "6 x worker timeout + batch window"})
	}
	for _, f := range p.Database.Findings("worker connections") {
		r.Add(f)
	}
	for _, f := range shared.NoEndpointWarning(p.Settings, "trace ids still reach the logs, and Lambda's X-Ray tracing is on") {
		r.Add(f)
	}
	if p.Alerts == nil && p.Settings.Alerts.SNSTopicArn == "" {
		r.Add(shared.NoDestinationWarning("the queue, worker and webhook alarms change state and", sc.KnobAlertsSNSTopicArn))
	}
	return r
}
