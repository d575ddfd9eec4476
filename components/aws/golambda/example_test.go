package golambda_test

import (
	"fmt"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/aws/golambda"
	"github.com/groundwork-iac/groundwork/pulumitest"
)

// Deploy a main package of your own module; secrets are passed by ARN.
func ExampleNew() {
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		_, err := golambda.New(ctx, "worker", golambda.Args{
			Package: "./testdata/hello",
			Timeout: time.Minute,
			Secrets: []golambda.SecretEnv{{Env: "DATABASE_URL_SECRET_ARN",
				ARN: pulumi.String("arn:aws:secretsmanager:us-east-1:123456789012:secret:db")}},
		})
		return err
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range g.ChildSet(g.Find(golambda.TypeToken, "worker")) {
		fmt.Println(c)
	}
	// Output:
	// aws:cloudwatch/logGroup:LogGroup worker-logs
	// aws:iam/role:Role worker-role
	// aws:iam/rolePolicy:RolePolicy worker-policy
	// aws:lambda/function:Function worker-function
}
