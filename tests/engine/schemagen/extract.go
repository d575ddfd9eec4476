package schemagen

import (
	"fmt"
	"go/ast"
	"path/filepath"
	"sort"
	"strings"

	"github.com/groundwork-iac/groundwork/tests/engine/schema"
)

// GoSource is one generated Go SDK to read.
type GoSource struct {
	Package string // "aws"
	Version string // "7.12.0"
	// ModulePath and Dir are the Go module and where it is unpacked
	// (go list -m -f {{.Dir}} MODULE).
	ModulePath, Dir string
	// GoDir is the SDK's package root inside the module: "go/aws".
	GoDir string
	// Modules are the SDK subpackages to read; "" is the root package (the
	// provider itself and the index functions such as getCallerIdentity).
	Modules []string
}

// ExtractGo derives a schema from a generated Pulumi Go SDK:
//   - a resource's token is the literal passed to ctx.RegisterResource in
//     its NewX constructor, its required inputs the "invalid value for
//     required argument" checks of the same function;
//   - its inputs are the pulumi tags of the unexported xArgs struct, its
//     outputs those of xState;
//   - nested types are the exported tagged structs (pulumiTypes*.go); a
//     non-pointer scalar or struct field of one is required;
//   - enums are the string types and constants of pulumiEnums.go. The SDK
//     does not tie a field to its enum, so a string field whose name (or
//     its type's name plus its name) is an enum's gets "a string, or one of
//     the enum's values", which the checker reports as advisory only.
func ExtractGo(src GoSource) (*schema.Package, error) {
	p := &schema.Package{
		Name: src.Package, Version: src.Version,
		Source: fmt.Sprintf("derived by tests/engine/cmd/schemagen from %s@v%s (%s/{%s}); not the provider's schema: see tests/engine/README.md",
			src.ModulePath, src.Version, src.GoDir, strings.Join(src.Modules, ",")),
		Resources: map[string]*schema.Resource{}, Types: map[string]*schema.Type{}, Functions: map[string]*schema.Function{},
	}
	for _, mod := range src.Modules {
		gp, err := parseDir(filepath.Join(src.Dir, src.GoDir, mod))
		if err != nil {
			return nil, err
		}
		gp.module = src.Package + ":index"
		if mod != "" {
			gp.module = src.Package + ":" + mod
		}
		x := extractor{p: p, gp: gp}
		if err := x.run(); err != nil {
			return nil, fmt.Errorf("%s: %w", gp, err)
		}
	}
	return p, nil
}

type extractor struct {
	p  *schema.Package
	gp *goPackage
}

func (x *extractor) run() error {
	sort.Slice(x.gp.funcs, func(i, j int) bool { return x.gp.funcs[i].Name.Name < x.gp.funcs[j].Name.Name })
	for _, fn := range x.gp.funcs {
		name := fn.Name.Name
		if tok, ok := callLiteral(fn, "RegisterResource"); ok && strings.HasPrefix(name, "New") {
			if err := x.resource(strings.TrimPrefix(name, "New"), tok, fn); err != nil {
				return err
			}
			continue
		}
		if tok, ok := callLiteral(fn, "Invoke"); ok && ast.IsExported(name) {
			x.function(tok, fn)
		}
	}
	return nil
}

func (x *extractor) resource(name, tok string, fn *ast.FuncDecl) error {
	argsName, args := x.gp.unexported(name + "Args")
	if args == nil {
		return fmt.Errorf("New%s: no unexported %sArgs struct", name, name)
	}
	r := &schema.Resource{InputProperties: x.props(name, args)}
	if msg := deprecation(fn.Doc); msg != "" {
		r.DeprecationMessage = msg
	}
	wire := map[string]string{}
	for _, f := range tagged(args) {
		wire[f.goName] = f.wire
	}
	for _, goName := range requiredArgs(fn) {
		w, ok := wire[goName]
		if !ok {
			return fmt.Errorf("New%s requires %s, which %s does not have", name, goName, argsName)
		}
		r.RequiredInputs = append(r.RequiredInputs, w)
	}
	sort.Strings(r.RequiredInputs)
	if _, state := x.gp.unexported(name + "State"); state != nil {
		r.Properties = x.props(name, state)
	}
	if strings.HasPrefix(tok, "pulumi:providers:") {
		x.p.Provider = r
		return nil
	}
	x.p.Resources[tok] = r
	return nil
}

// function reads an invoke: func GetX(ctx, args *GetXArgs, ...) (*GetXResult, error).
func (x *extractor) function(tok string, fn *ast.FuncDecl) {
	f := &schema.Function{}
	if ps := fn.Type.Params.List; len(ps) >= 2 {
		if n := starIdent(ps[1].Type); n != "" && x.gp.structs[n] != nil {
			f.Inputs = &schema.Type{Type: "object", Properties: x.props(n, x.gp.structs[n])}
		}
	}
	if rs := fn.Type.Results; rs != nil && len(rs.List) > 0 {
		if n := starIdent(rs.List[0].Type); n != "" && x.gp.structs[n] != nil {
			f.Outputs = &schema.Type{Type: "object", Properties: x.props(n, x.gp.structs[n])}
		}
	}
	x.p.Functions[tok] = f
}

func starIdent(e ast.Expr) string {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// unexported finds the generator's unexported struct for an exported name.
func (gp *goPackage) unexported(name string) (string, *ast.StructType) {
	for _, n := range sortedKeys(gp.structs) {
		if strings.EqualFold(n, name) && !ast.IsExported(n) {
			return n, gp.structs[n]
		}
	}
	return "", nil
}

func (x *extractor) props(parent string, st *ast.StructType) map[string]*schema.Spec {
	out := map[string]*schema.Spec{}
	for _, f := range tagged(st) {
		s := x.spec(parent, f.wire, f.typ)
		if msg := deprecation(f.doc); msg != "" {
			s.DeprecationMessage = msg
		}
		out[f.wire] = s
	}
	return out
}

func (x *extractor) spec(parent, wire string, e ast.Expr) *schema.Spec {
	switch t := e.(type) {
	case *ast.StarExpr:
		return x.spec(parent, wire, t.X)
	case *ast.ArrayType:
		return &schema.Spec{Type: "array", Items: x.spec(parent, wire, t.Elt)}
	case *ast.MapType:
		return &schema.Spec{Type: "object", AdditionalProperties: x.spec(parent, wire, t.Value)}
	case *ast.InterfaceType:
		return &schema.Spec{Ref: schema.RefAny}
	case *ast.SelectorExpr:
		if pkg, ok := t.X.(*ast.Ident); ok && pkg.Name == "pulumi" {
			switch t.Sel.Name {
			case "Archive":
				return &schema.Spec{Ref: schema.RefArchive}
			case "Asset", "AssetOrArchive":
				return &schema.Spec{Ref: schema.RefAsset}
			}
		}
		return &schema.Spec{Ref: schema.RefAny}
	case *ast.Ident:
		switch t.Name {
		case "string":
			return x.maybeEnum(parent, wire)
		case "int":
			return &schema.Spec{Type: "integer"}
		case "float64":
			return &schema.Spec{Type: "number"}
		case "bool":
			return &schema.Spec{Type: "boolean"}
		}
		if _, ok := x.gp.enums[t.Name]; ok {
			return &schema.Spec{Ref: "#/types/" + x.enumType(t.Name)}
		}
		if st := x.gp.structs[t.Name]; st != nil && ast.IsExported(t.Name) {
			return &schema.Spec{Ref: "#/types/" + x.objectType(t.Name, st)}
		}
	}
	return &schema.Spec{Ref: schema.RefAny}
}

func (x *extractor) token(name string) string { return x.gp.module + "/" + name + ":" + name }

func (x *extractor) objectType(name string, st *ast.StructType) string {
	tok := x.token(name)
	if _, done := x.p.Types[tok]; done {
		return tok
	}
	t := &schema.Type{Type: "object"}
	x.p.Types[tok] = t // before the fields: types may refer to themselves
	t.Properties = x.props(name, st)
	for _, f := range tagged(st) {
		switch f.typ.(type) {
		case *ast.Ident, *ast.SelectorExpr:
			t.Required = append(t.Required, f.wire)
		}
	}
	sort.Strings(t.Required)
	return tok
}

func (x *extractor) enumType(name string) string {
	tok := x.token(name)
	if _, done := x.p.Types[tok]; !done {
		x.p.Types[tok] = &schema.Type{Type: "string", Enum: x.gp.enums[name]}
	}
	return tok
}

// maybeEnum is a string, or "a string or one of the enum's values" when an
// enum carries the field's name (advisory: the SDK does not link them).
func (x *extractor) maybeEnum(parent, wire string) *schema.Spec {
	title := strings.ToUpper(wire[:1]) + wire[1:]
	for _, n := range []string{parent + title, title} {
		if _, ok := x.gp.enums[n]; ok {
			return &schema.Spec{Type: "string", OneOf: []*schema.Spec{{Type: "string"}, {Ref: "#/types/" + x.enumType(n)}}}
		}
	}
	return &schema.Spec{Type: "string"}
}

// deprecation returns the text after "Deprecated:" in a doc comment.
func deprecation(doc *ast.CommentGroup) string {
	if doc == nil {
		return ""
	}
	text := doc.Text()
	_, after, ok := strings.Cut(text, "Deprecated:")
	if !ok {
		return ""
	}
	return strings.TrimSpace(strings.SplitN(after, "\n", 2)[0])
}
