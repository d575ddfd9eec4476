package plan

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"

	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/components/secret"
	"github.com/groundwork-iac/groundwork/stackconfig"
)

// Project is the Pulumi project, loaded with the SDK's own loader (the code
// the CLI runs), so stackConfigDir and every other project setting mean
// what they mean to `pulumi up`.
type Project struct {
	Name string
	// Dir is the directory of Pulumi.yaml.
	Dir  string
	path string
	proj *workspace.Project
}

// FindProject walks up from dir to the Pulumi.yaml that governs it.
func FindProject(dir string) (Project, error) {
	path, err := workspace.DetectProjectPathFrom(dir)
	if err != nil {
		return Project{}, fmt.Errorf("no Pulumi.yaml in %s or any parent; run from the project, or pass --config-file", dir)
	}
	proj, err := workspace.LoadProject(path)
	if err != nil {
		return Project{}, fmt.Errorf("%s: %s", path, sanitize(err))
	}
	return Project{Name: proj.Name.String(), Dir: filepath.Dir(path), path: path, proj: proj}, nil
}

func (p Project) project() *workspace.Project {
	if p.proj != nil {
		return p.proj
	}
	return &workspace.Project{Name: tokens.PackageName(p.Name), Runtime: workspace.NewProjectRuntimeInfo("go", nil)}
}

// StackFile is the path of a stack's config file, where the CLI looks for it.
func (p Project) StackFile(stack string) string {
	return workspace.ProjectStackPath(p.path, p.project(), tokens.QName(stack))
}

// Stacks lists the stacks that have a config file, sorted.
func (p Project) Stacks() ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(filepath.Dir(p.StackFile("x")), "Pulumi.*.yaml"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range matches {
		out = append(out, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m), "Pulumi."), ".yaml"))
	}
	slices.Sort(out)
	return out, nil
}

// Config is a stack's config as the engine hands it to the program:
// namespaced keys, objects as JSON text, and the keys that hold a secure
// value listed as secret. Secure values cannot be decrypted offline; they
// become secret.OfflinePlaceholder, which decodes to an opaque secret.
type Config struct {
	Values     map[string]string
	SecretKeys []string
}

// ReadConfig reads a stack file with the SDK's loader and config decoding
// (workspace.LoadProjectStack, config.Map.Decrypt, SecureKeys), as the CLI
// does before it starts a program. What the offline plan cannot resolve as
// the CLI would is refused by name: project-level config in Pulumi.yaml
// (the CLI merges it into every stack) and ESC environment imports.
func ReadConfig(p Project, path string) (Config, error) {
	var refused problem.List
	proj := p.project()
	for _, k := range slices.Sorted(maps.Keys(proj.Config)) {
		refused.Add("Pulumi.yaml config."+k, "is project-level config, which the Pulumi CLI merges into every stack and the offline plan cannot: "+
			"move it into each stack's file (stacks/Pulumi.<stack>.yaml) so plan and pulumi up read the same value")
	}
	ps, err := workspace.LoadProjectStack(nil, proj, path)
	if err != nil {
		return Config{}, fmt.Errorf("%s: %s", path, sanitize(err))
	}
	if ps.Environment != nil {
		if imports := ps.Environment.Imports(); len(imports) > 0 {
			refused.Add(filepath.Base(path)+" environment", "imports ESC environments (%s), whose values the offline plan cannot read: "+
				"set the values the kit reads (groundwork:*, gcp:project, gcp:region) in the stack file itself", strings.Join(imports, ", "))
		}
	}
	if err := refused.Err(); err != nil {
		return Config{}, err
	}
	values, err := ps.Config.Decrypt(offline{})
	if err != nil {
		return Config{}, fmt.Errorf("%s: %s", path, sanitize(err))
	}
	c := Config{Values: map[string]string{}}
	for k, v := range values {
		c.Values[k.String()] = v
	}
	for _, k := range ps.Config.SecureKeys() {
		c.SecretKeys = append(c.SecretKeys, k.String())
	}
	slices.Sort(c.SecretKeys)
	return c, nil
}

// offline decrypts every secure value to the offline placeholder.
type offline struct{}

func (offline) DecryptValue(context.Context, string) (string, error) {
	return secret.OfflinePlaceholder, nil
}

func (offline) BatchDecrypt(_ context.Context, ciphertexts []string) ([]string, error) {
	out := make([]string, len(ciphertexts))
	for i := range out {
		out[i] = secret.OfflinePlaceholder
	}
	return out, nil
}

var _ config.Decrypter = offline{}

// quoted are the parts of a loader's error that may repeat the file's
// content (a value is quoted in backticks or double quotes).
var quoted = regexp.MustCompile("`[^`]*`|\"(?:[^\"\\\\]|\\\\.)*\"")

// sanitize keeps a loader's error but never the file's values: a stack
// file holds secrets in plain text as often as not.
func sanitize(err error) string {
	return quoted.ReplaceAllString(err.Error(), "[value]")
}

// Settings decodes a stack's config as the program does (stackconfig), for
// commands that need the settings without planning.
func Settings(p Project, stack string, c Config) (stackconfig.Settings, problem.List) {
	values := map[string]string{}
	for k, v := range c.Values {
		if name, ok := strings.CutPrefix(k, stackconfig.Namespace+":"); ok {
			values[name] = v
		}
	}
	return stackconfig.Decode(p.Name, stack, values)
}
