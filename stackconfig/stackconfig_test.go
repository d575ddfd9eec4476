package stackconfig

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/database"
	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/pulumitest"
)

func TestDecodeValid(t *testing.T) {
	s, err := Decode("groundwork", "dev", map[string]string{
		"blueprint": "jobs",
		"mode":      "always-warm",
		"database":  `{"provider":"neon","pooledUrl":"postgres://u:pw@ep-a-pooler.x/db","maxConnections":225,"reservedConnections":5}`,
		"telemetry": `{"otlpEndpoint":"https://otlp.example.com","otlpHeaders":"x-key=abc","sampleRatio":0.25}`,
		"jobs": `{"worker":{"timeout":"90s","batchWindow":"2s","maxConcurrency":40},"webhooks":[{"name":"gh","path":"/hooks","scheme":"github","secrets":["k1","k2"],"tolerance":"1m"}],
			"schedules":[{"name":"n","expression":"rate(1 hour)","payload":{"a":1}}],"events":[{"name":"e","pattern":{"source":["x"]}}]}`,
	})
	if len(err) > 0 {
		t.Fatal(err.Strings())
	}
	if s.Mode != AlwaysWarm || s.Database.Provider != database.Neon || s.Database.MaxConnections != 225 || s.Database.PooledURL.Reveal() != "postgres://u:pw@ep-a-pooler.x/db" {
		t.Errorf("settings = %+v", s)
	}
	if *s.Telemetry.SampleRatio != 0.25 || s.Telemetry.OTLPHeaders.Reveal() != "x-key=abc" {
		t.Errorf("telemetry = %+v", s.Telemetry)
	}
	w := s.Jobs.Worker
	if w.Timeout.D() != 90*time.Second || w.BatchWindow.D() != 2*time.Second || w.MaxConcurrency != 40 {
		t.Errorf("worker = %+v", w)
	}
	h := s.Jobs.Webhooks[0]
	if h.Name != "gh" || h.Scheme != "github" || len(h.Secrets) != 2 || h.Secrets[1].Reveal() != "k2" || h.Tolerance.D() != time.Minute ||
		string(s.Jobs.Schedules[0].Payload) != `{"a":1}` || s.Jobs.Events[0].Name != "e" {
		t.Errorf("jobs = %+v", s.Jobs)
	}
}

func TestDecodeDefaultsModeToScaleToZero(t *testing.T) {
	s, err := Decode("p", "s", map[string]string{"blueprint": "jobs"})
	if len(err) > 0 || s.Mode != ScaleToZero || s.Jobs != nil {
		t.Fatalf("Decode = %+v, %v", s, err)
	}
}

func TestDecodeReportsEveryProblem(t *testing.T) {
	_, err := Decode("p", "s", map[string]string{
		"mode":      "warm",
		"database":  `{"provider":"neon","pooledURL":"postgres://u:hunter2@h/db","maxConnections":"many"}`,
		"telemetry": `"https://otlp"`,
		"jobs":      `{"worker":{"timeout":"sixty","batchWindow":"-1s"},"webhooks":[{"name":"a","schem":"stripe"}],"schedules":[{"name":"a","expresion":"rate(1 hour)"}]}`,
	})
	want := []string{
		"groundwork:blueprint is required: set it with `pulumi config set groundwork:blueprint jobs` (one of api, edge, jobs)",
		`groundwork:mode must be scale-to-zero or always-warm, got "warm"`,
		"groundwork:database.pooledURL is unknown (did you mean pooledUrl?)",
		"groundwork:database.maxConnections must be a number, got a JSON string",
		"groundwork:telemetry: must be an object (a YAML mapping, or JSON on the command line)",
		"groundwork:jobs.schedules[0].expresion is unknown (did you mean expression?)",
		"groundwork:jobs.webhooks[0].schem is unknown (did you mean scheme?)",
		`groundwork:jobs.worker.timeout must be a positive Go duration such as "60s" or "2m", got "sixty"`,
		`groundwork:jobs.worker.batchWindow must be a positive Go duration such as "60s" or "2m", got "-1s"`,
	}
	if got := strings.Join(err.Strings(), "\n"); got != strings.Join(want, "\n") {
		t.Errorf("Decode() =\n%v\nwant\n%s", got, strings.Join(want, "\n"))
	}
	if strings.Contains(strings.Join(err.Strings(), "\n"), "hunter2") {
		t.Error("an error quotes a secret")
	}
}

func TestCheckKeys(t *testing.T) {
	errs := CheckKeys([]string{"aws:region", "groundwork:blueprint", "groundwork:databse", "groundwork:jobs"})
	want := "groundwork:databse is not a groundwork key; the keys are groundwork:blueprint, groundwork:mode, groundwork:database, groundwork:telemetry, groundwork:alerts, groundwork:jobs, groundwork:api, groundwork:edge"
	if len(errs) != 1 || errs[0].String() != want {
		t.Errorf("CheckKeys() = %v, want [%s]", errs, want)
	}
}

func TestLoadRefusesUnknownKeysUnderTheEngine(t *testing.T) {
	// The engine passes the whole stack config in PULUMI_CONFIG.
	t.Setenv(pulumi.EnvConfig, `{"groundwork:blueprint":"jobs","groundwork:blueprnt":"api","aws:region":"us-east-1"}`)
	var loadErr problem.List
	_, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		_, loadErr = Load(ctx)
		return nil
	}, pulumitest.WithConfig(map[string]string{"groundwork:blueprint": "jobs"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(loadErr) == 0 || !strings.HasPrefix(loadErr[0].String(), "groundwork:blueprnt is not a groundwork key") {
		t.Errorf("Load() = %v, want the misspelled key named", loadErr)
	}
}

func TestSecretPathsAreReadFromTheStructs(t *testing.T) {
	want := map[string][][]string{
		"groundwork:database":  {{"pooledUrl"}, {"directUrl"}},
		"groundwork:telemetry": {{"otlpHeaders"}},
		"groundwork:jobs":      {{"webhooks", Each, "secrets", Each}},
		"groundwork:edge":      {{"logs", "destination"}},
	}
	if got := SecretPaths(); !reflect.DeepEqual(got, want) {
		t.Errorf("SecretPaths() =\n%v\nwant\n%v", got, want)
	}
}
