package receiver

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/groundwork-iac/groundwork/components/telemetry"
)

// header looks name up case-insensitively: API Gateway lower-cases header
// names, local callers and tests may not.
func header(h map[string]string, name string) string {
	if v, ok := h[strings.ToLower(name)]; ok {
		return v
	}
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// headerCarrier lets the propagator read request headers.
type headerCarrier map[string]string

func (c headerCarrier) Get(key string) string { return header(c, key) }
func (c headerCarrier) Set(key, value string) { c[strings.ToLower(key)] = value }
func (c headerCarrier) Keys() []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	return keys
}

// requestPath is the path as the client sent it.
func requestPath(req events.APIGatewayV2HTTPRequest) string {
	if req.RawPath != "" {
		return req.RawPath
	}
	return req.RequestContext.HTTP.Path
}

// response is a JSON answer carrying the request id header.
func response(status int, requestID string, body map[string]string, extra map[string]string) events.APIGatewayV2HTTPResponse {
	body[telemetry.FieldRequestID] = requestID
	b, err := json.Marshal(body)
	if err != nil { // a map of strings always marshals
		b = []byte(`{}`)
	}
	headers := map[string]string{
		"Content-Type":            "application/json",
		telemetry.HeaderRequestID: requestID,
	}
	for k, v := range extra {
		headers[k] = v
	}
	return events.APIGatewayV2HTTPResponse{StatusCode: status, Headers: headers, Body: string(b)}
}

func errorResponse(status int, requestID, msg string, extra map[string]string) events.APIGatewayV2HTTPResponse {
	return response(status, requestID, map[string]string{"error": msg}, extra)
}

// challengeResponse answers a Slack url_verification request: 200 with the
// challenge as the plain-text body, the first of the answers Slack documents
// ("respond in plaintext with the challenge attribute value", HTTP 200,
// Content-type: text/plain; https://docs.slack.dev/reference/events/url_verification).
// The challenge was checked by the verifier: printable ASCII, no spaces,
// at most webhooks.MaxChallengeLength bytes.
func challengeResponse(requestID, challenge string) events.APIGatewayV2HTTPResponse {
	return events.APIGatewayV2HTTPResponse{StatusCode: http.StatusOK, Body: challenge, Headers: map[string]string{
		"Content-Type":            "text/plain",
		telemetry.HeaderRequestID: requestID,
	}}
}

var allowPost = map[string]string{"Allow": http.MethodPost}
