// Command groundwork is the Pulumi program: `pulumi up` deploys the blueprint
// the stack's groundwork:blueprint selects. `go run ./cmd/groundwork plan`
// shows the same program offline.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/blueprints"
)

func main() {
	pulumi.Run(blueprints.Program)
}
