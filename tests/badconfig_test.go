package tests

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"gopkg.in/yaml.v3"

	"github.com/groundwork-iac/groundwork/blueprints"
	"github.com/groundwork-iac/groundwork/internal/plan"
	"github.com/groundwork-iac/groundwork/pulumitest"
	"github.com/groundwork-iac/groundwork/stackconfig"
)

// secretPaths are every secret-bearing value of a stack file, found from
// the fields stackconfig marks secret (every element of a list included).
// Each bad config gets canary values of its own for all of them (a password
// with digits and an unescaped /, headers, a signing key), and no output of
// the case, text or JSON, may contain a canary or any 8-character part of
// one.
func secretPaths(doc map[string]any) []string {
	var out []string
	var walk func(v any, path string, steps []string)
	walk = func(v any, path string, steps []string) {
		if len(steps) == 0 {
			if _, ok := v.(string); ok {
				out = append(out, path)
			}
			return
		}
		if steps[0] == stackconfig.Each {
			list, _ := v.([]any)
			for i, e := range list {
				walk(e, fmt.Sprintf("%s[%d]", path, i), steps[1:])
			}
			return
		}
		if m, ok := v.(map[string]any); ok {
			walk(m[steps[0]], path+"/"+steps[0], steps[1:])
		}
	}
	config, _ := doc["config"].(map[string]any)
	for key, paths := range stackconfig.SecretPaths() {
		for _, p := range paths {
			walk(config[key], key, p)
		}
	}
	sort.Strings(out)
	return out
}

// wantSecrets is how many secret-bearing values each dev stack holds: a
// test of the test, so a stack's secrets cannot drop out of the canaries.
var wantSecrets = map[string]int{"jobs-dev": 9, "api-dev": 3, "edge-dev": 2}

// TestBadConfigsAreRefusedBeforeAnything plans each dev stack with one
// defect at a time: the plan must fail, name the key, create nothing, show
// no panic or stack trace and leak no canary; the program `pulumi up` runs
// (blueprints.Program under mocks, PULUMI_CONFIG set as the engine sets
// it) must fail the same way before registering anything.
func TestBadConfigsAreRefusedBeforeAnything(t *testing.T) {
	p := project(t)
	dir := t.TempDir()
	canaries := map[string]bool{}
	for i, c := range badConfigs {
		name := fmt.Sprintf("%03d-%s-%s", i, c.stack, c.name)
		t.Run(name, func(t *testing.T) {
			doc := loadStack(t, p, c.stack)
			secrets := plantCanaries(t, doc, c.stack, i)
			for _, s := range secrets {
				canaries[s] = true
			}
			planted := slices.Collect(maps.Values(secrets))
			for _, m := range c.edits {
				v := m.value
				if s, ok := v.(string); ok && strings.Contains(s, "{secret}") {
					// The canary of this very key: a defect of a secret is
					// checked for leaking that secret.
					v = strings.ReplaceAll(s, "{secret}", secrets[m.path])
				}
				edit(t, doc, m.path, v)
			}
			path := filepath.Join(dir, fmt.Sprintf("Pulumi.bad%03d.yaml", i))
			writeStack(t, doc, path)
			r, err := plan.File(p, path, c.stack)
			var text, js bytes.Buffer
			if err != nil {
				text.WriteString(err.Error())
			} else {
				r.Text(&text)
				if err := r.WriteJSON(&js); err != nil {
					t.Fatal(err)
				}
				if r.OK() || r.Err == nil {
					t.Fatalf("plan succeeded; want it refused naming %s", c.key)
				}
				if len(r.Graph.Resources) != 0 {
					t.Errorf("%d resources in the plan of a refused config", len(r.Graph.Resources))
				}
			}
			out := text.String() + js.String()
			if !strings.Contains(out, c.key) {
				t.Errorf("output does not name %s:\n%s", c.key, text.String())
			}
			for _, bad := range []string{"panic", "goroutine ", ".go:"} {
				if strings.Contains(out, bad) {
					t.Errorf("output has %q:\n%s", bad, out)
				}
			}
			noCanary(t, out, planted)
			if err == nil {
				viaProgram(t, p, path, c.stack, planted)
			}
		})
	}
	if len(badConfigs) < 150 {
		t.Errorf("%d bad configs, want at least 150", len(badConfigs))
	}
	if len(canaries) < 30 {
		t.Errorf("%d secret canaries, want at least 30", len(canaries))
	}
	perStack := map[string]int{}
	for _, c := range badConfigs {
		perStack[c.stack]++
	}
	t.Logf("%d bad configs (api-dev %d, edge-dev %d, jobs-dev %d), %d secret canaries",
		len(badConfigs), perStack[api], perStack[edge], perStack[jobs], len(canaries))
}

// viaProgram runs the config through main.go's program under mocks.
func viaProgram(t *testing.T, p plan.Project, path, stack string, secrets []string) {
	t.Helper()
	cfg, err := plan.ReadConfig(p, path)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := json.Marshal(cfg.Values)
	t.Setenv(pulumi.EnvConfig, string(all))
	g, err := pulumitest.Run(blueprints.Program, pulumitest.WithStack(p.Name, stack), pulumitest.WithConfig(cfg.Values),
		pulumitest.WithSecretKeys(cfg.SecretKeys...), pulumitest.WithRootDirectory(p.Dir))
	if err == nil {
		t.Fatal("the program succeeded; want it refused")
	}
	if len(g.Resources) != 0 {
		t.Errorf("the program registered %d resources before failing", len(g.Resources))
	}
	noCanary(t, err.Error(), secrets)
}

func noCanary(t *testing.T, out string, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		for i := 0; i+8 <= len(s); i++ {
			if strings.Contains(out, s[i:i+8]) {
				t.Fatalf("output contains part %q of a secret canary:\n%s", s[i:i+8], out)
			}
		}
	}
}

// plantCanaries replaces every secret-bearing value with one unique to the
// case, keeping each value's form (a URL keeps its host; the password gets
// digits and an unescaped /, which misparses a URL on purpose).
func plantCanaries(t *testing.T, doc map[string]any, stack string, i int) map[string]string {
	out := map[string]string{}
	paths := secretPaths(doc)
	if len(paths) != wantSecrets[stack] {
		t.Fatalf("%s holds %d secret values (%v), want %d", stack, len(paths), paths, wantSecrets[stack])
	}
	for _, path := range paths {
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s/%d/%s", stack, i, path)))
		token := "Zq" + hex.EncodeToString(sum[:18]) + "Kw"
		v, _ := get(doc, path)
		switch s, _ := v.(string); {
		case strings.Contains(s, "://"):
			u := regexp.MustCompile(`:[^:@/]+@`).ReplaceAllString(s, ":"+token+"@")
			edit(t, doc, path, u)
		case strings.HasSuffix(path, "otlpHeaders"):
			edit(t, doc, path, "x-api-key="+token)
		case strings.HasPrefix(s, "whsec_"):
			// Stripe's and Standard Webhooks' form: the token is 40
			// base64 characters, 30 bytes decoded, within both rules.
			edit(t, doc, path, "whsec_"+token)
		default:
			edit(t, doc, path, token)
		}
		out[path] = token
	}
	return out
}

func loadStack(t *testing.T, p plan.Project, stack string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(p.StackFile(stack))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := get(doc, "groundwork:telemetry/otlpHeaders"); !ok {
		edit(t, doc, "groundwork:telemetry/otlpHeaders", "x-api-key=placeholder")
	}
	return doc
}

func writeStack(t *testing.T, doc map[string]any, path string) {
	t.Helper()
	b, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// del is the value that deletes a key.
const del = "<delete>"

// get and edit address the stack's config by "key/field/list[0]/field".
func get(doc map[string]any, path string) (any, bool) {
	var v any = doc["config"]
	for _, step := range splitPath(path) {
		switch c := v.(type) {
		case map[string]any:
			x, ok := c[step.key]
			if !ok {
				return nil, false
			}
			v = x
		case []any:
			if step.index < 0 || step.index >= len(c) {
				return nil, false
			}
			v = c[step.index]
		default:
			return nil, false
		}
	}
	return v, true
}

// edit sets path to value; a string "yaml:TEXT" is TEXT read as YAML
// ("yaml:True", "yaml:0x10", "yaml:[a, b]"), as a user would write it.
func edit(t *testing.T, doc map[string]any, path string, value any) {
	t.Helper()
	if s, ok := value.(string); ok {
		if text, isYAML := strings.CutPrefix(s, "yaml:"); isYAML {
			var parsed any
			if err := yaml.Unmarshal([]byte(text), &parsed); err != nil {
				t.Fatalf("edit %s: %v", path, err)
			}
			value = parsed
		}
	}
	steps := splitPath(path)
	var parent any = doc["config"]
	for i, step := range steps {
		last := i == len(steps)-1
		switch c := parent.(type) {
		case map[string]any:
			if last {
				if value == del {
					delete(c, step.key)
				} else {
					c[step.key] = value
				}
				return
			}
			next, ok := c[step.key]
			if !ok || next == nil {
				next = map[string]any{}
				if steps[i+1].index >= 0 {
					next = []any{}
				}
				c[step.key] = next
			}
			parent = next
		case []any:
			for len(c) <= step.index {
				c = append(c, map[string]any{})
			}
			if last {
				c[step.index] = value
			}
			setList(doc, steps[:i], c)
			parent = c[step.index]
		default:
			t.Fatalf("edit %s: %T at step %d", path, parent, i)
		}
	}
}

// setList writes a grown list back into its map.
func setList(doc map[string]any, steps []pathStep, list []any) {
	var v any = doc["config"]
	for i, step := range steps {
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		if i == len(steps)-1 {
			m[step.key] = list
			return
		}
		v = m[step.key]
	}
}

type pathStep struct {
	key   string
	index int
}

func splitPath(path string) []pathStep {
	var out []pathStep
	for _, part := range strings.Split(path, "/") {
		key, idx, ok := strings.Cut(part, "[")
		if key != "" {
			out = append(out, pathStep{key: key, index: -1})
		}
		if ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(idx, "]"))
			out = append(out, pathStep{index: n})
		}
	}
	return out
}

// TestValidConfigsLeakNoCanary plans each dev stack with canaries in every
// secret-bearing key: the plan succeeds and neither its text nor its JSON
// holds any part of a canary.
func TestValidConfigsLeakNoCanary(t *testing.T) {
	p := project(t)
	dir := t.TempDir()
	for i, stack := range goldenStacks {
		t.Run(stack, func(t *testing.T) {
			doc := loadStack(t, p, stack)
			secrets := slices.Collect(maps.Values(plantCanaries(t, doc, stack, 1000+i)))
			path := filepath.Join(dir, "Pulumi."+stack+".yaml")
			writeStack(t, doc, path)
			r, err := plan.File(p, path, stack)
			if err != nil || !r.OK() {
				t.Fatalf("plan: %v %v %v", err, r.Err, r.Violations)
			}
			var text, js bytes.Buffer
			r.Text(&text)
			if err := r.WriteJSON(&js); err != nil {
				t.Fatal(err)
			}
			noCanary(t, text.String()+js.String(), secrets)
		})
	}
}
