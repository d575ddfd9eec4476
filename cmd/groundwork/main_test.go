package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// secrets of stacks/Pulumi.jobs-dev.yaml: given plain, never printed.
var devSecrets = []string{"dev-only-password", "dev-only-otlp-key", "dev-only-signing-secret", "jobs_app:"}

func groundwork(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestPlanJobsDevText(t *testing.T) {
	code, out, errOut := groundwork(t, "plan", "--stack", "jobs-dev")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"groundwork plan: blueprint jobs, stack jobs-dev",
		"jobs  groundwork:blueprint:Jobs",
		"jobs-worker-function  aws:lambda/function:Function  provided.al2023 arm64 512MB timeout 60s logs JSON/INFO tracing Active",
		"jobs-mapping  aws:lambda/eventSourceMapping:EventSourceMapping  batch 10 window 0s max concurrency 50 responses ReportBatchItemFailures",
		"Budgets (jobs)",
		"  worker connections: ok",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan output lacks %q", want)
		}
	}
	for _, s := range devSecrets {
		if strings.Contains(out+errOut, s) {
			t.Errorf("plan output contains the secret %q", s)
		}
	}
}

type graph struct {
	OK        bool `json:"ok"`
	Resources []struct {
		Type   string         `json:"type"`
		Name   string         `json:"name"`
		Parent string         `json:"parent"`
		Inputs map[string]any `json:"inputs"`
	} `json:"resources"`
}

func TestPlanJobsDevJSON(t *testing.T) {
	code, out, errOut := groundwork(t, "plan", "--stack", "jobs-dev", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, s := range devSecrets {
		if strings.Contains(out, s) {
			t.Errorf("JSON plan contains the secret %q", s)
		}
	}
	var g graph
	if err := json.Unmarshal([]byte(out), &g); err != nil {
		t.Fatalf("JSON plan does not parse: %v", err)
	}
	count := map[string]int{}
	byName := map[string]map[string]any{}
	for _, r := range g.Resources {
		count[r.Type]++
		byName[r.Name] = r.Inputs
	}
	for typ, n := range map[string]int{
		"aws:lambda/function:Function":                     2,
		"aws:sqs/queue:Queue":                              2,
		"aws:lambda/eventSourceMapping:EventSourceMapping": 1,
		"aws:scheduler/schedule:Schedule":                  1,
		"aws:cloudwatch/eventRule:EventRule":               1,
		"aws:cloudwatch/logGroup:LogGroup":                 3,
		"aws:cloudwatch/metricAlarm:MetricAlarm":           7,
		"aws:sns/topic:Topic":                              1,
		"aws:sns/topicSubscription:TopicSubscription":      1,
		"aws:kms/key:Key":                                  1,
		"aws:cloudwatch/dashboard:Dashboard":               1,
		"aws:cloudwatch/logMetricFilter:LogMetricFilter":   4,
	} {
		if count[typ] != n {
			t.Errorf("%d %s, want %d", count[typ], typ, n)
		}
	}
	for _, r := range g.Resources {
		switch r.Type {
		case "aws:lambda/function:Function":
			lc, _ := r.Inputs["loggingConfig"].(map[string]any)
			if r.Inputs["timeout"] == nil || lc["logFormat"] != "JSON" || !equalJSON(r.Inputs["architectures"], []any{"arm64"}) {
				t.Errorf("%s: timeout %v logFormat %v architectures %v", r.Name, r.Inputs["timeout"], lc["logFormat"], r.Inputs["architectures"])
			}
		case "aws:cloudwatch/logGroup:LogGroup":
			if d, _ := r.Inputs["retentionInDays"].(float64); d <= 0 {
				t.Errorf("%s has no retention", r.Name)
			}
		case "aws:cloudwatch/logMetricFilter:LogMetricFilter":
			// Cost by route: every filter keys its metric on the route.
			mt, _ := r.Inputs["metricTransformation"].(map[string]any)
			if !equalJSON(mt["dimensions"], map[string]any{"route": "$.route"}) {
				t.Errorf("%s: dimensions %v, want the route", r.Name, mt["dimensions"])
			}
		case "aws:cloudwatch/metricAlarm:MetricAlarm":
			// Every alarm notifies the kit's topic, on ALARM and on OK.
			want := []any{"arn:aws:sns:us-east-1:123456789012:jobs-alerts-topic"}
			if !equalJSON(r.Inputs["alarmActions"], want) || !equalJSON(r.Inputs["okActions"], want) {
				t.Errorf("%s: alarmActions %v okActions %v, want %v", r.Name, r.Inputs["alarmActions"], r.Inputs["okActions"], want)
			}
		}
	}
	if sub := byName["jobs-alerts-email-"+emailHash("oncall@example.com")]; sub["endpoint"] != "oncall@example.com" || sub["protocol"] != "email" {
		t.Errorf("subscription = %v", sub)
	}
	worker := byName["jobs-worker-function"]
	queue := byName["jobs-queue"]
	if v, tm := queue["visibilityTimeoutSeconds"].(float64), worker["timeout"].(float64); v < 6*tm {
		t.Errorf("visibility %v < 6 x worker timeout %v", v, tm)
	}
	var redrive struct {
		MaxReceiveCount int `json:"maxReceiveCount"`
	}
	if err := json.Unmarshal([]byte(queue["redrivePolicy"].(string)), &redrive); err != nil || redrive.MaxReceiveCount < 5 {
		t.Errorf("redrivePolicy = %v", queue["redrivePolicy"])
	}
	m := byName["jobs-mapping"]
	sc, _ := m["scalingConfig"].(map[string]any)
	if !equalJSON(m["functionResponseTypes"], []any{"ReportBatchItemFailures"}) || sc["maximumConcurrency"] != 50.0 {
		t.Errorf("mapping = %v", m)
	}
}

// emailHash is the suffix the alert components name a subscription or
// channel by, so that no address lands in a URN.
func emailHash(e string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(e)))
	return hex.EncodeToString(sum[:])[:8]
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

const goodDB = `  groundwork:database:
    provider: neon
    pooledUrl: postgres://app:pw-e5f1@ep-a-1-pooler.us-east-2.aws.neon.tech/app
    maxConnections: 100
`

func TestPlanRejectsBadConfigBeforeCreatingAnything(t *testing.T) {
	tests := []struct {
		name, config, want string
	}{
		{"worker timeout 20m", "  groundwork:blueprint: jobs\n" + goodDB + "  groundwork:jobs:\n    worker:\n      timeout: 20m\n",
			"groundwork:jobs.worker.timeout must be at most 15m0s (Lambda limit), got 20m0s"},
		{"maxConcurrency above the budget", "  groundwork:blueprint: jobs\n" + goodDB + "  groundwork:jobs:\n    worker:\n      maxConcurrency: 95\n",
			"worst-case clients jobs.worker.maxConcurrency 95 x 1 = 95 exceed the 90 server connections available"},
		{"unknown blueprint", "  groundwork:blueprint: lambda\n" + goodDB,
			`groundwork:blueprint: unknown blueprint "lambda"; valid blueprints: api, edge, jobs`},
		{"malformed URL", "  groundwork:blueprint: jobs\n  groundwork:database:\n    provider: neon\n    pooledUrl: postgres://app:pw-e5f1@:5432\n",
			"groundwork:database.pooledUrl is not a valid Postgres URL: it has no host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "Pulumi.bad.yaml")
			if err := os.WriteFile(path, []byte("config:\n"+tt.config), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errOut := groundwork(t, "plan", "--config-file", path)
			if code != 1 {
				t.Fatalf("exit %d, want 1\n%s", code, out)
			}
			if !strings.Contains(out, "plan failed; nothing would be created:") || !strings.Contains(out, tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, out)
			}
			if strings.Contains(out, "aws:") && strings.Contains(out, "├─") {
				t.Errorf("a failing plan printed resources:\n%s", out)
			}
			if !strings.Contains(errOut, "nothing would be created") || strings.Contains(out+errOut, "pw-e5f1") {
				t.Errorf("stderr = %q (and no secret may appear)", errOut)
			}
		})
	}
}

func TestCommands(t *testing.T) {
	if code, out, _ := groundwork(t, "blueprints"); code != 0 || !strings.HasPrefix(out, "api   ") || !strings.Contains(out, "\njobs  ") {
		t.Errorf("blueprints: exit %d, %q", code, out)
	}
	if code, out, _ := groundwork(t, "check"); code != 0 || !strings.Contains(out, "ok    jobs-dev (blueprint jobs") {
		t.Errorf("check: exit %d\n%s", code, out)
	}
	for _, args := range [][]string{{}, {"plan"}, {"plan", "--stack", "a", "--config-file", "b"}, {"deploy"}} {
		if code, _, _ := groundwork(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (usage)", args, code)
		}
	}
}

func TestPlanAPIDevJSON(t *testing.T) {
	code, out, errOut := groundwork(t, "plan", "--stack", "api-dev", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, s := range devSecrets {
		if strings.Contains(out, s) {
			t.Errorf("JSON plan contains the secret %q", s)
		}
	}
	var g graph
	if err := json.Unmarshal([]byte(out), &g); err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	var service map[string]any
	for _, r := range g.Resources {
		count[r.Type]++
		if r.Type == "gcp:cloudrunv2/service:Service" {
			service = r.Inputs
		}
		if r.Type == "gcp:cloudrunv2/serviceIamMember:ServiceIamMember" && r.Inputs["member"] == "allUsers" {
			t.Errorf("allUsers invoker in a stack that is not public")
		}
	}
	for typ, n := range map[string]int{
		"gcp:cloudrunv2/service:Service":                         1,
		"gcp:serviceaccount/account:Account":                     2,
		"gcp:secretmanager/secret:Secret":                        2,
		"gcp:secretmanager/secretIamMember:SecretIamMember":      2,
		"gcp:projects/iAMMember:IAMMember":                       4,
		"gcp:cloudrunv2/serviceIamMember:ServiceIamMember":       1,
		"gcp:cloudrunv2/job:Job":                                 1,
		"gcp:monitoring/notificationChannel:NotificationChannel": 1,
		"gcp:monitoring/alertPolicy:AlertPolicy":                 5,
		"gcp:logging/metric:Metric":                              1,
		"gcp:monitoring/dashboard:Dashboard":                     1,
	} {
		if count[typ] != n {
			t.Errorf("%d %s, want %d", count[typ], typ, n)
		}
	}
	// Every alert policy notifies the channel of groundwork:alerts.emails.
	var channel string
	for _, r := range g.Resources {
		if r.Type == "gcp:monitoring/notificationChannel:NotificationChannel" {
			if labels, _ := r.Inputs["labels"].(map[string]any); labels["email_address"] != "oncall@example.com" {
				t.Errorf("channel labels = %v", r.Inputs["labels"])
			}
			channel = "projects/acme-notes-dev/notificationChannels/"
		}
	}
	for _, r := range g.Resources {
		if r.Type != "gcp:monitoring/alertPolicy:AlertPolicy" {
			continue
		}
		chans, _ := r.Inputs["notificationChannels"].([]any)
		if len(chans) != 1 || !strings.HasPrefix(fmt.Sprint(chans[0]), channel) || channel == "" {
			t.Errorf("%s notifies %v, want the email channel", r.Name, chans)
		}
	}
	tmpl := service["template"].(map[string]any)
	c := tmpl["containers"].([]any)[0].(map[string]any)
	scaling := tmpl["scaling"].(map[string]any)
	if tmpl["timeout"] != "30s" || tmpl["maxInstanceRequestConcurrency"] != 80.0 || scaling["maxInstanceCount"] == nil {
		t.Errorf("template timeout %v concurrency %v scaling %v", tmpl["timeout"], tmpl["maxInstanceRequestConcurrency"], scaling)
	}
	if c["startupProbe"] == nil || c["livenessProbe"] == nil {
		t.Error("missing startup or liveness probe")
	}
	for _, e := range c["envs"].([]any) {
		m := e.(map[string]any)
		if m["name"] == "DATABASE_URL" && (m["value"] != nil || m["valueSource"] == nil) {
			t.Errorf("DATABASE_URL = %v, want only a secret reference", m)
		}
	}
}

func TestPlanRejectsBadAPIConfig(t *testing.T) {
	const head = "config:\n  gcp:project: acme-notes\n  gcp:region: europe-west1\n  groundwork:blueprint: api\n  groundwork:api:\n    image: r/p/api:1\n"
	const pooled = "postgres://a:pw-7d1e@ep-x-1-pooler.neon.tech/d"
	const direct = "postgres://a:pw-7d1e@ep-x-1.neon.tech/d"
	db := func(p, d string) string {
		return "  groundwork:database:\n    provider: neon\n    maxConnections: 104\n    pooledUrl: " + p + "\n    directUrl: " + d + "\n"
	}
	tests := []struct{ name, config, want string }{
		{"swapped", head + db(direct, pooled), "database.pooledUrl and database.directUrl look swapped"},
		{"direct URL for the app", head + db(direct, direct), "database.pooledUrl must be the pooled endpoint"},
		{"sslmode=disable", head + db(pooled+"?sslmode=disable", direct), "database.pooledUrl has sslmode=disable"},
		{"request timeout over 3600s", head + "    requestTimeout: 2h\n" + db(pooled, direct), "groundwork:api.requestTimeout must be at most 1h0m0s (Cloud Run limit)"},
		{"budget overrun", head + "    maxInstances: 1000\n    dbPoolSize: 20\n" + db(pooled, direct), "exceed the 10000 clients the pooler accepts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "Pulumi.bad.yaml")
			if err := os.WriteFile(path, []byte(tt.config), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errOut := groundwork(t, "plan", "--config-file", path)
			if code != 1 || !strings.Contains(out, tt.want) || !strings.Contains(out, "nothing would be created") {
				t.Errorf("exit %d, output lacks %q:\n%s", code, tt.want, out)
			}
			if strings.Contains(out+errOut, "pw-7d1e") {
				t.Error("output leaks the password")
			}
		})
	}
}

func TestPlanEdgeDev(t *testing.T) {
	code, text, errOut := groundwork(t, "plan", "--stack", "edge-dev")
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, text, errOut)
	}
	if !regexp.MustCompile(`bundle = \d+\.\d KB gzipped \(\d+\.\d KB raw\)`).MatchString(text) {
		t.Errorf("the plan does not print the bundle size:\n%s", text)
	}
	code, out, errOut := groundwork(t, "plan", "--stack", "edge-dev", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, s := range devSecrets {
		if strings.Contains(out+text, s) {
			t.Errorf("plan output contains the secret %q", s)
		}
	}
	// The Logpush token's value and the R2 credentials derived from it.
	for _, s := range []string{"pulumitest-token", "secret-access-key", "access-key-id"} {
		if strings.Contains(out+text, s) {
			t.Errorf("plan output contains %q", s)
		}
	}
	var g graph
	if err := json.Unmarshal([]byte(out), &g); err != nil {
		t.Fatal(err)
	}
	byType := map[string]map[string]any{}
	for _, r := range g.Resources {
		byType[r.Type] = r.Inputs
	}
	hd, script, route := byType["cloudflare:index/hyperdriveConfig:HyperdriveConfig"], byType["cloudflare:index/workersScript:WorkersScript"], byType["cloudflare:index/workersRoute:WorkersRoute"]
	if hd == nil || script == nil || route == nil {
		t.Fatalf("missing Hyperdrive config, Worker script or route: %v", byType)
	}
	if hd["origin"].(map[string]any)["password"] != "[secret]" {
		t.Errorf("origin password = %v", hd["origin"])
	}
	bind := script["hyperdriveConfigBindings"].([]any)[0].(map[string]any)
	if bind["binding"] != "HYPERDRIVE" || !equalJSON(script["compatibilityFlags"], []any{"nodejs_compat"}) || script["module"] != true {
		t.Errorf("script bindings %v flags %v", bind, script["compatibilityFlags"])
	}
	if !equalJSON(script["analyticsEngineBindings"], []any{map[string]any{"name": "ANALYTICS", "dataset": "groundwork_edge_dev_edge"}}) {
		t.Errorf("analytics bindings = %v", script["analyticsEngineBindings"])
	}
	job := byType["cloudflare:index/logpushJob:LogpushJob"]
	if job == nil || job["dataset"] != "workers_trace_events" || job["destinationConf"] != "[secret]" || byType["cloudflare:index/r2Bucket:R2Bucket"] == nil {
		t.Errorf("Logpush job %v, bucket %v", job, byType["cloudflare:index/r2Bucket:R2Bucket"])
	}
	if route["pattern"] != "items.example.com/*" {
		t.Errorf("route = %v", route)
	}
}

func TestPlanRejectsBadEdgeConfig(t *testing.T) {
	const head = "config:\n  groundwork:blueprint: edge\n  groundwork:edge:\n    accountId: 0123456789abcdef0123456789abcdef\n    zoneId: fedcba9876543210fedcba9876543210\n    route: x.example.com/*\n    entry: workloads/edge/src/index.ts\n"
	db := func(provider, url string) string {
		return "  groundwork:database:\n    provider: " + provider + "\n    maxConnections: 60\n    directUrl: " + url + "\n"
	}
	tests := []struct{ name, config, want string }{
		{"neon -pooler origin", head + db("neon", "postgres://a:pw-4f0d@ep-x-1-pooler.neon.tech/d"), "Hyperdrive is itself the connection pooler"},
		{"supabase 6543 origin", head + db("supabase", "postgresql://a:pw-4f0d@aws-0-eu.pooler.supabase.com:6543/postgres"), "Hyperdrive is itself the connection pooler"},
		{"statement timeout >= 60s", head + "    statementTimeout: 60s\n" + db("supabase", "postgresql://a:pw-4f0d@db.x.supabase.co:5432/postgres"),
			"statement_timeout (edge.statementTimeout, 1m0s) must be shorter than Hyperdrive query limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "Pulumi.bad.yaml")
			if err := os.WriteFile(path, []byte(tt.config), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errOut := groundwork(t, "plan", "--config-file", path)
			if code != 1 || !strings.Contains(out, tt.want) || strings.Contains(out+errOut, "pw-4f0d") {
				t.Errorf("exit %d, want %q without the password:\n%s", code, tt.want, out)
			}
		})
	}
}
