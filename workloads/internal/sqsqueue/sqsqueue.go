// Package sqsqueue sends job messages to an Amazon SQS queue, with the
// telemetry contract's propagation fields as String message attributes.
package sqsqueue

import (
	"context"
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// SendAPI is the part of *sqs.Client that Queue uses.
type SendAPI interface {
	SendMessage(ctx context.Context, in *sqs.SendMessageInput, opts ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
}

// Queue sends to one queue URL.
type Queue struct {
	Client SendAPI
	URL    string
}

// Send sends body with attrs as String message attributes and returns the
// message id. Attributes with empty values are left out: SQS rejects them.
func (q *Queue) Send(ctx context.Context, body string, attrs map[string]string) (string, error) {
	in := &sqs.SendMessageInput{
		QueueUrl:          aws.String(q.URL),
		MessageBody:       aws.String(body),
		MessageAttributes: map[string]types.MessageAttributeValue{},
	}
	keys := make([]string, 0, len(attrs))
	for k := range attrs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if attrs[k] == "" {
			continue
		}
		in.MessageAttributes[k] = types.MessageAttributeValue{
			DataType:    aws.String("String"),
			StringValue: aws.String(attrs[k]),
		}
	}
	out, err := q.Client.SendMessage(ctx, in)
	if err != nil {
		return "", fmt.Errorf("sqs send: %w", err)
	}
	return aws.ToString(out.MessageId), nil
}
