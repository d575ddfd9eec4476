package edge

import "github.com/groundwork-iac/groundwork/components/workloadenv"

const (
	// Name is the blueprint's name in groundwork:blueprint.
	Name = "edge"
	// TypeToken is the blueprint component's Pulumi type.
	TypeToken = "groundwork:blueprint:Edge"
	// DefaultEntry is the kit's Worker.
	DefaultEntry = "workloads/edge/src/index.ts"
	// DefaultConnectTimeout: 5 s, well inside Hyperdrive's 15 s, so a wrong
	// setup fails fast instead of retrying 3 x 30 s past the Worker's life.
	DefaultConnectTimeout = workloadenv.DefaultConnectTimeout
	// DefaultStatementTimeout: 10 s, far below Hyperdrive's 60 s cap.
	DefaultStatementTimeout = workloadenv.DefaultStatementTimeout
	// HandlerTimeout is the Worker's per-request deadline.
	HandlerTimeout = workloadenv.DefaultHTTPHandlerTimeout
	// ExportTimeout bounds a span export in waitUntil.
	ExportTimeout = workloadenv.DefaultOTLPExportTimeout
)
