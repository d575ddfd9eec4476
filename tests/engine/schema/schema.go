// Package schema is the subset of the Pulumi package schema the stand-in
// providers check inputs against: resources with their input properties and
// required inputs, object and enum types, functions and provider config.
//
// The format is Pulumi's own (https://www.pulumi.com/docs/iac/extending-pulumi/schema/),
// trimmed to what a check needs, so the cloudflare file is the real schema
// with descriptions removed and the aws and gcp files, derived from the
// pinned Go SDKs, read the same way.
package schema

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Package is one provider's schema.
type Package struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	// Source says where the schema came from and how it was trimmed.
	Source    string               `json:"x-source,omitempty"`
	Config    Config               `json:"config"`
	Provider  *Resource            `json:"provider,omitempty"`
	Resources map[string]*Resource `json:"resources"`
	Types     map[string]*Type     `json:"types"`
	Functions map[string]*Function `json:"functions,omitempty"`
}

// Config is the provider's configuration variables (aws:region, ...).
type Config struct {
	Variables map[string]*Spec `json:"variables,omitempty"`
}

// Resource is a resource type: what may be passed in and what comes out.
type Resource struct {
	DeprecationMessage string           `json:"deprecationMessage,omitempty"`
	InputProperties    map[string]*Spec `json:"inputProperties,omitempty"`
	RequiredInputs     []string         `json:"requiredInputs,omitempty"`
	Properties         map[string]*Spec `json:"properties,omitempty"`
}

// Function is an invoke: its inputs and outputs.
type Function struct {
	Inputs  *Type `json:"inputs,omitempty"`
	Outputs *Type `json:"outputs,omitempty"`
}

// Type is an object type (properties) or an enum (a string or number type
// with enum values).
type Type struct {
	Type       string           `json:"type,omitempty"`
	Properties map[string]*Spec `json:"properties,omitempty"`
	Required   []string         `json:"required,omitempty"`
	Enum       []EnumValue      `json:"enum,omitempty"`
}

// EnumValue is one allowed value of an enum type.
type EnumValue struct {
	Name  string `json:"name,omitempty"`
	Value any    `json:"value"`
}

// Spec is a property's type: a primitive, an array, a map, a reference to
// a type of this package or to one of Pulumi's built-in types, or oneOf.
type Spec struct {
	Type                 string  `json:"type,omitempty"`
	Ref                  string  `json:"$ref,omitempty"`
	Items                *Spec   `json:"items,omitempty"`
	AdditionalProperties *Spec   `json:"additionalProperties,omitempty"`
	OneOf                []*Spec `json:"oneOf,omitempty"`
	DeprecationMessage   string  `json:"deprecationMessage,omitempty"`
}

// Built-in type references (https://www.pulumi.com/docs/iac/extending-pulumi/schema/#type).
const (
	RefArchive = "pulumi.json#/Archive"
	RefAsset   = "pulumi.json#/Asset"
	RefAny     = "pulumi.json#/Any"
	RefJSON    = "pulumi.json#/Json"
)

// Load reads a schema file.
func Load(path string) (*Package, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var p Package
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &p, nil
}

// TypeToken returns the token a local reference ("#/types/TOKEN") names.
func TypeToken(ref string) (string, bool) {
	return strings.CutPrefix(ref, "#/types/")
}

// Marshal renders a schema the way the committed files are written: sorted
// keys, two-space indent, a final newline, so regeneration is byte-stable.
func Marshal(p *Package) ([]byte, error) {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
