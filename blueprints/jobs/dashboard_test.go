package jobs

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/groundwork-iac/groundwork/components/aws/routemetrics"
	"github.com/groundwork-iac/groundwork/cost"
	"github.com/groundwork-iac/groundwork/pulumitest"
)

// The metrics a dashboard may name: the route metrics the kit's filters
// create, and what AWS publishes for the kit's resources.
var published = map[string][]string{
	"AWS/Lambda":     {"Errors", "ConcurrentExecutions", "Throttles", "Duration", "Invocations"},
	"AWS/SQS":        {"ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage"},
	"AWS/ApiGateway": {"5xx", "4xx", "Count", "Latency"},
}

type widget struct {
	Type       string `json:"type"`
	Properties struct {
		Title                string            `json:"title"`
		View                 string            `json:"view"`
		Region               string            `json:"region"`
		SetPeriodToTimeRange bool              `json:"setPeriodToTimeRange"`
		Metrics              []json.RawMessage `json:"metrics"`
	} `json:"properties"`
}

func TestDashboardStartsWithCostByRoute(t *testing.T) {
	g := mustRun(t, settings())
	body, err := g.Find("aws:cloudwatch/dashboard:Dashboard", "jobs-dashboard").String("dashboardBody")
	if err != nil {
		t.Fatal(err)
	}
	var d struct{ Widgets []widget }
	if err := json.Unmarshal([]byte(body), &d); err != nil {
		t.Fatalf("dashboard body is not JSON: %v", err)
	}
	// The filters the kit creates: metric names by namespace.
	ours := map[string]bool{}
	var ns string
	for _, f := range g.OfType("aws:cloudwatch/logMetricFilter:LogMetricFilter") {
		name, _ := f.String("metricTransformation.name")
		ns, _ = f.String("metricTransformation.namespace")
		ours[name] = true
	}
	if len(ours) != 4 || ns != "groundwork/groundwork-test" {
		t.Fatalf("route metrics %v in %q, want the worker's and the webhook's duration and count", ours, ns)
	}
	searchMetric := regexpMetric(ns)
	for i, w := range d.Widgets {
		if w.Type != "metric" || w.Properties.Region != pulumitest.Region {
			t.Errorf("widget %d: type %q region %q", i, w.Type, w.Properties.Region)
		}
		for _, raw := range w.Properties.Metrics {
			var line []any
			if err := json.Unmarshal(raw, &line); err != nil {
				t.Fatal(err)
			}
			if m, ok := line[0].(map[string]any); ok {
				expr := m["expression"].(string)
				if strings.HasPrefix(expr, "SEARCH(") {
					name := searchMetric(expr)
					if !ours[name] {
						t.Errorf("widget %q searches %s, which no filter of the kit creates", w.Properties.Title, expr)
					}
				}
				continue
			}
			namespace, metric := line[0].(string), line[1].(string)
			if !slices.Contains(published[namespace], metric) {
				t.Errorf("widget %q names %s %s, which AWS does not publish for the kit's resources", w.Properties.Title, namespace, metric)
			}
		}
	}
	first := d.Widgets[0].Properties
	if !strings.HasPrefix(first.Title, "Cost by route") || !strings.Contains(first.Title, cost.PricesDate) || first.View != "bar" || !first.SetPeriodToTimeRange {
		t.Errorf("first widget = %+v, want cost by route over the range, with the price date", first)
	}
	// The coefficients are the cost package's, for the functions' memory.
	for _, want := range []string{
		fmt.Sprintf(`"wd * %.6g"`, cost.LambdaPerMs(512)), fmt.Sprintf(`"wn * %.6g"`, cost.WorkerMessageUSD()),
		fmt.Sprintf(`"rd * %.6g"`, cost.LambdaPerMs(512)), fmt.Sprintf(`"rn * %.6g"`, cost.WebhookRequestUSD()),
	} {
		if !strings.Contains(body, want) {
			t.Errorf("cost widget lacks %s", want)
		}
	}
	titles := []string{}
	for _, w := range d.Widgets {
		titles = append(titles, w.Properties.Title)
	}
	wantTitles := []string{"Cost by route, USD over the range (list prices of " + cost.PricesDate + ")", "p95 duration by route (ms)", "Errors",
		"Dead-letter queue depth", "Age of the oldest message (s)", "Worker concurrency against the connection budget"}
	if !slices.Equal(titles, wantTitles) {
		t.Errorf("widgets = %q, want %q", titles, wantTitles)
	}
	max := pulumitest.MustValue(t, g, "aws:lambda/eventSourceMapping:EventSourceMapping", "jobs-mapping", "scalingConfig.maximumConcurrency")
	if want := fmt.Sprintf(`"label":"max concurrency (budget)","value":%v`, max); !strings.Contains(body, want) {
		t.Errorf("the concurrency widget does not draw the mapping's maximum: want %s in %s", want, body)
	}
}

// regexpMetric returns a function reading the MetricName of a SEARCH over
// the kit's namespace and route dimension.
func regexpMetric(ns string) func(string) string {
	prefix := `SEARCH('{"` + ns + `",` + routemetrics.Dimension + `} MetricName="`
	return func(expr string) string {
		rest, ok := strings.CutPrefix(expr, prefix)
		if !ok {
			return ""
		}
		name, _, _ := strings.Cut(rest, `"`)
		return name
	}
}
