package obs

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// ParseOTLPHeaders parses headers in the OTEL_EXPORTER_OTLP_HEADERS format,
// "key1=value1,key2=value2" with URL-encoded values, as stored in a secret.
// Errors name the position of a bad entry, never its content: the values are
// credentials.
func ParseOTLPHeaders(s string) (map[string]string, error) {
	headers := map[string]string{}
	var errs []error
	for i, entry := range strings.Split(s, ",") {
		if strings.TrimSpace(entry) == "" {
			continue
		}
		k, v, ok := strings.Cut(entry, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			errs = append(errs, fmt.Errorf("OTLP headers entry %d is not key=value", i+1))
			continue
		}
		val, err := url.PathUnescape(strings.TrimSpace(v))
		if err != nil {
			errs = append(errs, fmt.Errorf("OTLP headers entry %d has a badly URL-encoded value", i+1))
			continue
		}
		headers[k] = val
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if len(headers) == 0 {
		return nil, errors.New("OTLP headers are empty")
	}
	return headers, nil
}
