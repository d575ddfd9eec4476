// Package jobs is the webhook-to-database job workload: a receiver Lambda
// (./receiver) that verifies signed webhooks and queues them on SQS, a worker
// Lambda (./worker) that writes each job once to PostgreSQL through a
// transaction-mode pooler, and a migration command (./migrate).
//
// This package holds the worker's database schema, schema.sql, embedded.
package jobs

import _ "embed"

// Schema is the idempotent DDL of the jobs table (schema.sql).
//
//go:embed schema.sql
var Schema string
