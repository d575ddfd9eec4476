package awssecret

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

type fakeClient struct {
	out   *secretsmanager.GetSecretValueOutput
	err   error
	block bool
	gotID string
}

func (f *fakeClient) GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, _ ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error) {
	f.gotID = aws.ToString(in.SecretId)
	if f.block {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return f.out, f.err
}

const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"

func TestFetch(t *testing.T) {
	tests := []struct {
		name    string
		client  *fakeClient
		want    string
		wantErr string
	}{
		{"string", &fakeClient{out: &secretsmanager.GetSecretValueOutput{SecretString: aws.String("s3cret\n")}}, "s3cret", ""},
		{"binary", &fakeClient{out: &secretsmanager.GetSecretValueOutput{SecretBinary: []byte("bin")}}, "bin", ""},
		{"empty", &fakeClient{out: &secretsmanager.GetSecretValueOutput{SecretString: aws.String(" ")}}, "", "is empty"},
		{"error", &fakeClient{err: errors.New("AccessDenied")}, "", "AccessDenied"},
		{"timeout", &fakeClient{block: true}, "", "deadline exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Fetch(context.Background(), tt.client, arn, 20*time.Millisecond)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), arn) {
					t.Fatalf("err = %v, want one naming %q and the ARN", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want || tt.client.gotID != arn {
				t.Fatalf("Fetch = %q, %v (asked for %q)", got, err, tt.client.gotID)
			}
		})
	}
	if _, err := Fetch(context.Background(), &fakeClient{}, "", time.Second); err == nil {
		t.Error("empty ARN accepted")
	}
}
