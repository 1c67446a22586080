package layouts

// SearchEngine is the static search client, assets/kb-search.js: the
// query analysis (search/analysis.js, the same words and stems as the
// index) and the engine (search/engine.js), one script, which kb.js
// loads when a reader first focuses a search box on a host without kb's
// server. A site's own layouts/assets/kb-search.js replaces it.
func SearchEngine() []byte {
	var out []byte
	for _, name := range []string{"search/analysis.js", "search/engine.js"} {
		b, err := FS.ReadFile(name)
		if err != nil {
			panic("layouts: " + name + " is not embedded: " + err.Error())
		}
		out = append(out, b...)
		out = append(out, '\n')
	}
	return out
}
