package edge

import (
	"github.com/groundwork-iac/groundwork/catalog"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

const (
	// Name is the blueprint's name in groundwork:blueprint.
	Name = catalog.Edge
	// TypeToken is the blueprint component's Pulumi type.
	TypeToken = "groundwork:blueprint:Edge"
	// DefaultEntry is the kit's Worker.
	DefaultEntry = "workloads/edge/src/index.ts"
	// HandlerTimeout is the Worker's per-request deadline.
	HandlerTimeout = workloadenv.DefaultHTTPHandlerTimeout
)
