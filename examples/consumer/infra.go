package main

import (
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/aws/golambda"
	"github.com/groundwork-iac/groundwork/components/aws/jobqueue"
	"github.com/groundwork-iac/groundwork/components/budgets"
	"github.com/groundwork-iac/groundwork/components/database"
	"github.com/groundwork-iac/groundwork/components/telemetry"
)

// This team's own settings.
const (
	workerTimeout = 30 * time.Second
	// resizeDeadline is the worker's own deadline for one image.
	resizeDeadline = 25 * time.Second
)

// Thumbnails is this team's infrastructure: their own worker, built from
// their own module, behind groundwork's job queue, with the budgets the
// jobs blueprint checks assembled from the same components' rungs and
// checked before anything is created.
func Thumbnails(ctx *pulumi.Context) error {
	if err := Budgets(resizeDeadline, workerTimeout).Err(); err != nil {
		return err
	}
	worker, err := golambda.New(ctx, "thumbnailer", golambda.Args{
		Package:   "./cmd/thumbnailer",
		Timeout:   workerTimeout,
		MemoryMB:  1024,
		Telemetry: telemetry.Settings{Environment: ctx.Stack()},
	})
	if err != nil {
		return err
	}
	// Size consumer concurrency from the database the worker shares.
	db := database.Endpoint{Provider: database.Neon, MaxConnections: 112, ReservedConnections: 12}
	concurrency, _ := jobqueue.MaxConcurrencyFor(db.ServerSlots(), 1)
	queue, err := jobqueue.New(ctx, "thumbnails", jobqueue.Args{
		Consumer:       jobqueue.ConsumerOf(worker),
		BatchSize:      5,
		MaxConcurrency: concurrency,
	})
	if err != nil {
		return err
	}
	ctx.Export("queueUrl", queue.QueueURL)
	return nil
}

// Budgets nests the team's deadline inside the Lambda's timeout, inside
// Lambda's maximum, and holds the queue's visibility timeout to the floor
// the timeout sets: the rungs come from golambda and jobqueue.
func Budgets(deadline, timeout time.Duration) budgets.Report {
	r := budgets.Report{Blueprint: "thumbnails"}
	r.Ladders = append(r.Ladders, budgets.Ladder{Name: "thumbnailer timeouts", Rungs: append(
		[]budgets.Rung{{Name: "resize deadline", Knob: "resizeDeadline", Value: deadline}},
		golambda.TimeoutRungs("thumbnailer", "workerTimeout", timeout)...)})
	r.Floors = append(r.Floors, jobqueue.VisibilityRule("thumbnails queue", "VisibilityTimeout",
		jobqueue.VisibilityFloor(timeout, 0), timeout, 0))
	r.Check()
	return r
}
