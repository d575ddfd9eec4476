package engine

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"gopkg.in/yaml.v3"

	"github.com/groundwork-iac/groundwork/components/secret"
	"github.com/groundwork-iac/groundwork/stackconfig"
)

// SecretPaths are the config paths whose values stackconfig turns into
// secret.Values: the ones a user sets with `pulumi config set --secret
// --path`. TestSecretPathsCoverSettings ties the list to stackconfig.
var SecretPaths = []string{
	"groundwork:database.pooledUrl",
	"groundwork:database.directUrl",
	"groundwork:telemetry.otlpHeaders",
	"groundwork:jobs.webhook.signingSecret",
	"groundwork:edge.logs.destination",
}

// TestSecretPathsCoverSettings counts the secret.Value fields of
// stackconfig.Settings: a new secret setting must be added to SecretPaths,
// or the deploy tests would leave it in the plain stack file.
func TestSecretPathsCoverSettings(t *testing.T) {
	var count func(reflect.Type) int
	secretType := reflect.TypeOf(secret.Value{})
	count = func(typ reflect.Type) int {
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		if typ == secretType {
			return 1
		}
		n := 0
		if typ.Kind() == reflect.Struct {
			for i := 0; i < typ.NumField(); i++ {
				n += count(typ.Field(i).Type)
			}
		}
		if typ.Kind() == reflect.Slice {
			n += count(typ.Elem())
		}
		return n
	}
	if got := count(reflect.TypeOf(stackconfig.Settings{})); got != len(SecretPaths) {
		t.Fatalf("stackconfig.Settings has %d secret.Value fields, SecretPaths lists %d: add the new secret's config path", got, len(SecretPaths))
	}
}

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
	for _, p := range SecretPaths {
		top, rest, _ := strings.Cut(p, ".")
		n := mapValue(config, top)
		parts := strings.Split(rest, ".")
		for _, part := range parts[:len(parts)-1] {
			n = mapValue(n, part)
		}
		last := parts[len(parts)-1]
		v := mapValue(n, last)
		if v == nil {
			continue
		}
		if v.Kind != yaml.ScalarNode {
			t.Fatalf("%s is not a plain value in the stack file", p)
		}
		c := newCanary(t)
		secrets = append(secrets, Secret{Path: p, Value: withCanary(p, v.Value, c), Canary: c})
		removeKey(n, last)
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
