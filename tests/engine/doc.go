// Package engine deploys groundwork's real program through the real Pulumi
// engine (the CLI at the SDK's pinned version, an Automation API inline
// program, the file backend) against stand-in provider processes that
// check every input against the providers' schemas. See README.md.
package engine

//go:generate go run ./cmd/schemagen -out schemas
