// Package cwdash writes CloudWatch dashboard bodies: the JSON the
// PutDashboard API takes
// (docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html),
// from typed widgets, laid out in rows of two.
package cwdash

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Body is a dashboard.
type Body struct {
	Start   string   `json:"start,omitempty"`
	Widgets []Widget `json:"widgets"`
}

// Widget is a metric widget.
type Widget struct {
	Type       string     `json:"type"`
	X          int        `json:"x"`
	Y          int        `json:"y"`
	Width      int        `json:"width"`
	Height     int        `json:"height"`
	Properties Properties `json:"properties"`
}

// Properties are a metric widget's.
type Properties struct {
	Title                string       `json:"title"`
	Region               string       `json:"region"`
	View                 string       `json:"view"`
	Stacked              bool         `json:"stacked,omitempty"`
	Period               int          `json:"period"`
	Stat                 string       `json:"stat,omitempty"`
	SetPeriodToTimeRange bool         `json:"setPeriodToTimeRange,omitempty"`
	Metrics              []Line       `json:"metrics"`
	Annotations          *Annotations `json:"annotations,omitempty"`
}

// Annotations draw lines on a graph.
type Annotations struct {
	Horizontal []Annotation `json:"horizontal"`
}

// Annotation is a horizontal line at Value.
type Annotation struct {
	Label string  `json:"label"`
	Value float64 `json:"value"`
}

// Line is one entry of "metrics": a metric
// [namespace, name, dim, value, ..., {options}] or [{expression}].
type Line []any

// Options are a line's rendering options.
type Options struct {
	ID      string `json:"id,omitempty"`
	Label   string `json:"label,omitempty"`
	Stat    string `json:"stat,omitempty"`
	Visible *bool  `json:"visible,omitempty"`
}

// Expression is a math or SEARCH expression line.
type Expression struct {
	Expression string `json:"expression"`
	ID         string `json:"id"`
	Label      string `json:"label,omitempty"`
	Visible    *bool  `json:"visible,omitempty"`
}

// Metric is a metric line; dims alternate names and values.
func Metric(namespace, name string, opts Options, dims ...string) Line {
	l := Line{namespace, name}
	for _, d := range dims {
		l = append(l, d)
	}
	return append(l, opts)
}

// Expr is an expression line; hidden lines feed others.
func Expr(id, label, expr string, visible bool) Line {
	e := Expression{Expression: expr, ID: id, Label: label}
	if !visible {
		e.Visible = &visible
	}
	return Line{e}
}

// Search is a SEARCH over metrics of namespace with the dimension keys,
// named metric, at stat: SEARCH('{"NS",dim} MetricName="name"', 'stat').
// The namespace is double-quoted, as one holding "/" must be
// (docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/search-expression-syntax.html).
func Search(namespace string, dims []string, metric, stat string) string {
	return fmt.Sprintf(`SEARCH('{"%s",%s} MetricName="%s"', '%s')`, namespace, strings.Join(dims, ","), metric, stat)
}

// Layout places widgets two per row, 12 wide and 6 high each, the first
// full width.
func Layout(first Widget, rest ...Widget) Body {
	first.Type, first.X, first.Y, first.Width, first.Height = "metric", 0, 0, 24, 6
	b := Body{Start: "-PT24H", Widgets: []Widget{first}}
	for i, w := range rest {
		w.Type, w.X, w.Y, w.Width, w.Height = "metric", (i%2)*12, 6+(i/2)*6, 12, 6
		b.Widgets = append(b.Widgets, w)
	}
	return b
}

// JSON is the body as the API takes it.
func (b Body) JSON() string {
	out, err := json.Marshal(b)
	if err != nil {
		panic(err) // only plain values: cannot fail
	}
	return string(out)
}
