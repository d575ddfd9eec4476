package migrate

import (
	"strings"
	"testing"

	"github.com/groundwork-iac/groundwork/components/database"
)

func TestCheckDirect(t *testing.T) {
	for _, tc := range []struct {
		url  string
		want string // "" when accepted
	}{
		{"postgres://app:s3cret@ep-cool-1234.eu-central-1.aws.neon.tech/app?sslmode=require", ""},
		{"postgresql://postgres:s3cret@db.abcdefghijklmnop.supabase.co:5432/postgres", ""},
		{"postgres://app:s3cret@127.0.0.1:55432/app?sslmode=disable", ""},
		{"postgres://app:s3cret@mydb.cluster-abc.us-east-1.rds.amazonaws.com:5432/app", ""},
		{"postgres://app:s3cret@ep-cool-1234-pooler.eu-central-1.aws.neon.tech/app?sslmode=require",
			"DATABASE_DIRECT_URL names a pooled endpoint (host ep-cool-1234-pooler.eu-central-1.aws.neon.tech, Neon's pooled endpoint; use the host without -pooler)"},
		{"postgresql://postgres.ref:s3cret@aws-0-eu-central-1.pooler.supabase.com:6543/postgres",
			"(host aws-0-eu-central-1.pooler.supabase.com, port 6543, Supabase's transaction pooler; use the direct connection on port 5432)"},
		{"postgres://app:s3cret@app.proxy-abc123.us-east-1.rds.amazonaws.com/app",
			"(host app.proxy-abc123.us-east-1.rds.amazonaws.com, an RDS Proxy endpoint; use the database instance's own endpoint)"},
		{"postgres://app:s3cret@host:port/app", "migrate: database URL is not a valid PostgreSQL connection string"},
	} {
		err := CheckDirect(tc.url)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("CheckDirect(%s) = %v, want accepted", tc.url, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("CheckDirect(%s) = %v, want an error with %q", tc.url, err, tc.want)
		case err != nil && strings.Contains(err.Error(), "s3cret"):
			t.Errorf("the error quotes the password: %v", err)
		}
	}
}

// TestCheckDirectAgreesWithTheEndpointContract ties the workload-side
// detection to components/database, which validates the stack's URLs: a
// URL the plan calls pooled is refused here, and a direct one accepted.
func TestCheckDirectAgreesWithTheEndpointContract(t *testing.T) {
	for _, tc := range []struct {
		provider database.Provider
		url      string
	}{
		{database.Neon, "postgres://a:b@ep-x-1-pooler.us-east-2.aws.neon.tech/db"},
		{database.Neon, "postgres://a:b@ep-x-1.us-east-2.aws.neon.tech/db"},
		{database.Supabase, "postgres://a:b@aws-0-eu-west-1.pooler.supabase.com:6543/postgres"},
		{database.Supabase, "postgres://a:b@db.ref.supabase.co:5432/postgres"},
		{database.RDSProxy, "postgres://a:b@name.proxy-abc.us-east-1.rds.amazonaws.com:5432/db"},
		{database.RDSProxy, "postgres://a:b@name.abc.us-east-1.rds.amazonaws.com:5432/db"},
	} {
		u, err := database.ParseURL(tc.url)
		if err != nil {
			t.Fatal(err)
		}
		pooled := database.IsPooled(tc.provider, u)
		if refused := CheckDirect(tc.url) != nil; refused != pooled {
			t.Errorf("%s %s: components/database says pooled=%v, CheckDirect refused=%v", tc.provider, tc.url, pooled, refused)
		}
	}
}
