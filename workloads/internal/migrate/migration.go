package migrate

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Migration is one file.
type Migration struct {
	// Version orders migrations and is recorded once applied.
	Version int64
	// Name is the file name without version and extension.
	Name string
	// SQL is the file's content.
	SQL string
	// Checksum is the hex SHA-256 of the file, recorded when it is applied.
	Checksum string
	// NoTransaction is set by the no-transaction directive: the file's
	// statements run one by one, outside any transaction block.
	NoTransaction bool
}

// File is the migration's file name, as logs and errors name it.
func (m Migration) File() string { return fmt.Sprintf("%04d_%s.sql", m.Version, m.Name) }

// DirectivePrefix starts a directive line in a file's header.
const DirectivePrefix = "-- migrate:"

// NoTransactionDirective makes a file run outside a transaction block.
const NoTransactionDirective = "no-transaction"

var fileName = regexp.MustCompile(`^([0-9]{4,})_([a-z0-9_]+)\.sql$`)

// Load reads the migrations at the root of fsys, sorted by version. Files
// that do not end in .sql are ignored; a .sql file with a malformed name, an
// empty body, a version already taken or a bad directive is an error, all
// reported at once.
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
		if len(Statements(string(body))) == 0 {
			errs = append(errs, fmt.Errorf("migrations: %q has no statement", e.Name()))
			continue
		}
		noTx, err := directives(string(body))
		if err != nil {
			errs = append(errs, fmt.Errorf("migrations: %q: %w", e.Name(), err))
			continue
		}
		sum := sha256.Sum256(body)
		out = append(out, Migration{Version: version, Name: m[2], SQL: string(body),
			Checksum: hex.EncodeToString(sum[:]), NoTransaction: noTx})
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b Migration) int { return cmp.Compare(a.Version, b.Version) })
	return out, nil
}

// directives reads the "-- migrate: ..." lines of the file's header (the
// comment and blank lines before the first statement). A directive further
// down, or one this runner does not know, is an error: silently running a
// no-transaction file in a transaction fails, the other way round risks a
// half-applied file.
func directives(body string) (noTransaction bool, err error) {
	header := true
	for i, line := range strings.Split(body, "\n") {
		t := strings.TrimSpace(line)
		if header && t != "" && !strings.HasPrefix(t, "--") {
			header = false
		}
		if !strings.HasPrefix(t, DirectivePrefix) {
			continue
		}
		if !header {
			return false, fmt.Errorf("line %d: the %q directive must come before the first statement", i+1, DirectivePrefix)
		}
		switch v := strings.TrimSpace(strings.TrimPrefix(t, DirectivePrefix)); v {
		case NoTransactionDirective:
			noTransaction = true
		default:
			return false, fmt.Errorf("line %d: unknown directive %q; the one directive is %q", i+1, v, DirectivePrefix+" "+NoTransactionDirective)
		}
	}
	return noTransaction, nil
}
