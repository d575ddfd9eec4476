package workerlogs

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/pulumi/pulumi-cloudflare/sdk/v5/go/cloudflare"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/components/cloudflare/cfnames"
	"github.com/groundwork-iac/groundwork/components/problem"
	"github.com/groundwork-iac/groundwork/components/workloadenv"
)

// TypeToken is this component's Pulumi type. Changing it replaces every instance.
const TypeToken = "groundwork:cloudflare:WorkerLogs"

const (
	// Dataset is the Logpush dataset of Worker invocations.
	Dataset = "workers_trace_events"
	// BucketItemWrite is the permission group the token gets, by name, as
	// the account lists it: "Workers R2 Storage Bucket Item Write" reads,
	// writes and lists objects of the buckets named in the policy
	// (developers.cloudflare.com/r2/api/tokens/#permissions).
	BucketItemWrite = "Workers R2 Storage Bucket Item Write"
	// MaxRetentionDays bounds RetentionDays at ten years.
	MaxRetentionDays = 3650
	// maxDestination is the API's limit on destination_conf
	// (developers.cloudflare.com/api/resources/logpush/subresources/jobs/methods/create/).
	maxDestination = 4096

	suffixBucket = "-bucket"
	suffixToken  = "-token"
	suffixJob    = "-job"
)

// Fields are the trace event fields the job keeps: what the offline cost
// report and an incident need, in the order Cloudflare lists them
// (developers.cloudflare.com/logs/logpush/logpush-job/datasets/account/workers_trace_events/).
var Fields = []string{"CPUTimeMs", "Event", "EventTimestampMs", "EventType", "Exceptions", "Logs", "Outcome", "ScriptName", "ScriptVersion", "WallTimeMs"}

// Args configure the logs.
type Args struct {
	AccountID string
	// ScriptName is the Worker's script name; the job keeps its events only.
	ScriptName string
	// Destination is a destination_conf the team owns (secret). Nil: the
	// kit's bucket.
	Destination pulumi.StringInput
	// OwnershipChallenge proves the team owns Destination; Cloudflare
	// requires it for S3, Google Cloud Storage, Azure and Sumo Logic.
	OwnershipChallenge string
	// RetentionDays is how long the kit's bucket keeps files; the Worker
	// enforces it. If zero, workloadenv.DefaultLogRetentionDays.
	RetentionDays int
}

// Logs is the component.
type Logs struct {
	pulumi.ResourceState

	// Bucket and Token are nil with Args.Destination.
	Bucket *cloudflare.R2Bucket
	Token  *cloudflare.ApiToken
	Job    *cloudflare.LogpushJob

	// BucketName is the kit's bucket, for the Worker's binding; empty with
	// Args.Destination.
	BucketName pulumi.StringOutput `pulumi:"bucketName"`
}

// Check is pure: the settings' shapes. Destination is checked when its
// value is known (CheckDestination), since it is a secret input.
func (a Args) Check() problem.List {
	var out problem.List
	if a.AccountID == "" {
		out.Add("accountId", "%s", cfnames.AccountIDRequired)
	}
	cfnames.CheckID("accountId", a.AccountID, &out)
	if a.ScriptName == "" {
		out.Add("scriptName", "is required: the Worker whose events the job keeps")
	}
	if d := a.RetentionDays; d < 0 || d > MaxRetentionDays {
		out.Add("retentionDays", "must be between 1 and %d days, got %d; leave it unset for %d", MaxRetentionDays, d, workloadenv.DefaultLogRetentionDays)
	}
	if a.Destination == nil && a.OwnershipChallenge != "" {
		out.Add("ownershipChallenge", "is set without a destination; the kit's own bucket needs none")
	}
	return out
}

// needsChallenge are the destinations Cloudflare asks to prove ownership
// of (the provider's schema: "required when destination is Amazon S3,
// Google Cloud Storage, Microsoft Azure or Sumo Logic").
var needsChallenge = map[string]string{"s3": "Amazon S3", "gs": "Google Cloud Storage", "azure": "Microsoft Azure"}

// CheckDestination checks a destination_conf the team gives. No message
// quotes it: it carries credentials. Only its scheme is named.
func CheckDestination(dest, ownershipChallenge string) problem.List {
	var out problem.List
	scheme, rest, ok := strings.Cut(dest, "://")
	if !ok || scheme == "" || strings.ToLower(scheme) != scheme || strings.ContainsAny(scheme, "/?&=@ ") || rest == "" {
		out.Add("destination", "must be a Logpush destination such as r2://BUCKET/PATH?account-id=...&access-key-id=...&secret-access-key=... or https://HOST/PATH (developers.cloudflare.com/logs/logpush/logpush-job/api-configuration/#destination)")
		return out
	}
	if len(dest) > maxDestination {
		out.Add("destination", "is %d characters, more than Logpush's %d", len(dest), maxDestination)
	}
	product := needsChallenge[scheme]
	if u, err := url.Parse(dest); err == nil && scheme == "https" && strings.HasSuffix(u.Hostname(), ".sumologic.com") {
		product = "Sumo Logic"
	}
	if product != "" && ownershipChallenge == "" {
		out.Add("ownershipChallenge", "is required for destinations on %s: Cloudflare writes it into the destination (developers.cloudflare.com/logs/logpush/logpush-job/logpush-ownership-challenge/); copy it here", product)
	}
	return out
}

// New creates the bucket and its token (without Destination) and the job.
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*Logs, error) {
	if err := args.Check().ErrIn(fmt.Sprintf("workerlogs %q", name)); err != nil {
		return nil, err
	}
	l := &Logs{}
	if err := ctx.RegisterComponentResource(TypeToken, name, l, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(l)
	dest := args.Destination
	l.BucketName = pulumi.String("").ToStringOutput()
	if dest == nil {
		var err error
		if dest, err = l.createBucket(ctx, name, args, parent); err != nil {
			return nil, err
		}
	}
	job := &cloudflare.LogpushJobArgs{
		AccountId:       pulumi.String(args.AccountID),
		Name:            pulumi.String(args.ScriptName),
		Dataset:         pulumi.String(Dataset),
		DestinationConf: pulumi.ToSecret(dest).(pulumi.StringOutput),
		Enabled:         pulumi.Bool(true),
		Filter:          pulumi.String(scriptFilter(args.ScriptName)),
		OutputOptions: &cloudflare.LogpushJobOutputOptionsArgs{
			FieldNames:      pulumi.ToStringArray(Fields),
			OutputType:      pulumi.String("ndjson"),
			TimestampFormat: pulumi.String("rfc3339"),
		},
	}
	if args.OwnershipChallenge != "" {
		job.OwnershipChallenge = pulumi.String(args.OwnershipChallenge)
	}
	var err error
	if l.Job, err = cloudflare.NewLogpushJob(ctx, name+suffixJob, job, parent,
		pulumi.AdditionalSecretOutputs([]string{"destinationConf"})); err != nil {
		return nil, err
	}
	return l, ctx.RegisterResourceOutputs(l, pulumi.Map{"bucketName": l.BucketName})
}

// createBucket makes the bucket, a token that may only write into it, and
// the R2 destination_conf built from the token, a secret.
func (l *Logs) createBucket(ctx *pulumi.Context, name string, a Args, parent pulumi.ResourceOption) (pulumi.StringOutput, error) {
	bucketName := cfnames.Name(ctx, name)
	var err error
	if l.Bucket, err = cloudflare.NewR2Bucket(ctx, name+suffixBucket, &cloudflare.R2BucketArgs{
		AccountId: pulumi.String(a.AccountID), Name: pulumi.String(bucketName),
	}, parent); err != nil {
		return pulumi.StringOutput{}, err
	}
	groups := cloudflare.GetApiTokenPermissionGroupsOutput(ctx, pulumi.Parent(l))
	write := groups.R2().ApplyT(func(r2 map[string]string) (string, error) {
		id, ok := r2[BucketItemWrite]
		if !ok {
			return "", fmt.Errorf("workerlogs %q: the account lists no R2 permission group named %q; the token for Logpush cannot be scoped to the bucket", name, BucketItemWrite)
		}
		return id, nil
	}).(pulumi.StringOutput)
	if l.Token, err = cloudflare.NewApiToken(ctx, name+suffixToken, &cloudflare.ApiTokenArgs{
		Name: pulumi.String(bucketName + " logpush"),
		Policies: cloudflare.ApiTokenPolicyArray{cloudflare.ApiTokenPolicyArgs{
			Effect:           pulumi.String("allow"),
			PermissionGroups: pulumi.StringArray{write},
			// One bucket of the default jurisdiction
			// (developers.cloudflare.com/r2/api/tokens/#permissions).
			Resources: pulumi.StringMap{"com.cloudflare.edge.r2.bucket." + a.AccountID + "_default_" + bucketName: pulumi.String("*")},
		}},
	}, parent); err != nil {
		return pulumi.StringOutput{}, err
	}
	l.BucketName = l.Bucket.Name
	return pulumi.All(l.Bucket.Name, l.Token.ID(), l.Token.Value).ApplyT(func(v []any) string {
		return r2Destination(v[0].(string), a.AccountID, string(v[1].(pulumi.ID)), v[2].(string))
	}).(pulumi.StringOutput), nil
}

// r2Destination is the R2 destination_conf
// (developers.cloudflare.com/logs/logpush/logpush-job/enable-destinations/r2/):
// files land under workloadenv.DefaultLogPrefix + YYYYMMDD.
func r2Destination(bucket, account, tokenID, tokenValue string) string {
	sum := sha256.Sum256([]byte(tokenValue))
	q := url.Values{"account-id": {account}, "access-key-id": {tokenID}, "secret-access-key": {hex.EncodeToString(sum[:])}}
	return "r2://" + bucket + "/" + workloadenv.DefaultLogPrefix + "{DATE}?" + q.Encode()
}

// scriptFilter keeps the events of one script
// (developers.cloudflare.com/logs/logpush/logpush-job/filters/).
func scriptFilter(script string) string {
	b, _ := json.Marshal(map[string]any{"where": map[string]any{"key": "ScriptName", "operator": "eq", "value": script}})
	return string(b)
}
