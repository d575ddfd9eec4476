package webhooks

import (
	"errors"
	"fmt"
)

// ValidKind checks a job kind: 1 to MaxKindLength characters, each one of
// A-Z a-z 0-9 . _ : / - (every sender's event names fit: "invoice.paid",
// "pull_request", "orders/create", "/deploy").
func ValidKind(kind string) error {
	if kind == "" {
		return errors.New("empty")
	}
	if len(kind) > MaxKindLength {
		return fmt.Errorf("%s, longer than %d", excerpt(kind), MaxKindLength)
	}
	for i := 0; i < len(kind); i++ {
		if c := kind[i]; !kindByte(c) {
			return fmt.Errorf("%s has %s at byte %d; allowed: A-Z a-z 0-9 . _ : / -", excerpt(kind), byteName(c), i)
		}
	}
	return nil
}

// ValidID checks a sender's event or delivery id: 1 to MaxIDLength bytes of
// printable ASCII without spaces.
func ValidID(id string) error { return validToken(id, MaxIDLength) }

func validToken(s string, max int) error {
	if s == "" {
		return errors.New("empty")
	}
	if len(s) > max {
		return fmt.Errorf("%s, longer than %d", excerpt(s), max)
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < '!' || c > '~' {
			return fmt.Errorf("%s has %s at byte %d; allowed: printable ASCII, no spaces", excerpt(s), byteName(c), i)
		}
	}
	return nil
}

func kindByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '.' || c == '_' || c == ':' || c == '/' || c == '-'
}

// byteName shows a byte in a message: 'c' when printable ASCII, else 0xNN.
func byteName(c byte) string {
	if c >= ' ' && c <= '~' {
		return "'" + string(rune(c)) + "'"
	}
	return fmt.Sprintf("0x%02x", c)
}
