package builder

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Control characters (C0 and C1, and DEL; tab and newline are text) are
// never meant to reach a reader: ESC starts terminal escapes in llms.txt
// read in a terminal, BEL rings, and browsers show them as boxes. They
// are removed from front matter values and replaced by spaces in bodies
// (which keeps every offset of the body right), each with a text/control
// warning at its position.

// isControl reports whether r is a control character kb removes.
func isControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' || r == 0x7F || r >= 0x80 && r <= 0x9F
}

// controlMsg is the warning for a removed control character.
func controlMsg(r rune) string {
	return fmt.Sprintf("control character U+%04X removed", r)
}

// noControls returns s without control characters, warning once at pos
// (the value's) when it had any.
func (r *yamlReader) noControls(pos Pos, s string) string {
	i := strings.IndexFunc(s, isControl)
	if i < 0 {
		return s
	}
	c, _ := utf8.DecodeRuneInString(s[i:])
	r.diags = append(r.diags, Diagnostic{Pos: pos, Warning: true, Msg: controlMsg(c)})
	return strings.Map(func(c rune) rune {
		if isControl(c) {
			return -1
		}
		return c
	}, s)
}

// maxControlWarnings is how many control characters of one body are
// reported one by one; the rest are replaced all the same.
const maxControlWarnings = 10

// blankControls returns body with each control character's bytes
// replaced by spaces, copying it first unless owned, and warns through
// warn at each one's offset in body. It returns body itself when there
// are none.
func blankControls(body []byte, owned bool, warn func(off int, msg string)) []byte {
	out := body
	n := 0
	for i := 0; i < len(body); {
		c, size := utf8.DecodeRune(body[i:])
		if !isControl(c) || c == utf8.RuneError && size == 1 {
			i += size
			continue
		}
		if !owned && &out[0] == &body[0] {
			out = append([]byte(nil), body...)
		}
		for j := range size {
			out[i+j] = ' '
		}
		if n++; n <= maxControlWarnings {
			warn(i, controlMsg(c))
		}
		i += size
	}
	return out
}
