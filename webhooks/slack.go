package webhooks

import (
	"bytes"
	"encoding/hex"
	"net/url"
	"strings"
	"time"
)

// Slack (https://docs.slack.dev/authentication/verifying-requests-from-slack).
const (
	// "the X-Slack-Request-Timestamp header on the HTTP request".
	slackTimestampHeader = "X-Slack-Request-Timestamp"
	// "a X-Slack-Signature HTTP header", "v0=" + the hex HMAC-SHA256 of the
	// basestring "v0:" + timestamp + ":" + body.
	slackSignatureHeader = "X-Slack-Signature"
	slackVersion         = "v0"
)

// Slack payload shapes. The Events API posts JSON: an event_callback
// envelope with "event_id" and the event under "event"
// (https://docs.slack.dev/apis/events-api/#callback-field), or the
// url_verification handshake with a "challenge" to echo
// (https://docs.slack.dev/reference/events/url_verification). Slash commands
// post form fields (command, trigger_id, ...) and interactivity posts one
// form field, payload, holding JSON with "type" and "trigger_id"
// (https://docs.slack.dev/interactivity/handling-user-interaction). All are
// signed the same way, and all are handled: the kind is the event type, the
// command ("/deploy") or the interaction type; the id is event_id, or the
// trigger_id of a command or interaction (Slack does not retry those).
const (
	slackURLVerification = "url_verification"
	slackEventCallback   = "event_callback"
)

func (v *Verifier) verifySlack(h Header, body []byte, now time.Time) (Delivery, error) {
	tsText, header := h.Get(slackTimestampHeader), h.Get(slackSignatureHeader)
	for _, hv := range [...][2]string{{slackTimestampHeader, tsText}, {slackSignatureHeader, header}} {
		if hv[1] == "" {
			return Delivery{}, fail(v.scheme, ErrMissingHeader, hv[0], "")
		}
	}
	ts, ok := parseUnix(tsText)
	if !ok {
		return Delivery{}, fail(v.scheme, ErrMalformed, slackTimestampHeader, "not a unix time in seconds: "+excerpt(tsText))
	}
	digest, ok := strings.CutPrefix(header, slackVersion+"=")
	if !ok {
		return Delivery{}, fail(v.scheme, ErrMalformed, slackSignatureHeader, `does not start with "v0="`)
	}
	sig, ok := hexSignature(digest)
	if !ok {
		return Delivery{}, fail(v.scheme, ErrMalformed, slackSignatureHeader, `not 64 hex digits after "v0="`)
	}
	if !v.match([][]byte{sig}, []byte(slackVersion+":"), []byte(tsText), []byte(":"), body) {
		return Delivery{}, fail(v.scheme, ErrNoMatch, slackSignatureHeader, "")
	}
	t, err := v.window(slackTimestampHeader, ts, now)
	if err != nil {
		return Delivery{}, err
	}
	d := Delivery{Scheme: v.scheme, IDSigned: true, Timestamp: t, Body: body}
	who, err := slackIdentity(v.scheme, body)
	d.ID, d.Kind, d.Challenge = who.id, who.kind, who.challenge
	if err != nil || d.IsChallenge() {
		return d, err
	}
	return v.finish(d, who.idWhere, who.kindWhere)
}

// identity is what a body says about its delivery, and where it says it.
type identity struct {
	id, kind, challenge string
	idWhere, kindWhere  string
}

// slackIdentity reads an Events API body (JSON) or a slash command or
// interaction (a form).
func slackIdentity(s Scheme, body []byte) (identity, error) {
	if trimmed := bytes.TrimLeft(body, " \t\r\n"); len(trimmed) > 0 && trimmed[0] == '{' {
		return slackEvent(s, body)
	}
	return slackForm(s, body)
}

func slackEvent(s Scheme, body []byte) (identity, error) {
	who := identity{idWhere: bodyField("event_id"), kindWhere: bodyField("type")}
	obj, ok := jsonObject(body)
	if !ok {
		return who, fail(s, ErrBadPayload, "body", "starts like JSON but is not a JSON object")
	}
	typ, err := stringField(obj, "type")
	if err != nil {
		return who, fail(s, ErrBadKind, who.kindWhere, err.Error())
	}
	who.kind = typ
	if typ == slackURLVerification {
		challenge, err := stringField(obj, "challenge")
		if err == nil {
			err = validToken(challenge, MaxChallengeLength)
		}
		if err != nil {
			return who, fail(s, ErrBadPayload, bodyField("challenge"), err.Error())
		}
		who.challenge = challenge
		return who, nil
	}
	if typ == slackEventCallback {
		inner, ok := jsonObject(obj["event"])
		if !ok {
			return who, fail(s, ErrBadPayload, bodyField("event"), "an event_callback without an event object")
		}
		who.kindWhere = bodyField("event.type")
		if who.kind, err = stringField(inner, "type"); err != nil {
			return who, fail(s, ErrBadKind, who.kindWhere, err.Error())
		}
	}
	if who.id, err = stringField(obj, "event_id"); err != nil {
		return who, fail(s, ErrBadID, who.idWhere, err.Error())
	}
	return who, nil
}

func slackForm(s Scheme, body []byte) (identity, error) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return identity{}, fail(s, ErrBadPayload, "body", "neither JSON nor a valid form")
	}
	if payload := form.Get("payload"); payload != "" {
		who := identity{idWhere: `payload field "trigger_id"`, kindWhere: `payload field "type"`}
		obj, ok := jsonObject([]byte(payload))
		if !ok {
			return who, fail(s, ErrBadPayload, `form field "payload"`, "not a JSON object")
		}
		if who.kind, err = stringField(obj, "type"); err != nil {
			return who, fail(s, ErrBadKind, who.kindWhere, err.Error())
		}
		if who.id, err = stringField(obj, "trigger_id"); err != nil {
			return who, fail(s, ErrBadID, who.idWhere, err.Error())
		}
		return who, nil
	}
	if command := form.Get("command"); command != "" {
		return identity{id: form.Get("trigger_id"), kind: command,
			idWhere: `form field "trigger_id"`, kindWhere: `form field "command"`}, nil
	}
	return identity{}, fail(s, ErrBadPayload, "body", `a form with neither "payload" (interactivity) nor "command" (slash command)`)
}

func signSlack(key []byte, body []byte, now time.Time) map[string]string {
	ts := unixText(now)
	contentType := "application/x-www-form-urlencoded"
	if trimmed := bytes.TrimLeft(body, " \t\r\n"); len(trimmed) > 0 && trimmed[0] == '{' {
		contentType = "application/json"
	}
	return map[string]string{
		slackTimestampHeader: ts,
		slackSignatureHeader: slackVersion + "=" + hex.EncodeToString(mac(key, []byte(slackVersion+":"), []byte(ts), []byte(":"), body)),
		"Content-Type":       contentType,
	}
}
