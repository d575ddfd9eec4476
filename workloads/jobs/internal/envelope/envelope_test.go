package envelope

import (
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		body string
		want Envelope
	}{
		{
			name: "plain envelope",
			body: `{"kind":"invoice.paid","payload":{"id":7}}`,
			want: Envelope{Kind: "invoice.paid", Payload: []byte(`{"id":7}`)},
		},
		{
			name: "scheduled job without payload",
			body: `{"kind":"nightly-report"}`,
			want: Envelope{Kind: "nightly-report", Payload: []byte(`null`)},
		},
		{
			name: "EventBridge event",
			body: `{"version":"0","id":"ev-1","detail-type":"order.created","source":"shop","account":"123456789012",` +
				`"time":"2026-11-26T10:00:00Z","region":"eu-west-1","resources":[],` +
				`"detail":{"order":42,"request_id":"req-9","traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}}`,
			want: Envelope{
				Kind:        "order.created",
				Payload:     []byte(`{"order":42,"request_id":"req-9","traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}`),
				EventID:     "ev-1",
				RequestID:   "req-9",
				Traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
			},
		},
		{
			name: "EventBridge event without propagation fields",
			body: `{"id":"ev-2","detail-type":"tick","source":"aws.events","detail":{}}`,
			want: Envelope{Kind: "tick", Payload: []byte(`{}`), EventID: "ev-2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.body)
			if err != nil {
				t.Fatal(err)
			}
			if got.Kind != tt.want.Kind || string(got.Payload) != string(tt.want.Payload) ||
				got.EventID != tt.want.EventID || got.RequestID != tt.want.RequestID ||
				got.Traceparent != tt.want.Traceparent {
				t.Errorf("Parse = %+v (payload %s), want %+v (payload %s)", got, got.Payload, tt.want, tt.want.Payload)
			}
		})
	}
}

func TestParseBadMessages(t *testing.T) {
	for _, body := range []string{
		``, `not json`, `null`, `[1,2]`, `"kind"`,
		`{"payload":{}}`,
		`{"kind":""}`,
		`{"kind":3,"payload":{}}`,
		`{"detail-type":"","detail":{}}`,
		`{"detail-type":7,"detail":{}}`,
	} {
		if _, err := Parse(body); !errors.Is(err, ErrBadMessage) {
			t.Errorf("Parse(%q) err = %v, want ErrBadMessage", body, err)
		}
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	body, err := Marshal("webhook", []byte(`{"a":"<b>&"}`))
	if err != nil {
		t.Fatal(err)
	}
	if body != `{"kind":"webhook","payload":{"a":"<b>&"}}` {
		t.Errorf("Marshal = %s", body)
	}
	env, err := Parse(body)
	if err != nil || env.Kind != "webhook" || string(env.Payload) != `{"a":"<b>&"}` {
		t.Errorf("Parse(Marshal) = %+v, %v", env, err)
	}
	if _, err := Marshal("k", []byte(`{bad`)); err == nil {
		t.Error("invalid payload accepted")
	}
	if _, err := Marshal("", nil); err == nil {
		t.Error("empty kind accepted")
	}
	if body, _ := Marshal("k", nil); body != `{"kind":"k","payload":null}` {
		t.Errorf("Marshal(nil payload) = %s", body)
	}
}
