// Package pulumitest runs a Pulumi Go program under strict mocks and returns
// the graph of every resource it registered: type, name, parent, inputs and
// options, with secrets still marked as secrets.
//
// It is the harness groundwork's own tests use, and it is public so you can
// test programs that import groundwork's components the same way:
//
//	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
//		_, err := jobqueue.New(ctx, "jobs", args)
//		return err
//	})
//	q := g.Find("aws:sqs/queue:Queue", "jobs-queue")
//	vis, _ := q.Input("visibilityTimeoutSeconds")
//
// Strictness: a provider function call (invoke) with no mock fails the run,
// and so does a custom resource whose type has no output model, so a test
// never reads an empty ARN by accident. The models for the AWS types the kit
// uses are built in; add your own with [WithOutputs] and [WithCall].
package pulumitest
