package schema

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/archive"
)

const tok = "test:index/thing:Thing"

// testPackage has one resource with every kind of property the checker
// knows.
func testPackage() *Package {
	return &Package{Name: "test", Version: "1.0.0",
		Resources: map[string]*Resource{tok: {
			InputProperties: map[string]*Spec{
				"name":    {Type: "string"},
				"count":   {Type: "integer"},
				"ratio":   {Type: "number"},
				"enabled": {Type: "boolean"},
				"tags":    {Type: "object", AdditionalProperties: &Spec{Type: "string"}},
				"ports":   {Type: "array", Items: &Spec{Type: "integer"}},
				"code":    {Ref: RefArchive},
				"policy":  {Ref: RefAny},
				"config":  {Ref: "#/types/test:index/Config:Config"},
				"mode":    {Ref: "#/types/test:index/Mode:Mode"},
				"runtime": {Type: "string", OneOf: []*Spec{{Type: "string"}, {Ref: "#/types/test:index/Runtime:Runtime"}}},
				"old":     {Type: "string", DeprecationMessage: "use name"},
			},
			RequiredInputs: []string{"name"},
		}},
		Types: map[string]*Type{
			"test:index/Config:Config": {Type: "object", Required: []string{"format"},
				Properties: map[string]*Spec{"format": {Type: "string"}, "level": {Type: "string"}}},
			"test:index/Mode:Mode":       {Type: "string", Enum: []EnumValue{{Value: "fast"}, {Value: "slow"}}},
			"test:index/Runtime:Runtime": {Type: "string", Enum: []EnumValue{{Value: "go"}, {Value: "node"}}},
		},
	}
}

func TestCheckResource(t *testing.T) {
	zip := resource.NewArchiveProperty(&archive.Archive{Assets: map[string]any{}})
	for _, tc := range []struct {
		name   string
		inputs map[string]any
		extra  resource.PropertyMap
		want   []string
	}{
		{name: "valid", inputs: map[string]any{"name": "a", "count": 2, "ratio": 0.5, "enabled": true,
			"tags": map[string]any{"k": "v"}, "ports": []any{80}, "policy": map[string]any{"x": 1},
			"config": map[string]any{"format": "JSON"}, "mode": "fast", "runtime": "go"},
			extra: resource.PropertyMap{"code": zip}},
		{name: "unknown property", inputs: map[string]any{"name": "a", "nmae": "b"},
			want: []string{"nmae: unknown-property"}},
		{name: "missing required", inputs: map[string]any{"count": 1},
			want: []string{"name: missing-required"}},
		{name: "null is missing", inputs: map[string]any{"name": nil},
			want: []string{"name: missing-required"}},
		{name: "wrong types", inputs: map[string]any{"name": 1, "count": 1.5, "ratio": "x", "enabled": "true",
			"tags": []any{}, "ports": []any{"80"}, "config": "JSON"},
			want: []string{"config: type", "count: type", "enabled: type", "name: type", "ports[0]: type", "ratio: type", "tags: type"}},
		{name: "not an archive", inputs: map[string]any{"name": "a", "code": "main.zip"},
			want: []string{"code: type"}},
		{name: "nested", inputs: map[string]any{"name": "a", "config": map[string]any{"level": 3, "fromat": "JSON"}},
			want: []string{"config.format: missing-required", "config.fromat: unknown-property", "config.level: type"}},
		{name: "enum", inputs: map[string]any{"name": "a", "mode": "medium"},
			want: []string{"mode: enum"}},
		{name: "advisory enum", inputs: map[string]any{"name": "a", "runtime": "rust"},
			want: []string{"runtime: enum-advisory (advisory)"}},
		{name: "deprecated", inputs: map[string]any{"name": "a", "old": "x"},
			want: []string{"old: deprecated (advisory)"}},
		{name: "unknowns are not checked", inputs: map[string]any{"name": "a"},
			extra: resource.PropertyMap{"count": resource.MakeComputed(resource.NewStringProperty(""))}},
		{name: "inside secrets", inputs: map[string]any{"name": "a"},
			extra: resource.PropertyMap{"count": resource.MakeSecret(resource.NewStringProperty("one"))},
			want:  []string{"count: type"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := resource.NewPropertyMapFromMap(tc.inputs)
			for k, v := range tc.extra {
				in[k] = v
			}
			var got []string
			for _, f := range testPackage().CheckResource(tok, in) {
				s := f.Path + ": " + f.Rule
				if f.Advisory {
					s += " (advisory)"
				}
				got = append(got, s)
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("findings %v, want %v", got, tc.want)
			}
		})
	}
}

func TestFindingShowsPlainValue(t *testing.T) {
	in := resource.PropertyMap{"name": resource.NewStringProperty("a"), "mode": resource.NewStringProperty("medium")}
	got := testPackage().CheckResource(tok, in)
	if len(got) != 1 || got[0].Detail != `"medium" is not one of [fast slow]` {
		t.Fatalf("findings %v", got)
	}
}

func TestUnknownPropertySuggests(t *testing.T) {
	in := resource.PropertyMap{"name": resource.NewStringProperty("a"), "ratoi": resource.NewNumberProperty(1),
		"zzzzzzzz": resource.NewNumberProperty(1)}
	var got []string
	for _, f := range testPackage().CheckResource(tok, in) {
		got = append(got, f.Path+": "+f.Detail)
	}
	want := []string{"ratoi: not an input of this type (did you mean ratio?)", "zzzzzzzz: not an input of this type"}
	if !slices.Equal(got, want) {
		t.Errorf("findings %v, want %v", got, want)
	}
}

func TestCheckUnknownResource(t *testing.T) {
	got := testPackage().CheckResource("test:index/other:Other", resource.PropertyMap{})
	if len(got) != 1 || got[0].Rule != RuleUnknownResource {
		t.Fatalf("findings %v, want one %s", got, RuleUnknownResource)
	}
}

// A finding never carries a string value: it may be a secret.
func TestFindingsHideStrings(t *testing.T) {
	const value = "s3cr3t-value"
	in := resource.PropertyMap{"name": resource.NewStringProperty("a"),
		"mode": resource.MakeSecret(resource.NewStringProperty(value))}
	for _, f := range testPackage().CheckResource(tok, in) {
		if strings.Contains(f.String(), value) {
			t.Errorf("finding %q shows the value", f)
		}
		if f.Detail != "a secret string is not one of [fast slow]" {
			t.Errorf("detail %q", f.Detail)
		}
	}
}
