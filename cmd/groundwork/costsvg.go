package main

import (
	"encoding/xml"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/groundwork-iac/groundwork/cost"
	"github.com/groundwork-iac/groundwork/cost/logread"
)

// The chart's geometry, in pixels: a label column, the bars, and room for
// each bar's figures after it.
const (
	svgWidth     = 960
	svgMargin    = 20
	svgLabelEnd  = 330 // right edge of the route labels
	svgBarStart  = 340
	svgBarMax    = 440 // the costliest route's bar
	svgTop       = 84  // first bar
	svgRow       = 32
	svgBar       = 22
	svgFooter    = 44
	svgMaxRoutes = 20 // the rest are summed in one bar
	svgLabelMax  = 44 // characters of a route label before it is cut
)

// routesSVG draws cost by route as horizontal bars, costliest on top, each
// labelled with its route, cost and share. It is self-contained SVG 1.1.
func routesSVG(r cost.RouteReport, files []*logread.File) string {
	type bar struct {
		label, full string
		usd, share  float64
	}
	kinds := map[string]bool{}
	for _, rc := range r.Routes {
		kinds[rc.Kind] = true
	}
	var bars []bar
	for i, rc := range r.Routes {
		if i == svgMaxRoutes {
			rest := bar{label: fmt.Sprintf("%d more routes", len(r.Routes)-i)}
			for _, o := range r.Routes[i:] {
				rest.usd += o.USD
				rest.share += o.Share
			}
			rest.full = rest.label
			bars = append(bars, rest)
			break
		}
		name := routeText(rc.Route)
		if len(kinds) > 1 {
			name = rc.Kind + " " + name
		}
		bars = append(bars, bar{label: cut(name, svgLabelMax), full: name, usd: rc.USD, share: rc.Share})
	}
	top := 0.0
	for _, b := range bars {
		top = max(top, b.usd)
	}
	height := svgTop + len(bars)*svgRow + svgFooter

	var s strings.Builder
	p := r.Platform
	title := fmt.Sprintf("Cost by route: %s (%s)", p.Option, p.Option.Describe())
	sub := fmt.Sprintf("list prices of %s; %s; span %s", cost.PricesDate, cost.Count(float64(r.Units), "units"), spanText(r))
	if r.Monthly {
		sub += fmt.Sprintf("; %s a month at this rate", usdFine(r.MonthlyUSD))
	}
	fmt.Fprintf(&s, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif" font-size="13">
`, svgWidth, height, svgWidth, height)
	fmt.Fprintf(&s, "<title>%s</title>\n", esc(title))
	fmt.Fprintf(&s, `<rect x="0" y="0" width="%d" height="%d" fill="#ffffff"/>`+"\n", svgWidth, height)
	fmt.Fprintf(&s, `<text x="%d" y="34" font-size="18" font-weight="bold" fill="#111111">%s</text>`+"\n", svgMargin, esc(title))
	fmt.Fprintf(&s, `<text x="%d" y="58" fill="#555555">%s</text>`+"\n", svgMargin, esc(sub))
	for i, b := range bars {
		y := svgTop + i*svgRow
		w := 0.0
		if top > 0 {
			w = max(b.usd/top*svgBarMax, 1)
		}
		fill := "#2f6fb3"
		if i == 0 {
			fill = "#c2410c"
		}
		figures := fmt.Sprintf("%s (%s)", usdFine(b.usd), percent(b.share))
		fmt.Fprintf(&s, `<text x="%d" y="%d" text-anchor="end" fill="#111111">%s</text>`+"\n", svgLabelEnd, y+16, esc(b.label))
		fmt.Fprintf(&s, `<rect class="bar" x="%d" y="%d" width="%.1f" height="%d" fill="%s"><title>%s</title></rect>`+"\n",
			svgBarStart, y, w, svgBar, fill, esc(b.full+": "+figures))
		fmt.Fprintf(&s, `<text x="%.1f" y="%d" fill="#333333">%s</text>`+"\n", float64(svgBarStart)+w+8, y+16, esc(figures))
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = filepath.Base(f.Name)
	}
	footer := fmt.Sprintf("marginal list prices, free tiers ignored; groundwork cost --logs %s", strings.Join(names, " --logs "))
	fmt.Fprintf(&s, `<text x="%d" y="%d" font-size="11" fill="#777777">%s</text>`+"\n", svgMargin, height-18, esc(cut(footer, 150)))
	s.WriteString("</svg>\n")
	return s.String()
}

// esc escapes text for XML character data and attribute values.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// cut shortens s to n characters, marking the cut.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
