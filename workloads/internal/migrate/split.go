package migrate

import "strings"

// Statements splits a SQL file at the semicolons that end its statements,
// the way psql does: semicolons inside quoted strings ('...', E'...'),
// quoted identifiers ("..."), dollar-quoted bodies ($$...$$, $tag$...$tag$)
// and comments (-- and nested /* */) do not count. Each statement is
// returned trimmed, without its semicolon, with the comments before it;
// comment-only pieces are dropped.
//
// A no-transaction file needs this: PostgreSQL runs the statements of one
// multi-statement query string in a single implicit transaction, where
// CREATE INDEX CONCURRENTLY is refused.
func Statements(sql string) []string {
	var (
		out     []string
		start   int
		content bool // a non-comment character since start
	)
	flush := func(end int) {
		if content {
			out = append(out, strings.TrimSpace(sql[start:end]))
		}
		start, content = end+1, false
	}
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-':
			for i < len(sql) && sql[i] != '\n' {
				i++
			}
			continue
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			i = skipBlockComment(sql, i)
			continue
		case c == ';':
			flush(i)
			i++
			continue
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			content = true
		}
		switch {
		case c == '\'':
			escapes := i > 0 && (sql[i-1] == 'E' || sql[i-1] == 'e') && (i < 2 || !identChar(sql[i-2]))
			i = skipQuoted(sql, i, '\'', escapes)
		case c == '"':
			i = skipQuoted(sql, i, '"', false)
		case c == '$' && (i == 0 || !identChar(sql[i-1])):
			if tag, ok := dollarTag(sql, i); ok {
				end := strings.Index(sql[i+len(tag):], tag)
				if end < 0 {
					i = len(sql)
				} else {
					i += len(tag) + end + len(tag)
				}
			} else {
				i++
			}
		default:
			i++
		}
	}
	flush(len(sql))
	return out
}

// skipBlockComment returns the index after the /* */ comment at i; they nest.
func skipBlockComment(sql string, i int) int {
	depth := 0
	for i < len(sql) {
		switch {
		case strings.HasPrefix(sql[i:], "/*"):
			depth++
			i += 2
		case strings.HasPrefix(sql[i:], "*/"):
			depth--
			i += 2
			if depth == 0 {
				return i
			}
		default:
			i++
		}
	}
	return i
}

// skipQuoted returns the index after the string or identifier opened by q
// at i; a doubled q is a literal q, and with escapes a backslash escapes
// the next character.
func skipQuoted(sql string, i int, q byte, escapes bool) int {
	for i++; i < len(sql); i++ {
		switch {
		case escapes && sql[i] == '\\':
			i++
		case sql[i] == q && i+1 < len(sql) && sql[i+1] == q:
			i++
		case sql[i] == q:
			return i + 1
		}
	}
	return i
}

// dollarTag returns the $tag$ opening a dollar-quoted string at i. A $
// followed by a digit is a parameter ($1), not a quote.
func dollarTag(sql string, i int) (string, bool) {
	j := i + 1
	for j < len(sql) && identChar(sql[j]) {
		if j == i+1 && sql[j] >= '0' && sql[j] <= '9' {
			return "", false
		}
		j++
	}
	if j < len(sql) && sql[j] == '$' {
		return sql[i : j+1], true
	}
	return "", false
}

func identChar(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
