package runmetrics

import (
	"encoding/json"
	"fmt"
)

// The dashboard, as the Dashboards API takes it
// (cloud.google.com/monitoring/api/ref_v3/rest/v1/projects.dashboards):
// a mosaic of xyChart tiles whose data sets are PromQL queries.
type dashboardJSON struct {
	DisplayName  string `json:"displayName"`
	MosaicLayout mosaic `json:"mosaicLayout"`
}

type mosaic struct {
	Columns int    `json:"columns"`
	Tiles   []tile `json:"tiles"`
}

type tile struct {
	XPos   int    `json:"xPos"`
	YPos   int    `json:"yPos"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Widget widget `json:"widget"`
}

type widget struct {
	Title   string  `json:"title"`
	XYChart xyChart `json:"xyChart"`
}

type xyChart struct {
	DataSets   []dataSet   `json:"dataSets"`
	Thresholds []threshold `json:"thresholds,omitempty"`
}

type dataSet struct {
	TimeSeriesQuery timeSeriesQuery `json:"timeSeriesQuery"`
	PlotType        string          `json:"plotType"`
	LegendTemplate  string          `json:"legendTemplate,omitempty"`
	TargetAxis      string          `json:"targetAxis"`
}

type timeSeriesQuery struct {
	PrometheusQuery string `json:"prometheusQuery"`
}

type threshold struct {
	Label      string  `json:"label"`
	Value      float64 `json:"value"`
	TargetAxis string  `json:"targetAxis"`
}

// Queries, with %[1]s the metric's PromQL name and %[2]s the service.
const (
	// Cost by route, USD per hour: each route's request milliseconds at
	// its share of a busy instance, and its requests at the request fee.
	queryCost = `sum by (route) (increase(%[1]s_sum{monitored_resource="cloud_run_revision",service_name="%[2]s"}[1h])) * %[3]s` +
		` + sum by (route) (increase(%[1]s_count{monitored_resource="cloud_run_revision",service_name="%[2]s"}[1h])) * %[4]s`
	queryP95       = `histogram_quantile(0.95, sum by (route, le) (rate(%[1]s_bucket{monitored_resource="cloud_run_revision",service_name="%[2]s"}[5m])))`
	query5xx       = `sum(rate(run_googleapis_com:request_count{monitored_resource="cloud_run_revision",service_name="%[2]s",response_code_class="5xx"}[5m]))`
	queryInstances = `sum(run_googleapis_com:container_instance_count{monitored_resource="cloud_run_revision",service_name="%[2]s"})`
)

func (a Args) dashboard(service, metric string) string {
	q := func(tmpl string) string {
		return fmt.Sprintf(tmpl, PromQL(metric), service, fmt.Sprintf("%.6g", a.CostPerMs), fmt.Sprintf("%.6g", a.CostPerRequest))
	}
	chart := func(title, query, plot, legend string, th ...threshold) widget {
		for i := range th {
			th[i].TargetAxis = "Y1"
		}
		return widget{Title: title, XYChart: xyChart{DataSets: []dataSet{{TimeSeriesQuery: timeSeriesQuery{PrometheusQuery: query},
			PlotType: plot, LegendTemplate: legend, TargetAxis: "Y1"}}, Thresholds: th}}
	}
	widgets := []widget{
		chart(fmt.Sprintf("Cost by route, USD per hour (list prices of %s)", a.PricesDate), q(queryCost), "STACKED_BAR", "{{route}}"),
		chart("p95 duration by route (ms)", q(queryP95), "LINE", "{{route}}"),
		chart("5xx per second", q(query5xx), "LINE", ""),
		chart("Instances against the maximum", q(queryInstances), "LINE", "", threshold{Label: "max instances (connection budget)", Value: float64(a.MaxInstances)}),
	}
	d := dashboardJSON{DisplayName: "groundwork " + service, MosaicLayout: mosaic{Columns: 48}}
	for i, w := range widgets {
		t := tile{Width: 24, Height: 16, Widget: w}
		if i == 0 {
			t.Width = 48
		} else {
			t.XPos, t.YPos = ((i-1)%2)*24, 16+((i-1)/2)*16
		}
		d.MosaicLayout.Tiles = append(d.MosaicLayout.Tiles, t)
	}
	b, err := json.Marshal(d)
	if err != nil {
		panic(err) // plain values only
	}
	return string(b)
}
