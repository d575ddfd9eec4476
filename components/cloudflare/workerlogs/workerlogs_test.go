package workerlogs

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/groundwork-iac/groundwork/pulumitest"
)

const (
	account = "0123456789abcdef0123456789abcdef"
	script  = "groundwork-test-edge"
	job     = "cloudflare:index/logpushJob:LogpushJob"
)

func run(t *testing.T, a Args) (*pulumitest.Graph, *Logs) {
	t.Helper()
	var l *Logs
	g, err := pulumitest.Run(func(ctx *pulumi.Context) error {
		var err error
		l, err = New(ctx, "edge-logs", a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return g, l
}

func TestTheKitsBucketTokenAndJob(t *testing.T) {
	g, l := run(t, Args{AccountID: account, ScriptName: script})
	want := []string{
		"cloudflare:index/apiToken:ApiToken edge-logs-token",
		"cloudflare:index/logpushJob:LogpushJob edge-logs-job",
		"cloudflare:index/r2Bucket:R2Bucket edge-logs-bucket",
	}
	if got := g.ChildSet(g.Find(TypeToken, "edge-logs")); !reflect.DeepEqual(got, want) {
		t.Fatalf("children =\n%q\nwant\n%q", got, want)
	}
	bucket := "groundwork-test-edge-logs"
	if got := g.Find("cloudflare:index/r2Bucket:R2Bucket", "edge-logs-bucket").Redacted(); !reflect.DeepEqual(got, map[string]any{"accountId": account, "name": bucket}) {
		t.Errorf("bucket = %v", got)
	}
	token := g.Find("cloudflare:index/apiToken:ApiToken", "edge-logs-token")
	wantToken := map[string]any{"name": bucket + " logpush", "policies": []any{map[string]any{
		"effect":           "allow",
		"permissionGroups": []any{pulumitest.CloudflareR2BucketItemWrite},
		"resources":        map[string]any{"com.cloudflare.edge.r2.bucket." + account + "_default_" + bucket: "*"},
	}}}
	if got := token.Redacted(); !reflect.DeepEqual(got, wantToken) {
		t.Errorf("token =\n%v\nwant\n%v", got, wantToken)
	}
	j := g.Find(job, "edge-logs-job")
	wantJob := map[string]any{
		"accountId": account, "name": script, "dataset": "workers_trace_events", "enabled": true,
		"destinationConf": "[secret]",
		"filter":          `{"where":{"key":"ScriptName","operator":"eq","value":"groundwork-test-edge"}}`,
		"outputOptions": map[string]any{"fieldNames": []any{"CPUTimeMs", "Event", "EventTimestampMs", "EventType", "Exceptions", "Logs", "Outcome", "ScriptName", "ScriptVersion", "WallTimeMs"},
			"outputType": "ndjson", "timestampFormat": "rfc3339"},
	}
	if got := j.Redacted(); !reflect.DeepEqual(got, wantJob) {
		t.Errorf("job =\n%v\nwant\n%v", got, wantJob)
	}
	// The destination: the bucket, the prefix the Worker cleans, and the
	// credentials derived from the token as Cloudflare documents.
	dest, _ := j.Input("destinationConf")
	if !dest.Secret {
		t.Fatal("destinationConf is not a secret")
	}
	tokenID, tokenValue := token.ID, "pulumitest-token-"
	path, query, _ := strings.Cut(dest.Plain().(string), "?")
	if path != "r2://"+bucket+"/workers/{DATE}" {
		t.Errorf("destination path = %s", path)
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	value, secret, _ := pulumitest.Await(l.Token.Value)
	if !secret || !strings.HasPrefix(value.(string), tokenValue) {
		t.Fatalf("token value secret=%v", secret)
	}
	sum := sha256.Sum256([]byte(value.(string)))
	if q.Get("account-id") != account || q.Get("access-key-id") != tokenID || q.Get("secret-access-key") != hex.EncodeToString(sum[:]) || len(q) != 3 {
		t.Errorf("destination query = %v", q)
	}
	if name, _, _ := pulumitest.Await(l.BucketName); name != bucket {
		t.Errorf("BucketName = %v", name)
	}
}

func TestTheTeamsDestination(t *testing.T) {
	dest := "s3://acme-logs/edge?region=eu-west-1&access-key-id=AKIA1&secret-access-key=s3-secret-42"
	// Given plain, the destination is still a secret in the job.
	g, l := run(t, Args{AccountID: account, ScriptName: script, Destination: pulumi.String(dest), OwnershipChallenge: "challenge-jwt"})
	if got := g.ChildSet(g.Find(TypeToken, "edge-logs")); !reflect.DeepEqual(got, []string{"cloudflare:index/logpushJob:LogpushJob edge-logs-job"}) {
		t.Fatalf("children = %q: no bucket or token for a destination the team owns", got)
	}
	j := g.Find(job, "edge-logs-job")
	if v, _ := j.Input("destinationConf"); !v.Secret || v.Plain() != dest {
		t.Errorf("destinationConf = %+v", v)
	}
	if c, _ := j.String("ownershipChallenge"); c != "challenge-jwt" {
		t.Errorf("ownershipChallenge = %q", c)
	}
	if name, _, _ := pulumitest.Await(l.BucketName); name != "" {
		t.Errorf("BucketName = %v", name)
	}
}

func TestCheck(t *testing.T) {
	got := strings.Join(Args{AccountID: "acme", RetentionDays: 4000, OwnershipChallenge: "x"}.Check().Strings(), "\n")
	want := `accountId must be 32 lower-case hex digits (dashboard, Overview, right column: the id, not the name), got "acme"` + "\n" +
		"scriptName is required: the Worker whose events the job keeps\n" +
		"retentionDays must be between 1 and 3650 days, got 4000; leave it unset for 30\n" +
		"ownershipChallenge is set without a destination; the kit's own bucket needs none"
	if got != want {
		t.Errorf("Check() =\n%s\nwant\n%s", got, want)
	}
}

func TestCheckDestinationNamesNoCredential(t *testing.T) {
	const canary = "Zq0d3adb33fKw"
	cases := map[string]string{
		"no scheme":     "acme-logs/edge?secret=" + canary,
		"s3 unproven":   "s3://acme/edge?secret-access-key=" + canary,
		"sumo unproven": "https://collectors.sumologic.com/receiver/v1/http/" + canary,
		"too long":      "https://logs.example.com/" + strings.Repeat(canary, 400),
	}
	want := map[string]string{
		"no scheme":     "destination must be a Logpush destination such as r2://BUCKET/PATH?account-id=...&access-key-id=...&secret-access-key=... or https://HOST/PATH (developers.cloudflare.com/logs/logpush/logpush-job/api-configuration/#destination)",
		"s3 unproven":   "ownershipChallenge is required for destinations on Amazon S3: Cloudflare writes it into the destination (developers.cloudflare.com/logs/logpush/logpush-job/logpush-ownership-challenge/); copy it here",
		"sumo unproven": "ownershipChallenge is required for destinations on Sumo Logic: Cloudflare writes it into the destination (developers.cloudflare.com/logs/logpush/logpush-job/logpush-ownership-challenge/); copy it here",
		"too long":      "destination is 5225 characters, more than Logpush's 4096",
	}
	for name, dest := range cases {
		got := strings.Join(CheckDestination(dest, "").Strings(), "\n")
		if got != want[name] {
			t.Errorf("%s: %s\nwant %s", name, got, want[name])
		}
		if strings.Contains(got, canary[:8]) {
			t.Errorf("%s: the message quotes the destination", name)
		}
	}
	if got := CheckDestination("s3://acme/edge?region=eu-west-1", "jwt"); len(got) != 0 {
		t.Errorf("proven s3: %q", got.Strings())
	}
	if got := CheckDestination("datadog://http-intake.logs.datadoghq.com/api/v2/logs?header_DD-API-KEY=k", ""); len(got) != 0 {
		t.Errorf("datadog: %q", got.Strings())
	}
}
