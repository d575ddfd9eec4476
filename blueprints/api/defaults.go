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
	// MigrateCommand is the argument that makes the api image migrate.
	MigrateCommand = "migrate"
)
