package webhook

import (
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/apigatewayv2"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/aws/golambda"
	"github.com/groundwork-iac/groundwork/components/tags"
)

func createAPI(ctx *pulumi.Context, name string, a Args, in *Ingress, parent pulumi.ResourceOption) error {
	t := pulumi.ToStringMap(tags.For(ctx.Project(), ctx.Stack(), name, a.Tags))
	routeKey := "POST " + a.Path
	api, err := apigatewayv2.NewApi(ctx, name+suffixAPI, &apigatewayv2.ApiArgs{
		ProtocolType: pulumi.String("HTTP"),
		Description:  pulumi.String("signed webhook ingress: " + routeKey),
		Tags:         t,
	}, parent)
	if err != nil {
		return err
	}
	integration, err := apigatewayv2.NewIntegration(ctx, name+suffixIntegration, &apigatewayv2.IntegrationArgs{
		ApiId:                api.ID(),
		IntegrationType:      pulumi.String("AWS_PROXY"),
		IntegrationUri:       in.Receiver.TargetArn,
		IntegrationMethod:    pulumi.String("POST"),
		PayloadFormatVersion: pulumi.String(PayloadFormat),
		TimeoutMilliseconds:  pulumi.Int(int(IntegrationTimeout.Milliseconds())),
	}, parent)
	if err != nil {
		return err
	}
	if _, err := apigatewayv2.NewRoute(ctx, name+suffixRoute, &apigatewayv2.RouteArgs{
		ApiId:    api.ID(),
		RouteKey: pulumi.String(routeKey),
		Target:   pulumi.Sprintf("integrations/%s", integration.ID()),
	}, parent); err != nil {
		return err
	}
	logs, err := cloudwatch.NewLogGroup(ctx, name+suffixAccessLogs, &cloudwatch.LogGroupArgs{
		RetentionInDays: pulumi.Int(AccessLogRetentionDays),
		Tags:            t,
	}, parent)
	if err != nil {
		return err
	}
	stage, err := apigatewayv2.NewStage(ctx, name+suffixStage, &apigatewayv2.StageArgs{
		ApiId:      api.ID(),
		Name:       pulumi.String("$default"),
		AutoDeploy: pulumi.Bool(true),
		DefaultRouteSettings: &apigatewayv2.StageDefaultRouteSettingsArgs{
			ThrottlingRateLimit:    pulumi.Float64(a.ThrottleRate),
			ThrottlingBurstLimit:   pulumi.Int(a.ThrottleBurst),
			DetailedMetricsEnabled: pulumi.Bool(true),
		},
		AccessLogSettings: &apigatewayv2.StageAccessLogSettingsArgs{
			DestinationArn: logs.Arn,
			Format:         pulumi.String(accessLogFormat),
		},
		Tags: t,
	}, parent)
	if err != nil {
		return err
	}
	// Only this API's route may invoke the receiver.
	perm := &lambda.PermissionArgs{
		Action:    pulumi.String("lambda:InvokeFunction"),
		Function:  in.Receiver.Name,
		Principal: pulumi.String(APIGatewayPrincipal),
		SourceArn: pulumi.Sprintf("%s/*/POST%s", api.ExecutionArn, a.Path),
	}
	if in.Receiver.Alias != nil {
		perm.Qualifier = pulumi.String(golambda.AliasName)
	}
	if _, err := lambda.NewPermission(ctx, name+suffixPermission, perm, parent); err != nil {
		return err
	}
	if err := createAlarms(ctx, name, a, api, stage, t, parent); err != nil {
		return err
	}
	in.API, in.Stage = api, stage
	in.URL = stage.InvokeUrl.ApplyT(func(u string) string { return strings.TrimSuffix(u, "/") + a.Path }).(pulumi.StringOutput)
	return nil
}
