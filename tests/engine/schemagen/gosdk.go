// Package schemagen builds the schemas the stand-in providers check against:
// for aws and gcp by reading the pinned generated Go SDK source (their
// schema files live in the provider repositories, not in the Go modules),
// for cloudflare by trimming the real schema file to the types the kit uses.
package schemagen

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/groundwork-iac/groundwork/tests/engine/schema"
)

// goPackage is one parsed SDK package directory.
type goPackage struct {
	dir     string
	module  string // token prefix of its types: "aws:lambda"
	structs map[string]*ast.StructType
	enums   map[string][]schema.EnumValue
	funcs   []*ast.FuncDecl
}

var requiredRe = regexp.MustCompile(`^invalid value for required argument '(\w+)'$`)

func parseDir(dir string) (*goPackage, error) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	gp := &goPackage{dir: dir, structs: map[string]*ast.StructType{}, enums: map[string][]schema.EnumValue{}}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Body != nil {
					gp.funcs = append(gp.funcs, d)
				}
			case *ast.GenDecl:
				gp.collect(d, name == "pulumiEnums.go")
			}
		}
	}
	return gp, nil
}

func (gp *goPackage) collect(d *ast.GenDecl, enumsFile bool) {
	for _, spec := range d.Specs {
		switch s := spec.(type) {
		case *ast.TypeSpec:
			if st, ok := s.Type.(*ast.StructType); ok {
				gp.structs[s.Name.Name] = st
			}
		case *ast.ValueSpec:
			// Enum constants: RuntimeCustomAL2023 = Runtime("provided.al2023").
			if !enumsFile || d.Tok != token.CONST {
				continue
			}
			for i, v := range s.Values {
				call, ok := v.(*ast.CallExpr)
				if !ok || len(call.Args) != 1 {
					continue
				}
				typ, ok := call.Fun.(*ast.Ident)
				lit, ok2 := call.Args[0].(*ast.BasicLit)
				if !ok || !ok2 || !ast.IsExported(typ.Name) {
					continue
				}
				val, err := strconv.Unquote(lit.Value)
				if err != nil {
					continue
				}
				gp.enums[typ.Name] = append(gp.enums[typ.Name], schema.EnumValue{Name: s.Names[i].Name, Value: val})
			}
		}
	}
}

// callLiteral returns the string literal of the first argument of the first
// call to ctx.<method> in a function body.
func callLiteral(fn *ast.FuncDecl, method string) (string, bool) {
	var out string
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || out != "" {
			return out == ""
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != method || len(call.Args) == 0 {
			return true
		}
		if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "ctx" {
			return true
		}
		if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
			out, _ = strconv.Unquote(lit.Value)
		}
		return false
	})
	return out, out != ""
}

// requiredArgs returns the Go field names NewX rejects when nil.
func requiredArgs(fn *ast.FuncDecl) []string {
	var out []string
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil {
			return true
		}
		if m := requiredRe.FindStringSubmatch(s); m != nil {
			out = append(out, m[1])
		}
		return true
	})
	return out
}

// field is one tagged struct field.
type field struct {
	goName, wire string
	typ          ast.Expr
	doc          *ast.CommentGroup
}

func tagged(st *ast.StructType) []field {
	var out []field
	for _, f := range st.Fields.List {
		if f.Tag == nil || len(f.Names) != 1 {
			continue
		}
		tag, err := strconv.Unquote(f.Tag.Value)
		if err != nil {
			continue
		}
		wire := reflect.StructTag(tag).Get("pulumi")
		if wire == "" {
			continue
		}
		out = append(out, field{goName: f.Names[0].Name, wire: strings.Split(wire, ",")[0], typ: f.Type, doc: f.Doc})
	}
	return out
}

// resourceModule is the token's package and module: "aws:lambda/function:Function" -> "aws:lambda".
func resourceModule(tok string) string {
	mod, _, _ := strings.Cut(tok, "/")
	return mod
}

func (gp *goPackage) String() string { return fmt.Sprintf("%s (%s)", gp.dir, gp.module) }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
