package search

// word is one word of a text: as written, lowercase, and as indexed.
type word struct {
	raw        string // as written
	lower      string // lowercase, possessive dropped
	stem       string // the indexed term; "" for a stop word
	start, end int    // byte offsets in the text
}

// analyzer splits and stems text exactly as the index's tokenizers do,
// keeping each term's word, which queries need for synonyms and compounds
// and snippets for marks. It is safe for concurrent use.
type analyzer struct {
	st *stemmer
}

func newAnalyzer() *analyzer { return &analyzer{st: newStemmer()} }

// words splits s into words with their stems.
func (a *analyzer) words(s string) []word {
	var out []word
	eachWord(s, func(start, end int) {
		w := word{raw: s[start:end], start: start, end: end}
		w.lower = lowerWord(w.raw)
		w.stem = a.st.stem(w.lower)
		out = append(out, w)
	})
	return out
}

// stems returns the stems of s's words, stop words left out.
func (a *analyzer) stems(s string) []string {
	var out []string
	eachWord(s, func(start, end int) {
		if st := a.st.stem(lowerWord(s[start:end])); st != "" {
			out = append(out, st)
		}
	})
	return out
}
