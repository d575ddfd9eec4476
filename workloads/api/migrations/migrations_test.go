package migrations

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadOrdersByVersion(t *testing.T) {
	fsys := fstest.MapFS{
		"0010_tenth.sql":  {Data: []byte("SELECT 10;")},
		"0002_second.sql": {Data: []byte("SELECT 2;")},
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
}

func TestLoadRejectsBadFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"1_short.sql":         {Data: []byte("SELECT 1;")},
		"0001_Upper.sql":      {Data: []byte("SELECT 1;")},
		"0002_empty.sql":      {Data: []byte("  \n")},
		"0003_a.sql":          {Data: []byte("SELECT 3;")},
		"0003_b.sql":          {Data: []byte("SELECT 3;")},
		"0000_zero.sql":       {Data: []byte("SELECT 0;")},
		"0004_ok.sql.bak.sql": {Data: []byte("SELECT 4;")},
	}
	_, err := Load(fsys)
	if err == nil {
		t.Fatal("Load accepted bad files")
	}
	for _, want := range []string{`"1_short.sql" must be named`, `"0001_Upper.sql" must be named`,
		`"0002_empty.sql" is empty`, `"0003_a.sql" and "0003_b.sql" share version 3`,
		`"0000_zero.sql": version must be a positive number`, `"0004_ok.sql.bak.sql" must be named`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error misses %q:\n%v", want, err)
		}
	}
}

func TestEmbeddedMigrations(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) == 0 || all[0].Version != 1 || all[0].Name != "create_notes" {
		t.Fatalf("All = %+v", all)
	}
	for _, want := range []string{"CREATE TABLE notes", "gen_random_uuid()", "(created_at DESC, id DESC)"} {
		if !strings.Contains(all[0].SQL, want) {
			t.Errorf("first migration misses %q", want)
		}
	}
}
