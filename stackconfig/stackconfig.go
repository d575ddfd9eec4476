package stackconfig

import (
	"encoding/json"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/catalog"
	"github.com/groundwork-iac/groundwork/components/database"
	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/components/secret"
)

// Namespace is the config namespace of every key.
const Namespace = "groundwork"

// Keys under Namespace.
const (
	KeyBlueprint = "blueprint"
	KeyMode      = "mode"
	KeyDatabase  = "database"
	KeyTelemetry = "telemetry"
	KeyAlerts    = "alerts"
	KeyJobs      = "jobs"
	KeyAPI       = "api"
	KeyEdge      = "edge"
)

// Keys lists every key the kit reads.
var Keys = []string{KeyBlueprint, KeyMode, KeyDatabase, KeyTelemetry, KeyAlerts, KeyJobs, KeyAPI, KeyEdge}

// Mode is the runtime model.
type Mode string

const (
	// ScaleToZero pays nothing when idle; cold starts on the first request.
	ScaleToZero Mode = "scale-to-zero"
	// AlwaysWarm keeps the latency-critical function or service initialised.
	AlwaysWarm Mode = "always-warm"
)

// Settings are a stack's decoded config.
type Settings struct {
	Project, Stack string
	Blueprint      string
	Mode           Mode
	// Database is groundwork:database.
	Database database.Endpoint
	// Telemetry is groundwork:telemetry.
	Telemetry Telemetry
	// Alerts is groundwork:alerts.
	Alerts Alerts
	// Jobs is nil when groundwork:jobs is absent.
	Jobs *Jobs
	// API is nil when groundwork:api is absent.
	API *API
	// Edge is nil when groundwork:edge is absent.
	Edge *Edge
	// GCP is the Google provider's own config (gcp:project, gcp:region).
	GCP GCP
	// RootDir is the project's directory (where Pulumi.yaml is); paths in
	// config, such as the edge Worker's entry, are relative to it.
	RootDir string
}

// GCP is the Google provider's config, read for validation and naming.
type GCP struct {
	Project, Region string
}

// Telemetry is groundwork:telemetry, shared by every workload.
type Telemetry struct {
	// OTLPEndpoint is the OTLP/HTTP base URL spans are exported to.
	OTLPEndpoint string `json:"otlpEndpoint"`
	// OTLPHeaders are the exporter's headers (key=value,...), a secret.
	OTLPHeaders secret.Value `json:"otlpHeaders"`
	// SampleRatio of new traces, 0 to 1.
	SampleRatio *float64 `json:"sampleRatio"`
	// LogLevel is debug, info, warn or error.
	LogLevel string `json:"logLevel"`
}

// KnobTelemetryOTLPEndpoint is named by the missing-endpoint warning.
const KnobTelemetryOTLPEndpoint = "telemetry.otlpEndpoint"

// sections are the object-valued keys, each decoded into its struct.
var sections = []struct {
	key    string
	target func(*Settings) any
}{
	{KeyDatabase, func(s *Settings) any { return &s.Database }},
	{KeyTelemetry, func(s *Settings) any { return &s.Telemetry }},
	{KeyAlerts, func(s *Settings) any { return &s.Alerts }},
	{KeyAPI, func(s *Settings) any { s.API = &API{}; return s.API }},
	{KeyEdge, func(s *Settings) any { s.Edge = &Edge{}; return s.Edge }},
	{KeyJobs, func(s *Settings) any { s.Jobs = &Jobs{}; return s.Jobs }},
}

// Key is a namespaced key, as users write it.
func Key(k string) string { return Namespace + ":" + k }

// Load reads the config of the running program.
// Under the Pulumi engine, the whole stack config is also in PULUMI_CONFIG,
// which is how misspelled top-level keys are found.
func Load(ctx *pulumi.Context) (Settings, problem.List) {
	values := map[string]string{}
	for _, k := range Keys {
		if v, ok := ctx.GetConfig(Key(k)); ok {
			values[k] = v
		}
	}
	s, problems := Decode(ctx.Project(), ctx.Stack(), values)
	s.GCP.Project, _ = ctx.GetConfig("gcp:project")
	s.GCP.Region, _ = ctx.GetConfig("gcp:region")
	s.RootDir = ctx.RootDirectory()
	var all map[string]string
	if raw := os.Getenv(pulumi.EnvConfig); raw != "" && json.Unmarshal([]byte(raw), &all) == nil {
		problems = append(CheckKeys(slices.Collect(maps.Keys(all))), problems...)
	}
	return s, problems
}

// CheckKeys reports every key in the groundwork namespace that the kit does
// not read: a misspelled key would otherwise be ignored silently.
func CheckKeys(keys []string) problem.List {
	var out problem.List
	for _, k := range slices.Sorted(slices.Values(keys)) {
		name, ok := strings.CutPrefix(k, Namespace+":")
		if ok && !slices.Contains(Keys, name) {
			out.Add(k, "is not a groundwork key; the keys are %s", strings.Join(namespaced(Keys), ", "))
		}
	}
	return out
}

// Decode turns raw config values (keyed without the namespace) into Settings.
func Decode(project, stack string, values map[string]string) (Settings, problem.List) {
	s := Settings{Project: project, Stack: stack, Blueprint: values[KeyBlueprint], Mode: Mode(values[KeyMode])}
	var problems problem.List
	if s.Blueprint == "" {
		problems.Add(Key(KeyBlueprint), "is required: set it with `pulumi config set %s %s` (one of %s)",
			Key(KeyBlueprint), catalog.Jobs, strings.Join(catalog.Names(), ", "))
	}
	switch s.Mode {
	case "":
		s.Mode = ScaleToZero
	case ScaleToZero, AlwaysWarm:
	default:
		problems.Add(Key(KeyMode), "must be %s or %s, got %q", ScaleToZero, AlwaysWarm, s.Mode)
	}
	for _, sec := range sections {
		if raw, ok := values[sec.key]; ok {
			problems.Extend(Key(sec.key), decode(raw, sec.target(&s)))
		}
	}
	return s, problems
}

func namespaced(keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = Key(k)
	}
	return out
}
