package golambda

import (
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/aws/iampolicy"
)

// LambdaPrincipal is the service that assumes function roles.
const LambdaPrincipal = "lambda.amazonaws.com"

// Statements is the function's own least-privilege policy: write to its log
// group (the group exists, so no logs:CreateLogGroup), send trace segments
// (X-Ray has no resource-level permissions), read its secrets, plus extra.
func Statements(logGroupArn pulumi.StringInput, secrets []SecretEnv, extra []iampolicy.Statement) []iampolicy.Statement {
	stmts := []iampolicy.Statement{
		{Sid: "WriteOwnLogs", Actions: []string{"logs:CreateLogStream", "logs:PutLogEvents"},
			Resources: iampolicy.Inputs(pulumi.Sprintf("%s:*", logGroupArn))},
		{Sid: "SendTraces", Actions: []string{"xray:PutTraceSegments", "xray:PutTelemetryRecords"},
			Resources: iampolicy.Strings("*")},
	}
	if len(secrets) > 0 {
		s := iampolicy.Statement{Sid: "ReadOwnSecrets", Actions: []string{"secretsmanager:GetSecretValue"}}
		for _, sec := range secrets {
			s.Resources = append(s.Resources, sec.ARN)
		}
		stmts = append(stmts, s)
	}
	return append(stmts, extra...)
}

func createRole(ctx *pulumi.Context, name string, a Args, logs *cloudwatch.LogGroup, tags pulumi.StringMap, parent pulumi.ResourceOrInvokeOption) (*iam.Role, *iam.RolePolicy, error) {
	account := aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, parent).AccountId()
	ra := &iam.RoleArgs{
		Description:      pulumi.Sprintf("execution role of %s", name),
		AssumeRolePolicy: iampolicy.AssumeRole(LambdaPrincipal, account),
		Tags:             tags,
	}
	if t := a.Transforms.Role; t != nil {
		t(ra)
	}
	role, err := iam.NewRole(ctx, name+suffixRole, ra, parent)
	if err != nil {
		return nil, nil, err
	}
	policy, err := iam.NewRolePolicy(ctx, name+suffixPolicy, &iam.RolePolicyArgs{
		Role:   role.Name,
		Policy: iampolicy.Document(Statements(logs.Arn, a.Secrets, a.Statements)...),
	}, parent)
	return role, policy, err
}

func createLogGroup(ctx *pulumi.Context, name string, a Args, tags pulumi.StringMap, parent pulumi.ResourceOrInvokeOption) (*cloudwatch.LogGroup, error) {
	la := &cloudwatch.LogGroupArgs{
		RetentionInDays: pulumi.Int(a.LogRetentionDays),
		Tags:            tags,
	}
	if t := a.Transforms.LogGroup; t != nil {
		t(la)
	}
	return cloudwatch.NewLogGroup(ctx, name+suffixLogs, la, parent)
}
