package main

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// svgContent is what a chart says: its title, its bars' widths and the
// texts in order, decoded by encoding/xml.
type svgContent struct {
	width, height string
	title         string
	bars          []string // width of each rect.bar
	texts         []string
}

func parseSVG(t *testing.T, doc string) svgContent {
	t.Helper()
	var c svgContent
	dec := xml.NewDecoder(strings.NewReader(doc))
	var stack []string
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, doc)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			stack = append(stack, el.Name.Local)
			attr := func(name string) string {
				for _, a := range el.Attr {
					if a.Name.Local == name {
						return a.Value
					}
				}
				return ""
			}
			switch {
			case el.Name.Local == "svg":
				if el.Name.Space != "http://www.w3.org/2000/svg" {
					t.Errorf("svg namespace %q", el.Name.Space)
				}
				c.width, c.height = attr("width"), attr("height")
			case el.Name.Local == "rect" && attr("class") == "bar":
				c.bars = append(c.bars, attr("width"))
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			switch {
			case len(stack) == 2 && stack[1] == "title":
				c.title = string(el)
			case len(stack) > 0 && stack[len(stack)-1] == "text":
				c.texts = append(c.texts, string(el))
			}
		}
	}
	return c
}

func TestCostLogsDrawsCostByRoute(t *testing.T) {
	out := filepath.Join(t.TempDir(), "chart.svg")
	code, stdout, errOut := groundwork(t, "cost", "--stack", "jobs-dev", "--logs", sample("aws-receiver.json"), "--logs", sample("aws-worker.json"), "--svg", out)
	if code != 0 || !strings.HasSuffix(stdout, "chart: "+out+"\n") {
		t.Fatalf("exit %d: %s%s", code, stdout, errOut)
	}
	doc, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	c := parseSVG(t, string(doc))
	// Five routes, costliest on top, its bar the full width.
	if c.width != "960" || c.height != fmt.Sprint(84+5*32+44) || c.title != "Cost by route: jobs (HTTP API + Lambda + SQS)" {
		t.Errorf("size %sx%s, title %q", c.width, c.height, c.title)
	}
	wantBars := []string{"440.0", "336.8", "141.5", "90.3", "59.0"} // each USD over POST /webhook's, x 440
	if strings.Join(c.bars, " ") != strings.Join(wantBars, " ") {
		t.Errorf("bar widths %q, want %q", c.bars, wantBars)
	}
	wantTexts := []string{
		"Cost by route: jobs (HTTP API + Lambda + SQS)",
		"list prices of 2026-11-26; 9 units; span 2026-11-26T10:00:00.000Z to 2026-11-26T12:00:00.000Z (2h0m0s); $0.0033 a month at this rate",
		"request POST /webhook", "$0.0000037 (41.2%)",
		"job order.created", "$0.0000029 (31.5%)",
		"request unmatched", "$0.0000012 (13.3%)",
		"job invoice.paid", "$0.00000077 (8.5%)",
		"job unmatched", "$0.00000050 (5.5%)",
		"marginal list prices, free tiers ignored; groundwork cost --logs aws-receiver.json --logs aws-worker.json",
	}
	if strings.Join(c.texts, "\n") != strings.Join(wantTexts, "\n") {
		t.Errorf("texts:\n%s\nwant:\n%s", strings.Join(c.texts, "\n"), strings.Join(wantTexts, "\n"))
	}
}

// A route is text from a log: the chart escapes it, and it reads back as
// it was.
func TestCostLogsSVGEscapesRoutes(t *testing.T) {
	dir := t.TempDir()
	nasty := `GET /a?<script>alert("x")</script>&b='c'`
	logs := filepath.Join(dir, "lines.jsonl")
	content := fmt.Sprintf(`{"msg":"request","route":%q,"duration_ms":1}`+"\n"+`{"msg":"request","route":"]]> <!--","duration_ms":1}`+"\n", nasty)
	if err := os.WriteFile(logs, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "chart.svg")
	if code, _, errOut := groundwork(t, "cost", "--blueprint", "api", "--logs", logs, "--svg", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	doc, _ := os.ReadFile(out)
	if strings.Contains(string(doc), "<script>") || strings.Contains(string(doc), "<!--") {
		t.Errorf("a route's markup reached the SVG unescaped:\n%s", doc)
	}
	c := parseSVG(t, string(doc))
	// The two tie, so they are in route order.
	if len(c.texts) != 7 || c.texts[2] != nasty || c.texts[4] != "]]> <!--" || len(c.bars) != 2 {
		t.Errorf("texts %q, bars %q", c.texts, c.bars)
	}
}

// Past svgMaxRoutes the rest are one bar, so the chart stays readable.
func TestCostLogsSVGSumsTheLongTail(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := range svgMaxRoutes + 5 {
		for range i + 1 {
			fmt.Fprintf(&b, `{"msg":"request","route":"GET /r%02d","duration_ms":1}`+"\n", i)
		}
	}
	logs := filepath.Join(dir, "lines.jsonl")
	if err := os.WriteFile(logs, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "chart.svg")
	if code, _, errOut := groundwork(t, "cost", "--blueprint", "edge", "--logs", logs, "--svg", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	doc, _ := os.ReadFile(out)
	c := parseSVG(t, string(doc))
	// Routes r24 (25 units) down to r05 (6 units), then r04..r00: 15 units.
	if len(c.bars) != svgMaxRoutes+1 || c.texts[2] != "GET /r24" || c.texts[2*svgMaxRoutes] != "GET /r05" ||
		c.texts[2*svgMaxRoutes+2] != "5 more routes" || c.texts[2*svgMaxRoutes+3] != "$0.0000045 (4.6%)" {
		t.Errorf("%d bars, texts %q", len(c.bars), c.texts)
	}
}
