// Package invariants checks a recorded resource graph for the properties
// every groundwork deployment keeps, whatever blueprint or stack made it:
//
//   - every resource is parented to a component (nothing floats at the root);
//   - every Lambda function has an explicit timeout and JSON logs into a log
//     group in the graph that has a retention;
//   - every SQS queue has a dead-letter queue, or is one;
//   - every EventBridge rule target and Scheduler schedule has a retry
//     policy and a dead-letter queue;
//   - every Cloud Run service has an explicit request timeout, concurrency
//     and max instance count;
//   - no IAM or resource policy allows a wildcard action;
//   - no secret sits in a plain input: a known secret value, a URL with a
//     password or a credential in its query appears only inside a Pulumi
//     secret;
//   - every name a cloud sees (explicit, or the logical name with Pulumi's
//     autoname suffix) fits that service's length and characters.
//
// Run it over graphs from pulumitest.Run in your own tests.
package invariants

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/groundwork-iac/groundwork/pulumitest"
)

// Violation is one broken invariant on one resource.
type Violation struct {
	Rule     string
	Resource string // "type name"
	Detail   string
}

func (v Violation) String() string { return fmt.Sprintf("%s: %s: %s", v.Rule, v.Resource, v.Detail) }

// Options tune the checks.
type Options struct {
	// Secrets are plaintext values that must never appear outside a secret
	// (the config's database URLs, headers, keys).
	Secrets []string
}

// Rule names.
const (
	RuleParented      = "parented-to-component"
	RuleLambdaTimeout = "lambda-explicit-timeout"
	RuleLambdaLogs    = "lambda-json-logs-with-retention"
	RuleQueueDLQ      = "queue-has-dlq"
	RuleTargetDLQ     = "target-retry-and-dlq"
	RuleNoWildcard    = "no-wildcard-allow"
	RulePlainSecret   = "no-secret-in-plain-input"
	RuleCloudRun      = "cloud-run-explicit-limits"
)

// Check returns every violation, sorted.
func Check(g *pulumitest.Graph, opts Options) []Violation {
	var out []Violation
	add := func(rule string, r *pulumitest.Resource, format string, args ...any) {
		out = append(out, Violation{Rule: rule, Resource: r.Type + " " + r.Name, Detail: fmt.Sprintf(format, args...)})
	}
	dlqs := deadLetterTargets(g)
	for _, r := range g.Resources {
		if r.Custom && g.ByURN(r.ParentURN) == nil {
			add(RuleParented, r, "registered at the stack root; create it inside a component")
		}
		switch r.Type {
		case "aws:lambda/function:Function":
			checkLambda(g, r, add)
		case "aws:sqs/queue:Queue":
			if _, ok := r.Input("redrivePolicy"); !ok && !dlqs[queueName(r)] {
				add(RuleQueueDLQ, r, "no redrivePolicy, and no queue dead-letters into it")
			}
		case "aws:cloudwatch/eventTarget:EventTarget":
			checkTarget(r, "", add)
		case "aws:scheduler/schedule:Schedule":
			checkTarget(r, "target.", add)
		case "gcp:cloudrunv2/service:Service":
			for _, path := range []string{"template.timeout", "template.maxInstanceRequestConcurrency", "template.scaling.maxInstanceCount"} {
				if _, ok := r.Input(path); !ok {
					add(RuleCloudRun, r, "no %s: the platform default applies (300 s timeout, 100 instances), outside every budget", path)
				}
			}
		}
		for _, path := range policyInputs[r.Type] {
			if doc, err := r.String(path); err == nil {
				for _, a := range wildcardAllows(doc) {
					add(RuleNoWildcard, r, "%s allows %q; grant the exact actions", path, a)
				}
			}
		}
		checkName(r, add)
		for _, leak := range plainSecrets(r, opts.Secrets) {
			// Which input is not said: the message would point at the secret.
			add(RulePlainSecret, r, "a plain (non-secret) input holds %s; pass it as a Pulumi secret (pulumi.ToSecret) or keep it out of the resource", leak.what)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

func checkLambda(g *pulumitest.Graph, r *pulumitest.Resource, add func(string, *pulumitest.Resource, string, ...any)) {
	if t, err := r.Number("timeout"); err != nil || t <= 0 {
		add(RuleLambdaTimeout, r, "no explicit timeout (the platform default of 3s is a trap)")
	}
	if f, _ := r.String("loggingConfig.logFormat"); f != "JSON" {
		add(RuleLambdaLogs, r, "loggingConfig.logFormat is %q, want JSON", f)
	}
	group, _ := r.String("loggingConfig.logGroup")
	lg := findByID(g, "aws:cloudwatch/logGroup:LogGroup", group)
	if lg == nil {
		add(RuleLambdaLogs, r, "log group %q is not created in this graph (Lambda would create one that never expires)", group)
		return
	}
	if d, err := lg.Number("retentionInDays"); err != nil || d <= 0 {
		add(RuleLambdaLogs, lg, "log group of %s has no retention", r.Name)
	}
}

func checkTarget(r *pulumitest.Resource, prefix string, add func(string, *pulumitest.Resource, string, ...any)) {
	for _, path := range []string{prefix + "retryPolicy.maximumRetryAttempts", prefix + "retryPolicy.maximumEventAgeInSeconds"} {
		if _, err := r.Number(path); err != nil {
			add(RuleTargetDLQ, r, "no %s (the platform retries 24h, then drops the event)", path)
		}
	}
	if arn, err := r.String(prefix + "deadLetterConfig.arn"); err != nil || arn == "" {
		add(RuleTargetDLQ, r, "no %sdeadLetterConfig.arn: undeliverable events would be dropped silently", prefix)
	}
}

func findByID(g *pulumitest.Graph, typ, id string) *pulumitest.Resource {
	for _, r := range g.OfType(typ) {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// queueName is a queue's physical name: the last segment of its URL id.
func queueName(r *pulumitest.Resource) string { return r.ID[strings.LastIndex(r.ID, "/")+1:] }

// deadLetterTargets are the names of the queues other queues dead-letter into.
func deadLetterTargets(g *pulumitest.Graph) map[string]bool {
	out := map[string]bool{}
	for _, q := range g.OfType("aws:sqs/queue:Queue") {
		raw, err := q.String("redrivePolicy")
		if err != nil {
			continue
		}
		var rp struct {
			DeadLetterTargetArn string `json:"deadLetterTargetArn"`
		}
		if json.Unmarshal([]byte(raw), &rp) == nil && rp.DeadLetterTargetArn != "" {
			out[rp.DeadLetterTargetArn[strings.LastIndex(rp.DeadLetterTargetArn, ":")+1:]] = true
		}
	}
	return out
}

// policyInputs are the inputs that hold policy documents, per type.
var policyInputs = map[string][]string{
	"aws:iam/rolePolicy:RolePolicy":   {"policy"},
	"aws:iam/policy:Policy":           {"policy"},
	"aws:sqs/queuePolicy:QueuePolicy": {"policy"},
	"aws:iam/role:Role":               {"assumeRolePolicy"},
}

// wildcardAllows returns the wildcard actions of Allow statements.
func wildcardAllows(doc string) []string {
	var d struct {
		Statement []struct {
			Effect string          `json:"Effect"`
			Action json.RawMessage `json:"Action"`
		} `json:"Statement"`
	}
	if json.Unmarshal([]byte(doc), &d) != nil {
		return nil
	}
	var out []string
	for _, s := range d.Statement {
		if s.Effect != "Allow" {
			continue
		}
		var actions []string
		if json.Unmarshal(s.Action, &actions) != nil {
			var one string
			_ = json.Unmarshal(s.Action, &one)
			actions = []string{one}
		}
		for _, a := range actions {
			if strings.Contains(a, "*") {
				out = append(out, a)
			}
		}
	}
	return out
}

var urlWithPassword = regexp.MustCompile(`[a-z][a-z0-9+.-]*://[^/\s:@]+:[^@\s/]+@`)

// credentialParam is a credential in a URL's query, as a Logpush
// destination_conf carries its storage keys (secret-access-key=...).
var credentialParam = regexp.MustCompile(`[?&](secret-access-key|access-key-secret|sas-token|header_Authorization|header_DD-API-KEY)=[^&\s]+`)

type leak struct{ path, what string }

func plainSecrets(r *pulumitest.Resource, secrets []string) []leak {
	var out []leak
	var walk func(path string, v pulumitest.Value)
	walk = func(path string, v pulumitest.Value) {
		if v.Secret || v.Unknown {
			return
		}
		switch x := v.V.(type) {
		case string:
			for _, s := range secrets {
				if s != "" && strings.Contains(x, s) {
					out = append(out, leak{path, "a configured secret"})
					return
				}
			}
			if urlWithPassword.MatchString(x) {
				out = append(out, leak{path, "a URL with a password"})
			}
			if credentialParam.MatchString(x) {
				out = append(out, leak{path, "a URL with a credential in its query"})
			}
		case []pulumitest.Value:
			for i, e := range x {
				walk(fmt.Sprintf("%s[%d]", path, i), e)
			}
		case map[string]pulumitest.Value:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(path+"."+k, x[k])
			}
		}
	}
	values := r.InputValues()
	for _, k := range r.InputNames() {
		walk(k, values[k])
	}
	return out
}
