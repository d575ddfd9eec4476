package jobqueue_test

import (
	"fmt"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/aws/jobqueue"
	"github.com/groundwork-iac/groundwork/components/database"
	"github.com/groundwork-iac/groundwork/pulumitest"
)

// A queue for a consumer that shares a Neon database: its concurrency comes
// from the connection budget.
func ExampleNew() {
	db := database.Endpoint{Provider: database.Neon, MaxConnections: 225, ReservedConnections: 10}
	concurrency, _ := jobqueue.MaxConcurrencyFor(db.ServerSlots(), 1)
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		_, err := jobqueue.New(ctx, "jobs", jobqueue.Args{
			Consumer: jobqueue.Consumer{
				Target:       pulumi.String("arn:aws:lambda:us-east-1:123456789012:function:worker"),
				FunctionName: pulumi.String("worker"),
				RoleName:     pulumi.String("worker-role"),
				Timeout:      time.Minute,
			},
			MaxConcurrency: concurrency,
		})
		return err
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	q := g.Find("aws:sqs/queue:Queue", "jobs-queue")
	vis, _ := q.Number("visibilityTimeoutSeconds")
	m := g.Find("aws:lambda/eventSourceMapping:EventSourceMapping", "jobs-mapping")
	max, _ := m.Number("scalingConfig.maximumConcurrency")
	fmt.Printf("visibility %vs, max concurrency %v\n", vis, max)
	// Output: visibility 360s, max concurrency 202
}
