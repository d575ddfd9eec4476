package pulumitest

import (
	"errors"
	"reflect"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AwaitTimeout bounds Await; a program under mocks resolves in milliseconds.
const AwaitTimeout = 10 * time.Second

// Await returns an output's resolved value and whether it is secret. Call it
// after Run returned, on an output the program stored; it never asserts
// inside an ApplyT that nobody waits for.
func Await(o pulumi.Output) (value any, secret bool, err error) {
	et := o.ElementType()
	ch := make(chan any, 1)
	fn := reflect.MakeFunc(reflect.FuncOf([]reflect.Type{et}, []reflect.Type{et}, false),
		func(args []reflect.Value) []reflect.Value {
			ch <- args[0].Interface()
			return args
		})
	o.ApplyT(fn.Interface())
	select {
	case v := <-ch:
		return v, pulumi.IsSecret(o), nil
	case <-time.After(AwaitTimeout):
		return nil, false, errors.New("pulumitest: output did not resolve (unknown during a dry run, or never resolved)")
	}
}
