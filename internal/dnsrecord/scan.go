package dnsrecord

import (
	"strings"
)

// entry is one logical line of a zone file: a directive or a record, with
// parenthesised continuations joined and comments taken out.
type entry struct {
	line       int    // first line, counted from 1
	text       string // without comments
	comment    string // the comments, joined
	blankOwner bool   // starts with white space: the previous owner
}

// splitEntries cuts zone-file text into logical entries. Semicolons inside
// quotes are text; parentheses continue a record over several lines.
func splitEntries(text string) []entry {
	var out []entry
	var cur *entry
	depth := 0
	for i, line := range strings.Split(text, "\n") {
		body, comment, parens := stripComment(strings.TrimRight(line, "\r"))
		if cur == nil {
			if strings.TrimSpace(body) == "" {
				continue
			}
			cur = &entry{line: i + 1, blankOwner: body[0] == ' ' || body[0] == '\t'}
		}

		cur.text = strings.TrimSpace(cur.text + " " + body)
		cur.comment = strings.TrimSpace(cur.comment + " " + comment)
		depth += parens
		if depth <= 0 {
			out = append(out, *cur)
			cur, depth = nil, 0
		}
	}
	if cur != nil {
		out = append(out, *cur)
	}
	return out
}

// stripComment splits a line into data and comment and returns the change
// in parenthesis depth; quotes and backslash escapes are respected.
func stripComment(line string) (body, comment string, parens int) {
	quoted := false
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == ';':
			return line[:i], line[i+1:], parens
		case c == '(':
			parens++
		case c == ')':
			parens--
		}
	}
	return line, "", parens
}
