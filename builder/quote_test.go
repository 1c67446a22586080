package builder

import (
	"fmt"
	"testing"
)

func TestUnclosedQuote(t *testing.T) {
	for _, tt := range []struct {
		src       string
		line, col int // 0: none
	}{
		{`title: "Bad`, 1, 8},
		{"title: 'Bad\ndescription: x\n", 1, 8},
		{"title: Good\ndescription: \"Bad\n", 2, 14},
		{"title: \"Good\"\ntags: [a, \"b]\n", 2, 11},
		{"title: \"Two\nlines\"\ndescription: \"Bad\n", 3, 14},
		{`title: "A \"quoted\" word`, 1, 8},            // escaped quotes do not close it
		{"title: 'It''s open\n", 1, 8},                 // '' is a quote inside
		{"title: It's fine\n", 0, 0},                   // an apostrophe in a plain value
		{"title: \"Closed\" # it's a comment\n", 0, 0}, // quotes in comments open nothing
		{"# \"a comment\ntitle: x\n", 0, 0},
		{"- \"a\n", 1, 3},
		{"", 0, 0},
	} {
		line, col, _ := unclosedQuote([]byte(tt.src))
		if line != tt.line || col != tt.col {
			t.Errorf("unclosedQuote(%q) = %d:%d, want %d:%d", tt.src, line, col, tt.line, tt.col)
		}
	}
}

// TestUnclosedQuoteReportedWhereItOpens: an unclosed quote in front
// matter is reported at the quote, with a message that says what to do,
// not at the closing --- as "found unexpected end of stream".
func TestUnclosedQuoteReportedWhereItOpens(t *testing.T) {
	for _, tt := range []struct {
		fm   string
		want string
	}{
		{"title: \"Bad\n", `a.md:2:8: invalid YAML: the string opened with " here is never closed (add the closing ")`},
		{"title: Fine\ndescription: 'Bad\norder: 1\n", `a.md:3:14: invalid YAML: the string opened with ' here is never closed (add the closing ')`},
	} {
		_, diags := parseFrontMatter("a.md", []byte(tt.fm))
		if len(diags) != 1 || diags[0].String() != tt.want {
			t.Errorf("front matter %q:\ngot  %v\nwant %s", tt.fm, fmt.Sprint(diags), tt.want)
		}
	}
}
