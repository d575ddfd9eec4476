package migrate

import (
	"bytes"
	"testing"
	"time"
)

func TestReportPrint(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	rep := Report{Set: "jobs", Table: "groundwork_jobs_schema_migrations", Entries: []Entry{
		{Version: 1, Name: "create_groundwork_jobs", State: StateApplied, AppliedAt: at, Checksum: "0123456789abcdef0123"},
		{Version: 2, Name: "index_processed_at", State: StateFailed, AppliedAt: at, Checksum: "fedcba9876543210fedc", NoTransaction: true,
			Note: "statement 2 of 2: ERROR: canceling statement due to lock timeout (SQLSTATE 55P03)"},
		{Version: 3, Name: "add_route", State: StatePending, Checksum: "aaaaaaaaaaaaaaaaaaaa"},
		{Version: 9, Name: "from_the_future", State: StateUnknown, AppliedAt: at, Checksum: "bbbbbbbbbbbbbbbbbbbb",
			Note: "not in this binary: a newer release migrated the database"},
	}}
	var out bytes.Buffer
	if err := rep.Print(&out); err != nil {
		t.Fatal(err)
	}
	want := `version  name                    state    applied at            checksum      note
0001     create_groundwork_jobs  applied  2026-12-01T09:30:00Z  0123456789ab  
0002     index_processed_at      failed   2026-12-01T09:30:00Z  fedcba987654  statement 2 of 2: ERROR: canceling statement due to lock timeout (SQLSTATE 55P03); no transaction
0003     add_route               pending  -                     aaaaaaaaaaaa  
0009     from_the_future         unknown  2026-12-01T09:30:00Z  bbbbbbbbbbbb  not in this binary: a newer release migrated the database
jobs: 3 migrations in groundwork_jobs_schema_migrations: 1 applied, 1 pending, 1 failed, 0 modified, 1 unknown
`
	if out.String() != want {
		t.Errorf("Print:\n%s\nwant:\n%s", out.String(), want)
	}
}
