package api

import "github.com/groundwork-iac/groundwork/catalog"

const (
	// Name is the blueprint's name in groundwork:blueprint.
	Name = catalog.API
	// TypeToken is the blueprint component's Pulumi type.
	TypeToken = "groundwork:blueprint:API"
	// WarmInstances is the minimum instance count in always-warm mode: one
	// instance removes the cold start from the first request.
	WarmInstances = 1
	// MaxPoolSize bounds api.dbPoolSize: with transaction pooling a
	// connection is held for a transaction only, so an instance serving its
	// concurrency never needs more, and more would starve the server.
	MaxPoolSize = 100
	// MigrateCommand is the argument that makes the api image migrate.
	MigrateCommand = "migrate"
	// PlaceholderImage is what the service runs, with imageManagedBy
	// external and no image yet, until CI deploys the real one: Google's
	// public sample, which answers every path with 200 on PORT
	// (cloud.google.com/run/docs/quickstarts/deploy-container).
	PlaceholderImage = "us-docker.pkg.dev/cloudrun/container/hello:latest"
)
