// Command standin is a stand-in Pulumi resource provider for one package:
//
//	standin -schema schemas/aws.json -record /tmp/x/aws.jsonl [-work 30ms]
//
// It prints the port it listens on first (as provider plugins do), then
// serves until killed. Attach it with PULUMI_DEBUG_PROVIDERS=aws:PORT.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"

	"github.com/groundwork-iac/groundwork/tests/engine/schema"
	"github.com/groundwork-iac/groundwork/tests/engine/standin"
)

func main() {
	schemaPath := flag.String("schema", "", "the package's schema (schemas/NAME.json)")
	recordPath := flag.String("record", "", "JSON-lines file to append the operations to")
	work := flag.Duration("work", 30*time.Millisecond, "how long a create, update or delete takes")
	flag.Parse()
	if err := run(*schemaPath, *recordPath, *work); err != nil {
		fmt.Fprintln(os.Stderr, "standin:", err)
		os.Exit(1)
	}
}

func run(schemaPath, recordPath string, work time.Duration) error {
	pkg, err := schema.Load(schemaPath)
	if err != nil {
		return err
	}
	rec, err := standin.NewRecorder(recordPath, pkg.Name)
	if err != nil {
		return err
	}
	p := &standin.Provider{Schema: pkg, Rec: rec, Work: work}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(s *grpc.Server) error {
			pulumirpc.RegisterResourceProviderServer(s, p)
			return nil
		},
		Options: rpcutil.OpenTracingServerInterceptorOptions(nil),
	})
	if err != nil {
		return err
	}
	fmt.Printf("%d\n", handle.Port)
	return <-handle.Done
}
