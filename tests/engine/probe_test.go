package engine

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/groundwork-iac/groundwork/internal/plan"
)

// planRow is what internal/plan.ReadConfig reads for one key of a stack
// file, alone in a file of its own (so one row's error does not hide the
// others): the value, or the error text.
func planRow(t *testing.T, key string, value *yaml.Node) (string, string) {
	t.Helper()
	doc := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		{Kind: yaml.ScalarNode, Value: "config"},
		{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: key}, value}},
	}}
	var buf bytes.Buffer
	if err := yaml.NewEncoder(&buf).Encode(doc); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "Pulumi.row.yaml")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := readConfig(t, path)
	if err != nil {
		return "", err.Error()
	}
	return c.Values[key], ""
}

// readConfig reads a stack file as groundwork plan does, under the
// repository's Pulumi.yaml (project groundwork).
func readConfig(t *testing.T, path string) (plan.Config, error) {
	t.Helper()
	p, err := plan.FindProject(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	return plan.ReadConfig(p, path)
}

// probeFile is the table of tricky values and its rows, in file order.
func probeFile(t *testing.T) ([]byte, []string, map[string]*yaml.Node) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repoRoot, "tests", "engine", "testdata", "Pulumi.probe.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	cfg := mapValue(doc.Content[0], "config")
	var keys []string
	nodes := map[string]*yaml.Node{}
	for i := 0; i+1 < len(cfg.Content); i += 2 {
		keys = append(keys, cfg.Content[i].Value)
		nodes[cfg.Content[i].Value] = cfg.Content[i+1]
	}
	return raw, keys, nodes
}

// ProbeRow is what the engine hands the program for one value of the
// table, and what internal/plan.ReadConfig reads (Plan, or PlanErr when it
// fails). Known, when set, says why the two differ; such a row fails when
// they start to agree, so the mark is removed with the difference. Today
// no row differs: plan reads stack files with the CLI's own loader.
type ProbeRow struct {
	Key, Engine, Plan, PlanErr, Known string
}

// ProbeRows is the table, for testdata/Pulumi.probe.yaml. Top-level values
// reach the program as strings; nested ones as JSON, so their type shows.
var ProbeRows = []ProbeRow{
	{Key: "probe:boolLower", Engine: "true", Plan: "true"},
	{Key: "probe:boolTitle", Engine: "true", Plan: "true"},
	{Key: "probe:boolUpper", Engine: "true", Plan: "true"},
	{Key: "probe:boolFalse", Engine: "false", Plan: "false"},
	{Key: "probe:yes", Engine: "yes", Plan: "yes"},
	{Key: "probe:no", Engine: "no", Plan: "no"},
	{Key: "probe:on", Engine: "on", Plan: "on"},
	{Key: "probe:off", Engine: "off", Plan: "off"},
	{Key: "probe:hex", Engine: "31", Plan: "31"},
	{Key: "probe:octal", Engine: "15", Plan: "15"},
	{Key: "probe:octalLegacy", Engine: "15", Plan: "15"},
	{Key: "probe:binary", Engine: "5", Plan: "5"},
	{Key: "probe:exponent", Engine: "1000", Plan: "1000"},
	{Key: "probe:float", Engine: "1.5", Plan: "1.5"},
	{Key: "probe:underscore", Engine: "1000", Plan: "1000"},
	{Key: "probe:bigInt", Engine: "12345678901234567890", Plan: "12345678901234567890"},
	{Key: "probe:quotedNumber", Engine: "42", Plan: "42"},
	{Key: "probe:nullWord", Engine: "", Plan: ""},
	{Key: "probe:nullTilde", Engine: "", Plan: ""},
	{Key: "probe:emptyString", Engine: "", Plan: ""},
	{Key: "probe:literal", Engine: "line one\nline two\n", Plan: "line one\nline two\n"},
	{Key: "probe:folded", Engine: "folded text\n", Plan: "folded text\n"},
	{Key: "nested.boolLower", Engine: "true", Plan: "true"},
	{Key: "nested.boolTitle", Engine: "true", Plan: "true"},
	{Key: "nested.boolUpper", Engine: "true", Plan: "true"},
	{Key: "nested.boolFalse", Engine: "false", Plan: "false"},
	{Key: "nested.yes", Engine: `"yes"`, Plan: `"yes"`},
	{Key: "nested.no", Engine: `"no"`, Plan: `"no"`},
	{Key: "nested.on", Engine: `"on"`, Plan: `"on"`},
	{Key: "nested.off", Engine: `"off"`, Plan: `"off"`},
	{Key: "nested.hex", Engine: "31", Plan: "31"},
	{Key: "nested.octal", Engine: "15", Plan: "15"},
	{Key: "nested.octalLegacy", Engine: "15", Plan: "15"},
	{Key: "nested.binary", Engine: "5", Plan: "5"},
	{Key: "nested.exponent", Engine: "1000", Plan: "1000"},
	{Key: "nested.float", Engine: "1.5", Plan: "1.5"},
	{Key: "nested.underscore", Engine: "1000", Plan: "1000"},
	// Both round a nested integer to a float64: the engine too.
	{Key: "nested.bigInt", Engine: "12345678901234567000", Plan: "12345678901234567000"},
	{Key: "nested.quotedNumber", Engine: `"42"`, Plan: `"42"`},
	{Key: "nested.nullWord", Engine: "null", Plan: "null"},
	{Key: "nested.nullTilde", Engine: "null", Plan: "null"},
	{Key: "nested.emptyString", Engine: `""`, Plan: `""`},
	{Key: "nested.literal", Engine: `"line one\nline two\n"`, Plan: `"line one\nline two\n"`},
	{Key: "nested.listOfMaps",
		Engine: `[{"enabled":true,"n":1,"name":"a"},{"inner":[{"k":"v","on":"on"}],"name":"b","tags":["x","y",3]}]`,
		Plan:   `[{"enabled":true,"n":1,"name":"a"},{"inner":[{"k":"v","on":"on"}],"name":"b","tags":["x","y",3]}]`},
}

// probeValues returns, per row key, the engine's and plan's value and
// plan's error (without the file name).
func probeValues(t *testing.T) (engine, planned, planErr map[string]string, keys []string) {
	t.Helper()
	raw, top, nodes := probeFile(t)
	e := RecordConfig(t, "probe", raw)
	engine, planned, planErr = map[string]string{}, map[string]string{}, map[string]string{}
	record := func(key, ev, pv, perr string) {
		keys = append(keys, key)
		engine[key], planned[key] = ev, pv
		if perr != "" {
			_, after, _ := strings.Cut(perr, ": probe:")
			_, planErr[key], _ = strings.Cut(after, ": ")
		}
	}
	for _, k := range top {
		if k == "probe:nested" {
			continue
		}
		p, perr := planRow(t, k, nodes[k])
		record(k, e.Values[k], p, perr)
	}
	var nested map[string]json.RawMessage
	if err := json.Unmarshal([]byte(e.Values["probe:nested"]), &nested); err != nil {
		t.Fatalf("probe:nested: %v", err)
	}
	n := nodes["probe:nested"]
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		sub := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{n.Content[i], n.Content[i+1]}}
		p, perr := planRow(t, "probe:nested", sub)
		var pm map[string]json.RawMessage
		if perr == "" {
			if err := json.Unmarshal([]byte(p), &pm); err != nil {
				t.Fatal(err)
			}
		}
		record("nested."+k, string(nested[k]), string(pm[k]), perr)
	}
	return engine, planned, planErr, keys
}

// TestProbeValues reports exactly what the engine hands the program for
// each tricky value, and where internal/plan reads it differently.
func TestProbeValues(t *testing.T) {
	engine, planned, planErr, keys := probeValues(t)
	rows := map[string]ProbeRow{}
	for _, r := range ProbeRows {
		rows[r.Key] = r
	}
	if len(keys) != len(ProbeRows) {
		t.Errorf("the probe file has %d rows, ProbeRows %d", len(keys), len(ProbeRows))
	}
	for _, k := range keys {
		r, ok := rows[k]
		if !ok {
			t.Errorf("%s: no row in ProbeRows (engine %q, plan %q %s)", k, engine[k], planned[k], planErr[k])
			continue
		}
		if engine[k] != r.Engine {
			t.Errorf("%s: the engine hands %q, want %q", k, engine[k], r.Engine)
		}
		if planned[k] != r.Plan || planErr[k] != r.PlanErr {
			t.Errorf("%s: plan reads %q (error %q), want %q (error %q)", k, planned[k], planErr[k], r.Plan, r.PlanErr)
		}
		same := planErr[k] == "" && sameConfigValue(engine[k], planned[k])
		switch {
		case r.Known == "" && !same:
			t.Errorf("%s: engine %q, plan %q %s: they must agree", k, engine[k], planned[k], planErr[k])
		case r.Known != "" && same:
			t.Errorf("%s: engine and plan now agree; remove the known difference %q", k, r.Known)
		case r.Known != "":
			t.Logf("KNOWN DIFFERENCE %s: engine %q, plan %q%s: %s", k, engine[k], planned[k], errSuffix(planErr[k]), r.Known)
		}
	}
}

func errSuffix(e string) string {
	if e == "" {
		return ""
	}
	return " (error: " + e + ")"
}
