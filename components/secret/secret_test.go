package secret

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestValueNeverFormatsItsPlaintext(t *testing.T) {
	const plain = "postgres://app:hunter2@db.example.com/app"
	v := New(plain)
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("connecting", "url", v)
	js, err := json.Marshal(struct{ URL Value }{v})
	if err != nil {
		t.Fatal(err)
	}
	outs := map[string]string{
		"%v":   fmt.Sprintf("%v", v),
		"%s":   fmt.Sprintf("%s", v),
		"%q":   fmt.Sprintf("%q", v),
		"%#v":  fmt.Sprintf("%#v", v),
		"%+v":  fmt.Sprintf("%+v", struct{ V Value }{v}),
		"json": string(js),
		"slog": logged.String(),
		"err":  fmt.Errorf("bad url %v", v).Error(),
	}
	for how, out := range outs {
		if strings.Contains(out, "hunter2") {
			t.Errorf("%s leaked the secret: %s", how, out)
		}
		if !strings.Contains(out, Redacted) {
			t.Errorf("%s = %q, want it to contain %q", how, out, Redacted)
		}
	}
	if v.Reveal() != plain {
		t.Errorf("Reveal() = %q, want the plaintext", v.Reveal())
	}
}

func TestUnmarshalAndPlaceholder(t *testing.T) {
	var got struct{ A, B, C Value }
	in := `{"A":"s3cret","B":"` + OfflinePlaceholder + `"}`
	if err := json.Unmarshal([]byte(in), &got); err != nil {
		t.Fatal(err)
	}
	if !got.A.IsSet() || got.A.Opaque() || got.A.Reveal() != "s3cret" {
		t.Errorf("A = %+v, want set, not opaque, s3cret", got.A.Reveal())
	}
	if !got.B.IsSet() || !got.B.Opaque() {
		t.Errorf("B: want an opaque set value")
	}
	if got.C.IsSet() {
		t.Errorf("C: zero value must be unset")
	}
	if err := json.Unmarshal([]byte(`{"A":42}`), &got); err == nil || !strings.Contains(err.Error(), "must be a string") {
		t.Errorf("number as secret: err = %v, want 'must be a string'", err)
	}
}
