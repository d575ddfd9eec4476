package workerd

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// writeProject lays out dir: the module alone in worker/ (with --no-bundle
// wrangler attaches every file next to the entry as an extra module, and
// reloads when one changes), the config beside it.
func writeProject(dir string, opts Options) error {
	for _, sub := range []string{"worker", "home", "tmp", "state"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "worker", "worker.js"), []byte(opts.Code), 0o644); err != nil {
		return err
	}
	// wrangler checks the npm registry for a newer version on some error
	// paths ("If you think this is a bug..."), through the update-check
	// package, which first reads $TMPDIR/update-check/wrangler-latest.json
	// and skips the request while lastUpdate + 1 h is in the future. A
	// far-future entry naming no newer version keeps it off the network.
	if err := os.MkdirAll(filepath.Join(dir, "tmp", "update-check"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "tmp", "update-check", "wrangler-latest.json"),
		[]byte(`{"latest":"0.0.0","lastUpdate":32503680000000}`), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "socket-guard.cjs"), []byte(socketGuard), 0o644); err != nil {
		return err
	}
	vars := opts.Vars
	if vars == nil {
		vars = map[string]string{}
	}
	flags := opts.CompatibilityFlags
	if flags == nil {
		flags = []string{}
	}
	type hyperdrive struct {
		Binding               string `json:"binding"`
		ID                    string `json:"id"`
		LocalConnectionString string `json:"localConnectionString"`
	}
	type analytics struct {
		Binding string `json:"binding"`
		Dataset string `json:"dataset"`
	}
	cfg := struct {
		Name               string            `json:"name"`
		Main               string            `json:"main"`
		CompatibilityDate  string            `json:"compatibility_date"`
		CompatibilityFlags []string          `json:"compatibility_flags"`
		NoBundle           bool              `json:"no_bundle"`
		SendMetrics        bool              `json:"send_metrics"`
		Vars               map[string]string `json:"vars"`
		Hyperdrive         []hyperdrive      `json:"hyperdrive,omitempty"`
		R2Buckets          []r2Config        `json:"r2_buckets,omitempty"`
		Analytics          []analytics       `json:"analytics_engine_datasets,omitempty"`
	}{
		Name:               "groundwork-runtime-test",
		Main:               "worker/worker.js",
		CompatibilityDate:  opts.CompatibilityDate,
		CompatibilityFlags: flags,
		NoBundle:           true,
		Vars:               vars,
		R2Buckets:          r2Configs(opts.R2Buckets),
	}
	for _, name := range slices.Sorted(maps.Keys(opts.Analytics)) {
		cfg.Analytics = append(cfg.Analytics, analytics{Binding: name, Dataset: opts.Analytics[name]})
	}
	if opts.HyperdriveURL != "" {
		cfg.Hyperdrive = []hyperdrive{{Binding: "HYPERDRIVE", ID: hyperdriveID, LocalConnectionString: opts.HyperdriveURL}}
	}
	b, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "wrangler.json"), b, 0o644)
}

// environ is the caller's environment without anything that would steer
// wrangler to an account, the network or the caller's own config, plus
// what keeps it local, quiet and inside dir.
func environ(dir string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "CLOUDFLARE_"), strings.HasPrefix(name, "WRANGLER_"),
			strings.HasPrefix(name, "MINIFLARE_"), strings.HasPrefix(name, "CF_"),
			strings.HasPrefix(name, "XDG_"), strings.HasPrefix(name, "NODE_"),
			name == "HOME", name == "TMPDIR", name == "NO_COLOR", name == "FORCE_COLOR",
			name == "HTTP_PROXY", name == "HTTPS_PROXY", name == "http_proxy", name == "https_proxy":
			continue
		}
		env = append(env, kv)
	}
	home := filepath.Join(dir, "home")
	return append(env,
		"HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"),
		"XDG_DATA_HOME="+filepath.Join(home, ".local", "share"),
		"XDG_STATE_HOME="+filepath.Join(home, ".local", "state"),
		"TMPDIR="+filepath.Join(dir, "tmp"),
		"WRANGLER_LOG_PATH="+filepath.Join(dir, "logs"),
		"WRANGLER_CACHE_DIR="+filepath.Join(dir, "cache"),
		"WRANGLER_REGISTRY_PATH="+filepath.Join(dir, "registry"),
		"WRANGLER_SEND_METRICS=false",
		"WRANGLER_SEND_ERROR_REPORTS=false",
		"WRANGLER_HIDE_BANNER=true",         // no banner, so no update check against the npm registry
		"CLOUDFLARE_CF_FETCH_ENABLED=false", // no Request.cf fetch from workers.cloudflare.com
		"CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV=false",
		"NO_COLOR=1",
		"FORCE_COLOR=0",
		"NODE_OPTIONS=--require "+strconv.Quote(filepath.Join(dir, "socket-guard.cjs")),
	)
}
