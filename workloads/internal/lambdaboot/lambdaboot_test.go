package lambdaboot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/groundwork-iac/groundwork/workloads/internal/envconf"
)

type fakeSecrets struct{ asked []string }

func (f *fakeSecrets) GetSecretValue(_ context.Context, in *secretsmanager.GetSecretValueInput, _ ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error) {
	f.asked = append(f.asked, aws.ToString(in.SecretId))
	return &secretsmanager.GetSecretValueOutput{SecretString: aws.String("from-secrets-manager")}, nil
}

func boot(env map[string]string) (*Boot, *fakeSecrets) {
	f := &fakeSecrets{}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	return &Boot{Secrets: f, SecretTimeout: time.Second, env: &envconf.Reader{Lookup: lookup}}, f
}

func TestSecret(t *testing.T) {
	b, f := boot(map[string]string{"KEY_ARN": "arn:1"})
	if v, err := b.Secret(context.Background(), "KEY", "KEY_ARN"); err != nil || v != "from-secrets-manager" || len(f.asked) != 1 || f.asked[0] != "arn:1" {
		t.Errorf("by ARN: %q, %v, asked %v", v, err, f.asked)
	}

	b, f = boot(map[string]string{"KEY": "local", "KEY_ARN": "arn:1"})
	if v, err := b.Secret(context.Background(), "KEY", "KEY_ARN"); err != nil || v != "local" || len(f.asked) != 0 {
		t.Errorf("local override: %q, %v, asked %v", v, err, f.asked)
	}

	b, _ = boot(nil)
	if _, err := b.Secret(context.Background(), "KEY", "KEY_ARN"); err == nil || !strings.Contains(err.Error(), "KEY_ARN") {
		t.Errorf("neither set: %v", err)
	}
}
