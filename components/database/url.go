package database

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// parsed is a Postgres URL broken into the parts the checks need. It never
// holds the password outside the original string.
type parsed struct {
	raw, host, port, database, user, sslMode string
	u                                        *url.URL
}

var weakModes = map[string]bool{"disable": true, "allow": true, "prefer": true}

// sslModes are libpq's, which pgx and postgres.js read alike
// (postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-SSLMODE).
var sslModes = []string{"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}

// MaxURLBytes bounds a URL: no Postgres URL needs more, and a longer value
// is a mistake (a pasted file, a certificate).
const MaxURLBytes = 2048

// encodeHint is the usual cause of a URL that parses wrong: a password with
// a reserved character, which must be percent-encoded.
const encodeHint = "if the password has / : @ ? # or %, percent-encode them (/ is %2F, @ is %40)"

func (p *parsed) weakTLS() bool { return weakModes[p.sslMode] }

func (p *parsed) withParam(k, v string) string {
	u := *p.u
	q := u.Query()
	q.Set(k, v)
	u.RawQuery = q.Encode()
	return u.String()
}

// parse never quotes the input, nor any part of it, in its errors: it may
// carry a password, and a password with a reserved character is exactly
// what makes a URL parse into the wrong parts.
func parse(raw string) (*parsed, error) {
	if len(raw) > MaxURLBytes {
		return nil, fmt.Errorf("it is %d bytes, more than the %d any Postgres URL needs", len(raw), MaxURLBytes)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("it does not parse as a URL; " + encodeHint)
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		// The scheme is not quoted: in a mangled URL it can be a user or host.
		return nil, errors.New("it does not start with postgres:// or postgresql://")
	}
	p := &parsed{raw: raw, u: u, host: u.Hostname(), port: u.Port(), sslMode: u.Query().Get("sslmode")}
	if p.host == "" {
		return nil, errors.New("it has no host")
	}
	if p.port != "" {
		if n, err := strconv.Atoi(p.port); err != nil || n < 1 || n > 65535 {
			return nil, errors.New("its port is not a number from 1 to 65535; " + encodeHint)
		}
	}
	if mode := p.sslMode; mode != "" && !slices.Contains(sslModes, mode) {
		// Not quoted: a misplaced ? in a password makes the rest of it the query.
		return nil, fmt.Errorf("its sslmode is not one of %s; %s", strings.Join(sslModes, ", "), encodeHint)
	}
	if len(u.Path) < 2 {
		return nil, errors.New("it names no database (the /DATABASE path); " + encodeHint)
	}
	p.database = u.Path[1:]
	if u.User == nil || u.User.Username() == "" {
		return nil, errors.New("it names no user; " + encodeHint)
	}
	p.user = u.User.Username()
	return p, nil
}

// URL is a validated Postgres URL's parts. Password is the plaintext: hand
// it on only as a secret.
type URL struct {
	Host, Port, Database, User, Password, SSLMode string
}

// ParseURL parses and checks a Postgres URL; its errors never quote the
// input.
func ParseURL(raw string) (URL, error) {
	p, err := parse(raw)
	if err != nil {
		return URL{}, err
	}
	pw, _ := p.u.User.Password()
	return URL{Host: p.host, Port: p.port, Database: p.database, User: p.user, Password: pw, SSLMode: p.sslMode}, nil
}
