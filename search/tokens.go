package search

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/registry"
)

// kb analyses text in one pass of its own instead of bleve's unicode
// tokenizer and filter chain: the UAX #29 segmenter was a quarter of the
// indexing time (BENCHMARKS.md), and queries and snippets must split and
// stem exactly as the index does. A word is a run of letters, digits and
// marks, with inner apostrophes ("can't"); everything else separates
// words, so "pm.environment.set" and "api_key" are three and two words.
// Han, Hiragana and Katakana characters are one word each, as UAX #29
// has them.
//
// bleve finds tokenizers by name in its registry, a package map that is
// only safe to write during init, so the two tokenizers register there.
func init() {
	for name, kind := range map[string]termKind{tokText: termStem, tokCode: termLower} {
		// An index of another language than English names a tokenizer
		// of its own in its mapping, of this type, with the analysis in
		// its "language" setting (newMapping).
		err := registry.RegisterTokenizer(name, func(config map[string]interface{}, _ *registry.Cache) (analysis.Tokenizer, error) {
			name, _ := config[tokLanguage].(string)
			l, err := languageNamed(name)
			if err != nil {
				return nil, err
			}
			return &tokenizer{kind: kind, stems: newStemmerFor(l)}, nil
		})
		if err != nil {
			panic(err)
		}
	}
}

const (
	tokText     = "kb_text"  // words → lowercase, stop words dropped, Porter stems (or the language's)
	tokCode     = "kb_code"  // words → lowercase
	tokLanguage = "language" // a tokenizer's setting: the analysis name (lang.go)
)

type termKind int

const (
	termStem termKind = iota
	termLower
)

// tokenizer is a bleve Tokenizer that does all of kb's analysis. Build
// does not use it (bulk.go analyses the documents it indexes itself,
// exactly alike); the mapping stored in the index names it, so bleve
// uses it when kb serve updates an index (Live).
type tokenizer struct {
	kind  termKind
	stems *stemmer
}

var _ analysis.Tokenizer = (*tokenizer)(nil)

func (t *tokenizer) Tokenize(input []byte) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(input)/7+1)
	var slab []analysis.Token // tokens come from slabs: one allocation per 256
	var buf []byte
	pos := 0
	l := t.stems.lang
	eachTerm(input, l, func(start, end int) {
		pos++
		buf = appendLowerLang(buf[:0], input[start:end], l)
		var term []byte
		if t.kind == termStem {
			if term = t.stems.stemBytes(buf); term == nil {
				return
			}
		} else {
			term = append([]byte(nil), l.normalize(buf)...)
		}
		if len(slab) == cap(slab) {
			// A new slab; the tokens already in out keep the old one.
			slab = make([]analysis.Token, 0, max(256, 2*cap(slab)))
		}
		// Stems are shared between tokens: bleve reads them, never writes.
		slab = append(slab, analysis.Token{Start: start, End: end, Term: term, Position: pos, Type: analysis.AlphaNumeric})
		out = append(out, &slab[len(slab)-1])
	})
	return out
}

// text is what the word splitter takes: a string, or its bytes.
type text interface{ ~string | ~[]byte }

// decodeRune is utf8.DecodeRune for either kind of text.
func decodeRune[T text](s T) (rune, int) {
	if b, ok := any(s).([]byte); ok {
		return utf8.DecodeRune(b)
	}
	return utf8.DecodeRuneInString(string(s))
}

// eachWord calls fn with the byte range of each word of s.
func eachWord[T text](s T, fn func(start, end int)) {
	start := -1
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiWord[c] {
				if start < 0 {
					start = i
				}
				for i++; i < len(s) && asciiWord[s[i]]; i++ {
				}
				continue
			}
			if c == '\'' && start >= 0 && i+1 < len(s) && isWordStart(s[i+1:]) {
				i++
				continue
			}
			if start >= 0 {
				fn(start, i)
				start = -1
			}
			i++
			continue
		}
		r, n := decodeRune(s[i:])
		switch {
		case r == '’' && start >= 0 && i+n < len(s) && isWordStart(s[i+n:]):
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
			if start >= 0 {
				fn(start, i)
				start = -1
			}
			fn(i, i+n)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			if start < 0 {
				start = i
			}
		default:
			if start >= 0 {
				fn(start, i)
				start = -1
			}
		}
		i += n
	}
	if start >= 0 {
		fn(start, len(s))
	}
}

// asciiWord tells the bytes of ASCII letters and digits.
var asciiWord = func() (t [256]bool) {
	for c := range t {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	return t
}()

func isWordStart[T text](s T) bool {
	r, _ := decodeRune(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// lowerWord lowercases a word, writes apostrophes as ', and drops a
// possessive 's or a trailing apostrophe.
func lowerWord[T text](w T) string { return string(appendLower(nil, w)) }

func appendLower[T text](b []byte, w T) []byte { return appendLowerLang(b, w, english) }

// appendLowerLang is appendLower for the language l: the possessive is
// dropped in English only, and cjk folds the width of characters as
// bleve's cjk_width does.
func appendLowerLang[T text](b []byte, w T, l *language) []byte {
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, n := decodeRune(w[i:])
		if r == '’' {
			r = '\''
		}
		if l.width {
			r = foldWidth(r)
		}
		b = utf8.AppendRune(b, unicode.ToLower(r))
		i += n
	}
	if n := len(b); l.english && n > 2 && b[n-2] == '\'' && b[n-1] == 's' {
		b = b[:n-2]
	}
	return b
}

// foldWidth is bleve's cjk_width for one character: full-width ASCII
// as ASCII, half-width Katakana as full-width (a half-width voiced mark
// becomes the combining one; bleve would merge it into the kana before
// it, which kb's word splitter has already split off).
func foldWidth(r rune) rune {
	switch {
	case r >= 0xff01 && r <= 0xff5e:
		return r - 0xfee0
	case r >= 0xff65 && r <= 0xff9f:
		return halfKana[r-0xff65]
	}
	return r
}

var halfKana = [...]rune{
	0x30fb, 0x30f2, 0x30a1, 0x30a3, 0x30a5, 0x30a7, 0x30a9, 0x30e3, 0x30e5,
	0x30e7, 0x30c3, 0x30fc, 0x30a2, 0x30a4, 0x30a6, 0x30a8, 0x30aa, 0x30ab,
	0x30ad, 0x30af, 0x30b1, 0x30b3, 0x30b5, 0x30b7, 0x30b9, 0x30bb, 0x30bd,
	0x30bf, 0x30c1, 0x30c4, 0x30c6, 0x30c8, 0x30ca, 0x30cb, 0x30cc, 0x30cd,
	0x30ce, 0x30cf, 0x30d2, 0x30d5, 0x30d8, 0x30db, 0x30de, 0x30df, 0x30e0,
	0x30e1, 0x30e2, 0x30e4, 0x30e6, 0x30e8, 0x30e9, 0x30ea, 0x30eb, 0x30ec,
	0x30ed, 0x30ef, 0x30f3, 0x3099, 0x309a,
}

// eachTerm calls fn with the byte range of each term-to-be of s: its
// words, except that with cjk's bigrams every run of CJK characters
// (next to each other, in one word or in several) gives each pair of
// neighbours, or its one character alone, as bleve's cjk_bigram does.
func eachTerm[T text](s T, l *language, fn func(start, end int)) {
	if !l.bigrams {
		eachWord(s, fn)
		return
	}
	// The run so far: the starts of its characters, and its end.
	var run []int
	end := -1
	flush := func() {
		switch len(run) {
		case 0:
		case 1:
			fn(run[0], end)
		default:
			for i := 0; i+1 < len(run); i++ {
				e := end
				if i+2 < len(run) {
					e = run[i+2]
				}
				fn(run[i], e)
			}
		}
		run = run[:0]
	}
	eachWord(s, func(start, stop int) {
		for i := start; i < stop; {
			r, n := decodeRune(s[i:])
			if !isBigram(r) {
				// A word with other characters than CJK ones is a word.
				flush()
				fn(start, stop)
				return
			}
			i += n
		}
		if start != end {
			flush()
		}
		for i := start; i < stop; {
			_, n := decodeRune(s[i:])
			run = append(run, i)
			i += n
		}
		end = stop
	})
	flush()
}

// stemmer stems lowercase words, with a cache: a help center uses a few
// tens of thousands of distinct words, and Porter's algorithm costs far
// more than a map lookup. It is safe for concurrent use.
type stemmer struct {
	mu    sync.RWMutex
	cache map[string][]byte // lowercase word → stem; empty (not nil) for a stop word
	stops map[string]bool
	p     *porter.PorterStemmer
	lang  *language // English: the stops, overrides and Porter; else the language's filters
}

const stemCacheMax = 1 << 18

func newStemmer() *stemmer { return newStemmerFor(english) }

func newStemmerFor(l *language) *stemmer {
	s := &stemmer{cache: make(map[string][]byte, 1<<12), lang: l}
	if l.english {
		s.stops, s.p = make(map[string]bool, len(stopWords)), porter.NewPorterStemmer()
		for _, w := range stopWords {
			s.stops[w] = true
		}
	}
	return s
}

// stem returns the indexed term of a lowercase word: "" for a stop word.
func (s *stemmer) stem(lower string) string { return string(s.stemBytes([]byte(lower))) }

// stemBytes returns the indexed term of a lowercase word, nil for a stop
// word. The caller must not modify the result.
func (s *stemmer) stemBytes(lower []byte) []byte {
	s.mu.RLock()
	st, ok := s.cache[string(lower)]
	s.mu.RUnlock()
	if !ok {
		st = []byte{}
		if !s.lang.english {
			if t := s.lang.filter(lower); t != nil {
				st = t
			}
		} else if !s.stops[string(lower)] {
			if o, ok := stemOverrides[string(lower)]; ok {
				st = []byte(o)
			} else {
				ts := s.p.Filter(analysis.TokenStream{{Term: americanize(append([]byte(nil), lower...))}})
				st = ts[0].Term
			}
		}
		s.mu.Lock()
		if len(s.cache) < stemCacheMax {
			s.cache[string(lower)] = st
		}
		s.mu.Unlock()
	}
	if len(st) == 0 {
		return nil
	}
	return st
}

// americanize spells -ise words with z ("authorise" → "authorize"), so
// British and American spellings meet in one stem. Words such as "promise"
// change too, on both sides alike, which is harmless.
func americanize(w []byte) []byte {
	if len(w) < 6 {
		return w
	}
	for _, suf := range []string{"isations", "isation", "ising", "ised", "ises", "isers", "iser", "ise"} {
		if n := len(w) - len(suf); n >= 3 && string(w[n:]) == suf {
			w[n+1] = 'z'
			return w
		}
	}
	return w
}

// stemOverrides fix Porter stems that merge words a help center must
// keep apart: "important" is not "import", "general" settings are not
// "generated" tokens, "news" is not "new".
var stemOverrides = map[string]string{
	"important": "important", "importance": "important", "importantly": "important",
	"general": "general", "generally": "general", "news": "news",
	"universal": "universal", "university": "university",
}
