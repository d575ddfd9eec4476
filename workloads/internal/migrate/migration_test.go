package migrate

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadOrdersByVersion(t *testing.T) {
	fsys := fstest.MapFS{
		"0010_tenth.sql":  {Data: []byte("SELECT 10;")},
		"0002_second.sql": {Data: []byte("-- migrate: no-transaction\nCREATE INDEX CONCURRENTLY i ON t (c);")},
		"0001_first.sql":  {Data: []byte("SELECT 1;")},
		"README.md":       {Data: []byte("not a migration")},
	}
	got, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range got {
		names = append(names, m.Name)
	}
	if strings.Join(names, ",") != "first,second,tenth" || got[2].Version != 10 || got[0].SQL != "SELECT 1;" {
		t.Errorf("Load = %+v", got)
	}
	if got[0].NoTransaction || !got[1].NoTransaction || got[2].NoTransaction {
		t.Errorf("NoTransaction = %v %v %v, want false true false", got[0].NoTransaction, got[1].NoTransaction, got[2].NoTransaction)
	}
	// printf 'SELECT 1;' | sha256sum
	if want := "17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a"; got[0].Checksum != want {
		t.Errorf("checksum = %q, want %q", got[0].Checksum, want)
	}
	if got[0].File() != "0001_first.sql" || got[2].File() != "0010_tenth.sql" {
		t.Errorf("File() = %q, %q", got[0].File(), got[2].File())
	}
}

func TestLoadRejectsBadFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"1_short.sql":         {Data: []byte("SELECT 1;")},
		"0001_Upper.sql":      {Data: []byte("SELECT 1;")},
		"0002_empty.sql":      {Data: []byte("  \n-- only a comment;\n")},
		"0003_a.sql":          {Data: []byte("SELECT 3;")},
		"0003_b.sql":          {Data: []byte("SELECT 3;")},
		"0000_zero.sql":       {Data: []byte("SELECT 0;")},
		"0004_ok.sql.bak.sql": {Data: []byte("SELECT 4;")},
		"0005_typo.sql":       {Data: []byte("-- migrate: no-transactions\nSELECT 5;")},
		"0006_late.sql":       {Data: []byte("SELECT 6;\n-- migrate: no-transaction\nSELECT 7;")},
	}
	_, err := Load(fsys)
	if err == nil {
		t.Fatal("Load accepted bad files")
	}
	for _, want := range []string{`"1_short.sql" must be named NNNN_name.sql`, `"0001_Upper.sql" must be named`,
		`"0002_empty.sql" has no statement`, `"0003_a.sql" and "0003_b.sql" share version 3`,
		`"0000_zero.sql": version must be a positive number`, `"0004_ok.sql.bak.sql" must be named`,
		`"0005_typo.sql": line 1: unknown directive "no-transactions"; the one directive is "-- migrate: no-transaction"`,
		`"0006_late.sql": line 2: the "-- migrate:" directive must come before the first statement`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error misses %q:\n%v", want, err)
		}
	}
}

func TestChecksumCoversTheWholeFile(t *testing.T) {
	got, err := Load(fstest.MapFS{"0001_a.sql": {Data: []byte("SELECT 1;\n")}, "0002_b.sql": {Data: []byte("SELECT 1; -- same statement\n")}})
	if err != nil {
		t.Fatal(err)
	}
	// printf 'SELECT 1;\n' | sha256sum
	if want := "b4e0497804e46e0a0b0b8c31975b062152d551bac49c3c2e80932567b4085dcd"; got[0].Checksum != want {
		t.Errorf("checksum = %q, want %q", got[0].Checksum, want)
	}
	if got[0].Checksum == got[1].Checksum {
		t.Error("a comment added to a file must change its checksum")
	}
}
