package engine

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ProgramConfig is the config the engine handed a program: every key with
// its value as the program reads it (ctx.GetConfig), the keys it marked
// secret, and whether PULUMI_CONFIG was set in the program's environment.
type ProgramConfig struct {
	Values          map[string]string
	SecretKeys      []string
	PulumiConfigEnv bool
	// RootDirectory is ctx.RootDirectory(): the Automation API's inline
	// host does not pass the project's directory, so it is empty and
	// relative paths in config (the edge Worker's entry) resolve against
	// the working directory.
	RootDirectory string
}

// contextConfig reads the whole config map of a running program. An
// inline program gets its config in the engine's RunRequest, which the
// Automation API puts in the context (pulumi.RunInfo.Config); PULUMI_CONFIG
// is not set, as it is for a program the Go language host starts. The SDK
// has no accessor for the whole map, so it is read by reflection, and
// every value is checked against ctx.GetConfig, the public accessor.
func contextConfig(ctx *pulumi.Context) (ProgramConfig, error) {
	info := reflect.ValueOf(ctx).Elem().FieldByName("state").Elem().FieldByName("info")
	cfg, keys := info.FieldByName("Config"), info.FieldByName("ConfigSecretKeys")
	if cfg.Kind() != reflect.Map || keys.Kind() != reflect.Slice {
		return ProgramConfig{}, fmt.Errorf("pulumi.Context no longer keeps RunInfo.Config where this helper reads it; update contextConfig")
	}
	pc := ProgramConfig{Values: map[string]string{}}
	for it := cfg.MapRange(); it.Next(); {
		k, v := it.Key().String(), it.Value().String()
		if got, ok := ctx.GetConfig(k); !ok || got != v {
			return ProgramConfig{}, fmt.Errorf("config %s: reflection read %q, ctx.GetConfig %q", k, v, got)
		}
		pc.Values[k] = v
	}
	for i := 0; i < keys.Len(); i++ {
		pc.SecretKeys = append(pc.SecretKeys, keys.Index(i).String())
	}
	sort.Strings(pc.SecretKeys)
	_, pc.PulumiConfigEnv = os.LookupEnv(pulumi.EnvConfig)
	pc.RootDirectory = ctx.RootDirectory()
	return pc, nil
}

// RecordConfig runs a preview of a program that registers nothing and
// returns the config the engine handed it for the stack file's text.
func RecordConfig(t *testing.T, stack string, stackYAML []byte) ProgramConfig {
	t.Helper()
	ctx := testContext(t)
	env := newEnv(t, stack, stackYAML, nil)
	var got ProgramConfig
	var readErr error
	s := env.stack(t, ctx, stack, func(ctx *pulumi.Context) error {
		got, readErr = contextConfig(ctx)
		return readErr
	})
	out := &Output{}
	engineOp(t, "preview", out, func() (auto.PreviewResult, error) { return s.Preview(ctx, optpreview.ProgressStreams(out)) })
	if readErr != nil {
		t.Fatal(readErr)
	}
	return got
}

// TestEngineConfigMatchesPlan compares, key by key, the config the engine
// hands the program with what groundwork plan reads from the same file.
func TestEngineConfigMatchesPlan(t *testing.T) {
	for _, stack := range slices.Sorted(maps.Keys(DevStacks)) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(repoRoot, "stacks", "Pulumi."+stack+".yaml")
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			engine := RecordConfig(t, stack, raw)
			offline, err := readConfig(t, path)
			if err != nil {
				t.Fatal(err)
			}
			if engine.PulumiConfigEnv {
				t.Errorf("PULUMI_CONFIG is set in an inline program's environment; the helper assumed it is not")
			}
			if engine.RootDirectory != "" {
				t.Errorf("ctx.RootDirectory() is %q under an inline program; the tests assumed it is empty", engine.RootDirectory)
			}
			for _, k := range union(engine.Values, offline.Values) {
				e, eok := engine.Values[k]
				p, pok := offline.Values[k]
				switch {
				case !eok:
					t.Errorf("%s: plan reads %q, the engine does not hand it to the program", k, p)
				case !pok:
					t.Errorf("%s: the engine hands %q, plan does not read it", k, e)
				case !sameConfigValue(e, p):
					t.Errorf("%s: engine %s, plan %s", k, e, p)
				}
			}
			if len(engine.SecretKeys) != 0 || len(offline.SecretKeys) != 0 {
				t.Errorf("secret keys: engine %v, plan %v; the plain dev stack file has none", engine.SecretKeys, offline.SecretKeys)
			}
		})
	}
}

func union(a, b map[string]string) []string {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	return slices.Sorted(maps.Keys(keys))
}

// sameConfigValue compares two config values as the program decodes them:
// objects and arrays as JSON (key order and spacing do not matter), other
// values as the exact string.
func sameConfigValue(a, b string) bool {
	if a == b {
		return true
	}
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	switch x.(type) {
	case map[string]any, []any:
		return reflect.DeepEqual(x, y)
	}
	return false
}
