// Command consumer is an example Pulumi program that imports groundwork's
// components as a user would.
package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() { pulumi.Run(Thumbnails) }
