// Command schemagen writes the schemas the stand-in providers check against:
//
//	go run ./cmd/schemagen [-cloudflare PATH] [-out schemas]
//
// aws.json and gcp.json are derived from the pinned Go SDKs in the module
// cache; cloudflare.json is the real cloudflare schema (-cloudflare, by
// default the copy in the project's shared folder) trimmed to the kit's
// resources. Run it from tests/engine (go generate does).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/groundwork-iac/groundwork/tests/engine/schema"
	"github.com/groundwork-iac/groundwork/tests/engine/schemagen"
)

func main() {
	out := flag.String("out", "schemas", "directory to write aws.json, gcp.json and cloudflare.json into")
	cf := flag.String("cloudflare", "", "the full pulumi-cloudflare "+schemagen.CloudflareVersion+" schema.json (default: "+schemagen.DefaultCloudflareSchema+" relative to the repository root)")
	flag.Parse()
	if err := run(*out, *cf); err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
}

func run(out, cf string) error {
	pkgs := map[string]*schema.Package{}
	for name, gen := range map[string]struct {
		module string
		derive func(string) (*schema.Package, error)
	}{
		"aws": {schemagen.AWSModule, schemagen.AWS},
		"gcp": {schemagen.GCPModule, schemagen.GCP},
	} {
		dir, err := schemagen.ModuleDir(gen.module)
		if err != nil {
			return err
		}
		p, err := gen.derive(dir)
		if err != nil {
			return err
		}
		pkgs[name] = p
	}
	if cf == "" {
		root, err := filepath.Abs("../..")
		if err != nil {
			return err
		}
		cf = filepath.Join(root, schemagen.DefaultCloudflareSchema)
	}
	raw, err := os.ReadFile(cf)
	if err != nil {
		return fmt.Errorf("%w (pass -cloudflare PATH to the full schema)", err)
	}
	p, err := schemagen.Cloudflare(raw, cf)
	if err != nil {
		return err
	}
	pkgs["cloudflare"] = p
	for name, p := range pkgs {
		b, err := schema.Marshal(p)
		if err != nil {
			return err
		}
		path := filepath.Join(out, name+".json")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return err
		}
		fmt.Printf("%s: %d resources, %d types, %d bytes\n", path, len(p.Resources), len(p.Types), len(b))
	}
	return nil
}
