package schema

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Rules a finding can break.
const (
	RuleUnknownResource = "unknown-resource"
	RuleUnknownProperty = "unknown-property"
	RuleMissingRequired = "missing-required"
	RuleType            = "type"
	RuleEnum            = "enum"
	// RuleEnumAdvisory is a value outside an enum the schema offers next to
	// a plain string (the AWS schema's "oneOf string or enum"): the real
	// provider accepts it, so it is reported, not counted as an error.
	RuleEnumAdvisory = "enum-advisory"
	RuleSchemaGap    = "schema-missing-type"
	// RuleDeprecated is a deprecated resource or property: it still works,
	// so it is advisory.
	RuleDeprecated = "deprecated"
)

// Finding is one problem with one property of one input.
type Finding struct {
	Token    string `json:"token"`
	Path     string `json:"path"`
	Rule     string `json:"rule"`
	Detail   string `json:"detail"`
	Advisory bool   `json:"advisory,omitempty"`
}

func (f Finding) String() string {
	return fmt.Sprintf("%s %s: %s (%s)", f.Token, f.Path, f.Rule, f.Detail)
}

// CheckResource checks a resource's inputs. Unknown values (a preview's
// not-yet-computed outputs) are not checked; secrets are checked inside.
func (p *Package) CheckResource(token string, inputs resource.PropertyMap) []Finding {
	r, ok := p.Resources[token]
	if !ok {
		return []Finding{{Token: token, Rule: RuleUnknownResource, Detail: "no such resource type in " + p.Name + " " + p.Version}}
	}
	c := checker{p: p, token: token}
	if r.DeprecationMessage != "" {
		c.add("", RuleDeprecated, "%s", r.DeprecationMessage)
	}
	c.object("", r.InputProperties, r.RequiredInputs, inputs)
	return c.findings
}

// CheckObject checks a map of values against an object's properties: a
// function's inputs, or the provider's config.
func (p *Package) CheckObject(token string, props map[string]*Spec, required []string, inputs resource.PropertyMap) []Finding {
	c := checker{p: p, token: token}
	c.object("", props, required, inputs)
	return c.findings
}

type checker struct {
	p        *Package
	token    string
	findings []Finding
	secret   int // > 0 inside a secret: findings then never show the value
}

func (c *checker) add(path, rule, format string, args ...any) {
	c.findings = append(c.findings, Finding{Token: c.token, Path: path, Rule: rule,
		Detail: fmt.Sprintf(format, args...), Advisory: rule == RuleEnumAdvisory || rule == RuleDeprecated})
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (c *checker) object(path string, props map[string]*Spec, required []string, m resource.PropertyMap) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, string(k))
	}
	sort.Strings(keys)
	for _, k := range keys {
		spec, ok := props[k]
		if !ok {
			c.add(join(path, k), RuleUnknownProperty, "not an input of this type%s", suggest(k, props))
			continue
		}
		if spec.DeprecationMessage != "" {
			c.add(join(path, k), RuleDeprecated, "%s", spec.DeprecationMessage)
		}
		c.value(join(path, k), spec, m[resource.PropertyKey(k)])
	}
	for _, r := range required {
		v, ok := m[resource.PropertyKey(r)]
		if !ok || v.IsNull() {
			c.add(join(path, r), RuleMissingRequired, "required input is not set")
		}
	}
}

// unwrap returns the known value inside secrets and outputs, whether it is
// known (not a preview's unknown) and whether it was secret.
func unwrap(v resource.PropertyValue) (val resource.PropertyValue, known, secret bool) {
	for {
		switch {
		case v.IsComputed():
			return v, false, secret
		case v.IsOutput():
			o := v.OutputValue()
			if !o.Known {
				return v, false, secret
			}
			secret = secret || o.Secret
			v = o.Element
		case v.IsSecret():
			secret = true
			v = v.SecretValue().Element
		default:
			return v, true, secret
		}
	}
}

func kind(v resource.PropertyValue) string {
	return v.TypeString()
}

func (c *checker) value(path string, s *Spec, v resource.PropertyValue) {
	v, known, secret := unwrap(v)
	if !known || v.IsNull() {
		return
	}
	if secret {
		c.secret++
		defer func() { c.secret-- }()
	}
	if len(s.OneOf) > 0 {
		c.oneOf(path, s.OneOf, v)
		return
	}
	if s.Ref != "" {
		c.ref(path, s.Ref, v)
		return
	}
	c.primitive(path, s, v)
}

func (c *checker) oneOf(path string, alts []*Spec, v resource.PropertyValue) {
	matched := false
	var enum *Type
	for _, alt := range alts {
		if tok, ok := TypeToken(alt.Ref); ok && c.p.Types[tok] != nil && len(c.p.Types[tok].Enum) > 0 {
			enum = c.p.Types[tok]
		}
		sub := checker{p: c.p, token: c.token, secret: c.secret}
		sub.value(path, alt, v)
		if len(sub.findings) == 0 {
			if alt.Ref != "" {
				return // matched a type of its own (the enum itself, or an object)
			}
			matched = true
		}
	}
	switch {
	case matched && enum != nil:
		c.add(path, RuleEnumAdvisory, "%s is not one of %s", c.describe(v), enumValues(enum))
	case !matched:
		c.add(path, RuleType, "%s matches none of %d alternatives", kind(v), len(alts))
	}
}

func (c *checker) ref(path, ref string, v resource.PropertyValue) {
	switch ref {
	case RefAny, RefJSON:
		return
	case RefArchive:
		if !v.IsArchive() {
			c.add(path, RuleType, "want an archive, got %s", kind(v))
		}
		return
	case RefAsset:
		if !v.IsAsset() && !v.IsArchive() {
			c.add(path, RuleType, "want an asset, got %s", kind(v))
		}
		return
	}
	tok, ok := TypeToken(ref)
	t := c.p.Types[tok]
	if !ok || t == nil {
		c.add(path, RuleSchemaGap, "schema has no type %s", ref)
		return
	}
	if len(t.Enum) > 0 {
		c.primitive(path, &Spec{Type: t.Type}, v)
		if !slices.ContainsFunc(t.Enum, func(e EnumValue) bool { return sameValue(e.Value, v) }) {
			c.add(path, RuleEnum, "%s is not one of %s", c.describe(v), enumValues(t))
		}
		return
	}
	if !v.IsObject() {
		c.add(path, RuleType, "want an object (%s), got %s", tok, kind(v))
		return
	}
	c.object(path, t.Properties, t.Required, v.ObjectValue())
}

func (c *checker) primitive(path string, s *Spec, v resource.PropertyValue) {
	switch s.Type {
	case "string":
		if !v.IsString() && !v.IsResourceReference() {
			c.add(path, RuleType, "want a string, got %s", kind(v))
		}
	case "integer":
		if !v.IsNumber() || v.NumberValue() != math.Trunc(v.NumberValue()) {
			c.add(path, RuleType, "want an integer, got %s", c.describe(v))
		}
	case "number":
		if !v.IsNumber() {
			c.add(path, RuleType, "want a number, got %s", kind(v))
		}
	case "boolean":
		if !v.IsBool() {
			c.add(path, RuleType, "want a boolean, got %s", kind(v))
		}
	case "array":
		if !v.IsArray() {
			c.add(path, RuleType, "want an array, got %s", kind(v))
			return
		}
		if s.Items != nil {
			for i, e := range v.ArrayValue() {
				c.value(fmt.Sprintf("%s[%d]", path, i), s.Items, e)
			}
		}
	case "object":
		if !v.IsObject() {
			c.add(path, RuleType, "want an object, got %s", kind(v))
			return
		}
		if s.AdditionalProperties != nil {
			m := v.ObjectValue()
			for _, k := range m.StableKeys() {
				c.value(join(path, string(k)), s.AdditionalProperties, m[k])
			}
		}
	case "":
		c.add(path, RuleSchemaGap, "property has no type")
	default:
		c.add(path, RuleSchemaGap, "unknown schema type %q", s.Type)
	}
}

func sameValue(want any, v resource.PropertyValue) bool {
	switch w := want.(type) {
	case string:
		return v.IsString() && v.StringValue() == w
	case float64:
		return v.IsNumber() && v.NumberValue() == w
	case bool:
		return v.IsBool() && v.BoolValue() == w
	}
	return false
}

// describe shows a value for a finding: its kind only when it is (inside)
// a secret, so a secret never reaches a finding; otherwise short values.
func (c *checker) describe(v resource.PropertyValue) string {
	if c.secret > 0 {
		return "a secret " + kind(v)
	}
	switch {
	case v.IsNumber():
		return fmt.Sprintf("number %v", v.NumberValue())
	case v.IsBool():
		return fmt.Sprintf("boolean %v", v.BoolValue())
	case v.IsString() && len(v.StringValue()) <= 64:
		return fmt.Sprintf("%q", v.StringValue())
	case v.IsString():
		return fmt.Sprintf("a string of %d characters", len(v.StringValue()))
	}
	return kind(v)
}

func enumValues(t *Type) string {
	var out []string
	for _, e := range t.Enum {
		out = append(out, fmt.Sprint(e.Value))
	}
	if len(out) > 8 {
		return fmt.Sprintf("%v ... (%d values)", out[:8], len(out))
	}
	return fmt.Sprint(out)
}
