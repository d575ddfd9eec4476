package stackconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/database"
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
	KeyJobs      = "jobs"
	KeyAPI       = "api"
	KeyEdge      = "edge"
)

// Keys lists every key the kit reads.
var Keys = []string{KeyBlueprint, KeyMode, KeyDatabase, KeyTelemetry, KeyJobs, KeyAPI, KeyEdge}

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
	Database       database.Endpoint
	Telemetry      Telemetry
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

// Telemetry is groundwork:telemetry.
type Telemetry struct {
	OTLPEndpoint string
	OTLPHeaders  secret.Value
	SampleRatio  *float64
	LogLevel     string
}

// Key is a namespaced key, as users write it.
func Key(k string) string { return Namespace + ":" + k }

// Load reads the config of the running program.
// Under the Pulumi engine, the whole stack config is also in PULUMI_CONFIG,
// which is how misspelled top-level keys are found.
func Load(ctx *pulumi.Context) (Settings, error) {
	values := map[string]string{}
	for _, k := range Keys {
		if v, ok := ctx.GetConfig(Key(k)); ok {
			values[k] = v
		}
	}
	s, err := Decode(ctx.Project(), ctx.Stack(), values)
	s.GCP.Project, _ = ctx.GetConfig("gcp:project")
	s.GCP.Region, _ = ctx.GetConfig("gcp:region")
	s.RootDir = ctx.RootDirectory()
	var all map[string]string
	if raw := os.Getenv(pulumi.EnvConfig); raw != "" && json.Unmarshal([]byte(raw), &all) == nil {
		err = errors.Join(errors.Join(CheckKeys(slices.Collect(maps.Keys(all)))...), err)
	}
	return s, err
}

// CheckKeys reports every key in the groundwork namespace that the kit does
// not read: a misspelled key would otherwise be ignored silently.
func CheckKeys(keys []string) []error {
	var errs []error
	for _, k := range slices.Sorted(slices.Values(keys)) {
		name, ok := strings.CutPrefix(k, Namespace+":")
		if ok && !slices.Contains(Keys, name) {
			errs = append(errs, fmt.Errorf("%s is not a groundwork key; the keys are %s", k, strings.Join(namespaced(Keys), ", ")))
		}
	}
	return errs
}

// Decode turns raw config values (keyed without the namespace) into Settings.
func Decode(project, stack string, values map[string]string) (Settings, error) {
	s := Settings{Project: project, Stack: stack, Blueprint: values[KeyBlueprint], Mode: Mode(values[KeyMode])}
	var errs []error
	if s.Blueprint == "" {
		errs = append(errs, fmt.Errorf("%s is required: set it with `pulumi config set %s jobs` (or api, edge)", Key(KeyBlueprint), Key(KeyBlueprint)))
	}
	switch s.Mode {
	case "":
		s.Mode = ScaleToZero
	case ScaleToZero, AlwaysWarm:
	default:
		errs = append(errs, fmt.Errorf("%s must be %s or %s, got %q", Key(KeyMode), ScaleToZero, AlwaysWarm, s.Mode))
	}
	if raw, ok := values[KeyDatabase]; ok {
		var db rawDatabase
		errs = append(errs, prefixed(Key(KeyDatabase), strict(raw, &db))...)
		s.Database = db.endpoint()
	}
	if raw, ok := values[KeyTelemetry]; ok {
		var t rawTelemetry
		errs = append(errs, prefixed(Key(KeyTelemetry), strict(raw, &t))...)
		s.Telemetry = Telemetry{OTLPEndpoint: t.OTLPEndpoint, OTLPHeaders: t.OTLPHeaders, SampleRatio: t.SampleRatio, LogLevel: t.LogLevel}
	}
	if raw, ok := values[KeyAPI]; ok {
		api, err := decodeAPI(raw)
		if err != nil {
			errs = append(errs, err)
		}
		s.API = api
	}
	if raw, ok := values[KeyEdge]; ok {
		edge, err := decodeEdge(raw)
		if err != nil {
			errs = append(errs, err)
		}
		s.Edge = edge
	}
	if raw, ok := values[KeyJobs]; ok {
		jobs, err := decodeJobs(raw)
		if err != nil {
			errs = append(errs, err)
		}
		s.Jobs = jobs
	}
	return s, errors.Join(errs...)
}

type rawDatabase struct {
	Provider            database.Provider `json:"provider"`
	PooledURL           secret.Value      `json:"pooledUrl"`
	DirectURL           secret.Value      `json:"directUrl"`
	MaxConnections      int               `json:"maxConnections"`
	ReservedConnections int               `json:"reservedConnections"`
}

func (d rawDatabase) endpoint() database.Endpoint {
	return database.Endpoint{Provider: d.Provider, PooledURL: d.PooledURL, DirectURL: d.DirectURL,
		MaxConnections: d.MaxConnections, ReservedConnections: d.ReservedConnections}
}

type rawTelemetry struct {
	OTLPEndpoint string       `json:"otlpEndpoint"`
	OTLPHeaders  secret.Value `json:"otlpHeaders"`
	SampleRatio  *float64     `json:"sampleRatio"`
	LogLevel     string       `json:"logLevel"`
}

func typeName(kind string) string {
	switch kind {
	case "int", "int64", "float64":
		return "a number"
	case "struct", "map":
		return "an object"
	case "slice":
		return "a list"
	case "bool":
		return "true or false"
	}
	return "a " + kind
}

func joinErrs(errs []error) error { return errors.Join(errs...) }

// prefixed splits a joined error into one error per line, each prefixed.
func prefixed(prefix string, err error) []error {
	if err == nil {
		return nil
	}
	var out []error
	for _, line := range strings.Split(err.Error(), "\n") {
		out = append(out, fmt.Errorf("%s: %s", prefix, line))
	}
	return out
}

func namespaced(keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = Key(k)
	}
	return out
}
