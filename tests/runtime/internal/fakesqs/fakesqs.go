// Package fakesqs is an in-test fake of the Amazon SQS JSON protocol
// (awsJson1_0, as spoken by aws-sdk-go-v2/service/sqs). It accepts signed
// SendMessage calls, records them, and answers with checksums the SDK
// accepts. GetQueueUrl is answered too; every other operation gets an
// UnsupportedOperation error and is listed by Unsupported.
package fakesqs

import (
	"crypto/md5"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Server is a fake SQS endpoint for tests.
type Server struct {
	srv *httptest.Server

	mu          sync.Mutex
	msgs        []Message
	unsupported []string
	fail        bool
}

// Message is one SendMessage call that was accepted.
type Message struct {
	QueueURL   string
	MessageID  string
	Body       string
	Attributes map[string]string // String attributes: name -> StringValue (Number too; Binary omitted); nil when none
}

// attribute is a MessageAttributeValue as it appears on the wire.
type attribute struct {
	DataType    string
	StringValue *string
	BinaryValue []byte // base64 in JSON
}

// New starts a fake SQS server on 127.0.0.1; it is closed at t.Cleanup.
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	t.Cleanup(s.srv.Close)
	return s
}

// URL returns the base URL of the server, to put in AWS_ENDPOINT_URL_SQS
// (or a client's BaseEndpoint).
func (s *Server) URL() string { return s.srv.URL }

// Messages returns a copy of the accepted messages, in arrival order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, len(s.msgs))
	for i, m := range s.msgs {
		m.Attributes = maps.Clone(m.Attributes)
		out[i] = m
	}
	return out
}

// Unsupported returns the X-Amz-Target of every call the fake did not
// support, in arrival order, so a test can assert there were none.
func (s *Server) Unsupported() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.unsupported)
}

// Fail makes SendMessage answer a 500 InternalError (recording nothing)
// while err is true. Every retry of the SDK fails as well.
func (s *Server) Fail(err bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = err
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256") {
		writeError(w, http.StatusForbidden, "MissingAuthenticationToken", "request is not signed with AWS4-HMAC-SHA256")
		return
	}
	target := r.Header.Get("X-Amz-Target")
	switch {
	case r.Method == http.MethodPost && target == "AmazonSQS.SendMessage":
		s.sendMessage(w, r)
	case r.Method == http.MethodPost && target == "AmazonSQS.GetQueueUrl":
		s.getQueueURL(w, r)
	default:
		s.mu.Lock()
		s.unsupported = append(s.unsupported, target)
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "UnsupportedOperation",
			fmt.Sprintf("fakesqs does not support %s %q", r.Method, target))
	}
}

func (s *Server) sendMessage(w http.ResponseWriter, r *http.Request) {
	var in struct {
		QueueUrl          string
		MessageBody       string
		MessageAttributes map[string]attribute
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		writeError(w, http.StatusBadRequest, "SerializationException", err.Error())
		return
	}
	if in.QueueUrl == "" || in.MessageBody == "" {
		writeError(w, http.StatusBadRequest, "MissingParameter", "QueueUrl and MessageBody are required")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail {
		writeError(w, http.StatusInternalServerError, "InternalError", "fakesqs: failure injected by Fail(true)")
		return
	}
	m := Message{QueueURL: in.QueueUrl, MessageID: newID(), Body: in.MessageBody}
	for name, a := range in.MessageAttributes {
		if a.StringValue != nil {
			if m.Attributes == nil {
				m.Attributes = map[string]string{}
			}
			m.Attributes[name] = *a.StringValue
		}
	}
	s.msgs = append(s.msgs, m)
	bodySum := md5.Sum([]byte(in.MessageBody))
	out := map[string]string{"MessageId": m.MessageID, "MD5OfMessageBody": hex.EncodeToString(bodySum[:])}
	if len(in.MessageAttributes) > 0 {
		out["MD5OfMessageAttributes"] = md5OfAttributes(in.MessageAttributes)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) getQueueURL(w http.ResponseWriter, r *http.Request) {
	var in struct{ QueueName, QueueOwnerAWSAccountId string }
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.QueueName == "" {
		writeError(w, http.StatusBadRequest, "MissingParameter", "QueueName is required")
		return
	}
	account := in.QueueOwnerAWSAccountId
	if account == "" {
		account = "000000000000"
	}
	writeJSON(w, http.StatusOK, map[string]string{"QueueUrl": s.URL() + "/" + account + "/" + in.QueueName})
}

// md5OfAttributes is SQS's MD5OfMessageAttributes: over the attributes
// sorted by name, each encoded as length-prefixed name, length-prefixed
// DataType, a transport byte (1 String/Number, 2 Binary) and the
// length-prefixed value; lengths are 4-byte big-endian.
func md5OfAttributes(attrs map[string]attribute) string {
	var buf []byte
	lp := func(b []byte) {
		buf = binary.BigEndian.AppendUint32(buf, uint32(len(b)))
		buf = append(buf, b...)
	}
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		a := attrs[name]
		lp([]byte(name))
		lp([]byte(a.DataType))
		if strings.HasPrefix(a.DataType, "Binary") {
			buf = append(buf, 2)
			lp(a.BinaryValue)
		} else {
			buf = append(buf, 1)
			lp([]byte(derefString(a.StringValue)))
		}
	}
	sum := md5.Sum(buf)
	return hex.EncodeToString(sum[:])
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]string{"__type": "com.amazonaws.sqs#" + code, "message": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.Header().Set("X-Amzn-RequestId", newID())
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// newID returns a random version-4 UUID.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func derefString(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
