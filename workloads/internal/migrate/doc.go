// Package migrate is the versioned migration runner of the kit's three
// blueprints: api (workloads/api/migrations, `api migrate`), jobs
// (workloads/jobs/migrations, `go run ./workloads/jobs/migrate`) and edge
// (workloads/edge/migrations, `go run ./workloads/edge/migrate`).
//
// A blueprint's migrations are files named NNNN_name.sql, embedded in its
// binary, applied in version order over the database's direct URL and
// recorded in a history table of the blueprint's own ([Set]). A file, once
// released, is never edited: its SHA-256 is recorded and an applied file
// whose checksum changed stops the run ([Up]) and shows as "modified" in
// [Status].
//
// Each file runs in its own transaction, with its history row written in
// the same transaction, unless its header carries the directive
//
//	-- migrate: no-transaction
//
// for statements PostgreSQL refuses inside a transaction block, above all
// CREATE INDEX CONCURRENTLY, which builds an index without blocking writes.
// Such a file is split into statements and each runs on its own. Every
// statement runs under lock_timeout ([LockTimeout]), so DDL never queues
// behind a long transaction and never makes the application's queries
// queue behind it, and under statement_timeout set to the time left before
// the run's deadline, so no statement outlives the run on the server, even
// when the runner is killed.
//
// A no-transaction file that fails is recorded as failed, with its error,
// and is retried by the next run: it must therefore be safe to run again
// from the top. A failed CREATE INDEX CONCURRENTLY leaves an INVALID index
// behind, so the file drops it first:
//
//	-- migrate: no-transaction
//	DROP INDEX CONCURRENTLY IF EXISTS notes_body_idx;
//	CREATE INDEX CONCURRENTLY notes_body_idx ON notes (body);
//
// The runner also refuses to record a no-transaction file as applied while
// an index it left is INVALID.
//
// Runs take a session-level advisory lock ([Set.LockKey]) on one direct
// connection, so two runners racing (two deploys, a retried job) apply each
// migration once. The lock is polled with pg_try_advisory_lock rather than
// waited for inside a statement: a runner blocked in pg_advisory_lock holds
// a snapshot, which a concurrent CREATE INDEX CONCURRENTLY would wait for
// while the lock holder waits for the index, a deadlock. A pooled URL is
// refused ([CheckDirect]): behind a transaction pooler the lock guards
// nothing.
package migrate
