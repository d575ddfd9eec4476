// Package secret holds values that must never be printed: database URLs,
// OTLP headers, webhook signing keys.
//
// A [Value] formats as "[secret]" under every fmt verb, JSON and text
// marshalling, so an accidental log line or error message cannot leak it.
// Code that needs the plaintext (URL validation, a Pulumi secret input) asks
// for it by name with [Value.Reveal] or [Value.Output].
//
// Offline plans cannot decrypt `secure:` config values; they pass
// [OfflinePlaceholder] instead, which decodes to an opaque Value: present,
// but with content that validators must not inspect.
package secret

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Redacted is how every Value prints.
const Redacted = "[secret]"

// OfflinePlaceholder stands for an encrypted config value that an offline
// plan cannot decrypt. It decodes to an opaque Value.
const OfflinePlaceholder = "groundwork:offline-placeholder-for-secure-value"

// Value is a secret string. The zero value is "not set".
type Value struct {
	plain  string
	opaque bool
}

// New wraps a plaintext secret. The placeholder becomes an opaque Value.
func New(plain string) Value {
	if plain == OfflinePlaceholder {
		return Value{opaque: true}
	}
	return Value{plain: plain}
}

// IsSet reports whether a value (plain or opaque) was given.
func (v Value) IsSet() bool { return v.plain != "" || v.opaque }

// Opaque reports whether the value is an offline placeholder whose content is
// unknown: validators skip content checks and say so.
func (v Value) Opaque() bool { return v.opaque }

// Reveal returns the plaintext. Call it only to validate or to hand the value
// to a secret store; never to log it. An opaque value reveals the placeholder.
func (v Value) Reveal() string {
	if v.opaque {
		return OfflinePlaceholder
	}
	return v.plain
}

// Output is the value as a Pulumi secret output, so state and previews
// mask it.
func (v Value) Output() pulumi.StringOutput {
	return pulumi.ToSecret(pulumi.String(v.Reveal())).(pulumi.StringOutput)
}

// String implements fmt.Stringer.
func (v Value) String() string { return Redacted }

// GoString implements fmt.GoStringer, so %#v does not leak either.
func (v Value) GoString() string { return Redacted }

// Format implements fmt.Formatter for every verb.
func (v Value) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(Redacted)) }

// MarshalJSON renders the redaction, never the value.
func (v Value) MarshalJSON() ([]byte, error) { return json.Marshal(Redacted) }

// MarshalText renders the redaction, never the value.
func (v Value) MarshalText() ([]byte, error) { return []byte(Redacted), nil }

// UnmarshalJSON reads a JSON string (config decoding).
func (v *Value) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		// Never the value nor the decoder's error, which may quote it.
		return errors.New("must be a string (a secret; quote it in YAML if it looks like a number)")
	}
	*v = New(s)
	return nil
}
