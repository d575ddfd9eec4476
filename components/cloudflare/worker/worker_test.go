package worker

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/pulumitest"
)

const (
	entry   = "testdata/hello/index.ts"
	account = "0123456789abcdef0123456789abcdef"
)

func baseArgs() Args {
	return Args{
		AccountID:  "0123456789abcdef0123456789abcdef",
		Entry:      entry,
		Hyperdrive: &HyperdriveBinding{Binding: "HYPERDRIVE", ID: pulumi.String("hd-1")},
		Vars:       map[string]string{"OTEL_SERVICE_NAME": "edge", "LOG_FORMAT": "json"},
		Secrets:    map[string]pulumi.StringInput{"OTEL_EXPORTER_OTLP_HEADERS": pulumi.String("x-key=otlp-9f2")},
		Route:      &Route{ZoneID: "fedcba9876543210fedcba9876543210", Pattern: "api.example.com/*"},
		Crons:      []string{"*/15 * * * *"},
	}
}

func run(t *testing.T, a Args) (*pulumitest.Graph, *Worker) {
	t.Helper()
	var w *Worker
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		var err error
		w, err = New(ctx, "edge", a)
		return err
	})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return g, w
}

func TestNewDeploysTheBundle(t *testing.T) {
	g, w := run(t, baseArgs())
	want := []string{
		"cloudflare:index/workersCronTrigger:WorkersCronTrigger edge-cron",
		"cloudflare:index/workersRoute:WorkersRoute edge-route",
		"cloudflare:index/workersScript:WorkersScript edge-script",
	}
	if got := g.ChildSet(g.Find(TypeToken, "edge")); !reflect.DeepEqual(got, want) {
		t.Fatalf("children = %q, want %q", got, want)
	}
	s := g.Find("cloudflare:index/workersScript:WorkersScript", "edge-script")
	in := s.Redacted()
	if in["content"] != w.Bundle.Code || !strings.Contains(w.Bundle.Code, "hello from") {
		t.Errorf("content is not the bundle")
	}
	delete(in, "content")
	wantInputs := map[string]any{
		"accountId":                "0123456789abcdef0123456789abcdef",
		"name":                     "groundwork-test-edge",
		"module":                   true,
		"compatibilityDate":        CompatibilityDate,
		"compatibilityFlags":       []any{"nodejs_compat"},
		"logpush":                  true,
		"placements":               []any{map[string]any{"mode": "smart"}},
		"hyperdriveConfigBindings": []any{map[string]any{"binding": "HYPERDRIVE", "id": "hd-1"}},
		"plainTextBindings": []any{map[string]any{"name": "LOG_FORMAT", "text": "json"},
			map[string]any{"name": "OTEL_SERVICE_NAME", "text": "edge"}},
		"secretTextBindings": []any{map[string]any{"name": "OTEL_EXPORTER_OTLP_HEADERS", "text": "[secret]"}},
	}
	if !reflect.DeepEqual(in, wantInputs) {
		t.Errorf("script inputs =\n%#v\nwant\n%#v", in, wantInputs)
	}
	route := g.Find("cloudflare:index/workersRoute:WorkersRoute", "edge-route").Redacted()
	if !reflect.DeepEqual(route, map[string]any{"zoneId": "fedcba9876543210fedcba9876543210", "pattern": "api.example.com/*", "scriptName": "groundwork-test-edge"}) {
		t.Errorf("route = %v", route)
	}
	cron := g.Find("cloudflare:index/workersCronTrigger:WorkersCronTrigger", "edge-cron").Redacted()
	if !reflect.DeepEqual(cron["schedules"], []any{"*/15 * * * *"}) {
		t.Errorf("cron = %v", cron)
	}
}

func TestCustomDomain(t *testing.T) {
	a := baseArgs()
	a.Route, a.Crons = nil, nil
	a.Domain = &Domain{ZoneID: "fedcba9876543210fedcba9876543210", Hostname: "edge.example.com"}
	g, _ := run(t, a)
	d := g.Find("cloudflare:index/workersDomain:WorkersDomain", "edge-domain").Redacted()
	if !reflect.DeepEqual(d, map[string]any{"accountId": "0123456789abcdef0123456789abcdef", "zoneId": "fedcba9876543210fedcba9876543210", "hostname": "edge.example.com", "service": "groundwork-test-edge"}) {
		t.Errorf("domain = %v", d)
	}
	if len(g.OfType("cloudflare:index/workersRoute:WorkersRoute")) != 0 {
		t.Error("a route was created alongside the domain")
	}
}

func TestBundleIsDeterministicAndMeasured(t *testing.T) {
	a, err := Build(".", entry)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(".", entry)
	if err != nil {
		t.Fatal(err)
	}
	if a.SHA256 != b.SHA256 || a.Code != b.Code {
		t.Fatal("two bundles of the same source differ")
	}
	if a.RawBytes != len(a.Code) || a.GzipBytes <= 0 || a.GzipBytes > a.RawBytes+64 {
		t.Errorf("sizes raw %d gzip %d", a.RawBytes, a.GzipBytes)
	}
	if !strings.Contains(a.Code, "export") || strings.Contains(a.Code, "/work/") {
		t.Errorf("bundle is not a portable ES module: %q", a.Code)
	}
}

func TestSizeLimits(t *testing.T) {
	b, _ := Build(".", entry)
	a := baseArgs()
	a.GzipLimitBytes = 64
	_, err := func() (*Worker, error) {
		var w *Worker
		_, err := pulumitest.Run(func(ctx *pulumi.Context) error {
			var err error
			w, err = New(ctx, "edge", a)
			return err
		})
		return w, err
	}()
	want := "the bundle is " + KB(b.GzipBytes) + " gzipped, over the 0.1 KB limit of the Workers free plan (as of " + LimitsCheckedOn + "); remove heavy dependencies or move to the paid plan"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want it to contain %q", err, want)
	}
	warning, err := b.Check(PlanFree, GzipLimitFreeBytes, 0)
	if err != nil || !strings.HasPrefix(warning, "the bundle is "+KB(b.GzipBytes)+" gzipped, over the startup budget of 0 KB") {
		t.Errorf("budget check = %q, %v", warning, err)
	}
	if w, err := b.Check(PlanPaid, GzipLimit(PlanPaid), DefaultMaxBundleKB); w != "" || err != nil {
		t.Errorf("a small bundle on the paid plan: %q, %v", w, err)
	}
}

func TestMissingDependenciesSayHowToInstall(t *testing.T) {
	_, err := Build(".", "testdata/missing-deps/index.ts")
	if err == nil || !strings.Contains(err.Error(), "npm ci --prefix testdata/missing-deps") {
		t.Errorf("err = %v", err)
	}
}

func TestCheck(t *testing.T) {
	a := Args{Plan: "pro", CompatibilityDate: "April", Route: &Route{}, Domain: &Domain{}, Crons: []string{"hourly"},
		Vars: map[string]string{"bad-name": "x"}, Secrets: map[string]pulumi.StringInput{"bad-name": pulumi.String("y")}}
	want := strings.Join([]string{
		"accountId is required: the Cloudflare account id (dashboard, Workers & Pages, right column)",
		"entry is required: the Worker's entry file, e.g. workloads/edge/src/index.ts",
		`plan must be free or paid, got "pro"`,
		`compatibilityDate must be a date like ` + CompatibilityDate + `, got "April"`,
		"route and domain are both set; set one of them",
		"route needs ZoneID and Pattern, e.g. api.example.com/*",
		"domain needs ZoneID and Hostname",
		"crons[0] is not a valid Cron Trigger: it has 1 field; Cloudflare Workers cron takes 5: minute hour day-of-month month day-of-week",
		`bindings name "bad-name" is not a JavaScript identifier`,
		`bindings name "bad-name" is not a JavaScript identifier`,
	}, "\n")
	if got := strings.Join(a.Check().Strings(), "\n"); got != want {
		t.Errorf("Check() =\n%v\nwant\n%s", got, want)
	}
	_, err := New(nil, "edge", Args{AccountID: account, Entry: entry, Hyperdrive: &HyperdriveBinding{Binding: "HYPERDRIVE"}})
	if want := `worker "edge": hyperdrive binding HYPERDRIVE has no ID: pass the Hyperdrive configuration's id output`; err == nil || err.Error() != want {
		t.Errorf("New() = %v, want %s", err, want)
	}
}

func TestR2Bindings(t *testing.T) {
	a := baseArgs()
	a.R2Buckets = []R2Binding{{Binding: "LOG_BUCKET", BucketName: pulumi.String("groundwork-test-edge-logs")}}
	g, _ := run(t, a)
	got := pulumitest.MustValue(t, g, "cloudflare:index/workersScript:WorkersScript", "edge-script", "r2BucketBindings")
	if want := []any{map[string]any{"name": "LOG_BUCKET", "bucketName": "groundwork-test-edge-logs"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("r2BucketBindings = %v, want %v", got, want)
	}
	a.R2Buckets = []R2Binding{{Binding: "HYPERDRIVE", BucketName: pulumi.String("b")}, {Binding: "LOGS"}}
	_, err := New(nil, "edge", a)
	want := `worker "edge": bindings HYPERDRIVE is bound twice` + "\n" +
		`r2Buckets binding LOGS has no bucket name: pass the bucket's name output`
	if err == nil || err.Error() != want {
		t.Errorf("New() =\n%v\nwant\n%s", err, want)
	}
}

func TestAnalyticsBindings(t *testing.T) {
	a := baseArgs()
	a.Analytics = []AnalyticsBinding{{Binding: "ANALYTICS", Dataset: "groundwork_test_edge"}}
	g, _ := run(t, a)
	got := pulumitest.MustValue(t, g, "cloudflare:index/workersScript:WorkersScript", "edge-script", "analyticsEngineBindings")
	if want := []any{map[string]any{"name": "ANALYTICS", "dataset": "groundwork_test_edge"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("analyticsEngineBindings = %v, want %v", got, want)
	}
	a.Analytics = []AnalyticsBinding{{Binding: "ANALYTICS", Dataset: "groundwork-test"}}
	if got := strings.Join(a.Check().Strings(), "\n"); got != `analytics[0].dataset must be 1-64 letters, digits and underscores, starting with a letter (it is a table name in SQL), got "groundwork-test"` {
		t.Errorf("Check() = %s", got)
	}
}
