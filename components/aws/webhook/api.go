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
	var keys []string
	for _, e := range a.Endpoints {
		keys = append(keys, "POST "+e.Path)
	}
	api, err := apigatewayv2.NewApi(ctx, name+suffixAPI, &apigatewayv2.ApiArgs{
		ProtocolType: pulumi.String("HTTP"),
		Description:  pulumi.String("signed webhook ingress: " + strings.Join(keys, ", ")),
		Tags:         t,
	}, parent)
	if err != nil {
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
	urls := pulumi.StringMap{}
	for i, e := range a.Endpoints {
		if err := createRoute(ctx, childPrefix(name, i, e), e, api, in.Receivers[i], parent); err != nil {
			return err
		}
		path := e.Path
		urls[e.Name] = stage.InvokeUrl.ApplyT(func(u string) string { return strings.TrimSuffix(u, "/") + path }).(pulumi.StringOutput)
	}
	if err := createAlarms(ctx, name, a, api, stage, t, parent); err != nil {
		return err
	}
	in.API, in.Stage = api, stage
	in.URL = urls[a.Endpoints[0].Name].ToStringOutput()
	in.URLs = urls.ToStringMapOutput()
	return nil
}

// createRoute is one endpoint's integration, route and invoke permission.
func createRoute(ctx *pulumi.Context, prefix string, e Endpoint, api *apigatewayv2.Api, fn *golambda.Function, parent pulumi.ResourceOption) error {
	integration, err := apigatewayv2.NewIntegration(ctx, prefix+suffixIntegration, &apigatewayv2.IntegrationArgs{
		ApiId:                api.ID(),
		IntegrationType:      pulumi.String("AWS_PROXY"),
		IntegrationUri:       fn.TargetArn,
		IntegrationMethod:    pulumi.String("POST"),
		PayloadFormatVersion: pulumi.String(PayloadFormat),
		TimeoutMilliseconds:  pulumi.Int(int(IntegrationTimeout.Milliseconds())),
	}, parent)
	if err != nil {
		return err
	}
	if _, err := apigatewayv2.NewRoute(ctx, prefix+suffixRoute, &apigatewayv2.RouteArgs{
		ApiId:    api.ID(),
		RouteKey: pulumi.String("POST " + e.Path),
		Target:   pulumi.Sprintf("integrations/%s", integration.ID()),
	}, parent); err != nil {
		return err
	}
	// Only this API's route may invoke the endpoint's receiver.
	perm := &lambda.PermissionArgs{
		Action:    pulumi.String("lambda:InvokeFunction"),
		Function:  fn.Name,
		Principal: pulumi.String(APIGatewayPrincipal),
		SourceArn: pulumi.Sprintf("%s/*/POST%s", api.ExecutionArn, e.Path),
	}
	if fn.Alias != nil {
		perm.Qualifier = pulumi.String(golambda.AliasName)
	}
	_, err = lambda.NewPermission(ctx, prefix+suffixPermission, perm, parent)
	return err
}
