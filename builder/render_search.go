package builder

import (
	"encoding/json"
	"fmt"
)

// SearchPagePath is the output folder of the built-in search page, below
// the base path: the page is written to SearchPagePath + "index.html".
const SearchPagePath = "search/"

// SearchStatusPath is where, below the base path, a page's script learns
// whether a kb server answers the search API. kb build writes this file
// with SearchStatusStatic, so that a static host answers 200 with it (a
// probe of the API itself would get a 404, which browsers log as an
// error); kb's server answers the same path itself, in both modes, with
// {"server":true,"ready":…} (see package server). It lies beside the
// API: kb.js asks data-search-api + "-status.json".
const SearchStatusPath = "api/search-status.json"

// SearchStatusStatic is the built SearchStatusPath: no server here.
// A build with a search index then writes searchStatus over it.
const SearchStatusStatic = `{"server":false}` + "\n"

// searchStatus is the built SearchStatusPath of a site with a static
// search index: no server, and where the index (version ver) and its
// client are, as site paths.
func searchStatus(basePath, ver, engine string) []byte {
	type static struct {
		Index  string `json:"index"`
		Engine string `json:"engine"`
	}
	b, _ := json.Marshal(struct {
		Server bool   `json:"server"`
		Static static `json:"static"`
	}{false, static{basePath + StaticSearchDir + "/" + ver + "/", basePath + engine}})
	return append(b, '\n')
}

// Markers in the search page that kb's server replaces when it answers
// GET {base}search/?q=… (see package server). They are part of the
// layouts/search.html contract; on a static host they are plain comments.
const (
	// SearchQueryMarker comes right before the search page's query input:
	// the first value="" after it receives the query.
	SearchQueryMarker = "<!--kb:search-query-->"
	// SearchResultsMarker and SearchResultsEnd enclose what a static host
	// shows in place of results; the server replaces all of it.
	SearchResultsMarker = "<!--kb:search-results-->"
	SearchResultsEnd    = "<!--/kb:search-results-->"
	// SearchEmptyMarker and SearchEmptyEnd, inside the results, enclose
	// the "no results" advice (the support call to action), which the
	// server shows after its own "No articles match" line.
	SearchEmptyMarker = "<!--kb:search-empty-->"
	SearchEmptyEnd    = "<!--/kb:search-empty-->"
	// SearchMessagesMarker starts a comment, inside the results, holding
	// the texts the server writes with them in the page's language: a
	// JSON object (DecodeSearchTexts) and then "-->".
	SearchMessagesMarker = "<!--kb:search-messages "
)

// searchPageView is the view of the built-in search page: the home page's
// breadcrumb, no sidebar, kept out of search engines.
func (s *Site) searchPageView(sv *SiteView) *PageView {
	c := s.Config
	return &PageView{Site: sv, Dev: c.dev, Kind: "search", Title: sv.msgs.text("search_title"), HeadTitle: sv.msgs.text("search_title") + " – " + c.Title,
		URL: sv.SearchPage, Breadcrumbs: []NavLink{{Title: s.Home.Title, URL: s.Home.URL}}, OGType: "website", NoIndex: true,
		Markers: &SearchMarkers{Query: SearchQueryMarker, Results: SearchResultsMarker, ResultsEnd: SearchResultsEnd,
			Empty: SearchEmptyMarker, EmptyEnd: SearchEmptyEnd, Messages: sv.msgs.searchComment()}}
}

// renderSearchPage writes search/index.html; no page or alias can have
// that URL (reservedOutputs). The built-in search.html needs only "base"
// from the rest of the theme; should a site's own base.html still fail
// with it, the site goes without a search page rather than without a
// build. A site's own search.html that fails is an error.
func (s *Site) renderSearchPage(sv *SiteView, th *theme, out Sink) error {
	html, err := th.execute("search", s.searchPageView(sv))
	if err != nil && th.byKind["search"].Lookup("layouts/search.html") == nil {
		return nil // the built-in search.html with a theme it does not fit
	}
	if err != nil {
		return fmt.Errorf("layouts/search.html: %w", err)
	}
	return out.Put(SearchPagePath+"index.html", html)
}
