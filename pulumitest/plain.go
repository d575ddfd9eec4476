package pulumitest

import (
	"fmt"
	"sort"
	"testing"
)

// SecretMarker is how Redacted renders a secret.
const SecretMarker = "[secret]"

// UnknownMarker is how Plain and Redacted render a value unknown at preview.
const UnknownMarker = "[unknown]"

// Plain converts the value to plain Go (string, float64, bool, nil, []any,
// map[string]any), secrets included: for assertions on exact contents.
func (v Value) Plain() any { return v.render(false) }

// Redacted is Plain with every secret replaced by SecretMarker: for printing.
func (v Value) Redacted() any { return v.render(true) }

func (v Value) render(redact bool) any {
	switch {
	case v.Unknown:
		return UnknownMarker
	case redact && v.Secret:
		return SecretMarker
	}
	switch x := v.V.(type) {
	case []Value:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e.render(redact)
		}
		return out
	case map[string]Value:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = e.render(redact)
		}
		return out
	}
	return v.V
}

// InputValues returns every input of the resource as a Value, keyed by name.
func (r *Resource) InputValues() map[string]Value {
	out := map[string]Value{}
	for k := range r.Inputs {
		v, _ := r.Input(string(k))
		out[string(k)] = v
	}
	return out
}

// Redacted returns all inputs with secrets replaced by SecretMarker.
func (r *Resource) Redacted() map[string]any {
	out := map[string]any{}
	for k, v := range r.InputValues() {
		out[k] = v.Redacted()
	}
	return out
}

// InputNames lists the resource's input names, sorted.
func (r *Resource) InputNames() []string {
	out := make([]string, 0, len(r.Inputs))
	for k := range r.Inputs {
		out = append(out, string(k))
	}
	sort.Strings(out)
	return out
}

// Value returns the plain value (secrets included) at path of the resource
// with this type and logical name.
func (g *Graph) Value(typ, name, path string) (any, error) {
	r := g.Find(typ, name)
	if r == nil {
		return nil, fmt.Errorf("no %s named %s", typ, name)
	}
	v, ok := r.Input(path)
	if !ok {
		return nil, fmt.Errorf("%s %s has no input %s", typ, name, path)
	}
	return v.Plain(), nil
}

// MustValue is Value for tests: a missing resource or input fails the test.
func MustValue(t testing.TB, g *Graph, typ, name, path string) any {
	t.Helper()
	v, err := g.Value(typ, name, path)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
