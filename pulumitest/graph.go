package pulumitest

import (
	"cmp"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Graph is every resource a program registered, ordered by name.
type Graph struct {
	Project, Stack string
	Resources      []*Resource

	mu    sync.Mutex
	byURN map[string]*Resource
}

// Resource is one registration.
type Resource struct {
	Type string
	Name string
	URN  string
	ID   string
	// Parent is the parent's logical name; empty for the stack itself.
	Parent    string
	ParentURN string
	// Custom is true for provider resources, false for components.
	Custom        bool
	Inputs        resource.PropertyMap
	DependsOn     []string
	IgnoreChanges []string
	Protect       bool
	// Aliases are the resource's aliases as the program registered them
	// (specs or URNs); AliasURNs resolves them.
	Aliases []*pulumirpc.Alias
}

func (g *Graph) record(args pulumi.MockResourceArgs, id string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	r := &Resource{Type: args.TypeToken, Name: args.Name, ID: id, Custom: args.Custom, Inputs: args.Inputs}
	if rpc := args.RegisterRPC; rpc != nil {
		r.ParentURN = rpc.GetParent()
		r.DependsOn = rpc.GetDependencies()
		r.IgnoreChanges = rpc.GetIgnoreChanges()
		r.Protect = rpc.GetProtect()
		r.Aliases = rpc.GetAliases()
	}
	g.Resources = append(g.Resources, r)
}

// finish resolves parent names from URNs once the run is over, and orders
// resources by name: registration order depends on when each resource's
// inputs resolved, so it differs from run to run.
func (g *Graph) finish() {
	g.mu.Lock()
	defer g.mu.Unlock()
	sort.SliceStable(g.Resources, func(i, j int) bool {
		a, b := g.Resources[i], g.Resources[j]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Type < b.Type
	})
	g.byURN = map[string]*Resource{}
	for _, r := range g.Resources {
		r.URN = urnFor(g, r)
		g.byURN[r.URN] = r
	}
	for _, r := range g.Resources {
		if p, ok := g.byURN[r.ParentURN]; ok {
			r.Parent = p.Name
		}
	}
}

// urnFor rebuilds the URN the mock monitor gave the resource, which embeds
// the parent's type chain.
func urnFor(g *Graph, r *Resource) string {
	qualified := r.Type
	if p := resource.URN(r.ParentURN); p != "" && p.IsValid() && p.QualifiedType() != resource.RootStackType {
		qualified = string(p.QualifiedType()) + "$" + r.Type
	}
	return fmt.Sprintf("urn:pulumi:%s::%s::%s::%s", g.Stack, g.Project, qualified, r.Name)
}

// AliasURNs are the URNs the resource also answers to, resolved the way the
// engine resolves alias specs: an unset name, type, stack or project is the
// resource's own; an unset parent is its own parent, NoParent the stack.
func (g *Graph) AliasURNs(r *Resource) []string {
	var out []string
	for _, a := range r.Aliases {
		if u := a.GetUrn(); u != "" {
			out = append(out, u)
			continue
		}
		spec := a.GetSpec()
		name, typ, stack, project := cmp.Or(spec.GetName(), r.Name), cmp.Or(spec.GetType(), r.Type), cmp.Or(spec.GetStack(), g.Stack), cmp.Or(spec.GetProject(), g.Project)
		parent := r.ParentURN
		switch {
		case spec.GetNoParent():
			parent = ""
		case spec.GetParentUrn() != "":
			parent = spec.GetParentUrn()
		}
		qualified := typ
		if p := resource.URN(parent); p != "" && p.IsValid() && p.QualifiedType() != resource.RootStackType {
			qualified = string(p.QualifiedType()) + "$" + typ
		}
		out = append(out, fmt.Sprintf("urn:pulumi:%s::%s::%s::%s", stack, project, qualified, name))
	}
	return out
}

// Find returns the resource with this type and logical name, or nil.
func (g *Graph) Find(typ, name string) *Resource {
	for _, r := range g.Resources {
		if r.Type == typ && r.Name == name {
			return r
		}
	}
	return nil
}

// OfType returns every resource of a type, in registration order.
func (g *Graph) OfType(typ string) []*Resource {
	var out []*Resource
	for _, r := range g.Resources {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// Children returns the resources whose parent is the named resource.
func (g *Graph) Children(parent *Resource) []*Resource {
	var out []*Resource
	for _, r := range g.Resources {
		if parent != nil && r.ParentURN == parent.URN {
			out = append(out, r)
		}
	}
	return out
}

// ChildSet is the sorted "type name" list of a resource's direct children,
// for exact child-set assertions.
func (g *Graph) ChildSet(parent *Resource) []string {
	var out []string
	for _, r := range g.Children(parent) {
		out = append(out, r.Type+" "+r.Name)
	}
	sort.Strings(out)
	return out
}

// ByURN returns the resource with this URN, or nil.
func (g *Graph) ByURN(urn string) *Resource { return g.byURN[urn] }

// Value is one input, converted to plain Go values: string, float64, bool,
// nil, []Value, map[string]Value. Secret and Unknown say how the engine would
// treat it; an archive or asset is a map with "archive"/"asset" and "hash".
type Value struct {
	V       any
	Secret  bool
	Unknown bool
}

// Input returns the input at a dotted path ("loggingConfig.logFormat",
// "architectures[0]"). ok is false when any step is missing. A secret
// anywhere on the path marks the result secret.
func (r *Resource) Input(path string) (Value, bool) {
	v := resource.NewProperty(r.Inputs)
	secret := false
	for _, step := range splitPath(path) {
		for v.IsSecret() {
			secret = true
			v = v.SecretValue().Element
		}
		switch {
		case step.key != "" && v.IsObject():
			next, ok := v.ObjectValue()[resource.PropertyKey(step.key)]
			if !ok {
				return Value{}, false
			}
			v = next
		case step.key == "" && v.IsArray() && step.index < len(v.ArrayValue()):
			v = v.ArrayValue()[step.index]
		default:
			return Value{}, false
		}
	}
	out := convert(v)
	out.Secret = out.Secret || secret
	return out, true
}

// String returns a string input, failing when it is absent, secret or not a string.
func (r *Resource) String(path string) (string, error) {
	v, ok := r.Input(path)
	switch {
	case !ok:
		return "", fmt.Errorf("%s %s: no input %s", r.Type, r.Name, path)
	case v.Secret:
		return "", fmt.Errorf("%s %s: input %s is secret", r.Type, r.Name, path)
	}
	s, ok := v.V.(string)
	if !ok {
		return "", fmt.Errorf("%s %s: input %s is %T, not a string", r.Type, r.Name, path, v.V)
	}
	return s, nil
}

// Number returns a numeric input as float64.
func (r *Resource) Number(path string) (float64, error) {
	v, ok := r.Input(path)
	if !ok {
		return 0, fmt.Errorf("%s %s: no input %s", r.Type, r.Name, path)
	}
	n, ok := v.V.(float64)
	if !ok {
		return 0, fmt.Errorf("%s %s: input %s is %T, not a number", r.Type, r.Name, path, v.V)
	}
	return n, nil
}

type pathStep struct {
	key   string
	index int
}

func splitPath(path string) []pathStep {
	var out []pathStep
	for _, part := range strings.Split(path, ".") {
		name, rest, _ := strings.Cut(part, "[")
		if name != "" {
			out = append(out, pathStep{key: name})
		}
		for rest != "" {
			idx, tail, _ := strings.Cut(rest, "]")
			n, _ := strconv.Atoi(idx)
			out = append(out, pathStep{index: n})
			rest = strings.TrimPrefix(tail, "[")
		}
	}
	return out
}

func convert(v resource.PropertyValue) Value {
	switch {
	case v.IsSecret():
		inner := convert(v.SecretValue().Element)
		inner.Secret = true
		return inner
	case v.IsComputed() || v.IsOutput() && !v.OutputValue().Known:
		return Value{Unknown: true}
	case v.IsOutput():
		inner := convert(v.OutputValue().Element)
		inner.Secret = inner.Secret || v.OutputValue().Secret
		return inner
	case v.IsNull():
		return Value{}
	case v.IsString():
		return Value{V: v.StringValue()}
	case v.IsNumber():
		return Value{V: v.NumberValue()}
	case v.IsBool():
		return Value{V: v.BoolValue()}
	case v.IsArray():
		arr := make([]Value, len(v.ArrayValue()))
		for i, e := range v.ArrayValue() {
			arr[i] = convert(e)
		}
		return Value{V: arr}
	case v.IsObject():
		obj := map[string]Value{}
		for k, e := range v.ObjectValue() {
			obj[string(k)] = convert(e)
		}
		return Value{V: obj}
	case v.IsArchive():
		a := v.ArchiveValue()
		return Value{V: withHash(map[string]Value{"archive": {V: archiveSource(a)}}, a.Hash)}
	case v.IsAsset():
		a := v.AssetValue()
		return Value{V: withHash(map[string]Value{"asset": {V: a.Path}}, a.Hash)}
	case v.IsResourceReference():
		return Value{V: string(v.ResourceReferenceValue().URN)}
	}
	return Value{V: v.String()}
}

func withHash(m map[string]Value, hash string) map[string]Value {
	if hash != "" {
		m["hash"] = Value{V: hash}
	}
	return m
}

func archiveSource(a *resource.Archive) string {
	switch {
	case a.Path != "":
		return a.Path
	case a.URI != "":
		return a.URI
	}
	keys := make([]string, 0, len(a.Assets))
	for k := range a.Assets {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return "assets:" + strings.Join(keys, ",")
}
