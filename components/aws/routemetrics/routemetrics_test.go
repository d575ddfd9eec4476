package routemetrics

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/pulumitest"
)

func TestFilters(t *testing.T) {
	var m *RouteMetrics
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		var err error
		m, err = New(ctx, "jobs-worker-metrics", Args{LogGroupName: pulumi.String("/aws/lambda/jobs-worker"), Namespace: "groundwork/app-prod", Prefix: "worker", Msg: "job"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]map[string]any{
		"jobs-worker-metrics-duration": {"name": "worker.duration_ms", "value": "$.duration_ms", "unit": "Milliseconds"},
		"jobs-worker-metrics-count":    {"name": "worker.count", "value": "1", "unit": "Count"},
	} {
		f := g.Find("aws:cloudwatch/logMetricFilter:LogMetricFilter", name).Redacted()
		want["namespace"], want["dimensions"] = "groundwork/app-prod", map[string]any{"route": "$.route"}
		wantAll := map[string]any{"logGroupName": "/aws/lambda/jobs-worker", "pattern": `{ $.msg = "job" && $.route = "*" && $.duration_ms = * }`, "metricTransformation": want}
		if !reflect.DeepEqual(f, wantAll) {
			t.Errorf("%s =\n%v\nwant\n%v", name, f, wantAll)
		}
	}
	if m.DurationMetric != "worker.duration_ms" || m.CountMetric != "worker.count" {
		t.Errorf("metrics = %s, %s", m.DurationMetric, m.CountMetric)
	}
	if got := strings.Join(Args{Msg: "batch"}.Check().Strings(), "\n"); got != "namespace and prefix are required: they name the metrics\nmsg must be \"request\" or \"job\", got \"batch\"" {
		t.Errorf("Check() = %s", got)
	}
}

func TestMatcher(t *testing.T) {
	m, err := Compile(Pattern("request"))
	if err != nil {
		t.Fatal(err)
	}
	for line, want := range map[string]bool{
		`{"msg":"request","route":"GET /v1/items/{id}","duration_ms":12.5}`: true,
		`{"msg":"request","route":"unmatched","duration_ms":0}`:             true,
		`{"msg":"request","route":"GET /","duration_ms":"12"}`:              false, // a string duration extracts nothing
		`{"msg":"request","duration_ms":3}`:                                 false,
		`{"msg":"batch done","route":"x","duration_ms":3}`:                  false,
		`{"msg":"request","route":7,"duration_ms":3}`:                       false,
		`START RequestId: 1 Version: $LATEST`:                               false,
		`{"msg":"request","route":"","duration_ms":1}`:                      true, // "*" matches the empty string too
	} {
		if got := m.Match([]byte(line)); got != want {
			t.Errorf("Match(%s) = %v, want %v", line, got, want)
		}
	}
	if v, ok := Value("$.duration_ms", []byte(`{"duration_ms":12.5}`)); !ok || v != 12.5 {
		t.Errorf("Value = %v %v", v, ok)
	}
	if v, ok := Value("1", nil); !ok || v != 1 {
		t.Errorf("constant Value = %v %v", v, ok)
	}
	g, _ := Compile(`{ $.route = "GET /v1/*" && $.status != 200 && $.level = "ERROR" }`)
	if !g.Match([]byte(`{"route":"GET /v1/items","status":500,"level":"ERROR"}`)) || g.Match([]byte(`{"route":"GET /v1/items","status":200,"level":"ERROR"}`)) ||
		g.Match([]byte(`{"route":"POST /v1/items","status":500,"level":"ERROR"}`)) {
		t.Error("wildcard, != or literal terms misbehave")
	}
	for _, bad := range []string{`[w1, w2]`, `{ $.a = 1 || $.b = 2 }`, `{ ($.a = 1) }`, `{ a = 1 }`, `{ $.a = bare }`} {
		if _, err := Compile(bad); err == nil {
			t.Errorf("Compile(%s) accepted a pattern outside the subset", bad)
		}
	}
}
