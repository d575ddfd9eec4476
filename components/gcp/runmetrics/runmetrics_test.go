package runmetrics

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/pulumitest"
)

func args() Args {
	return Args{Service: pulumi.String("api-svc"), MetricName: "groundwork_api_dev_request_duration", Project: "acme",
		CostPerMs: 3.0625e-10, CostPerRequest: 4e-07, PricesDate: "2026-11-26", MaxInstances: 18}
}

func TestMetricAndDashboard(t *testing.T) {
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		_, err := New(ctx, "api-routes", args())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	m := g.Find("gcp:logging/metric:Metric", "api-routes-duration").Redacted()
	want := map[string]any{
		"project": "acme", "name": "groundwork_api_dev_request_duration",
		"description": "Request duration by route, from the service's request log lines (groundwork).",
		"filter":      `resource.type="cloud_run_revision" AND resource.labels.service_name="api-svc" AND jsonPayload.msg="request"`,
		"metricDescriptor": map[string]any{"metricKind": "DELTA", "valueType": "DISTRIBUTION", "unit": "ms",
			"labels": []any{map[string]any{"key": "route", "valueType": "STRING", "description": "the method and route template, or unmatched"}}},
		"valueExtractor":  "EXTRACT(jsonPayload.duration_ms)",
		"labelExtractors": map[string]any{"route": "EXTRACT(jsonPayload.route)"},
		"bucketOptions":   map[string]any{"exponentialBuckets": map[string]any{"numFiniteBuckets": 40.0, "growthFactor": 1.4, "scale": 1.0}},
	}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("metric =\n%v\nwant\n%v", m, want)
	}
	body, err := g.Find("gcp:monitoring/dashboard:Dashboard", "api-routes-dashboard").String("dashboardJson")
	if err != nil {
		t.Fatal(err)
	}
	var d dashboardJSON
	if err := json.Unmarshal([]byte(body), &d); err != nil {
		t.Fatalf("dashboard JSON: %v", err)
	}
	var titles, queries []string
	for _, tile := range d.MosaicLayout.Tiles {
		titles = append(titles, tile.Widget.Title)
		queries = append(queries, tile.Widget.XYChart.DataSets[0].TimeSeriesQuery.PrometheusQuery)
		if tile.XPos+tile.Width > d.MosaicLayout.Columns {
			t.Errorf("tile %q overflows the mosaic", tile.Widget.Title)
		}
	}
	wantTitles := []string{"Cost by route, USD per hour (list prices of 2026-11-26)", "p95 duration by route (ms)", "5xx per second", "Instances against the maximum"}
	if !reflect.DeepEqual(titles, wantTitles) {
		t.Errorf("titles = %q", titles)
	}
	sel := `{monitored_resource="cloud_run_revision",service_name="api-svc"}`
	wantCost := `sum by (route) (increase(logging_googleapis_com:user_groundwork_api_dev_request_duration_sum` + sel + `[1h])) * 3.0625e-10` +
		` + sum by (route) (increase(logging_googleapis_com:user_groundwork_api_dev_request_duration_count` + sel + `[1h])) * 4e-07`
	if queries[0] != wantCost {
		t.Errorf("cost query =\n%s\nwant\n%s", queries[0], wantCost)
	}
	if !strings.Contains(queries[1], "logging_googleapis_com:user_groundwork_api_dev_request_duration_bucket") {
		t.Errorf("p95 query = %s", queries[1])
	}
	if th := d.MosaicLayout.Tiles[3].Widget.XYChart.Thresholds; len(th) != 1 || th[0].Value != 18 {
		t.Errorf("instances thresholds = %v", th)
	}
	if dep := g.Find("gcp:monitoring/dashboard:Dashboard", "api-routes-dashboard").DependsOn; len(dep) != 1 {
		t.Errorf("dashboard depends on %v, want the metric", dep)
	}
}

func TestCheck(t *testing.T) {
	got := strings.Join(Args{MetricName: "groundwork-api"}.Check().Strings(), "\n")
	want := `metricName must be 1-100 letters, digits and underscores, starting with a letter, got "groundwork-api"` + "\n" +
		"costPerMs costPerRequest and pricesDate are required: the cost chart multiplies by them\n" +
		"maxInstances must be at least 1, got 0"
	if got != want {
		t.Errorf("Check() =\n%s\nwant\n%s", got, want)
	}
}

func TestMatch(t *testing.T) {
	entry := func(sev string, payload map[string]any) Entry {
		e := Entry{Severity: sev, JSONPayload: payload}
		e.Resource.Type, e.Resource.Labels = "cloud_run_revision", map[string]string{"service_name": "api-svc"}
		return e
	}
	req := entry("INFO", map[string]any{"msg": "request", "route": "GET /v1/notes", "duration_ms": 2.5})
	other := entry("ERROR", map[string]any{"msg": "query failed"})
	for _, tc := range []struct {
		filter string
		e      Entry
		want   bool
	}{
		{Filter("api-svc"), req, true},
		{Filter("api-svc"), other, false},
		{Filter("other-svc"), req, false},
		{`resource.type="cloud_run_revision" AND severity>=ERROR`, other, true},
		{`resource.type="cloud_run_revision" AND severity>=ERROR`, req, false},
		{`jsonPayload.duration_ms="2.5"`, req, true},
	} {
		got, err := Match(tc.filter, tc.e)
		if err != nil || got != tc.want {
			t.Errorf("Match(%s) = %v, %v; want %v", tc.filter, got, err, tc.want)
		}
	}
	if v, ok := Extract(req, "duration_ms"); !ok || v != 2.5 {
		t.Errorf("Extract = %v %v", v, ok)
	}
	for _, bad := range []string{`a="1" OR b="2"`, `NOT a="1"`, `jsonPayload.route:*`, `jsonPayload.route=~"GET"`, `severity>=LOUD`, `a=1`} {
		if _, err := Match(bad, req); err == nil {
			t.Errorf("Match(%s) accepted a filter outside the subset", bad)
		}
	}
}
