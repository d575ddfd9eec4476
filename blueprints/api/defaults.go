package api

import (
	"github.com/groundwork-iac/groundwork/components/gcp/runservice"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

const (
	// Name is the blueprint's name in groundwork:blueprint.
	Name = "api"
	// TypeToken is the blueprint component's Pulumi type.
	TypeToken = "groundwork:blueprint:API"
	// DefaultStatementTimeout and DefaultPoolSize are the workload's own
	// defaults, set explicitly (reasons in workloadenv).
	DefaultStatementTimeout = workloadenv.DefaultStatementTimeout
	DefaultPoolSize         = workloadenv.DefaultAPIPoolSize
	// WarmInstances is the minimum instance count in always-warm mode: one
	// instance removes the cold start from the first request.
	WarmInstances = 1
	// MaxInstancesCap bounds a derived max instance count.
	MaxInstancesCap = runservice.DefaultMaxInstancesCap
	// MigrateCommand is the argument that makes the api image migrate.
	MigrateCommand = "migrate"
)
