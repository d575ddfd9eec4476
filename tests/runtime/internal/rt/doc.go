// Package rt is the harness of the real-runtime tests: it gives each test a
// fresh database behind the local PgBouncer (scripts/localdb), a TCP proxy
// that can take the database away, an OTLP/HTTP receiver, a log capture that
// checks the JSON log contract, and helpers to build and run the workloads'
// binaries.
//
// A test that lacks something it needs (the local database, the Lambda
// emulator, wrangler) calls [Require]: it skips with the command that
// provides the missing piece, or fails when GROUNDWORK_RUNTIME_TESTS is
// "require", as scripts/test and CI set it, so nothing is silently skipped
// there.
package rt
