// Package jobs is the webhook-to-database job workload: a receiver Lambda
// (./receiver) that verifies signed webhooks and queues them on SQS, a worker
// Lambda (./worker) that writes each job once to PostgreSQL through a
// transaction-mode pooler, and a migration command (./migrate) that applies
// the versioned schema (./migrations) over the direct URL.
package jobs
