package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/groundwork-iac/groundwork/components/budgets"
	"github.com/groundwork-iac/groundwork/pulumitest"
)

// Text writes the tree, the budget table and the findings.
func (r *Result) Text(w io.Writer) {
	fmt.Fprintf(w, "groundwork plan: blueprint %s, stack %s (offline: Pulumi mocks, no cloud account)\n\n", orDash(r.Blueprint), r.Stack)
	roots := 0
	components := 0
	for _, res := range r.Graph.Resources {
		if !res.Custom {
			components++
		}
		if res.Parent == "" {
			roots++
			r.tree(w, res, "", "")
		}
	}
	if len(r.Graph.Resources) > 0 {
		fmt.Fprintf(w, "\n%d resources in %d components\n\n", len(r.Graph.Resources)-components, components)
	}
	if r.Report.Blueprint != "" {
		fmt.Fprint(w, r.Report.Table())
	}
	// Error findings are part of r.Err, listed below.
	for _, f := range r.Report.Warnings() {
		fmt.Fprintf(w, "%s\n", f)
	}
	for _, v := range r.Violations {
		fmt.Fprintf(w, "invariant violated: %s\n", v)
	}
	if r.Err != nil {
		fmt.Fprintf(w, "\nplan failed; nothing would be created:\n")
		for _, p := range r.Problems() {
			fmt.Fprintf(w, "  - %s\n", strings.ReplaceAll(p.String(), "\n", "\n    "))
		}
	}
}

func (r *Result) tree(w io.Writer, res *pulumitest.Resource, prefix, branch string) {
	line := fmt.Sprintf("%s%s%s  %s", prefix, branch, res.Name, res.Type)
	if f, ok := summaries[res.Type]; ok {
		line += "  " + f(res)
	}
	if len(res.IgnoreChanges) > 0 {
		line += "  (ignores changes to " + strings.Join(res.IgnoreChanges, ", ") + ")"
	}
	fmt.Fprintln(w, line)
	children := r.Graph.Children(res)
	next := prefix
	switch branch {
	case "├─ ":
		next += "│  "
	case "└─ ":
		next += "   "
	}
	for i, c := range children {
		b := "├─ "
		if i == len(children)-1 {
			b = "└─ "
		}
		r.tree(w, c, next, b)
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// Graph is the machine-readable plan.
type Graph struct {
	Blueprint  string     `json:"blueprint"`
	Stack      string     `json:"stack"`
	OK         bool       `json:"ok"`
	Errors     []string   `json:"errors,omitempty"`
	Resources  []Resource `json:"resources"`
	Budgets    Budgets    `json:"budgets"`
	Violations []string   `json:"violations,omitempty"`
}

// Resource is one resource of the JSON graph; secrets are "[secret]".
type Resource struct {
	Type   string         `json:"type"`
	Name   string         `json:"name"`
	Parent string         `json:"parent"`
	Inputs map[string]any `json:"inputs"`
	// IgnoreChanges lists input paths Pulumi will not update after creation.
	IgnoreChanges []string `json:"ignoreChanges,omitempty"`
	// DependsOn are the resources this one waits for, as the engine is told
	// at registration (explicit dependsOn and the resources its inputs come
	// from), each "type name", sorted.
	DependsOn []string `json:"dependsOn"`
}

// Budgets is the JSON form of the budget report; durations are Go strings.
type Budgets struct {
	Ladders     []Ladder      `json:"ladders"`
	Floors      []Floor       `json:"floors"`
	Connections []Connections `json:"connections"`
	Derived     []Derived     `json:"derived"`
	Findings    []Finding     `json:"findings"`
}

type (
	Ladder struct {
		Name  string `json:"name"`
		OK    bool   `json:"ok"`
		Rungs []Rung `json:"rungs"`
	}
	Rung struct {
		Name         string `json:"name"`
		Knob         string `json:"knob"`
		Value        string `json:"value"`
		MayEqualNext bool   `json:"mayEqualNext,omitempty"`
	}
	Floor struct {
		Budget string `json:"budget"`
		Name   string `json:"name"`
		Knob   string `json:"knob"`
		Value  string `json:"value"`
		Min    string `json:"min"`
		Why    string `json:"why"`
	}
	Connections struct {
		Name              string `json:"name"`
		Clients           int    `json:"clients"`
		Pooler            string `json:"pooler"`
		PoolerClientLimit int    `json:"poolerClientLimit"`
		ServerSlots       int    `json:"serverSlots"`
		ServerDetail      string `json:"serverDetail"`
		OK                bool   `json:"ok"`
	}
	Derived struct {
		Knob  string `json:"knob"`
		Value string `json:"value"`
		From  string `json:"from"`
	}
	Finding struct {
		Severity string `json:"severity"`
		Budget   string `json:"budget"`
		Knob     string `json:"knob"`
		Message  string `json:"message"`
	}
)

// JSON returns the machine-readable plan.
func (r *Result) JSON() Graph {
	g := Graph{Blueprint: r.Blueprint, Stack: r.Stack, OK: r.OK(), Resources: []Resource{}, Budgets: budgetsJSON(r.Report)}
	if r.Err != nil {
		g.Errors = r.Problems().Strings()
	}
	for _, v := range r.Violations {
		g.Violations = append(g.Violations, v.String())
	}
	for _, res := range r.Graph.Resources {
		deps := []string{}
		for _, urn := range res.DependsOn {
			if d := r.Graph.ByURN(urn); d != nil {
				deps = append(deps, d.Type+" "+d.Name)
			} else {
				deps = append(deps, urn)
			}
		}
		sort.Strings(deps)
		g.Resources = append(g.Resources, Resource{Type: res.Type, Name: res.Name, Parent: res.Parent, Inputs: abbreviate(res.Redacted()),
			IgnoreChanges: res.IgnoreChanges, DependsOn: slices.Compact(deps)})
	}
	return g
}

// WriteJSON writes the graph, indented.
func (r *Result) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r.JSON())
}

func budgetsJSON(rep budgets.Report) Budgets {
	b := Budgets{Ladders: []Ladder{}, Floors: []Floor{}, Connections: []Connections{}, Derived: []Derived{}, Findings: []Finding{}}
	for _, l := range rep.Ladders {
		lj := Ladder{Name: l.Name, OK: len(l.Check()) == 0}
		for _, rung := range l.Rungs {
			lj.Rungs = append(lj.Rungs, Rung{Name: rung.Name, Knob: rung.Knob, Value: dur(rung.Value), MayEqualNext: rung.MayEqualNext})
		}
		b.Ladders = append(b.Ladders, lj)
	}
	for _, f := range rep.Floors {
		b.Floors = append(b.Floors, Floor{Budget: f.Budget, Name: f.Name, Knob: f.Knob, Value: dur(f.Value), Min: dur(f.Min), Why: f.Why})
	}
	for _, c := range rep.Connections {
		b.Connections = append(b.Connections, Connections{Name: c.Name, Clients: c.Clients(), Pooler: c.Pooler,
			PoolerClientLimit: c.PoolerClientLimit, ServerSlots: c.ServerSlots, ServerDetail: c.ServerDetail, OK: len(c.Check()) == 0})
	}
	for _, d := range rep.Derived {
		b.Derived = append(b.Derived, Derived(d))
	}
	for _, f := range rep.Findings {
		b.Findings = append(b.Findings, Finding{Severity: f.Severity.String(), Budget: f.Budget, Knob: f.Knob, Message: f.Message})
	}
	return b
}

func dur(d time.Duration) string { return d.String() }

// MaxInlineString is the longest string input shown whole in the JSON plan;
// longer ones (a bundled Worker) are shown by size and digest.
const MaxInlineString = 4096

func abbreviate(v map[string]any) map[string]any {
	out := make(map[string]any, len(v))
	for k, x := range v {
		out[k] = abbreviateValue(x)
	}
	return out
}

func abbreviateValue(x any) any {
	switch t := x.(type) {
	case string:
		if len(t) > MaxInlineString {
			sum := sha256.Sum256([]byte(t))
			return fmt.Sprintf("[%d bytes sha256:%s]", len(t), hex.EncodeToString(sum[:]))
		}
	case map[string]any:
		return abbreviate(t)
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = abbreviateValue(e)
		}
		return out
	}
	return x
}
