// Package golambda deploys a Go main package as an AWS Lambda function with
// the production settings the platform leaves off.
//
// New builds the package to a linux/arm64 `bootstrap` (static, trimmed,
// reproducible: the same source gives the same zip, so unchanged code never
// redeploys) and creates, as children of one component:
//
//   - the function: provided.al2023, arm64, an explicit timeout and memory,
//     JSON logs with application and system levels, active tracing, and the
//     telemetry contract's environment;
//   - its log group, with retention (the platform default keeps logs forever);
//   - its own role, trusted only by Lambda on behalf of this account, with
//     exactly the statements it needs: its log group, X-Ray, the secrets it
//     reads by ARN, and whatever the caller adds;
//   - optionally reserved concurrency, and provisioned concurrency on a
//     "live" alias (always-warm mode for latency-critical functions).
//
// Secrets never enter the environment as values: [Args.Secrets] puts a
// secret's ARN in an environment variable and grants read access to it.
package golambda
