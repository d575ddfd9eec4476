package engine

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"

	"github.com/groundwork-iac/groundwork/tests/engine/standin"
)

// OrderRule is an order a cloud needs: every Before resource is created
// (and only after that, deleted) around the After resources it serves.
type OrderRule struct {
	Stack, Rule   string
	Before, After string // resource types
	// SameParent pairs only resources of the same component (a function's
	// own log group); otherwise every Before serves every After.
	SameParent bool
	// Why is what the cloud does when the order is wrong, with its source.
	Why string
	// Pending, when set, says why the rule does not hold today. The test
	// then logs the violations instead of failing, fails when the rule
	// starts to hold (so the mark is removed), and fails as usual with
	// GROUNDWORK_ENGINE_STRICT=1.
	Pending string
}

// OrderRules are the creation orders the engine must enforce.
var OrderRules = []OrderRule{
	{Stack: "jobs-dev", Rule: "log group before the function that logs to it",
		Before: "aws:cloudwatch/logGroup:LogGroup", After: "aws:lambda/function:Function", SameParent: true,
		Why: "a function that runs first creates /aws/lambda/NAME itself, and the LogGroup create then fails with ResourceAlreadyExistsException " +
			"(https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html)"},
	{Stack: "jobs-dev", Rule: "role policy before the function that runs with it",
		Before: "aws:iam/rolePolicy:RolePolicy", After: "aws:lambda/function:Function", SameParent: true,
		Why: "the function starts without its permissions (logs, secret, queue) until the inline policy exists " +
			"(https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html)"},
	{Stack: "jobs-dev", Rule: "role policy before the event source mapping that polls with it",
		Before: "aws:iam/rolePolicy:RolePolicy", After: "aws:lambda/eventSourceMapping:EventSourceMapping", SameParent: true,
		Why: "CreateEventSourceMapping checks that the execution role may receive from the queue and fails otherwise " +
			"(https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#events-sqs-permissions)"},
	{Stack: "jobs-dev", Rule: "queue policy before the event targets that send to the queue",
		Before: "aws:sqs/queuePolicy:QueuePolicy", After: "aws:cloudwatch/eventTarget:EventTarget",
		Why: "EventBridge delivers to SQS only through the queue's resource policy; events the rule matches before the policy exists " +
			"(or after it is deleted) fail delivery (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions)"},
	// No rule orders the queue policies before the schedules: Scheduler
	// sends to the queue and to its DLQ with its execution role
	// (https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role),
	// which the next rule orders.
	{Stack: "jobs-dev", Rule: "schedule role policy before the schedule that sends with it",
		Before: "aws:iam/rolePolicy:RolePolicy", After: "aws:scheduler/schedule:Schedule", SameParent: true,
		Why: "Scheduler sends to the queue with its execution role; a schedule that fires before the role's policy exists fails to deliver " +
			"(https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role)"},
	{Stack: "api-dev", Rule: "project services before the service accounts",
		Before: "gcp:projects/service:Service", After: "gcp:serviceaccount/account:Account",
		Why: "on a new project the IAM API is off, and creating a service account fails with SERVICE_DISABLED until it is enabled " +
			"(https://cloud.google.com/service-usage/docs/enable-disable)"},
	{Stack: "api-dev", Rule: "project services before the secrets",
		Before: "gcp:projects/service:Service", After: "gcp:secretmanager/secret:Secret",
		Why: "Secret Manager refuses every call until secretmanager.googleapis.com is enabled (https://cloud.google.com/secret-manager/docs/configuring-secret-manager)"},
	{Stack: "api-dev", Rule: "project services before the Cloud Run service",
		Before: "gcp:projects/service:Service", After: "gcp:cloudrunv2/service:Service",
		Why: "the Cloud Run Admin API must be enabled before a service is created (https://cloud.google.com/run/docs/setup)"},
	{Stack: "api-dev", Rule: "project services before the alert policies",
		Before: "gcp:projects/service:Service", After: "gcp:monitoring/alertPolicy:AlertPolicy",
		Why: "alert policies and channels need monitoring.googleapis.com (https://cloud.google.com/monitoring/api/enable-api)"},
	{Stack: "api-dev", Rule: "secret accessor before the service that reads the secret",
		Before: "gcp:secretmanager/secretIamMember:SecretIamMember", After: "gcp:cloudrunv2/service:Service", SameParent: true,
		Why: "Cloud Run refuses a revision whose service account cannot access a referenced secret " +
			"(https://cloud.google.com/run/docs/configuring/services/secrets#access-secret)"},
	{Stack: "api-dev", Rule: "secret accessor before the job that reads the secret",
		Before: "gcp:secretmanager/secretIamMember:SecretIamMember", After: "gcp:cloudrunv2/job:Job", SameParent: true,
		Why: "Cloud Run refuses a job whose service account cannot access a referenced secret " +
			"(https://cloud.google.com/run/docs/configuring/jobs/secrets)"},
}

func sortRecords(recs []standin.Record) {
	sort.SliceStable(recs, func(i, j int) bool {
		if recs[i].Start != recs[j].Start {
			return recs[i].Start < recs[j].Start
		}
		return recs[i].Package < recs[j].Package || (recs[i].Package == recs[j].Package && recs[i].Seq < recs[j].Seq)
	})
}

// ops returns the records of one operation (create, delete...) by URN,
// leaving out previews.
func ops(recs []standin.Record, op string) map[string]standin.Record {
	out := map[string]standin.Record{}
	for _, r := range recs {
		if r.Op == op && !r.Preview {
			out[r.URN] = r
		}
	}
	return out
}

// dependsOn reports whether b depends on a, directly or through others,
// in the state the engine wrote.
func dependsOn(state map[string]apitype.ResourceV3, b, a string) bool {
	seen := map[string]bool{}
	var walk func(u string) bool
	walk = func(u string) bool {
		if seen[u] {
			return false
		}
		seen[u] = true
		for _, d := range state[u].Dependencies {
			if string(d) == a || walk(string(d)) {
				return true
			}
		}
		return false
	}
	return walk(b)
}

// checkOrder returns, per rule of the stack, its violations: an After that
// does not depend on its Before in the state (the engine orders only
// dependencies, so any order seen would be luck), a Before whose create
// ended after its After's started, or whose delete started before its
// After's ended.
func checkOrder(stack string, state map[string]apitype.ResourceV3, up, destroy []standin.Record) map[string][]string {
	creates, deletes := ops(up, standin.OpCreate), ops(destroy, standin.OpDelete)
	out := map[string][]string{}
	for _, rule := range OrderRules {
		if rule.Stack != stack {
			continue
		}
		pairs := 0
		var bad []string
		for _, b := range sortedURNs(state, rule.After) {
			for _, a := range sortedURNs(state, rule.Before) {
				if rule.SameParent && state[a].Parent != state[b].Parent {
					continue
				}
				pairs++
				ca, cb := creates[a], creates[b]
				if !dependsOn(state, b, a) {
					bad = append(bad, fmt.Sprintf("%s does not depend on %s, so the engine does not order them (%s depends on %s)",
						name(b), name(a), name(b), depNames(state[b])))
				}
				if ca.Start == 0 || cb.Start == 0 {
					bad = append(bad, fmt.Sprintf("%s or %s was not created", name(a), name(b)))
				} else if ca.End > cb.Start {
					bad = append(bad, fmt.Sprintf("%s create started %s before %s create ended", name(b), ms(ca.End-cb.Start), name(a)))
				}
				da, db := deletes[a], deletes[b]
				if da.Start != 0 && db.Start != 0 && db.End > da.Start {
					bad = append(bad, fmt.Sprintf("%s delete started %s before %s delete ended", name(a), ms(db.End-da.Start), name(b)))
				}
			}
		}
		if pairs == 0 {
			bad = append(bad, "matched no pair of resources: the rule checks nothing")
		}
		out[rule.Rule] = bad
	}
	return out
}

func depNames(r apitype.ResourceV3) string {
	var out []string
	for _, d := range r.Dependencies {
		out = append(out, name(string(d)))
	}
	sort.Strings(out)
	return "[" + strings.Join(out, " ") + "]"
}

func ms(ns int64) string { return fmt.Sprintf("%.1fms", float64(ns)/1e6) }

func name(urn string) string {
	i := strings.LastIndex(urn, "::")
	if i < 0 {
		return urn
	}
	return urn[i+2:]
}

func sortedURNs(state map[string]apitype.ResourceV3, typ string) []string {
	var out []string
	for u, r := range state {
		if string(r.Type) == typ {
			out = append(out, u)
		}
	}
	sort.Strings(out)
	return out
}

// assertOrder applies the stack's rules, honouring Pending.
func assertOrder(t *testing.T, stack string, violations map[string][]string) {
	t.Helper()
	strict := os.Getenv("GROUNDWORK_ENGINE_STRICT") == "1"
	for _, rule := range OrderRules {
		if rule.Stack != stack {
			continue
		}
		bad := violations[rule.Rule]
		switch {
		case rule.Pending == "" && len(bad) > 0:
			t.Errorf("order: %s: %s\n  why it matters: %s", rule.Rule, strings.Join(bad, "; "), rule.Why)
		case rule.Pending != "" && len(bad) > 0 && strict:
			t.Errorf("order (pending: %s): %s: %s\n  why it matters: %s", rule.Pending, rule.Rule, strings.Join(bad, "; "), rule.Why)
		case rule.Pending != "" && len(bad) > 0:
			t.Logf("EXPECTED FAILURE (pending: %s): order: %s: %s", rule.Pending, rule.Rule, strings.Join(bad, "; "))
		case rule.Pending != "":
			t.Errorf("order: %s now holds; remove its Pending mark (%q)", rule.Rule, rule.Pending)
		}
	}
}

// creationOrder describes the creates as the engine ran them: offset from
// the first start, duration, name and type.
func creationOrder(up []standin.Record) string {
	var b strings.Builder
	var first int64
	for _, r := range up {
		if r.Op != standin.OpCreate || r.Preview {
			continue
		}
		if first == 0 {
			first = r.Start
		}
		fmt.Fprintf(&b, "  +%7s..%7s  %-45s %s\n", ms(r.Start-first), ms(r.End-first), name(r.URN), r.Type)
	}
	return b.String()
}
