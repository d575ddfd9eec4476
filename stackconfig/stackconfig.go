package stackconfig

import (
	"errors"
	"fmt"
	"slices"
	"sort"
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
)

// Keys lists every key the kit reads.
var Keys = []string{KeyBlueprint, KeyMode, KeyDatabase, KeyTelemetry, KeyJobs}

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
func Load(ctx *pulumi.Context) (Settings, error) {
	values := map[string]string{}
	for _, k := range Keys {
		if v, ok := ctx.GetConfig(Key(k)); ok {
			values[k] = v
		}
	}
	return Decode(ctx.Project(), ctx.Stack(), values)
}

// Decode turns raw config values (keyed without the namespace) into Settings.
func Decode(project, stack string, values map[string]string) (Settings, error) {
	s := Settings{Project: project, Stack: stack, Blueprint: values[KeyBlueprint], Mode: Mode(values[KeyMode])}
	var errs []error
	for _, k := range sortedKeys(values) {
		if !slices.Contains(Keys, k) {
			errs = append(errs, fmt.Errorf("%s is not a groundwork key; the keys are %s", Key(k), strings.Join(namespaced(Keys), ", ")))
		}
	}
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

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

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
