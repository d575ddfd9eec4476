package edge

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/blueprints/internal/shared"
	"github.com/groundwork-iac/groundwork/components/budgets"
	"github.com/groundwork-iac/groundwork/components/cloudflare/cfalerts"
	"github.com/groundwork-iac/groundwork/components/cloudflare/cfnames"
	"github.com/groundwork-iac/groundwork/components/cloudflare/worker"
	"github.com/groundwork-iac/groundwork/components/cloudflare/workerlogs"
	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/stackconfig"
)

// Incident components, as Cloudflare's incident filter names them.
const (
	componentWorkers = "Workers"
	componentLogs    = "Logs"
	componentR2      = "R2"
)

// prepareLogs decides where the Worker's logs are kept: nowhere on the free
// plan (Logpush needs Workers Paid) or when disabled; else a Logpush job to
// the kit's bucket, cleaned by the Worker's own cron, or to the team's
// destination.
func (p *Plan) prepareLogs(s stackconfig.Settings, cfg stackconfig.Edge, problems *problem.List) {
	logs := cfg.Logs
	key := func(knob string) string { return stackconfig.Key(knob) }
	paid := cfg.Plan == worker.PlanPaid
	if !paid || logs.Disabled {
		p.Worker.DisableLogpush = true
		for knob, set := range map[string]bool{stackconfig.KnobEdgeLogsDestination: logs.Destination.IsSet(),
			stackconfig.KnobEdgeLogsRetention: logs.RetentionDays != 0, stackconfig.KnobEdgeLogsJobAlert: logs.JobDisabledAlert} {
			if set {
				problems.Add(key(knob), "is set but no logs are kept: %s", p.noLogsReason(cfg))
			}
		}
		return
	}
	p.Logs = &workerlogs.Args{AccountID: cfg.AccountID, ScriptName: cfnames.NameFor(s.Project, s.Stack, Name),
		OwnershipChallenge: logs.OwnershipChallenge, RetentionDays: logs.RetentionDays}
	if d := logs.Destination; d.IsSet() {
		if logs.RetentionDays != 0 {
			problems.Add(key(stackconfig.KnobEdgeLogsRetention), "applies to the kit's bucket only; a destination the team names keeps files as long as it is set to")
		}
		p.Logs.Destination = d.Output()
		if !d.Opaque() {
			problems.Extend(key(stackconfig.KnobEdgeLogs), workerlogs.CheckDestination(d.Reveal(), logs.OwnershipChallenge))
		}
	}
	problems.Extend(key(stackconfig.KnobEdgeLogs), p.Logs.Check().Without("accountId").Without("scriptName"))
	if p.Logs.Destination != nil {
		return
	}
	// The kit owns the bucket: the Worker deletes files past the retention
	// from its daily cleanup trigger.
	for i, c := range p.Worker.Crons {
		if c == workloadenv.DefaultLogCleanupCron {
			problems.Add(key("edge.crons")+"["+strconv.Itoa(i)+"]", "is %q, the schedule the kit runs the log cleanup on; pick another minute", c)
		}
	}
	p.Worker.Crons = append(slices.Clone(p.Worker.Crons), workloadenv.DefaultLogCleanupCron)
}

func (p *Plan) noLogsReason(cfg stackconfig.Edge) string {
	if cfg.Logs.Disabled {
		return stackconfig.KnobEdgeLogs + ".disabled is true"
	}
	return stackconfig.KnobEdgePlan + " is not paid, and Workers Logpush needs Workers Paid"
}

// logVars are the cleanup's bindings, with the kit's bucket.
func (p *Plan) logVars(v map[string]string) {
	if p.Logs == nil || p.Logs.Destination != nil {
		return
	}
	v[workloadenv.LogRetentionDays] = strconv.Itoa(cmp.Or(p.Logs.RetentionDays, workloadenv.DefaultLogRetentionDays))
	v[workloadenv.LogPrefix] = workloadenv.DefaultLogPrefix
	v[workloadenv.LogCleanupCron] = workloadenv.DefaultLogCleanupCron
}

// logFindings warn when the Worker's logs are kept nowhere.
func (p *Plan) logFindings(r *budgets.Report) {
	cfg := stackconfig.Edge{}
	if p.Settings.Edge != nil {
		cfg = *p.Settings.Edge
	}
	if p.Logs != nil {
		return
	}
	knob := stackconfig.KnobEdgePlan
	fix := "set " + knob + ": paid (Workers Paid) to keep them in R2"
	if cfg.Logs.Disabled {
		knob, fix = stackconfig.KnobEdgeLogs, "remove "+stackconfig.KnobEdgeLogs+".disabled to keep them"
	}
	r.Add(budgets.Finding{Severity: budgets.Warning, Budget: "logs", Knob: knob,
		Message: "the Worker's logs are not kept (" + p.noLogsReason(cfg) + "); they are visible only in live tails; " + fix})
}

// prepareAlerts sends Cloudflare's notifications for what the Worker uses
// to groundwork:alerts.emails.
func (p *Plan) prepareAlerts(s stackconfig.Settings, cfg stackconfig.Edge, problems *problem.List) {
	shared.CheckEmails(s, problems)
	if cfg.Logs.JobDisabledAlert && len(s.Alerts.Emails) == 0 {
		problems.Add(stackconfig.Key(stackconfig.KnobEdgeLogsJobAlert), "needs %s: the notification has no one to reach", stackconfig.KnobAlertsEmails)
	}
	if len(s.Alerts.Emails) == 0 {
		return
	}
	components := []string{componentWorkers}
	if p.Logs != nil {
		components = append(components, componentLogs)
		if p.Logs.Destination == nil {
			components = append(components, componentR2)
		}
	}
	p.Alerts = &cfalerts.Args{AccountID: cfg.AccountID, Emails: s.Alerts.Emails, Components: components,
		LogpushJobDisabled: p.Logs != nil && cfg.Logs.JobDisabledAlert, Label: "groundwork " + s.Stack + " " + Name}
}

// createLogs creates the logs before the Worker, whose cleanup binds the
// bucket.
func (p *Plan) createLogs(ctx *pulumi.Context, bp *Blueprint, w *worker.Args, parent pulumi.ResourceOption) error {
	if p.Logs == nil {
		return nil
	}
	var err error
	if bp.Logs, err = workerlogs.New(ctx, Name+"-logs", *p.Logs, parent); err != nil {
		return err
	}
	if p.Logs.Destination == nil {
		w.R2Buckets = append(w.R2Buckets, worker.R2Binding{Binding: workloadenv.LogBucketBinding, BucketName: bp.Logs.BucketName})
	}
	return nil
}
