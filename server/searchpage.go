package server

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kbhelp/kb/builder"
	"github.com/kbhelp/kb/search"
)

// The search page: kb build writes {base}search/index.html from the
// theme's search.html, with marker comments (builder.SearchQueryMarker
// and the others). For GET {base}search/?q=… the server takes that page,
// puts the query in the input after the query marker and replaces what
// lies between the results markers (a static host's "search is not
// available here") with results it renders, so search works without
// JavaScript, in both modes. A page without the markers (a site page at
// /search/, or a theme without them) is served as it is.
const (
	searchPerPage  = 10
	searchMaxPages = search.MaxLimit / searchPerPage // the index returns at most MaxLimit hits
)

// isSearchPage reports whether p asks for the search page: {base}search/,
// {base}search, its index.html, or /search and /search/ at the root of
// the host (where a site.yaml search_url of /search points, whatever the
// base path).
func isSearchPage(p, base string) bool {
	switch p {
	case base + builder.SearchPagePath, base + strings.TrimSuffix(builder.SearchPagePath, "/"),
		base + builder.SearchPagePath + "index.html", "/search", "/search/":
		return true
	}
	return false
}

// searchPage is the built page cut at its markers.
type searchPage struct {
	head, tail []byte // before and after the results; head holds the query input
	advice     template.HTML
	texts      builder.SearchTexts // the page's language's, from its messages comment; English without one
}

// cutSearchPage cuts the built search page at its markers; ok is false
// when they are missing.
func cutSearchPage(page []byte) (sp searchPage, ok bool) {
	head, rest, ok1 := bytes.Cut(page, []byte(builder.SearchResultsMarker))
	region, tail, ok2 := bytes.Cut(rest, []byte(builder.SearchResultsEnd))
	if !ok1 || !ok2 {
		return sp, false
	}
	if _, a, ok := bytes.Cut(region, []byte(builder.SearchMessagesMarker)); ok {
		if a, _, ok := bytes.Cut(a, []byte("-->")); ok {
			sp.texts, _ = builder.DecodeSearchTexts(a) // unreadable: English
		}
	}
	if _, a, ok := bytes.Cut(region, []byte(builder.SearchEmptyMarker)); ok {
		if a, _, ok := bytes.Cut(a, []byte(builder.SearchEmptyEnd)); ok {
			sp.advice = template.HTML(bytes.TrimSpace(a)) // the theme's HTML, written by the build
		}
	}
	sp.head, sp.tail = head, tail
	return sp, true
}

// withQuery returns head with q as the value of the input after the query
// marker, and at the start of the page's <title> ("“refund” – Search – …"),
// so that the tab, the history and screen readers name the search. head
// is shared by concurrent requests: the result is a new slice.
func withQuery(head []byte, q string) []byte {
	const empty = `value=""`
	i := bytes.Index(head, []byte(builder.SearchQueryMarker))
	if i < 0 || q == "" {
		return head
	}
	j := bytes.Index(head[i:], []byte(empty))
	if j < 0 {
		return head
	}
	j += i
	esc := html.EscapeString(q)
	var b bytes.Buffer
	b.Grow(len(head) + 2*len(esc) + 16)
	from := 0
	if t := bytes.Index(head[:i], []byte("<title>")); t >= 0 {
		from = t + len("<title>")
		b.Write(head[:from])
		b.WriteString("“" + esc + "” – ")
	}
	b.Write(head[from:j])
	b.WriteString(`value="` + esc + `"`)
	b.Write(head[j+len(empty):])
	return b.Bytes()
}

// searchView is what searchResultsTmpl shows.
type searchView struct {
	Query     string
	Error     string // the search could not run: why
	Summary   string
	Filters   []searchFilter
	Hits      []searchHit
	Start     int // number of the first hit shown
	Prev      string
	Next      string
	PageLabel string // "Page 2 of 3"
	Category  string // title of the category filtered on, "" for all
	NoMatch   string // "No articles match “q”."
	Advice    template.HTML
	T         builder.SearchTexts // the other texts, in the page's language
}

// searchHit is a search.Hit whose snippet is HTML: the search package
// escapes the text and adds only <mark> (its fuzz test holds it to that).
type searchHit struct {
	search.Hit
	Snippet template.HTML
}

type searchFilter struct {
	Title      string
	URL        string
	Count      int
	CountLabel string // "result" or "results", after Count for screen readers
	Current    bool
}

var searchResultsTmpl = template.Must(template.New("search results").Parse(`
{{- if .Error}}<div class="search-error" role="alert"><p>{{.Error}}</p></div>
{{- else if not .Query}}<p class="search-summary">{{.T.Text "search_prompt"}}</p>
{{- else}}{{with .Summary}}<p class="search-summary" role="status">{{.}}</p>{{end}}
{{- with .Filters}}
<nav class="search-filters" aria-label="{{$.T.Text "search_filter_label"}}"><ul>
{{- range .}}
<li><a href="{{.URL}}"{{if .Current}} aria-current="page"{{end}}>{{.Title}} <span class="search-count">{{.Count}}<span class="visually-hidden"> {{.CountLabel}}</span></span></a></li>
{{- end}}
</ul></nav>
{{- end}}
{{- if .Hits}}
<ol class="search-hits" start="{{.Start}}">
{{- range .Hits}}
<li class="search-hit"><a class="search-hit-title" href="{{.URL}}">{{.Title}}{{if and .Section (ne .Section .Title)}} › {{.Section}}{{end}}</a>
{{- if .Fallback}} <span class="search-hit-fallback">{{$.T.Text "search_fallback"}}</span>{{end}}
{{- with .Breadcrumb}}
<p class="search-hit-crumbs">{{range $i, $c := .}}{{if $i}} › {{end}}{{$c}}{{end}}</p>
{{- end}}
{{- with .Snippet}}
<p class="search-hit-snippet">{{.}}</p>
{{- end}}</li>
{{- end}}
</ol>
{{- else}}
<div class="search-empty">
<p class="search-empty-title">{{.NoMatch}}</p>
{{.Advice}}
</div>
{{- end}}
{{- if or .Prev .Next}}
<nav class="search-pages" aria-label="{{.T.Text "search_pages_label"}}">
{{- if .Prev}}<a class="btn" href="{{.Prev}}" rel="prev">{{.T.Text "previous"}}</a>{{end}}
<span>{{.PageLabel}}</span>
{{- if .Next}}<a class="btn" href="{{.Next}}" rel="next">{{.T.Text "next"}}</a>{{end}}
</nav>
{{- end}}
{{- end}}
`))

// serveSearchPage answers a request for the search page. It returns
// false, having written nothing, when the site has no search page with
// markers; the request is then served as a file. l is the language
// whose search page it is: its page, searched in its index.
func (s *Server) serveSearchPage(w http.ResponseWriter, r *http.Request, st site, l siteLang) bool {
	e, err := st.file(l.Out + builder.SearchPagePath + "index.html")
	if err != nil {
		return false
	}
	defer e.close()
	if e.f != nil { // far too big for a search page: serve it as a file
		return false
	}
	sp, ok := cutSearchPage(e.data)
	if !ok {
		return false
	}
	if !allowMethods(w, r, http.MethodGet, http.MethodHead) {
		return true
	}
	v, status := s.searchResults(r, s.searcher(l), sp.advice, sp.texts)
	var b bytes.Buffer
	b.Grow(len(e.data) + 8<<10)
	b.Write(withQuery(sp.head, v.Query))
	if err := searchResultsTmpl.Execute(&b, v); err != nil {
		http.Error(w, "500 internal server error", http.StatusInternalServerError)
		return true
	}
	b.Write(sp.tail)
	w.Header().Set("X-Robots-Tag", "noindex")
	page := &entry{name: l.Out + "search/index.html", data: b.Bytes(), modTime: time.Now()}
	s.serveEntry(w, r, page, status) // 200s are revalidated by ETag, like every page
	return true
}

// searchResults runs the search a search-page request asks for, through
// h (the language's JSON API handler, called in process, so both take
// the same parameters and give the same answers), and returns the view
// and the status to answer with: 400 for bad parameters, 503 when
// search is unavailable.
func (s *Server) searchResults(r *http.Request, h http.Handler, advice template.HTML, t builder.SearchTexts) (searchView, int) {
	v := searchView{Advice: advice, T: t}
	vals, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil || len(r.URL.RawQuery) > 4*search.MaxQueryBytes {
		v.Error = t.Text("search_bad_address")
		return v, http.StatusBadRequest
	}
	for _, name := range []string{"q", "category", "page"} {
		if len(vals[name]) > 1 {
			v.Error = t.Text("search_param_twice", "name", name)
			return v, http.StatusBadRequest
		}
	}
	q := vals.Get("q")
	if utf8.ValidString(q) {
		v.Query = q
	}
	page := 1
	if p := vals.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > searchMaxPages {
			v.Error = t.Text("search_no_page", "page", strconv.Quote(p), "pages", strconv.Itoa(searchMaxPages))
			return v, http.StatusBadRequest
		}
		page = n
	}
	if strings.TrimSpace(q) == "" {
		return v, http.StatusOK
	}
	if h == nil {
		v.Error = t.Text("search_error")
		return v, http.StatusServiceUnavailable
	}
	category := vals.Get("category")
	api := url.Values{"q": {q}, "limit": {strconv.Itoa(page * searchPerPage)}}
	if category != "" {
		api.Set("category", category)
	}
	res, code, msg := s.callSearch(r.Context(), h, api)
	switch {
	case code == http.StatusBadRequest:
		v.Error = t.Text("search_cannot_run", "reason", msg)
		return v, http.StatusBadRequest
	case code != http.StatusOK || res == nil:
		v.Error = t.Text("search_error")
		return v, http.StatusServiceUnavailable
	}

	link := func(category string, page int) string {
		u := url.Values{"q": {q}}
		if category != "" {
			u.Set("category", category)
		}
		if page > 1 {
			u.Set("page", strconv.Itoa(page))
		}
		return r.URL.Path + "?" + u.Encode()
	}
	all := 0
	for _, c := range res.Categories {
		all += c.Count
		if c.Key == category {
			v.Category = c.Title
		}
	}
	if category == "" {
		all = max(all, res.Total)
	}
	if len(res.Categories) > 1 || category != "" {
		v.Filters = append(v.Filters, searchFilter{Title: t.Text("search_filter_all"), URL: link("", 1), Count: all,
			CountLabel: t.Count("search_results_count", all), Current: category == ""})
		for _, c := range res.Categories {
			v.Filters = append(v.Filters, searchFilter{Title: c.Title, URL: link(c.Key, 1), Count: c.Count,
				CountLabel: t.Count("search_results_count", c.Count), Current: c.Key == category})
		}
	}

	from := (page - 1) * searchPerPage
	for _, h := range res.Hits[min(from, len(res.Hits)):] {
		v.Hits = append(v.Hits, searchHit{Hit: h, Snippet: template.HTML(h.Snippet)})
	}
	v.Start = from + 1
	shown := min(res.Total, search.MaxLimit) // what the pages can reach
	pages := (shown + searchPerPage - 1) / searchPerPage
	if page > 1 {
		v.Prev = link(category, page-1)
	}
	if page < pages {
		v.Next = link(category, page+1)
	}
	if pages > 1 {
		v.PageLabel = t.Text("search_page_of", "page", strconv.Itoa(page), "pages", strconv.Itoa(pages))
	}
	found := t.Count("search_found", res.Total, "query", q)
	v.NoMatch = t.Text("search_no_match", "query", q)
	if v.Category != "" {
		found = t.Count("search_found_in", res.Total, "query", q, "category", v.Category)
		v.NoMatch = t.Text("search_no_match_in", "query", q, "category", v.Category)
	}
	switch {
	case res.Total == 0: // the "No articles match" block says it
		if category == "" && page == 1 {
			s.SearchMiss(q) // for kb feedback: an article to write
		}
	case len(v.Hits) == 0:
		v.Summary = t.Text("search_no_more", "page", strconv.Itoa(page))
	case pages > 1:
		v.Summary = t.Text("search_range", "from", strconv.Itoa(from+1), "to", strconv.Itoa(from+len(v.Hits)), "found", found)
	default:
		v.Summary = t.Text("search_summary", "found", found)
	}
	if res.Total > search.MaxLimit && page == pages {
		v.Summary += " " + t.Text("search_only_best", "count", strconv.Itoa(search.MaxLimit))
	}
	if res.Partial && len(v.Hits) > 0 {
		v.Summary += " " + t.Text("search_partial")
	}
	return v, http.StatusOK
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// callSearch runs the search handler h for the API parameters api and returns
// its results, or its status and error message.
func (s *Server) callSearch(ctx context.Context, h http.Handler, api url.Values) (*search.Results, int, string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "/api/search?"+api.Encode(), nil)
	if err != nil {
		return nil, http.StatusBadRequest, "malformed query"
	}
	rec := &bufferWriter{h: http.Header{}}
	h.ServeHTTP(rec, req)
	if rec.code == 0 {
		rec.code = http.StatusOK
	}
	if rec.code != http.StatusOK {
		var e struct {
			Error string `json:"error"`
		}
		_ = json.Unmarshal(rec.b.Bytes(), &e)
		return nil, rec.code, e.Error
	}
	var res search.Results
	if err := json.Unmarshal(rec.b.Bytes(), &res); err != nil {
		return nil, http.StatusServiceUnavailable, "unreadable answer"
	}
	return &res, http.StatusOK, ""
}

// bufferWriter records an answer in memory.
type bufferWriter struct {
	h    http.Header
	code int
	b    bytes.Buffer
}

func (w *bufferWriter) Header() http.Header { return w.h }
func (w *bufferWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}
func (w *bufferWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.b.Write(p)
}
