// Package jobs is the background jobs and webhooks blueprint on AWS:
// Lambda + SQS (with DLQ) + EventBridge (rules and Scheduler) + a signed
// webhook ingress, with the worker reaching Postgres through a pooled
// endpoint.
//
// It composes the AWS components only. [Prepare] turns the stack's settings
// into component arguments and budgets, and fails with every problem before
// anything is registered; [Run] then creates:
//
//	jobs (groundwork:blueprint:Jobs)
//	  jobs-db-url       the pooled database URL in Secrets Manager
//	  jobs-otlp-headers the OTLP headers, when configured
//	  jobs-worker       the queue consumer (workloads/jobs/worker)
//	  jobs              the work queue, its DLQ, mapping and alarms
//	  jobs-schedules    EventBridge Scheduler schedules into the queue
//	  jobs-events       a custom bus and rules into the queue
//	  jobs-webhook      the signed webhook ingress (workloads/jobs/receiver)
package jobs
