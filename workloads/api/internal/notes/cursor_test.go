package notes

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"
)

const testID = "0b6f3c2e-8d1a-4f5e-9c7b-2a4d6e8f0a1b"

func TestCursorRoundTrip(t *testing.T) {
	at := time.Date(2026, 11, 26, 10, 30, 0, 123456000, time.UTC)
	c := Cursor{CreatedAt: at, ID: testID}
	s := c.Encode()
	if strings.ContainsAny(s, "+/=|") || strings.Contains(s, testID) {
		t.Errorf("Encode = %q, want opaque URL-safe text", s)
	}
	got, err := ParseCursor(s)
	if err != nil || !got.CreatedAt.Equal(at) || got.ID != testID {
		t.Errorf("ParseCursor(Encode(c)) = %+v, %v; want %+v", got, err, c)
	}
	upper, err := ParseCursor(Cursor{CreatedAt: at, ID: strings.ToUpper(testID)}.Encode())
	if err != nil || upper.ID != testID {
		t.Errorf("upper-case id: %+v, %v", upper, err)
	}
}

func TestParseCursorRejectsTampering(t *testing.T) {
	good := Cursor{CreatedAt: time.UnixMicro(1_700_000_000_000_000), ID: testID}.Encode()
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for name, s := range map[string]string{
		"empty":           "",
		"not base64":      "!!!",
		"padded base64":   base64.URLEncoding.EncodeToString([]byte("v1|1|" + testID)),
		"truncated":       good[:len(good)-3],
		"flipped char":    "A" + good[1:],
		"wrong version":   enc("v2|1700000000000000|" + testID),
		"missing field":   enc("v1|1700000000000000"),
		"extra field":     enc("v1|1700000000000000|" + testID + "|x"),
		"bad timestamp":   enc("v1|soon|" + testID),
		"negative time":   enc("v1|-5|" + testID),
		"bad id":          enc("v1|1700000000000000|not-a-uuid"),
		"sql in id":       enc("v1|1700000000000000|' OR 1=1 --"),
		"raw, not base64": "v1|1700000000000000|" + testID,
	} {
		if _, err := ParseCursor(s); !errors.Is(err, ErrBadCursor) {
			t.Errorf("%s: ParseCursor(%q) = %v, want ErrBadCursor", name, s, err)
		}
	}
}

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{
		testID: true, strings.ToUpper(testID): true,
		"": false, "0b6f3c2e8d1a4f5e9c7b2a4d6e8f0a1b": false,
		"0b6f3c2e-8d1a-4f5e-9c7b-2a4d6e8f0a1g": false, "0b6f3c2e-8d1a-4f5e-9c7b-2a4d6e8f0a1b0": false,
		"0b6f3c2e-8d1a-4f5e-9c7b_2a4d6e8f0a1b": false,
	} {
		if ValidID(id) != want {
			t.Errorf("ValidID(%q) = %v", id, !want)
		}
	}
}
