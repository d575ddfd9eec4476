package migrations

import (
	"strings"
	"testing"
)

func TestEmbeddedMigrations(t *testing.T) {
	set, err := Set()
	if err != nil {
		t.Fatal(err)
	}
	all := set.Migrations
	if len(all) == 0 || all[0].Version != 1 || all[0].Name != "create_notes" || all[0].NoTransaction {
		t.Fatalf("All = %+v", all)
	}
	for _, want := range []string{"CREATE TABLE notes", "gen_random_uuid()", "(created_at DESC, id DESC)"} {
		if !strings.Contains(all[0].SQL, want) {
			t.Errorf("first migration misses %q", want)
		}
	}
	if set.Name != "api" || set.Table != "schema_migrations" || set.LockKey != 0x67776170696d6967 {
		t.Errorf("set = %s %s %#x", set.Name, set.Table, set.LockKey)
	}
}
