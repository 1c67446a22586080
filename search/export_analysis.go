package search

// Word is one word of a text as the index analyses it.
type Word struct {
	Raw        string // as written
	Lower      string // lowercase, possessive dropped (English), normalised (other languages)
	Stem       string // the indexed term; "" for a stop word
	Start, End int    // byte offsets in the text
}

// AnalyzeWords splits and stems s exactly as an English index does. It
// is for tests of other packages and for the static client, whose port
// of the analysis (layouts/search/analysis.js) is tested against it.
// Each call starts a new stemmer cache.
func AnalyzeWords(s string) []Word { return analyzeWords(newAnalyzer(), s) }

// AnalyzeWordsIn is AnalyzeWords for an index in the language code
// (BuildOptions.Language).
func AnalyzeWordsIn(code, s string) []Word {
	name, _ := AnalysisOf(code)
	return analyzeWords(newAnalyzerFor(mustLanguage(name)), s)
}

func analyzeWords(an *analyzer, s string) []Word {
	ws := an.words(s)
	out := make([]Word, len(ws))
	for i, w := range ws {
		out[i] = Word{Raw: w.raw, Lower: w.lower, Stem: w.stem, Start: w.start, End: w.end}
	}
	return out
}
