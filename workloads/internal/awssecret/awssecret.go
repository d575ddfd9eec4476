// Package awssecret reads a secret's value from AWS Secrets Manager, with a
// timeout, for workloads that receive secrets by ARN (the *_SECRET_ARN
// variables of components/workloadenv).
//
// Errors name the secret's ARN, never its value.
package awssecret

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// Client is the part of *secretsmanager.Client that Fetch uses.
type Client interface {
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, opts ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

// Fetch returns the current value of the secret arn, trimmed of surrounding
// whitespace (a trailing newline is a common accident when a secret is set
// from a file). The call is bounded by timeout; zero or less means no bound
// beyond ctx.
func Fetch(ctx context.Context, client Client, arn string, timeout time.Duration) (string, error) {
	if arn == "" {
		return "", errors.New("awssecret: no secret ARN given")
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	out, err := client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(arn)})
	if err != nil {
		return "", fmt.Errorf("awssecret: read %s: %w", arn, err)
	}
	var value string
	switch {
	case out.SecretString != nil:
		value = *out.SecretString
	case out.SecretBinary != nil:
		value = string(out.SecretBinary)
	}
	value = strings.TrimSpace(value)
	if value == "" {
		return "", fmt.Errorf("awssecret: secret %s is empty", arn)
	}
	return value, nil
}
