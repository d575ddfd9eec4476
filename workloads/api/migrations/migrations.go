// Package migrations holds the api's schema migrations, embedded in the
// binary: files named NNNN_name.sql (a version of at least four digits, then
// lower-case letters, digits and underscores), applied in version order by
// package migrate. A file, once released, is never edited: a change is a new
// file with the next version.
package migrations

import (
	"cmp"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

//go:embed *.sql
var files embed.FS

// Migration is one file.
type Migration struct {
	// Version orders migrations and is recorded once applied.
	Version int64
	// Name is the file name without version and extension.
	Name string
	// SQL is the file's content, run as one transaction.
	SQL string
}

// All returns the embedded migrations in version order.
func All() ([]Migration, error) { return Load(files) }

var fileName = regexp.MustCompile(`^([0-9]{4,})_([a-z0-9_]+)\.sql$`)

// Load reads the migrations at the root of fsys, sorted by version. Files
// that do not end in .sql are ignored; a .sql file with a malformed name, an
// empty body or a version already taken is an error, all reported at once.
func Load(fsys fs.FS) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	var (
		out  []Migration
		errs []error
		seen = map[int64]string{}
	)
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		m := fileName.FindStringSubmatch(e.Name())
		if m == nil {
			errs = append(errs, fmt.Errorf("migrations: %q must be named NNNN_name.sql, e.g. 0002_add_tags.sql", e.Name()))
			continue
		}
		version, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil || version <= 0 {
			errs = append(errs, fmt.Errorf("migrations: %q: version must be a positive number", e.Name()))
			continue
		}
		if prev, ok := seen[version]; ok {
			errs = append(errs, fmt.Errorf("migrations: %q and %q share version %d", prev, e.Name(), version))
			continue
		}
		seen[version] = e.Name()
		body, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			errs = append(errs, fmt.Errorf("migrations: %w", err))
			continue
		}
		if strings.TrimSpace(string(body)) == "" {
			errs = append(errs, fmt.Errorf("migrations: %q is empty", e.Name()))
			continue
		}
		out = append(out, Migration{Version: version, Name: m[2], SQL: string(body)})
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b Migration) int { return cmp.Compare(a.Version, b.Version) })
	return out, nil
}
