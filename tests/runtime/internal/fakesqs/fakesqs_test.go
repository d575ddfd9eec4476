package fakesqs

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// newClient returns a real SDK client signed with static test credentials,
// pointed at s, with retries off so failures surface on the first attempt.
func newClient(s *Server) *sqs.Client {
	return sqs.New(sqs.Options{
		Region: "us-east-1",
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test", Source: "fakesqs test"}, nil
		}),
		BaseEndpoint: aws.String(s.URL()),
		Retryer:      aws.NopRetryer{},
	})
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestSendMessageWithSDK(t *testing.T) {
	s := New(t)
	client := newClient(s)
	ctx := context.Background()

	qu, err := client.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String("orders")})
	if err != nil {
		t.Fatalf("GetQueueUrl: %v", err)
	}
	queueURL := aws.ToString(qu.QueueUrl)
	if want := s.URL() + "/000000000000/orders"; queueURL != want {
		t.Fatalf("QueueUrl = %q, want %q", queueURL, want)
	}

	const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
	in := &sqs.SendMessageInput{
		QueueUrl:    aws.String(queueURL),
		MessageBody: aws.String(`{"order":42}`),
		MessageAttributes: map[string]types.MessageAttributeValue{
			"traceparent": {DataType: aws.String("String"), StringValue: aws.String(traceparent)},
			"tenant":      {DataType: aws.String("String"), StringValue: aws.String("acme")},
		},
	}
	// The SDK validates MD5OfMessageBody itself and fails the call on a mismatch.
	out, err := client.SendMessage(ctx, in)
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}

	got := s.Messages()
	if len(got) != 1 {
		t.Fatalf("recorded %d messages, want 1: %+v", len(got), got)
	}
	if !uuidRE.MatchString(got[0].MessageID) {
		t.Errorf("MessageID %q is not a UUID", got[0].MessageID)
	}
	want := Message{
		QueueURL:   queueURL,
		MessageID:  aws.ToString(out.MessageId),
		Body:       `{"order":42}`,
		Attributes: map[string]string{"traceparent": traceparent, "tenant": "acme"},
	}
	if !reflect.DeepEqual(got[0], want) {
		t.Errorf("recorded message\n got  %+v\n want %+v", got[0], want)
	}
	// The SDK does not check the attribute MD5, so do it here.
	wantAttrMD5 := md5OfAttributes(map[string]attribute{
		"traceparent": {DataType: "String", StringValue: aws.String(traceparent)},
		"tenant":      {DataType: "String", StringValue: aws.String("acme")},
	})
	if got := aws.ToString(out.MD5OfMessageAttributes); got != wantAttrMD5 {
		t.Errorf("MD5OfMessageAttributes = %q, want %q", got, wantAttrMD5)
	}

	// Messages returns a copy.
	got[0].Attributes["tenant"] = "mutated"
	if s.Messages()[0].Attributes["tenant"] != "acme" {
		t.Error("Messages() shares its attribute maps with the server")
	}
	if u := s.Unsupported(); len(u) != 0 {
		t.Errorf("Unsupported() = %q, want none", u)
	}
}

func TestFail(t *testing.T) {
	s := New(t)
	client := newClient(s)
	in := &sqs.SendMessageInput{QueueUrl: aws.String(s.URL() + "/000000000000/q"), MessageBody: aws.String("hi")}

	s.Fail(true)
	_, err := client.SendMessage(context.Background(), in)
	if err == nil {
		t.Fatal("SendMessage succeeded with Fail(true)")
	}
	if !strings.Contains(err.Error(), "InternalError") {
		t.Errorf("error %q does not mention InternalError", err)
	}
	if n := len(s.Messages()); n != 0 {
		t.Fatalf("recorded %d messages while failing, want 0", n)
	}

	s.Fail(false)
	if _, err := client.SendMessage(context.Background(), in); err != nil {
		t.Fatalf("SendMessage after Fail(false): %v", err)
	}
	if n := len(s.Messages()); n != 1 {
		t.Fatalf("recorded %d messages, want 1", n)
	}
}

func TestUnsupportedOperation(t *testing.T) {
	s := New(t)
	client := newClient(s)
	_, err := client.ReceiveMessage(context.Background(), &sqs.ReceiveMessageInput{QueueUrl: aws.String(s.URL() + "/000000000000/q")})
	if err == nil || !strings.Contains(err.Error(), "UnsupportedOperation") {
		t.Fatalf("ReceiveMessage error = %v, want UnsupportedOperation", err)
	}
	if got, want := s.Unsupported(), []string{"AmazonSQS.ReceiveMessage"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Unsupported() = %q, want %q", got, want)
	}
	if n := len(s.Messages()); n != 0 {
		t.Errorf("recorded %d messages, want 0", n)
	}
}

func TestUnsignedRequestIsForbidden(t *testing.T) {
	s := New(t)
	req, err := http.NewRequest(http.MethodPost, s.URL()+"/",
		strings.NewReader(`{"QueueUrl":"http://x/000000000000/q","MessageBody":"hi"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Amz-Target", "AmazonSQS.SendMessage")
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("status = %d, want 403", resp.StatusCode)
	}
	if n := len(s.Messages()); n != 0 {
		t.Errorf("recorded %d messages, want 0", n)
	}
}

// TestMD5OfAttributesKnownVector checks md5OfAttributes against a byte
// sequence built by hand from SQS's documented encoding.
func TestMD5OfAttributesKnownVector(t *testing.T) {
	const value = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
	if len(value) != 55 {
		t.Fatalf("len(value) = %d, want 55", len(value))
	}
	var b []byte
	b = append(b, 0, 0, 0, 11) // len("traceparent")
	b = append(b, "traceparent"...)
	b = append(b, 0, 0, 0, 6) // len("String")
	b = append(b, "String"...)
	b = append(b, 1)           // transport type: String
	b = append(b, 0, 0, 0, 55) // len(value)
	b = append(b, value...)
	sum := md5.Sum(b)
	want := hex.EncodeToString(sum[:])

	got := md5OfAttributes(map[string]attribute{
		"traceparent": {DataType: "String", StringValue: aws.String(value)},
	})
	if got != want {
		t.Errorf("md5OfAttributes = %s, want %s", got, want)
	}
	t.Logf("MD5OfMessageAttributes(traceparent) = %s", want)
}
