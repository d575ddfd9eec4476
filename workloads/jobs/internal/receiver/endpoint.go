package receiver

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/groundwork-iac/groundwork/components/workloadenv"
	"github.com/groundwork-iac/groundwork/webhooks"
)

// MaxEndpointLength bounds an endpoint's name, the first part of every
// idempotency key it produces.
const MaxEndpointLength = 64

// Endpoint is one endpoint's verification settings, as the receiver's
// environment gives them (see workloadenv).
type Endpoint struct {
	// Name namespaces the idempotency keys: Name + ":" + the sender's id.
	Name string
	// Scheme is the sender's scheme, as webhooks.ParseScheme reads it.
	Scheme string
	// Secrets is the JSON array of the endpoint's signing secrets. Secret:
	// never logged, and no error quotes it.
	Secrets string
	// SecretsFrom names where Secrets came from, for errors: the variable,
	// or the Secrets Manager secret's ARN.
	SecretsFrom string
	// Tolerance is the signed timestamp's window. If zero, the scheme's
	// (webhooks.Scheme.Tolerance).
	Tolerance time.Duration
	// MaxBodyBytes caps the raw body. If zero,
	// workloadenv.DefaultWebhookMaxBodyBytes.
	MaxBodyBytes int64
}

// Verifier checks e and returns its verifier. Every problem is reported at
// once, each naming its variable; none quotes a secret or a part of one.
func (e Endpoint) Verifier() (*webhooks.Verifier, error) {
	var errs []error
	if err := CheckEndpointName(e.Name); err != nil {
		errs = append(errs, fmt.Errorf("%s %w", workloadenv.WebhookEndpoint, err))
	}
	scheme, err := webhooks.ParseScheme(e.Scheme)
	if err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", workloadenv.WebhookScheme, err))
	}
	secrets, err := ParseSecrets(e.Secrets)
	if err != nil {
		errs = append(errs, fmt.Errorf("%s %w", e.SecretsFrom, err))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	maxBody := e.MaxBodyBytes
	if maxBody == 0 {
		maxBody = workloadenv.DefaultWebhookMaxBodyBytes
	}
	v, err := webhooks.New(webhooks.Config{Scheme: scheme, Secrets: secrets, Tolerance: e.Tolerance, MaxBodyBytes: maxBody})
	if err != nil {
		// webhooks names a secret by its position, never by its value.
		return nil, fmt.Errorf("%s: %w", e.SecretsFrom, err)
	}
	return v, nil
}

// CheckEndpointName checks an endpoint's name: 1 to MaxEndpointLength
// characters of A-Z a-z 0-9 . _ -. A colon would make keys ambiguous
// ("a" + ":" + "b:c" and "a:b" + ":" + "c" are the same key).
func CheckEndpointName(name string) error {
	if name == "" {
		return errors.New(`is not set; it names the endpoint and namespaces its idempotency keys ("stripe:evt_123")`)
	}
	if len(name) > MaxEndpointLength {
		return fmt.Errorf("has %d characters, more than %d", len(name), MaxEndpointLength)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-' {
			continue
		}
		return fmt.Errorf("%q has %s at byte %d; use 1 to %d of A-Z a-z 0-9 . _ -", name, byteName(c), i, MaxEndpointLength)
	}
	return nil
}

// ParseSecrets reads an endpoint's signing secrets: a JSON array of
// strings, each as its sender prints it, such as ["whsec_..."], or during a
// rotation ["<old>", "<new>"]. Its errors say what is wrong with the shape
// and where, never what the value holds.
func ParseSecrets(raw string) ([]string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, errors.New(`is empty; store the endpoint's signing secrets as a JSON array of strings: ["<secret>"]`)
	}
	if raw[0] != '[' {
		return nil, errors.New(`is not a JSON array (a bare secret?); store the endpoint's signing secrets as a JSON array of strings: ["<secret>"]`)
	}
	var secrets []string
	if err := json.Unmarshal([]byte(raw), &secrets); err != nil {
		// json's own messages quote a character of the input: a secret's.
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		detail := "does not parse"
		switch {
		case errors.As(err, &syntax):
			detail = fmt.Sprintf("is not valid JSON (at byte %d)", syntax.Offset)
		case errors.As(err, &typ):
			detail = fmt.Sprintf("holds a JSON %s where a string belongs (at byte %d)", typ.Value, typ.Offset)
		}
		return nil, fmt.Errorf(`%s; store the endpoint's signing secrets as a JSON array of strings: ["<secret>"]`, detail)
	}
	if len(secrets) == 0 {
		return nil, errors.New(`is an empty list; list at least one signing secret (two during a rotation): ["<secret>"]`)
	}
	for i, s := range secrets {
		if s == "" {
			return nil, fmt.Errorf("holds an empty string as secret %d of %d; remove it or set the secret", i+1, len(secrets))
		}
	}
	return secrets, nil
}

// byteName shows a byte in a message: 'c' when printable ASCII, else 0xNN.
func byteName(c byte) string {
	if c > ' ' && c <= '~' {
		return "'" + string(rune(c)) + "'"
	}
	return fmt.Sprintf("0x%02x", c)
}
