// Package envelope is the job message format carried in an SQS message body.
//
// The kit's producers send {"kind": "<string>", "payload": <any JSON>}.
// EventBridge rule targets deliver the whole EventBridge event instead
// ({"version", "id", "detail-type", "source", ..., "detail": {...}}); [Parse]
// normalises it to kind = detail-type and payload = detail, and takes the
// request id and traceparent from the detail fields named by the telemetry
// contract. Anything else is a bad message ([ErrBadMessage]).
package envelope

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/groundwork-iac/groundwork/components/telemetry"
)

// ErrBadMessage is wrapped by every Parse error: the body can never be
// processed, whatever the number of retries.
var ErrBadMessage = errors.New("bad message")

// Envelope is one parsed job message.
type Envelope struct {
	Kind    string
	Payload json.RawMessage
	// EventID, RequestID and Traceparent are set only for an EventBridge
	// event: its id, and the detail's request_id and traceparent fields.
	EventID     string
	RequestID   string
	Traceparent string
}

// wire is the kit's own message body.
type wire struct {
	Kind    string          `json:"kind"`
	Payload json.RawMessage `json:"payload"`
}

// Field names of an EventBridge event.
const (
	ebDetailType = "detail-type"
	ebDetail     = "detail"
	ebID         = "id"
)

var null = json.RawMessage("null")

// Marshal returns the message body for kind and payload, which must be valid
// JSON (nil means null). The payload is kept as sent: no HTML escaping.
func Marshal(kind string, payload json.RawMessage) (string, error) {
	if kind == "" {
		return "", errors.New("envelope: kind is required")
	}
	if payload == nil {
		payload = null
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(wire{Kind: kind, Payload: payload}); err != nil {
		return "", fmt.Errorf("envelope: %w", err)
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), nil
}

// Parse reads a message body in either shape. A missing payload (or detail)
// is JSON null.
func Parse(body string) (Envelope, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &fields); err != nil || fields == nil {
		return Envelope{}, fmt.Errorf("%w: body is not a JSON object", ErrBadMessage)
	}
	if _, ok := fields["kind"]; !ok {
		if _, ok := fields[ebDetailType]; ok {
			return parseEventBridge(fields)
		}
		return Envelope{}, fmt.Errorf("%w: no kind (and not an EventBridge event)", ErrBadMessage)
	}
	kind, ok := stringField(fields, "kind")
	if !ok || kind == "" {
		return Envelope{}, fmt.Errorf("%w: kind must be a non-empty string", ErrBadMessage)
	}
	return Envelope{Kind: kind, Payload: orNull(fields["payload"])}, nil
}

func parseEventBridge(fields map[string]json.RawMessage) (Envelope, error) {
	kind, ok := stringField(fields, ebDetailType)
	if !ok || kind == "" {
		return Envelope{}, fmt.Errorf("%w: EventBridge %s must be a non-empty string", ErrBadMessage, ebDetailType)
	}
	env := Envelope{Kind: kind, Payload: orNull(fields[ebDetail])}
	env.EventID, _ = stringField(fields, ebID)
	var detail map[string]json.RawMessage
	if json.Unmarshal(env.Payload, &detail) == nil {
		env.RequestID, _ = stringField(detail, telemetry.AttrRequestID)
		env.Traceparent, _ = stringField(detail, telemetry.AttrTraceparent)
	}
	return env, nil
}

// stringField returns fields[name] when it is a JSON string.
func stringField(fields map[string]json.RawMessage, name string) (string, bool) {
	raw, ok := fields[name]
	if !ok {
		return "", false
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}

func orNull(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return null
	}
	return raw
}
