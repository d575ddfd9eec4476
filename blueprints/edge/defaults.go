package edge

import "github.com/groundwork-iac/groundwork/catalog"

const (
	// Name is the blueprint's name in groundwork:blueprint.
	Name = catalog.Edge
	// TypeToken is the blueprint component's Pulumi type.
	TypeToken = "groundwork:blueprint:Edge"
	// DefaultEntry is the kit's Worker.
	DefaultEntry = "workloads/edge/src/index.ts"
)
