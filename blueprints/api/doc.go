// Package api is the API + Postgres blueprint on Google Cloud: one container
// on Cloud Run that scales to zero, reaching Neon through Neon's pooled
// (PgBouncer, transaction mode) endpoint, with migrations run by a Cloud Run
// job over the direct endpoint.
//
// It composes the GCP components only. [Prepare] validates the settings and
// the budgets before anything is registered; [Run] creates:
//
//	api (groundwork:blueprint:API)
//	  api-db-url         the pooled URL in Secret Manager (the service reads it)
//	  api-db-direct-url  the direct URL in Secret Manager (the migrations job reads it)
//	  api-otlp-headers   the OTLP headers, when configured
//	  api                the Cloud Run service, its service account and invoker IAM
//	  api-migrate        the migrations job and its service account
package api
