package edge

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/database"
	"github.com/groundwork-iac/groundwork/components/secret"
	"github.com/groundwork-iac/groundwork/invariants"
	"github.com/groundwork-iac/groundwork/pulumitest"
	"github.com/groundwork-iac/groundwork/stackconfig"
)

const (
	direct  = "postgresql://postgres:pw-8e21@db.abcdefgh.supabase.co:5432/postgres"
	headers = "x-api-key=otlp-6b0c"
)

func settings() stackconfig.Settings {
	return stackconfig.Settings{
		Project: "groundwork", Stack: "test", Blueprint: Name,
		Database:  database.Endpoint{Provider: database.Supabase, DirectURL: secret.New(direct), MaxConnections: 160, ReservedConnections: 10},
		Telemetry: stackconfig.Telemetry{OTLPEndpoint: "https://otlp.example.com", OTLPHeaders: secret.New(headers)},
		Edge: &stackconfig.Edge{AccountID: "0123456789abcdef0123456789abcdef", ZoneID: "fedcba9876543210fedcba9876543210", Route: "items.example.com/*",
			Entry: "testdata/worker/index.ts", Crons: []string{"0 * * * *"}, Plan: "paid"},
		Alerts: stackconfig.Alerts{Emails: []string{"oncall@example.com"}},
	}
}

func run(t *testing.T, s stackconfig.Settings) (*pulumitest.Graph, error) {
	t.Helper()
	return pulumitest.Run(func(ctx *pulumi.Context) error {
		p, err := Prepare(s)
		if err != nil {
			return err
		}
		_, err = p.Create(ctx)
		return err
	})
}

func TestRunComposesTheBlueprint(t *testing.T) {
	g, err := run(t, settings())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"groundwork:cloudflare:Alerts edge-alerts", "groundwork:cloudflare:Hyperdrive edge-db",
		"groundwork:cloudflare:Worker edge", "groundwork:cloudflare:WorkerLogs edge-logs"}
	if got := g.ChildSet(g.Find(TypeToken, Name)); !reflect.DeepEqual(got, want) {
		t.Fatalf("children = %q, want %q", got, want)
	}
	hd := g.Find("cloudflare:index/hyperdriveConfig:HyperdriveConfig", "edge-db-config")
	origin := pulumitest.MustValue(t, g, hd.Type, hd.Name, "origin").(map[string]any)
	// sslmode=require was added to the URL; the origin fields are the parts.
	if origin["host"] != "db.abcdefgh.supabase.co" || origin["port"] != 5432.0 || origin["database"] != "postgres" || origin["user"] != "postgres" {
		t.Errorf("origin = %v", origin)
	}
	if pw, _ := hd.Input("origin.password"); !pw.Secret || pw.Plain() != "pw-8e21" {
		t.Errorf("password = %+v, want a secret", pw)
	}
	script := g.Find("cloudflare:index/workersScript:WorkersScript", "edge-script")
	bind := pulumitest.MustValue(t, g, script.Type, script.Name, "hyperdriveConfigBindings").([]any)[0].(map[string]any)
	if bind["binding"] != "HYPERDRIVE" || len(bind["id"].(string)) != 32 {
		t.Errorf("hyperdrive binding = %v", bind)
	}
	vars := map[string]any{}
	for _, b := range pulumitest.MustValue(t, g, script.Type, script.Name, "plainTextBindings").([]any) {
		m := b.(map[string]any)
		vars[m["name"].(string)] = m["text"]
	}
	for k, w := range map[string]any{
		"OTEL_SERVICE_NAME": "edge", "OTEL_EXPORTER_OTLP_ENDPOINT": "https://otlp.example.com", "OTEL_TRACES_EXPORTER": "otlp",
		"LOG_FORMAT": "json", "DB_CONNECT_TIMEOUT": "5s", "DB_STATEMENT_TIMEOUT": "10s", "HANDLER_TIMEOUT": "30s", "OTLP_EXPORT_TIMEOUT": "5s",
	} {
		if vars[k] != w {
			t.Errorf("var %s = %v, want %v", k, vars[k], w)
		}
	}
	if _, ok := vars["OTEL_EXPORTER_OTLP_HEADERS"]; ok {
		t.Error("OTLP headers are a plain-text binding")
	}
	sec := pulumitest.MustValue(t, g, script.Type, script.Name, "secretTextBindings").([]any)
	if len(sec) != 1 || sec[0].(map[string]any)["name"] != "OTEL_EXPORTER_OTLP_HEADERS" {
		t.Errorf("secret bindings = %v", sec)
	}
	if f := pulumitest.MustValue(t, g, script.Type, script.Name, "compatibilityFlags"); !reflect.DeepEqual(f, []any{"nodejs_compat"}) {
		t.Errorf("flags = %v", f)
	}
	if vs := invariants.Check(g, invariants.Options{Secrets: []string{direct, "pw-8e21", headers}}); len(vs) > 0 {
		t.Errorf("invariants: %v", vs)
	}
}

func TestBadSettingsFailBeforeAnyResource(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*stackconfig.Settings)
		want   []string
	}{
		{"supabase transaction pooler as origin", func(s *stackconfig.Settings) {
			s.Database.DirectURL = secret.New("postgresql://postgres.ref:pw-8e21@aws-0-us-east-1.pooler.supabase.com:6543/postgres")
		}, []string{
			"groundwork:database.directUrl must be the direct endpoint, got a pooled one (Supabase's transaction pooler listens on port 6543; the direct database on 5432); " + directReason,
		}},
		{"neon pooler as origin", func(s *stackconfig.Settings) {
			s.Database.Provider = database.Neon
			s.Database.DirectURL = secret.New("postgres://app:pw-8e21@ep-a-1-pooler.us-east-2.aws.neon.tech/app")
		}, []string{
			"groundwork:database.directUrl must be the direct endpoint, got a pooled one (Neon's pooled host has -pooler in its endpoint name, e.g. ep-name-123456-pooler.us-east-2.aws.neon.tech); " + directReason,
		}},
		{"statement timeout at Hyperdrive's cap", func(s *stackconfig.Settings) { s.Edge.StatementTimeout = stackconfig.Duration(60 * time.Second) }, []string{
			"error: query: statement_timeout (edge.statementTimeout, 1m0s) must be shorter than Hyperdrive query limit (platform limit, 1m0s); lower edge.statementTimeout or raise platform limit",
			"error: request: connect + statement_timeout (edge.statementTimeout, 1m5s) must be shorter than Worker request deadline (kit default, 30s); lower edge.statementTimeout or raise kit default",
		}},
		{"no account, route and domain", func(s *stackconfig.Settings) { s.Edge.AccountID = ""; s.Edge.Domain = "items.example.com" }, []string{
			"groundwork:edge.accountId is required: the Cloudflare account id (dashboard, Workers & Pages, right column)",
			"groundwork:edge needs zoneId and exactly one of route (a pattern such as api.example.com/*) or domain (a hostname the Worker owns)",
		}},
		{"missing entry", func(s *stackconfig.Settings) { s.Edge.Entry = "testdata/nowhere.ts" }, []string{
			"groundwork:edge: the Worker's entry file testdata/nowhere.ts does not exist",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := settings()
			tt.mutate(&s)
			g, err := run(t, s)
			if err == nil || len(g.Resources) != 0 {
				t.Fatalf("err %v with %d resources; want an error and none", err, len(g.Resources))
			}
			_, prepErr := Prepare(s)
			got := prepErr.Error()
			if tt.name == "missing entry" {
				got = got[:strings.Index(got, " (relative to")]
			}
			if got != strings.Join(tt.want, "\n") {
				t.Errorf("Prepare() =\n%s\nwant\n%s", got, strings.Join(tt.want, "\n"))
			}
			if strings.Contains(prepErr.Error(), "pw-8e21") {
				t.Error("error leaks the password")
			}
		})
	}
}

// The budgets assembled from Hyperdrive's and the Worker's rungs, with the
// findings of the old edge budget package, word for word.
func TestBudgetFindings(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*stackconfig.Settings)
		want   []string
	}{
		{"valid", func(*stackconfig.Settings) {}, nil},
		{"connect past Hyperdrive's", func(s *stackconfig.Settings) { s.Edge.ConnectTimeout = stackconfig.Duration(20 * time.Second) }, []string{
			"error: connect: driver connect timeout (edge.connectTimeout, 20s) must be shorter than Hyperdrive initial connection timeout (platform limit, 15s); lower edge.connectTimeout or raise platform limit",
			"error: request: connect + statement_timeout (edge.statementTimeout, 30s) must be shorter than Worker request deadline (kit default, 30s); lower edge.statementTimeout or raise kit default",
		}},
		{"free plan keeps no logs", func(s *stackconfig.Settings) { s.Edge.Plan = "" }, []string{
			"warning: logs: the Worker's logs are not kept (edge.plan is not paid, and Workers Logpush needs Workers Paid); they are visible only in live tails; set edge.plan: paid (Workers Paid) to keep them in R2",
		}},
		{"logs disabled", func(s *stackconfig.Settings) { s.Edge.Logs.Disabled = true }, []string{
			"warning: logs: the Worker's logs are not kept (edge.logs.disabled is true); they are visible only in live tails; remove edge.logs.disabled to keep them",
		}},
		{"no alert destination", func(s *stackconfig.Settings) { s.Alerts = stackconfig.Alerts{} }, []string{
			"warning: alerts: no alert destination: Cloudflare's incident notifications for the Worker notify no one; set alerts.emails",
		}},
		{"paid plan pool over a small server", func(s *stackconfig.Settings) { s.Database.MaxConnections = 60 }, []string{
			"warning: Hyperdrive origin connections: worst-case clients edge.plan 100 x 1 = 100 exceed the 50 server connections available (min(100% of max_connections 60, 60 - 10 reserved)); at peak Hyperdrive can take connections the server needs for others; cap the pool with `wrangler hyperdrive update <id> --origin-connection-limit=50` (the provider cannot set it yet) or raise max_connections",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := settings()
			tt.mutate(&s)
			p, _ := Prepare(s)
			var got []string
			for _, f := range p.Report.Findings {
				got = append(got, f.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("findings =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
