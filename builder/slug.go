package builder

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// slugify makes a URL segment from a file name, folder name or front
// matter slug: lowercase, accents folded to ASCII ("Café" → "cafe"), every
// run of other characters a single hyphen. Letters of other scripts are
// kept (lowercased, NFC). The result is never ".", ".." or a path.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	keepMarks := false // the last letter kept is of a script whose marks are part of the letter
	// Invalid UTF-8 first becomes a separator: the normaliser leaves the
	// letters right after an invalid byte composed, so "\xf4Ĕ" would keep
	// its accent and differ from the slug of its own slug.
	for _, r := range norm.NFD.String(strings.ToValidUTF8(s, "-")) {
		switch {
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r):
			// A combining accent on a Latin letter is dropped, folding é
			// to e; on other scripts it is kept (ガ is カ plus a mark,
			// and "ガイド" must not become "カイト"; Hindi's vowel signs
			// are marks too).
			if keepMarks {
				b.WriteRune(r)
			}
		case r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			b.WriteRune(r)
			dash, keepMarks = false, false
		case r < 0x80 && r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
			dash, keepMarks = false, false
		case r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if f, ok := foldASCII[r]; ok {
				b.WriteString(f)
			} else {
				b.WriteRune(unicode.ToLower(r))
			}
			dash, keepMarks = false, !unicode.Is(unicode.Latin, r)
		default:
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
				dash = true
			}
			keepMarks = false
		}
	}
	return norm.NFC.String(strings.TrimRight(b.String(), "-"))
}

// foldASCII spells letters that do not decompose into ASCII.
var foldASCII = map[rune]string{
	'ß': "ss", 'æ': "ae", 'Æ': "ae", 'ø': "o", 'Ø': "o", 'œ': "oe", 'Œ': "oe",
	'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th", 'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ı': "i",
}

// HeadingID is the id kb gives a heading of text, ids as for headingID
// (kb import predicts the ids of converted pages with it).
func HeadingID(text string, ids map[string]int) string { return headingID(text, ids) }

// headingID makes a heading's anchor with GitHub's algorithm
// (github-slugger): lowercase, keep letters, marks, numbers, connector
// punctuation such as "_", spaces and hyphens; spaces become hyphens. ids holds the ids already used in the page (with the next
// suffix to try), for the -1, -2 suffixes of repeated headings.
func headingID(text string, ids map[string]int) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(text)) {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) || unicode.Is(unicode.Pc, r) || r == '-':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	id := b.String()
	if len(id) > 200 { // bounded, deterministic ids for absurd headings
		cut := 200
		for cut > 0 && !utf8RuneStart(id[cut]) { // never cut a character in two
			cut--
		}
		id = id[:cut]
	}
	if id == "" {
		id = "section"
	}
	if ids[id] == 0 {
		ids[id] = 1
		return id
	}
	for n := ids[id]; ; n++ {
		cand := id + "-" + itoa(n)
		if ids[cand] == 0 {
			ids[cand] = 1
			ids[id] = n + 1
			return cand
		}
	}
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return string(buf[i:])
}
