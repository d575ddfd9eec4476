package plan

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/groundwork-iac/groundwork/components/secret"
)

// Project is what the plan reads from Pulumi.yaml.
type Project struct {
	Name           string `yaml:"name"`
	StackConfigDir string `yaml:"stackConfigDir"`
	Dir            string `yaml:"-"`
}

// FindProject walks up from dir to the Pulumi.yaml that governs it.
func FindProject(dir string) (Project, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Project{}, err
	}
	for d := abs; ; d = filepath.Dir(d) {
		raw, err := os.ReadFile(filepath.Join(d, "Pulumi.yaml"))
		if err == nil {
			p := Project{Dir: d}
			if err := yaml.Unmarshal(raw, &p); err != nil {
				return Project{}, fmt.Errorf("%s: %w", filepath.Join(d, "Pulumi.yaml"), err)
			}
			return p, nil
		}
		if filepath.Dir(d) == d {
			return Project{}, fmt.Errorf("no Pulumi.yaml in %s or any parent; run from the project, or pass --config-file", abs)
		}
	}
}

// StackFile is the path of a stack's config file.
func (p Project) StackFile(stack string) string {
	return filepath.Join(p.Dir, p.StackConfigDir, "Pulumi."+stack+".yaml")
}

// Stacks lists the stacks that have a config file, sorted.
func (p Project) Stacks() ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(p.Dir, p.StackConfigDir, "Pulumi.*.yaml"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range matches {
		out = append(out, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m), "Pulumi."), ".yaml"))
	}
	return out, nil
}

// Config is a stack file read the way the Pulumi CLI hands config to a
// program: namespaced keys, objects as JSON strings, and the keys that held
// a secure value listed as secret. Secure values cannot be decrypted
// offline; they become secret.OfflinePlaceholder.
type Config struct {
	Values     map[string]string
	SecretKeys []string
}

// ReadConfig reads a stack file; keys without a namespace get the project's.
func ReadConfig(path, project string) (Config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return Config{}, err
	}
	var doc struct {
		Config yaml.Node `yaml:"config"`
	}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return Config{}, fmt.Errorf("%s: %w", path, err)
	}
	c := Config{Values: map[string]string{}}
	n := doc.Config
	if n.Kind == 0 {
		return c, nil
	}
	if n.Kind != yaml.MappingNode {
		return Config{}, fmt.Errorf("%s: config must be a mapping", path)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i].Value
		if !strings.Contains(key, ":") {
			key = project + ":" + key
		}
		v, secretKey, err := toValue(n.Content[i+1])
		if err != nil {
			return Config{}, fmt.Errorf("%s: %s: %w", path, key, err)
		}
		if secretKey {
			c.SecretKeys = append(c.SecretKeys, key)
		}
		if s, ok := v.(string); ok {
			c.Values[key] = s
			continue
		}
		b, err := json.Marshal(v)
		if err != nil {
			return Config{}, err
		}
		c.Values[key] = string(b)
	}
	return c, nil
}

// toValue converts a YAML node to the JSON value Pulumi would pass, with
// secure values replaced by the offline placeholder.
func toValue(n *yaml.Node) (v any, hasSecret bool, err error) {
	switch n.Kind {
	case yaml.AliasNode:
		return toValue(n.Alias)
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!int", "!!float":
			f, err := strconv.ParseFloat(n.Value, 64)
			return f, false, err
		case "!!bool":
			return n.Value == "true", false, nil
		case "!!null":
			return nil, false, nil
		}
		return n.Value, false, nil
	case yaml.SequenceNode:
		out := []any{}
		for _, e := range n.Content {
			v, s, err := toValue(e)
			if err != nil {
				return nil, false, err
			}
			out = append(out, v)
			hasSecret = hasSecret || s
		}
		return out, hasSecret, nil
	case yaml.MappingNode:
		if len(n.Content) == 2 && n.Content[0].Value == "secure" {
			return secret.OfflinePlaceholder, true, nil
		}
		out := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, s, err := toValue(n.Content[i+1])
			if err != nil {
				return nil, false, err
			}
			out[n.Content[i].Value] = v
			hasSecret = hasSecret || s
		}
		return out, hasSecret, nil
	}
	return nil, false, errors.New("unsupported YAML node")
}
