package database

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
)

// parsed is a Postgres URL broken into the parts the checks need. It never
// holds the password outside the original string.
type parsed struct {
	raw, host, port, database, user, sslMode string
	u                                        *url.URL
}

var weakModes = map[string]bool{"disable": true, "allow": true, "prefer": true}

func (p *parsed) weakTLS() bool { return weakModes[p.sslMode] }

func (p *parsed) withParam(k, v string) string {
	u := *p.u
	q := u.Query()
	q.Set(k, v)
	u.RawQuery = q.Encode()
	return u.String()
}

// parse never quotes the input in its errors: it may carry a password.
func parse(raw string) (*parsed, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("it does not parse as a URL")
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
			return nil, fmt.Errorf("port must be 1-65535, got %q", p.port)
		}
	}
	if len(u.Path) < 2 {
		return nil, errors.New("it names no database (the /DATABASE path)")
	}
	p.database = u.Path[1:]
	if u.User == nil || u.User.Username() == "" {
		return nil, errors.New("it names no user")
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
