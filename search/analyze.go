package search

// word is one word of a text: as written, lowercase, and as indexed.
type word struct {
	raw        string // as written
	lower      string // lowercase, possessive dropped (English), normalised (lang.go)
	stem       string // the indexed term; "" for a stop word
	start, end int    // byte offsets in the text
}

// analyzer splits and stems text exactly as the index's tokenizers do,
// keeping each term's word, which queries need for synonyms and compounds
// and snippets for marks. It is safe for concurrent use.
type analyzer struct {
	st *stemmer
}

func newAnalyzer() *analyzer { return newAnalyzerFor(english) }

func newAnalyzerFor(l *language) *analyzer { return &analyzer{st: newStemmerFor(l)} }

// lang is the analyzer's language.
func (a *analyzer) lang() *language { return a.st.lang }

// words splits s into words with their stems.
func (a *analyzer) words(s string) []word {
	var out []word
	l := a.lang()
	eachTerm(s, l, func(start, end int) {
		w := word{raw: s[start:end], start: start, end: end}
		lower := appendLowerLang(nil, w.raw, l)
		w.stem = a.st.stem(string(lower))
		w.lower = string(l.normalize(lower))
		out = append(out, w)
	})
	return out
}

// stems returns the stems of s's words, stop words left out.
func (a *analyzer) stems(s string) []string {
	var out []string
	l := a.lang()
	eachTerm(s, l, func(start, end int) {
		if st := a.st.stem(string(appendLowerLang(nil, s[start:end], l))); st != "" {
			out = append(out, st)
		}
	})
	return out
}
