package sqsqueue

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

type fakeSQS struct {
	in  *sqs.SendMessageInput
	err error
}

func (f *fakeSQS) SendMessage(_ context.Context, in *sqs.SendMessageInput, _ ...func(*sqs.Options)) (*sqs.SendMessageOutput, error) {
	f.in = in
	if f.err != nil {
		return nil, f.err
	}
	return &sqs.SendMessageOutput{MessageId: aws.String("m-1")}, nil
}

func TestSend(t *testing.T) {
	f := &fakeSQS{}
	q := &Queue{Client: f, URL: "https://sqs.example/q"}
	id, err := q.Send(context.Background(), `{"kind":"k"}`, map[string]string{"a": "1", "empty": ""})
	if err != nil || id != "m-1" {
		t.Fatalf("Send = %q, %v", id, err)
	}
	if aws.ToString(f.in.QueueUrl) != q.URL || aws.ToString(f.in.MessageBody) != `{"kind":"k"}` {
		t.Errorf("input = %+v", f.in)
	}
	if len(f.in.MessageAttributes) != 1 {
		t.Fatalf("attributes = %v, want only a", f.in.MessageAttributes)
	}
	a := f.in.MessageAttributes["a"]
	if aws.ToString(a.DataType) != "String" || aws.ToString(a.StringValue) != "1" {
		t.Errorf("attribute a = %+v", a)
	}

	f.err = errors.New("throttled")
	if _, err := q.Send(context.Background(), "b", nil); !errors.Is(err, f.err) {
		t.Errorf("err = %v", err)
	}
}
