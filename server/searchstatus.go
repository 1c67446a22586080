package server

import (
	"net/http"
	"net/url"

	"github.com/kbhelp/kb/builder"
)

// The search status: kb build writes {base}api/search-status.json
// (builder.SearchStatusPath) saying {"server":false}, which a static host
// serves as it is. kb's server answers that path itself, in both modes,
// so that kb.js, asking it once per session, learns whether the search
// API answers here without ever meeting an error status (a browser logs
// each one as an error on the page that asked):
//
//	{"server":true,"ready":true}   the API answers
//	{"server":true,"ready":false}  it does not yet: kb serve has just
//	                               started and is still making the index
//	                               (or, in production, there is none)
//
// The answer is never an error and never cached.

// searchStatus is the body of a search status answer.
type searchStatus struct {
	Server bool `json:"server"`
	Ready  bool `json:"ready"`
}

// isSearchStatus reports whether p asks for the search status, under the
// base path or at the root of the host (as /api/search is answered).
func isSearchStatus(p, base string) bool {
	return p == base+builder.SearchStatusPath || p == "/"+builder.SearchStatusPath
}

// serveSearchStatus answers a request for the search status.
// On a multilingual site each language has its own ({lang}api/…), about
// that language's index: l.
func (s *Server) serveSearchStatus(w http.ResponseWriter, r *http.Request, l siteLang) {
	if !allowMethods(w, r, http.MethodGet, http.MethodHead) {
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, searchStatus{Server: true, Ready: s.searchReady(r, l)})
}

// searchReady reports whether language l's search handler answers: it is asked, in
// process, the empty query kb.js once asked over HTTP. Whatever makes the
// search handler answer 503 (kb serve's index not built yet, a missing
// or unreadable index in production) makes it not ready; a handler that
// answers for itself, even with a 400, is ready.
func (s *Server) searchReady(r *http.Request, l siteLang) bool {
	h := s.searcher(l)
	if h == nil {
		return false
	}
	_, code, _ := s.callSearch(r.Context(), h, url.Values{"q": {""}, "limit": {"1"}})
	return code < http.StatusInternalServerError
}
