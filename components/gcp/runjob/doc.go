// Package runjob deploys a container as a Cloud Run job: a task that runs to
// completion, such as database migrations. It gets its own service account
// (log writing, and accessor on exactly its secrets), secrets as Secret
// Manager references, an explicit timeout and an explicit retry count, and
// the telemetry contract's logging settings (JSON logs with its service
// name; a job exports no spans).
//
// For migrations, give it the database's direct URL: schema changes and
// advisory locks never go through a transaction pooler. Run it with
// `gcloud run jobs execute NAME --region REGION --wait` before shifting
// traffic to a revision that needs the new schema.
package runjob
