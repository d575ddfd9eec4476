package blueprints

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/catalog"
	"github.com/groundwork-iac/groundwork/cost"
	"github.com/groundwork-iac/groundwork/pulumitest"
	"github.com/groundwork-iac/groundwork/recommend"
)

func TestSelectUnknownListsTheValidOnes(t *testing.T) {
	_, err := Select("jbos")
	want := `groundwork:blueprint: unknown blueprint "jbos"; valid blueprints: ` + strings.Join(Names(), ", ")
	if err == nil || err.Error() != want {
		t.Fatalf("Select() = %v, want %s", err, want)
	}
	if b, err := Select("jobs"); err != nil || b.Name != "jobs" || b.prepare == nil {
		t.Fatalf("Select(jobs) = %+v, %v", b, err)
	}
}

func TestExecuteListsConfigAndBlueprintProblemsTogether(t *testing.T) {
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		_, err := Execute(ctx)
		return err
	}, pulumitest.WithConfig(map[string]string{
		"groundwork:blueprint": "jobs",
		"groundwork:database":  `{"provider":"neon","pooledUrl":"postgres://a:b@ep-x.neon.tech/d","maxConections":5}`,
	}))
	if err == nil {
		t.Fatal("Execute succeeded")
	}
	for _, want := range []string{
		"groundwork:database.maxConections is unknown (did you mean maxConnections?)",
		"groundwork:database.pooledUrl must be the pooled endpoint",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if len(g.Resources) != 0 {
		t.Errorf("%d resources registered, want none", len(g.Resources))
	}
}

// Every list of blueprint names is the catalog's: the registry, the cost
// model's options and what the recommender can answer.
func TestEveryBlueprintListIsTheCatalogs(t *testing.T) {
	want := catalog.Names()
	if got := Names(); !slices.Equal(got, want) {
		t.Errorf("registry = %v, catalog = %v", got, want)
	}
	var options []string
	for _, o := range cost.Options {
		if o != cost.AlwaysOn {
			options = append(options, string(o))
		}
	}
	slices.Sort(options)
	if !slices.Equal(options, want) {
		t.Errorf("cost options = %v, catalog = %v", options, want)
	}
	for _, b := range List() {
		if b.Summary == "" || b.Shape == "" || b.Platform == "" || cost.Option(b.Name).Describe() != b.Platform {
			t.Errorf("blueprint %s: incomplete catalog entry %+v", b.Name, b.Entry)
		}
	}
	seen := map[string]bool{}
	for _, in := range recommendInputs() {
		if r := recommend.Decide(in); r.Fits() {
			seen[r.Blueprint] = true
			if _, ok := catalog.Lookup(r.Blueprint); !ok {
				t.Errorf("recommend answers %q, which is not in the catalog", r.Blueprint)
			}
		}
	}
	if len(seen) != len(want) {
		t.Errorf("the recommender's examples reach %v, not every blueprint of %v", seen, want)
	}
}

// recommendInputs are every combination of the recommender's choices, at a
// tight and a loose latency budget.
func recommendInputs() []recommend.Inputs {
	var out []recommend.Inputs
	for _, shape := range recommend.Shapes {
		for _, scope := range recommend.Scopes {
			for _, data := range recommend.Datas {
				for _, kind := range recommend.Kinds {
					for _, team := range recommend.Teams {
						for _, p99 := range []time.Duration{30 * time.Millisecond, time.Second} {
							out = append(out, recommend.Inputs{Shape: shape, SustainedRPS: 50, P99: p99, Scope: scope, Data: data, Kind: kind, Team: team})
						}
					}
				}
			}
		}
	}
	return out
}
