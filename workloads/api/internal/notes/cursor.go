package notes

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Cursor is a position in the list of notes, newest first: the next page
// holds the notes strictly older than (CreatedAt, ID).
type Cursor struct {
	CreatedAt time.Time
	ID        string
}

// cursorVersion prefixes every encoded cursor, so the format can change
// while old cursors are still in clients' hands.
const cursorVersion = "v1"

// ErrBadCursor is returned by [ParseCursor] for anything it did not encode.
var ErrBadCursor = errors.New("cursor is malformed")

// Encode returns the cursor as an opaque URL-safe string. The timestamp keeps
// PostgreSQL's microsecond precision, so the position is exact.
func (c Cursor) Encode() string {
	raw := cursorVersion + "|" + strconv.FormatInt(c.CreatedAt.UnixMicro(), 10) + "|" + strings.ToLower(c.ID)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// ParseCursor decodes a string from [Cursor.Encode]. A cursor is not signed:
// an edited one that still parses only moves the position, which every
// client may ask for anyway.
func ParseCursor(s string) (Cursor, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Cursor{}, ErrBadCursor
	}
	parts := strings.Split(string(raw), "|")
	if len(parts) != 3 || parts[0] != cursorVersion || !ValidID(parts[2]) {
		return Cursor{}, ErrBadCursor
	}
	micros, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || micros < 0 {
		return Cursor{}, ErrBadCursor
	}
	return Cursor{CreatedAt: time.UnixMicro(micros).UTC(), ID: parts[2]}, nil
}

// ValidID reports whether id is a UUID in its canonical text form
// (8-4-4-4-12 hex digits, either case).
func ValidID(id string) bool {
	if len(id) != 36 {
		return false
	}
	for i := range len(id) {
		c := id[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !isHex(c) {
				return false
			}
		}
	}
	return true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
