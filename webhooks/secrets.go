package webhooks

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// Two senders print secrets that start with "whsec_", and they mean
// different keys. The two types below keep them apart: nothing converts one
// into the other.

// standardSecret is a Standard Webhooks secret: "whsec_" + the base64 of the
// key ("Secret serialization: base64 encoded, prefixed with whsec_",
// https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md#signature-scheme).
// The HMAC key is the decoded bytes.
type standardSecret string

// stripeSecret is a Stripe endpoint secret, also "whsec_..."; Stripe's
// libraries key the HMAC with the whole string as given, prefix included
// (stripe-go webhook/client.go: hmac.New(sha256.New, []byte(secret));
// https://docs.stripe.com/webhooks#verify-manually: "using the endpoint's
// signing secret as the key").
type stripeSecret string

// whsecPrefix starts both kinds of whsec_ secret.
const whsecPrefix = "whsec_"

func (s standardSecret) key() ([]byte, error) {
	b64, ok := strings.CutPrefix(string(s), whsecPrefix)
	if !ok {
		return nil, errors.New(`does not start with "whsec_", as Standard Webhooks secrets do (spec: secret serialization); copy it whole from the sender`)
	}
	key, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, errors.New(`is not standard base64 after "whsec_" (Standard Webhooks spec: secret serialization); copy it whole from the sender`)
	}
	if len(key) == 0 {
		return nil, errors.New(`has nothing after "whsec_"; copy it whole from the sender`)
	}
	return key, nil
}

func (s stripeSecret) key() []byte { return []byte(s) }

// hmacKey derives a scheme's HMAC key from a secret as the sender prints it.
func hmacKey(scheme Scheme, secret string) ([]byte, error) {
	if secret == "" {
		return nil, errors.New("is empty")
	}
	switch scheme {
	case Standard:
		return standardSecret(secret).key()
	case Stripe:
		return stripeSecret(secret).key(), nil
	default:
		// GitHub, Slack and Shopify key the HMAC with the secret's bytes.
		return []byte(secret), nil
	}
}

// CheckSecret reports whether secret is strong and well-formed enough for
// scheme, for validation at plan time. Verification itself accepts any
// secret the sender accepts (the senders' own examples use short ones).
// The message names the rule and the fix, never the secret or a part of it.
func CheckSecret(scheme Scheme, secret string) error {
	if _, err := ParseScheme(string(scheme)); err != nil {
		return err
	}
	if secret == "" {
		return errors.New("is empty; set the endpoint's signing secret (pulumi config set --secret)")
	}
	if strings.TrimSpace(secret) != secret {
		return errors.New("has leading or trailing whitespace (a pasted newline?); remove it, the sender signs without it")
	}
	switch scheme {
	case Standard:
		key, err := standardSecret(secret).key()
		if err != nil {
			return err
		}
		if len(key) < standardMinKeyBytes || len(key) > standardMaxKeyBytes {
			return fmt.Errorf(`decodes to %d bytes; Standard Webhooks secrets are "whsec_" + base64 of %d to %d random bytes `+
				`(spec: "Signing secret: Random. Between 24 bytes (192 bits) and 64 bytes (512 bits)"); `+
				`generate one with: echo "whsec_$(openssl rand -base64 32)"`, len(key), standardMinKeyBytes, standardMaxKeyBytes)
		}
	case Stripe:
		rest, ok := strings.CutPrefix(secret, whsecPrefix)
		if !ok {
			return errors.New(`does not start with "whsec_"; use the endpoint's signing secret from the Stripe Dashboard ` +
				`(Developers > Webhooks > the endpoint > Signing secret), not an API key`)
		}
		if len(rest) < stripeMinSecretChars {
			return fmt.Errorf(`has %d characters after "whsec_", fewer than the %d of every secret Stripe issues; `+
				`copy the endpoint's signing secret whole from the Stripe Dashboard`, len(rest), stripeMinSecretChars)
		}
	case GitHub:
		if len(secret) < minSecretChars {
			return fmt.Errorf("has %d characters, fewer than %d; GitHub asks for \"a random string of text with high entropy\" "+
				"(docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries); generate one with: openssl rand -hex 32, "+
				"and set it on the GitHub webhook too", len(secret), minSecretChars)
		}
	case Slack:
		if len(secret) < minSecretChars {
			return fmt.Errorf("has %d characters; Slack's signing secrets have %d; copy the app's Signing Secret from "+
				"api.slack.com/apps > the app > Basic Information (not the deprecated verification token)", len(secret), minSecretChars)
		}
	case Shopify:
		if len(secret) < minSecretChars {
			return fmt.Errorf("has %d characters; Shopify's client secrets have %d or more; copy the app's client secret "+
				"(Dev Dashboard > the app > Settings) or the store's webhook signing key whole", len(secret), minSecretChars)
		}
	}
	return nil
}
