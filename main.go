// Command groundwork is the Pulumi program: `pulumi up` deploys the blueprint
// the stack's groundwork:blueprint selects. `go run ./cmd/groundwork plan`
// shows the same program offline.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/blueprints"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		report, err := blueprints.Execute(ctx)
		if report.Blueprint != "" {
			_ = ctx.Log.Info(report.Table(), nil)
		}
		for _, w := range report.Warnings() {
			_ = ctx.Log.Warn(w.String(), nil)
		}
		return err
	})
}
