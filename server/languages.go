package server

// Multilingual sites. kb build writes each language of site.yaml's
// languages as a site of its own below its folder (the default language
// at the root, German under de/, Arabic under hc/ar/...), and the
// default language's _kb.json lists them (builder.SiteManifest.Languages).
// The server answers each language's API below that language's base
// path, in both modes:
//
//	{lang}api/search              the language's index (Config.Searches)
//	{lang}search/?q=              the language's search page, filled from it
//	{lang}api/search-status.json  {"server":true,…}: that language's index answers
//	{lang}api/feedback            votes, recorded with the page's path (/de/…)
//	{lang}mcp                     MCP, searching the language unless a call names another
//
// The root _kb.json names the site's base path: when the default
// language is below a folder too (hc/en-us/), _headers starts with that
// folder instead. Pages, twins (Accept: text/markdown) and llms files of every language
// are plain outputs below the one output root. The server never
// redirects by Accept-Language: a URL names one language's page for
// every reader, search engine and agent, and the page's switcher offers
// the others.

import (
	"net/http"
	"strings"

	"github.com/kbhelp/kb/builder"
)

// A siteLang is one language of the served site and where it is
// served. A site in one language has one, with no Code.
type siteLang struct {
	Code    string // "de"; "" on a site in one language
	Name    string // "Deutsch"
	Base    string // its base path: "/", "/de/", "/help/hc/ar/"
	Out     string // its folder of the outputs: "", "de/", "hc/ar/"
	Default bool
}

// siteLangs lists the languages of st, the default first.
func siteLangs(st site) []siteLang {
	base := st.basePath()
	ls := st.manifest().Languages
	if len(ls) == 0 {
		return []siteLang{{Base: base, Default: true}}
	}
	out := make([]siteLang, len(ls))
	for i, l := range ls {
		out[i] = siteLang{Code: l.Code, Name: l.Name, Base: base + l.Path, Out: l.Path, Default: i == 0}
	}
	return out
}

// langAt is the language whose folder holds the request path p: the one
// with the longest base path that p is below (or names without its
// trailing slash); the default language for any other path.
func langAt(st site, p string) siteLang {
	ls := siteLangs(st)
	best, found := ls[0], false
	for _, l := range ls {
		if (strings.HasPrefix(p, l.Base) || p+"/" == l.Base) && (!found || len(l.Base) > len(best.Base)) {
			best, found = l, true
		}
	}
	return best
}

// languagesBase is the base path a build's root _kb.json names when it
// lists languages: the site's, which _headers does not say when the
// default language is below a folder too (its rules are the default
// language's: "/hc/en-us/*"). ok is false for a site in one language.
func languagesBase(manifest []byte) (base string, ok bool) {
	m, err := builder.ReadSiteManifest(manifest)
	if err != nil || manifest == nil || len(m.Languages) == 0 {
		return "", false
	}
	return cleanBase(m.BasePath), true
}

// langByCode finds a language by its code, ignoring case; "" is the
// default language, and so is any code on a site in one language (whose
// outputs do not say what its language is).
func langByCode(st site, code string) (siteLang, bool) {
	ls := siteLangs(st)
	if code == "" || len(ls) == 1 {
		return ls[0], true
	}
	for _, l := range ls {
		if strings.EqualFold(l.Code, code) {
			return l, true
		}
	}
	return siteLang{}, false
}

// searcher is the search API of language l: Config.Searches's handler
// for it, else Config.Search for the default language; nil when l has
// none (the API then answers 503, and the search page says search is
// unavailable).
func (s *Server) searcher(l siteLang) http.Handler {
	if s.cfg.Searches != nil && l.Code != "" {
		if h := s.cfg.Searches(l.Code); h != nil {
			return h
		}
	}
	if l.Default && s.cfg.Search != nil {
		return s.cfg.Search
	}
	return nil
}
