// Package runservice deploys a container as a Cloud Run service with the
// settings production needs and the platform leaves implicit:
//
//   - an explicit request timeout (DefaultRequestTimeout, not the platform's 300 s),
//     per-instance concurrency, min and max instances, CPU and memory with
//     startup CPU boost, the gen2 execution environment;
//   - HTTP startup and liveness probes on the workload's health endpoint;
//   - the telemetry contract's environment; secrets only as Secret Manager
//     references, pinned to a version, never as values;
//   - its own service account with only logging writer, metric writer and
//     trace agent on the project, and accessor on exactly its secrets;
//   - invoker IAM: allUsers only when Public is set, otherwise the listed
//     members;
//   - with ImageManagedExternally, ignore-changes on the image so a CI
//     deploy is not reverted by the next `pulumi up`.
//
// Without an OTLP endpoint, spans go straight to Cloud Trace's OTLP endpoint
// (telemetry.googleapis.com) with the service account's credentials: no
// collector sidecar to size, start and pay for on every instance.
package runservice
