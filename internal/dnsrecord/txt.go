package dnsrecord

import (
	"strconv"
	"strings"
)

// maxCharString is the most octets one TXT character-string holds.
const maxCharString = 255

// txtToRData quotes plain text for a zone file: escapes quotes, backslashes
// and bytes outside printable ASCII, and splits it into strings of at most
// 255 octets counted before escaping.
func txtToRData(text string) string {
	if text == "" {
		return `""`
	}

	raw := []byte(text)
	parts := make([]string, 0, len(raw)/maxCharString+1)
	for start := 0; start < len(raw); start += maxCharString {
		end := min(start+maxCharString, len(raw))
		parts = append(parts, `"`+escapeTXT(raw[start:end])+`"`)
	}
	return strings.Join(parts, " ")
}

// escapeTXT writes bytes in zone-file presentation form.
func escapeTXT(raw []byte) string {
	var b strings.Builder
	for _, c := range raw {
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c >= 0x7f:
			b.WriteString(`\` + leftPad3(int(c)))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func leftPad3(n int) string {
	s := strconv.Itoa(n)
	return strings.Repeat("0", 3-len(s)) + s
}

// txtFromRData reads the character-strings of TXT rdata, quoted or bare,
// decodes their escapes and joins them with nothing between.
func txtFromRData(rdata string) string {
	var out []byte
	for i := 0; i < len(rdata); {
		switch c := rdata[i]; {
		case c == ' ' || c == '\t':
			i++
		case c == '"':
			var s []byte
			s, i = readTXTString(rdata, i+1, true)
			out = append(out, s...)
		default:
			var s []byte
			s, i = readTXTString(rdata, i, false)
			out = append(out, s...)
		}
	}
	return string(out)
}

// readTXTString decodes one character-string starting at i and returns it
// with the index after its end (after the closing quote when quoted).
func readTXTString(s string, i int, quoted bool) ([]byte, int) {
	var out []byte
	for i < len(s) {
		c := s[i]
		switch {
		case quoted && c == '"':
			return out, i + 1
		case !quoted && (c == ' ' || c == '\t'):
			return out, i
		case c == '\\' && i+3 < len(s) && isDigits(s[i+1:i+4]):
			n, _ := strconv.Atoi(s[i+1 : i+4])
			out = append(out, byte(n))
			i += 4
		case c == '\\' && i+1 < len(s):
			out = append(out, s[i+1])
			i += 2
		default:
			out = append(out, c)
			i++
		}
	}
	return out, i
}

func isDigits(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	n, _ := strconv.Atoi(s)
	return n <= 255
}
