package schemagen

import (
	"fmt"
	"sort"

	"github.com/groundwork-iac/groundwork/tests/engine/schema"
)

// Trim keeps the named resources and functions of a full provider schema,
// the types they reference (transitively), the provider and its config, and
// drops everything a check does not read (descriptions, examples, language
// settings, other functions).
func Trim(full *schema.Package, resources, functions []string, source string) (*schema.Package, error) {
	out := &schema.Package{Name: full.Name, Version: full.Version, Source: source,
		Config: full.Config, Provider: full.Provider,
		Resources: map[string]*schema.Resource{}, Types: map[string]*schema.Type{}}
	if len(functions) > 0 {
		out.Functions = map[string]*schema.Function{}
	}
	var walk func(s *schema.Spec) error
	walk = func(s *schema.Spec) error {
		if s == nil {
			return nil
		}
		if tok, ok := schema.TypeToken(s.Ref); ok {
			if _, done := out.Types[tok]; !done {
				t, ok := full.Types[tok]
				if !ok {
					return fmt.Errorf("type %s is referenced but not defined", tok)
				}
				out.Types[tok] = t
				for _, k := range sortedKeys(t.Properties) {
					if err := walk(t.Properties[k]); err != nil {
						return err
					}
				}
			}
		}
		for _, alt := range s.OneOf {
			if err := walk(alt); err != nil {
				return err
			}
		}
		if err := walk(s.Items); err != nil {
			return err
		}
		return walk(s.AdditionalProperties)
	}
	walkAll := func(props map[string]*schema.Spec) error {
		for _, k := range sortedKeys(props) {
			if err := walk(props[k]); err != nil {
				return err
			}
		}
		return nil
	}
	sort.Strings(resources)
	for _, tok := range resources {
		r, ok := full.Resources[tok]
		if !ok {
			return nil, fmt.Errorf("resource %s is not in %s %s", tok, full.Name, full.Version)
		}
		out.Resources[tok] = r
		if err := walkAll(r.InputProperties); err != nil {
			return nil, err
		}
		if err := walkAll(r.Properties); err != nil {
			return nil, err
		}
	}
	sort.Strings(functions)
	for _, tok := range functions {
		f, ok := full.Functions[tok]
		if !ok {
			return nil, fmt.Errorf("function %s is not in %s %s", tok, full.Name, full.Version)
		}
		out.Functions[tok] = f
		for _, t := range []*schema.Type{f.Inputs, f.Outputs} {
			if t == nil {
				continue
			}
			if err := walkAll(t.Properties); err != nil {
				return nil, err
			}
		}
	}
	if full.Provider != nil {
		if err := walkAll(full.Provider.InputProperties); err != nil {
			return nil, err
		}
	}
	if err := walkAll(full.Config.Variables); err != nil {
		return nil, err
	}
	return out, nil
}
