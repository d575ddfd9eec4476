package webhooks

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Sign returns the headers the scheme's sender would send with body at now,
// signed with secret (the secret as the sender prints it). id and kind are
// the delivery's id and job kind. The schemes that carry them in the body
// (standard: the kind; stripe: both; slack: both) take them from there:
// pass them empty, or equal to what the body says. The schemes that carry
// them in headers need them (standard: id; github and shopify: both).
// It is for tests and for `groundwork webhook send`.
func Sign(scheme Scheme, secret string, body []byte, id, kind string, now time.Time) (http.Header, error) {
	if _, err := ParseScheme(string(scheme)); err != nil {
		return nil, err
	}
	key, err := hmacKey(scheme, secret)
	if err != nil {
		return nil, fmt.Errorf("%s webhook: the secret %w", scheme, err)
	}
	if err := signable(scheme, body, id, kind); err != nil {
		return nil, err
	}
	var headers map[string]string
	switch scheme {
	case Standard:
		headers = signStandard(key, body, id, now)
	case Stripe:
		headers = signStripe(key, body, now)
	case GitHub:
		headers = signGitHub(key, body, id, kind)
	case Slack:
		headers = signSlack(key, body, now)
	case Shopify:
		headers = signShopify(key, body, id, kind, now)
	}
	out := http.Header{}
	for k, v := range headers {
		out.Set(k, v)
	}
	return out, nil
}

// signable checks the id and kind that go in headers, and that a given id
// or kind agrees with the body when the body carries it. It does not check
// the body otherwise: a sender may send what the receiver refuses, and
// tests need to.
func signable(scheme Scheme, body []byte, id, kind string) error {
	var who identity // what the body says, where the scheme puts id or kind in it
	switch scheme {
	case Standard:
		who.kind, _ = standardKind(scheme, body)
		who.kindWhere = bodyField("type")
	case Stripe:
		who.id, who.kind, _ = stripeEvent(scheme, body)
		who.idWhere, who.kindWhere = bodyField("id"), bodyField("type")
	case Slack:
		who, _ = slackIdentity(scheme, body)
	}
	header := map[Scheme][2]string{ // where the id and the kind go, when in a header
		Standard: {standardIDHeader, ""},
		GitHub:   {githubDeliveryHeader, githubEventHeader},
		Shopify:  {shopifyEventIDHeader, shopifyTopicHeader},
	}[scheme]
	for _, f := range []struct {
		name, given, inBody, where, header string
		valid                              func(string) error
	}{{"id", id, who.id, who.idWhere, header[0], ValidID}, {"kind", kind, who.kind, who.kindWhere, header[1], ValidKind}} {
		if f.header != "" {
			if err := f.valid(f.given); err != nil {
				return fmt.Errorf("%s webhook: the %s, sent as %s: %w", scheme, f.name, f.header, err)
			}
		} else if f.given != "" && f.given != f.inBody {
			return fmt.Errorf("%s webhook: the %s comes from %s, which is %s; %s was given",
				scheme, f.name, f.where, excerpt(f.inBody), excerpt(f.given))
		}
	}
	return nil
}

func unixText(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }
