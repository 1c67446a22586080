package layouts

// SearchEngine is the static search client of an English site,
// assets/kb-search.js: SearchClient("en").
func SearchEngine() []byte { return SearchClient("en") }

// SearchClient is the static search client for an index in the analysis
// name (package search: AnalysisOf, the static meta.json's lang): the
// query analysis (search/analysis.js, the same words as the index), the
// language's stemmer (search/lang-<name>.js, the same stems; the neutral
// lang-none.js for a language it has no port of) and the engine
// (search/engine.js), one script, which kb.js loads when a reader first
// focuses a search box on a host without kb's server. Only the site's
// language's stemmer is in it, so a reader downloads no other. A site's
// own layouts/assets/kb-search.js replaces it.
func SearchClient(name string) []byte {
	lang := "search/lang-" + name + ".js"
	if _, err := FS.Open(lang); err != nil {
		lang = "search/lang-none.js"
	}
	var out []byte
	for _, f := range []string{"search/analysis.js", lang, "search/engine.js"} {
		b, err := FS.ReadFile(f)
		if err != nil {
			panic("layouts: " + f + " is not embedded: " + err.Error())
		}
		out = append(out, b...)
		out = append(out, '\n')
	}
	return out
}
