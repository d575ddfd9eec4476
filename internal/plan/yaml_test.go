package plan

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/groundwork-iac/groundwork/stackconfig"
)

// yamlRows are YAML spellings as a user writes them in a stack file, what
// Pulumi's YAML reader (the SDK's loader, YAML 1.2) makes of each, and so
// the setting the kit ends up with; or the problem it reports. The engine
// tests (tests/engine) check the same rows end to end.
var yamlRows = []struct {
	name  string
	yaml  string // lines under groundwork:api, indented by the test
	get   func(stackconfig.Settings) any
	want  any    // the setting, when the row is accepted
	fails string // the problem, when it is refused
}{
	{"bool true", "public: true", public, true, ""},
	{"bool True", "public: True", public, true, ""},
	{"bool TRUE", "public: TRUE", public, true, ""},
	{"bool false", "public: false", public, false, ""},
	{"bool False", "public: False", public, false, ""},
	{"bool FALSE", "public: FALSE", public, false, ""},
	{"YAML 1.1 yes", "public: yes", nil, nil, `groundwork:api.public must be true or false: "yes" is a string to Pulumi's YAML reader (YAML 1.2), not a boolean; write true or false`},
	{"YAML 1.1 no", "public: no", nil, nil, `groundwork:api.public must be true or false: "no" is a string to Pulumi's YAML reader (YAML 1.2), not a boolean; write true or false`},
	{"YAML 1.1 on", "public: on", nil, nil, `groundwork:api.public must be true or false: "on" is a string to Pulumi's YAML reader (YAML 1.2), not a boolean; write true or false`},
	{"YAML 1.1 off", "public: off", nil, nil, `groundwork:api.public must be true or false: "off" is a string to Pulumi's YAML reader (YAML 1.2), not a boolean; write true or false`},
	{"YAML 1.1 Yes", "public: Yes", nil, nil, `groundwork:api.public must be true or false: "Yes" is a string to Pulumi's YAML reader (YAML 1.2), not a boolean; write true or false`},
	{"YAML 1.1 ON", "public: ON", nil, nil, `groundwork:api.public must be true or false: "ON" is a string to Pulumi's YAML reader (YAML 1.2), not a boolean; write true or false`},
	{"quoted bool", `public: "true"`, nil, nil, `groundwork:api.public must be true or false, got a JSON string`},
	{"decimal", "port: 8080", port, 8080, ""},
	{"hex", "port: 0x1F90", port, 8080, ""},
	{"octal 0o", "port: 0o17620", port, 8080, ""},
	{"binary", "port: 0b1111110010000", port, 8080, ""},
	{"underscores", "port: 8_080", port, 8080, ""},
	{"exponent", "port: 8.08e3", port, 8080, ""},
	{"leading zero is octal", "port: 017", port, 15, ""},
	{"quoted number", `port: "8080"`, nil, nil, `groundwork:api.port must be a number, got a quoted one (a string to Pulumi); write it without quotes`},
	{"fraction for an integer", "port: 80.5", nil, nil, `groundwork:api.port must be a number, got a JSON number`},
	{"null is the default", "port: null", port, 0, ""},
	{"tilde is null", "port: ~", port, 0, ""},
	{"empty string", `cpu: ""`, cpu, "", ""},
	{"a number for a string", "cpu: 2", nil, nil, `groundwork:api.cpu must be a string, got a JSON number`},
	{"quoted string", `cpu: "2"`, cpu, "2", ""},
	{"multi-line string", "image: |-\n  line1\n  line2", image, "line1\nline2", ""},
	{"folded string", "image: >-\n  reg/a\n  b", image, "reg/a b", ""},
	{"duration", "requestTimeout: 45s", requestTimeout, 45 * time.Second, ""},
	{"duration as a number", "requestTimeout: 45", nil, nil, `groundwork:api.requestTimeout must be a Go duration string such as "60s" or "2m"`},
	{"list", "invokers:\n  - user:a@example.com\n  - group:b@example.com", invokers, []string{"user:a@example.com", "group:b@example.com"}, ""},
	{"flow list", "invokers: [user:a@example.com]", invokers, []string{"user:a@example.com"}, ""},
	{"a string for a list", "invokers: user:a@example.com", nil, nil, `groundwork:api.invokers must be a list, got a JSON string`},
	{"null pointer stays nil", "minInstances: null", minInstances, (*int)(nil), ""},
	{"pointer", "minInstances: 2", minInstances, intp(2), ""},
}

func public(s stackconfig.Settings) any         { return s.API.Public }
func port(s stackconfig.Settings) any           { return s.API.Port }
func cpu(s stackconfig.Settings) any            { return s.API.CPU }
func image(s stackconfig.Settings) any          { return s.API.Image }
func requestTimeout(s stackconfig.Settings) any { return s.API.RequestTimeout.D() }
func invokers(s stackconfig.Settings) any       { return s.API.Invokers }
func minInstances(s stackconfig.Settings) any   { return s.API.MinInstances }
func intp(n int) *int                           { return &n }

func TestYAMLReadsAsPulumiReadsIt(t *testing.T) {
	dir := t.TempDir()
	for _, row := range yamlRows {
		t.Run(row.name, func(t *testing.T) {
			lines := strings.Split(row.yaml, "\n")
			body := "config:\n  groundwork:blueprint: api\n  groundwork:api:\n"
			for _, l := range lines {
				body += "    " + l + "\n"
			}
			path := filepath.Join(dir, "Pulumi.yaml-"+strings.ReplaceAll(row.name, " ", "-")+".yaml")
			if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			p := Project{Name: "groundwork"}
			c, err := ReadConfig(p, path)
			if err != nil {
				t.Fatal(err)
			}
			s, problems := Settings(p, "yaml", c)
			if row.fails != "" {
				if got := strings.Join(problems.Strings(), "\n"); got != row.fails {
					t.Errorf("problems =\n%s\nwant\n%s", got, row.fails)
				}
				return
			}
			if len(problems) > 0 {
				t.Fatalf("problems: %v", problems.Strings())
			}
			if got := row.get(s); !reflect.DeepEqual(got, row.want) {
				t.Errorf("setting = %#v, want %#v", got, row.want)
			}
		})
	}
}

// Project-level config and ESC imports are what only the CLI resolves: the
// plan refuses them by name rather than dropping them.
func TestWhatOnlyTheCLIResolvesIsRefused(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("Pulumi.yaml", "name: groundwork\nruntime: go\nconfig:\n  groundwork:mode:\n    default: always-warm\n")
	stack := write("Pulumi.dev.yaml", "config:\n  groundwork:blueprint: api\n")
	p, err := FindProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ReadConfig(p, stack)
	want := "Pulumi.yaml config.groundwork:mode is project-level config, which the Pulumi CLI merges into every stack and the offline plan cannot: move it into each stack's file (stacks/Pulumi.<stack>.yaml) so plan and pulumi up read the same value"
	if err == nil || err.Error() != want {
		t.Errorf("project config: %v, want %s", err, want)
	}
	esc := write("Pulumi.esc.yaml", "environment:\n  - acme/prod\nconfig:\n  groundwork:blueprint: api\n")
	_, err = ReadConfig(Project{Name: "groundwork"}, esc)
	want = "Pulumi.esc.yaml environment imports ESC environments (acme/prod), whose values the offline plan cannot read: set the values the kit reads (groundwork:*, gcp:project, gcp:region) in the stack file itself"
	if err == nil || err.Error() != want {
		t.Errorf("environment: %v, want %s", err, want)
	}
}
