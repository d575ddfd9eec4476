package webhooks

import (
	"encoding/base64"
	"fmt"
	"strings"
	"time"
)

// Scheme names a sender's signing rules.
type Scheme string

// The schemes this package verifies.
const (
	// Standard is Standard Webhooks 1.0 (symmetric, v1 signatures).
	Standard Scheme = "standard"
	// Stripe is Stripe's Stripe-Signature scheme (v1 signatures).
	Stripe Scheme = "stripe"
	// GitHub is GitHub's X-Hub-Signature-256 scheme.
	GitHub Scheme = "github"
	// Slack is Slack's v0 request signing.
	Slack Scheme = "slack"
	// Shopify is Shopify's X-Shopify-Hmac-Sha256 scheme.
	Shopify Scheme = "shopify"
)

// Schemes lists every scheme, in a stable order.
func Schemes() []Scheme { return []Scheme{Standard, Stripe, GitHub, Slack, Shopify} }

// ParseScheme returns the scheme named s.
func ParseScheme(s string) (Scheme, error) {
	for _, sc := range Schemes() {
		if string(sc) == s {
			return sc, nil
		}
	}
	names := make([]string, 0, 5)
	for _, sc := range Schemes() {
		names = append(names, string(sc))
	}
	return "", fmt.Errorf("unknown webhook scheme %s; use one of %s", excerpt(s), strings.Join(names, ", "))
}

// Tolerance is the scheme's default timestamp window, or zero for the
// schemes that sign no timestamp (github, shopify).
func (s Scheme) Tolerance() time.Duration {
	switch s {
	case Standard:
		return StandardTolerance
	case Stripe:
		return StripeTolerance
	case Slack:
		return SlackTolerance
	}
	return 0
}

// Config describes one endpoint's verification.
type Config struct {
	// Scheme is the sender's scheme. Required.
	Scheme Scheme
	// Secrets are the endpoint's signing secrets, as the sender shows them:
	// during a rotation, list the old and the new one; a request signed with
	// any of them verifies. At least one.
	Secrets []string
	// Tolerance is the timestamp window. If zero, the scheme's Tolerance().
	// Ignored by the schemes that sign no timestamp.
	Tolerance time.Duration
	// MaxBodyBytes caps the raw body. If zero, DefaultMaxBodyBytes.
	MaxBodyBytes int64
}

// Verifier verifies the requests of one endpoint. It is safe for concurrent use.
type Verifier struct {
	scheme    Scheme
	keys      [][]byte // HMAC keys, derived from the secrets by the scheme's rule
	tolerance time.Duration
	maxBody   int64
}

// New returns the verifier for c. Its errors name the secret by position,
// never by value.
func New(c Config) (*Verifier, error) {
	if _, err := ParseScheme(string(c.Scheme)); err != nil {
		return nil, err
	}
	if len(c.Secrets) == 0 {
		return nil, fmt.Errorf("%s webhook: no signing secret; give at least one (two during a rotation)", c.Scheme)
	}
	if c.Tolerance < 0 || c.MaxBodyBytes < 0 {
		return nil, fmt.Errorf("%s webhook: tolerance and body limit must not be negative", c.Scheme)
	}
	v := &Verifier{scheme: c.Scheme, tolerance: c.Tolerance, maxBody: c.MaxBodyBytes}
	if v.tolerance == 0 {
		v.tolerance = c.Scheme.Tolerance()
	}
	if v.maxBody == 0 {
		v.maxBody = DefaultMaxBodyBytes
	}
	for i, s := range c.Secrets {
		key, err := hmacKey(c.Scheme, s)
		if err != nil {
			return nil, fmt.Errorf("%s webhook: secret %d of %d %w", c.Scheme, i+1, len(c.Secrets), err)
		}
		v.keys = append(v.keys, key)
	}
	return v, nil
}

// Scheme is the verifier's scheme.
func (v *Verifier) Scheme() Scheme { return v.scheme }

// Header is a request's headers, looked up case-insensitively. http.Header
// is one; [HeaderMap] is another.
type Header interface {
	Get(name string) string
}

// HeaderMap is a header set keyed by lower-case names, as API Gateway HTTP
// APIs (payload format 2.0) deliver them.
type HeaderMap map[string]string

// Get returns the value of name, matched case-insensitively.
func (m HeaderMap) Get(name string) string {
	if v, ok := m[strings.ToLower(name)]; ok {
		return v
	}
	for k, v := range m {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// Request is one received webhook, as the platform handed it over.
type Request struct {
	Header Header
	// Body is the body as received: the raw bytes, or their base64 text when
	// Base64 is set (API Gateway's isBase64Encoded).
	Body   []byte
	Base64 bool
}

// Delivery is a verified webhook.
type Delivery struct {
	Scheme Scheme
	// ID is the sender's event or delivery id, the same on every retry of one
	// event: webhook-id, the Stripe event's "id", X-GitHub-Delivery,
	// X-Shopify-Event-Id (else X-Shopify-Webhook-Id), Slack's "event_id" (or
	// a slash command's or interaction's trigger_id). Empty only for a Slack
	// url_verification challenge.
	ID string
	// IDSigned is true when the signature covers the id (standard, stripe,
	// slack). GitHub and Shopify send it in an unsigned header.
	IDSigned bool
	// Kind is the job kind: the body's "type" (standard, stripe),
	// X-GitHub-Event, X-Shopify-Topic, Slack's event.type or type (a slash
	// command's command, an interaction's type).
	Kind string
	// Timestamp is the signed timestamp; zero for github and shopify.
	Timestamp time.Time
	// Challenge is set for a Slack url_verification request: answer it with
	// this value (and queue nothing).
	Challenge string
	// Body is the raw, verified body.
	Body []byte
}

// IsChallenge reports whether d is a Slack url_verification challenge.
func (d Delivery) IsChallenge() bool { return d.Challenge != "" }

// Verify checks r as of now. On success the Delivery's ID and Kind are valid
// (see ValidKind and ValidID). Every failure is an [*Error]: the body size is
// checked before any decoding, then the headers, the signature (any
// signature in the request against any configured secret, in constant time),
// the timestamp window, and last the id and kind. Errors of the 400 class
// come only after the signature verified; the Delivery then holds what had
// been read.
func (v *Verifier) Verify(r Request, now time.Time) (Delivery, error) {
	body, err := v.body(r)
	if err != nil {
		return Delivery{}, err
	}
	h := r.Header
	if h == nil {
		h = HeaderMap{}
	}
	switch v.scheme {
	case Standard:
		return v.verifyStandard(h, body, now)
	case Stripe:
		return v.verifyStripe(h, body, now)
	case GitHub:
		return v.verifyGitHub(h, body)
	case Slack:
		return v.verifySlack(h, body, now)
	default:
		return v.verifyShopify(h, body)
	}
}

// body returns the raw body, refusing one over the limit before decoding:
// a base64 text longer than the encoding of maxBody bytes is refused
// unread.
func (v *Verifier) body(r Request) ([]byte, error) {
	limit := v.maxBody
	if !r.Base64 {
		if int64(len(r.Body)) > limit {
			return nil, fail(v.scheme, ErrTooLarge, "", fmt.Sprintf("%d bytes, limit %d", len(r.Body), limit))
		}
		return r.Body, nil
	}
	if encoded := int64(len(r.Body)); encoded > int64(base64.StdEncoding.EncodedLen(int(limit))) {
		return nil, fail(v.scheme, ErrTooLarge, "", fmt.Sprintf("%d base64 characters, more than %d bytes can take (limit %d bytes)",
			encoded, base64.StdEncoding.EncodedLen(int(limit)), limit))
	}
	raw := make([]byte, base64.StdEncoding.DecodedLen(len(r.Body)))
	n, err := base64.StdEncoding.Decode(raw, r.Body)
	if err != nil {
		return nil, fail(v.scheme, ErrMalformed, "body", "declared base64 but does not decode")
	}
	if int64(n) > limit {
		return nil, fail(v.scheme, ErrTooLarge, "", fmt.Sprintf("%d bytes, limit %d", n, limit))
	}
	return raw[:n], nil
}

// window checks a signed unix timestamp against now.
func (v *Verifier) window(where string, ts int64, now time.Time) (time.Time, error) {
	t := time.Unix(ts, 0)
	if age := now.Sub(t); age > v.tolerance {
		return t, fail(v.scheme, ErrStale, where, fmt.Sprintf("signed %s before now, tolerance %s", age.Truncate(time.Second), v.tolerance))
	}
	if ahead := t.Sub(now); ahead > MaxFutureSkew {
		return t, fail(v.scheme, ErrFuture, where, fmt.Sprintf("signed %s ahead of now, allowance %s", ahead.Truncate(time.Second), MaxFutureSkew))
	}
	return t, nil
}

// finish validates the id and kind of an authenticated delivery.
func (v *Verifier) finish(d Delivery, idWhere, kindWhere string) (Delivery, error) {
	if err := ValidID(d.ID); err != nil {
		return d, fail(v.scheme, ErrBadID, idWhere, err.Error())
	}
	if err := ValidKind(d.Kind); err != nil {
		return d, fail(v.scheme, ErrBadKind, kindWhere, err.Error())
	}
	return d, nil
}
