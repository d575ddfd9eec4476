package engine

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"gopkg.in/yaml.v3"

	"github.com/groundwork-iac/groundwork/stackconfig"
)

// The config paths whose values stackconfig turns into secret.Values, the
// ones a user sets with `pulumi config set --secret --path`, are read from
// stackconfig's structs (stackconfig.SecretPaths), every element of a list
// included; splitSecrets moves each one the stack file holds.

// Secret is one value moved out of the plain stack file and set with
// --secret, and the canary in it that must never be stored in the clear.
type Secret struct {
	Path, Value, Canary string
}

func newCanary(t *testing.T) string {
	// 36 characters: long enough for every secret's length rule (the
	// webhook signing secret needs 32).
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "cnry" + hex.EncodeToString(b)
}

// withCanary keeps the shape of the original value (a URL with a password,
// a header list, a key) and puts the canary where the secret part is.
func withCanary(path, original, canary string) string {
	if u, err := url.Parse(original); err == nil && u.User != nil {
		u.User = url.UserPassword(u.User.Username(), canary)
		return u.String()
	}
	if strings.HasPrefix(original, "whsec_") {
		// Stripe's and Standard Webhooks' form: 36 base64 characters,
		// 27 bytes decoded, within both senders' rules.
		return "whsec_" + canary
	}
	if name, _, ok := strings.Cut(original, "="); ok {
		return name + "=" + canary
	}
	return canary
}

// splitSecrets removes every SecretPaths value from a stack file's text and
// returns the rest and the secrets, each with a fresh canary.
func splitSecrets(t *testing.T, raw []byte) ([]byte, []Secret) {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	config := mapValue(doc.Content[0], "config")
	if config == nil {
		t.Fatal("stack file has no config")
	}
	var secrets []Secret
	// take records the scalar at path and its canary.
	take := func(path string, v *yaml.Node) {
		if v.Kind != yaml.ScalarNode {
			t.Fatalf("%s is not a plain value in the stack file", path)
		}
		c := newCanary(t)
		secrets = append(secrets, Secret{Path: path, Value: withCanary(path, v.Value, c), Canary: c})
	}
	var walk func(n *yaml.Node, path string, steps []string)
	walk = func(n *yaml.Node, path string, steps []string) {
		if n == nil || len(steps) == 0 {
			return
		}
		if steps[0] == stackconfig.Each {
			if n.Kind != yaml.SequenceNode {
				return
			}
			for i, item := range n.Content {
				walk(item, fmt.Sprintf("%s[%d]", path, i), steps[1:])
			}
			return
		}
		v := mapValue(n, steps[0])
		if v == nil {
			return
		}
		here := path + "." + steps[0]
		switch {
		case len(steps) == 1:
			take(here, v)
			removeKey(n, steps[0])
		case len(steps) == 2 && steps[1] == stackconfig.Each && v.Kind == yaml.SequenceNode:
			// A list of secrets leaves the file whole; each element is set
			// back by index.
			for i, item := range v.Content {
				take(fmt.Sprintf("%s[%d]", here, i), item)
			}
			removeKey(n, steps[0])
		default:
			walk(v, here, steps[1:])
		}
	}
	paths := stackconfig.SecretPaths()
	for _, key := range slices.Sorted(maps.Keys(paths)) {
		for _, p := range paths[key] {
			walk(config, "", append([]string{key}, p...))
		}
	}
	for i := range secrets {
		secrets[i].Path = strings.TrimPrefix(secrets[i].Path, ".")
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), secrets
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func removeKey(n *yaml.Node, key string) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			n.Content = append(n.Content[:i], n.Content[i+2:]...)
			return
		}
	}
}

// setSecrets sets each secret the way a user does:
// pulumi config set --secret --path KEY VALUE, or without --secret when
// encrypted is false (as the dev stack files give them).
func setSecrets(t *testing.T, ctx context.Context, s auto.Stack, secrets []Secret, encrypted bool) {
	t.Helper()
	for _, sec := range secrets {
		if err := s.SetConfigWithOptions(ctx, sec.Path, auto.ConfigValue{Value: sec.Value, Secret: encrypted}, &auto.ConfigOptions{Path: true}); err != nil {
			t.Fatalf("pulumi config set --secret=%v --path %s: %v", encrypted, sec.Path, err)
		}
	}
}

// canaryLeaks lists every file under the dirs, and every named text, that
// holds a canary in the clear.
func canaryLeaks(t *testing.T, secrets []Secret, dirs []string, texts map[string]string) []string {
	t.Helper()
	var leaks []string
	look := func(where string, content []byte) {
		for _, s := range secrets {
			if bytes.Contains(content, []byte(s.Canary)) {
				leaks = append(leaks, fmt.Sprintf("%s holds the value of %s", where, s.Path))
			}
		}
	}
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			look(path, b)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for name, text := range texts {
		look(name, []byte(text))
	}
	return leaks
}

// stateFiles lists the file backend's files by kind, to show that the
// scan covered the state, its backups and the update history.
func stateFiles(t *testing.T, backend string) map[string]int {
	t.Helper()
	kinds := map[string]int{}
	_ = filepath.WalkDir(filepath.Join(backend, ".pulumi"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(filepath.Join(backend, ".pulumi"), path)
		switch {
		case strings.HasPrefix(rel, "history"+string(filepath.Separator)):
			kinds["history"]++
		case strings.HasPrefix(rel, "backups"+string(filepath.Separator)):
			kinds["backups"]++
		case strings.HasSuffix(rel, ".json.bak"):
			kinds["state.bak"]++
		case strings.HasPrefix(rel, "stacks"+string(filepath.Separator)):
			kinds["state"]++
		default:
			kinds["other"]++
		}
		return nil
	})
	return kinds
}
