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

// Thumbnails is this team's infrastructure: their own worker, built from
// their own module, behind groundwork's job queue.
func Thumbnails(ctx *pulumi.Context) error {
	worker, err := golambda.New(ctx, "thumbnailer", golambda.Args{
		Package:   "./cmd/thumbnailer",
		Timeout:   30 * time.Second,
		MemoryMB:  1024,
		Telemetry: telemetry.Settings{Environment: ctx.Stack()},
	})
	if err != nil {
		return err
	}
	// Size consumer concurrency from the database the worker shares.
	db := database.Endpoint{Provider: database.Neon, MaxConnections: 112, ReservedConnections: 12}
	concurrency, _ := budgets.MaxConcurrencyFor(db.ServerSlots(), 1)
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
