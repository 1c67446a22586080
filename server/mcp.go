package server

// The Model Context Protocol server: the same site and the same search,
// asked by an agent instead of read. It is served over streamable HTTP
// at {base}mcp by kb serve (both modes) and over stdio by kb mcp. Every
// tool is read-only. The HTTP transport runs behind the server's guard
// (Host and Origin checks, no CORS), with its own rate limit per client
// and a small body limit; the SDK runs stateless, so a client holds no
// state here between calls.

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/kbhelp/kb/search"
)

const (
	mcpPath = "mcp" // below the base path

	// mcpPageBytes is how much of a page get_page returns by default;
	// mcpMaxPageBytes the most a call may ask for. 40,000 bytes is about
	// 10k tokens: nearly every help article fits in one call.
	mcpPageBytes    = 40000
	mcpMaxPageBytes = 200000

	// mcpBodyBytes bounds a request to /mcp: a tool call with the longest
	// query is well under it.
	mcpBodyBytes = 64 << 10
)

// mcpCallTimeout bounds a tool call (a search has search.Timeout within
// it); a variable for tests.
var mcpCallTimeout = 5 * time.Second

// mcpInstructions tell an agent what the server is for.
const mcpInstructions = "Help center articles. Use search to find articles for a question (it tolerates typos), " +
	"get_page to read one as markdown, and list_sections to browse the categories and their articles. " +
	"Answer from the pages, and cite their URLs."

const mcpSearchDescription = "Find help center articles for a question. Returns the best matches with their markdown URL (for get_page), section, breadcrumb and a plain-text snippet."

// mcpLanguages names a multilingual site's languages for an agent: the
// codes search's lang takes, the one it searches without (lang, "" for
// the default), and where each one's pages are; "" on a site in one
// language.
func mcpLanguages(st site, lang string) string {
	ls := siteLangs(st)
	if len(ls) < 2 {
		return ""
	}
	cur, ok := langByCode(st, lang)
	if !ok {
		cur = ls[0]
	}
	var b strings.Builder
	b.WriteString("This help center is in several languages:")
	for i, l := range ls {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, " %s (%s, pages under %s)", l.Code, l.Name, l.Base)
	}
	fmt.Fprintf(&b, ". Search takes lang to search one language; %s when left out. Search in the reader's language first; articles not yet translated are found there too, in %s.", cur.Code, ls[0].Name)
	return b.String()
}

// Inputs and outputs of the tools. The SDK derives their JSON schemas
// from these types and checks every call's arguments against them.
type (
	mcpSearchIn struct {
		Query    string `json:"query" jsonschema:"what the reader asks, in plain words; typos are tolerated"`
		Category string `json:"category,omitempty" jsonschema:"only articles of this category key, as list_sections names it (for example billing)"`
		Section  string `json:"section,omitempty" jsonschema:"only articles of this section key (for example billing/payments)"`
		Limit    int    `json:"limit,omitempty" jsonschema:"how many results, 1 to 50; 10 when left out"`
		Lang     string `json:"lang,omitempty" jsonschema:"the language to search, by its code (for example de), on a help center in several languages; the default language when left out"`
	}
	mcpSearchOut struct {
		Query   string         `json:"query"`
		Total   int            `json:"total" jsonschema:"matching articles, over all pages of results"`
		Results []mcpSearchHit `json:"results"`
		Partial bool           `json:"partial,omitempty" jsonschema:"the search ran out of time: results are of the articles it looked at"`
	}
	mcpSearchHit struct {
		Title      string   `json:"title"`
		URL        string   `json:"url" jsonschema:"the article's markdown version: pass it to get_page"`
		PageURL    string   `json:"page_url" jsonschema:"the article's web page, at the section that matched"`
		Section    string   `json:"section,omitempty" jsonschema:"the title of the section that matched best"`
		Breadcrumb []string `json:"breadcrumb"`
		Snippet    string   `json:"snippet" jsonschema:"plain text around the matched words"`
		Score      float64  `json:"score"`
	}
	mcpPageIn struct {
		URL      string `json:"url" jsonschema:"the page: a URL or path from search, list_sections or llms.txt (web page or .md)"`
		Offset   int    `json:"offset,omitempty" jsonschema:"where to start, in bytes: the next_offset of the previous call"`
		MaxBytes int    `json:"max_bytes,omitempty" jsonschema:"most bytes to return, 256 to 200000; 40000 when left out"`
	}
	mcpPageOut struct {
		URL        string `json:"url" jsonschema:"the markdown version that was read"`
		Content    string `json:"content"`
		Offset     int    `json:"offset"`
		NextOffset int    `json:"next_offset,omitempty" jsonschema:"set when the page goes on: call again with this offset"`
		TotalBytes int    `json:"total_bytes"`
	}
	mcpSectionsIn struct {
		Path string `json:"path,omitempty" jsonschema:"a category or section URL or path, to list only that part; the whole help center when left out"`
	}
	mcpSectionsOut struct {
		URL     string `json:"url" jsonschema:"the llms.txt that was read"`
		Content string `json:"content" jsonschema:"the part's llms.txt: its sections and articles, with links"`
	}
)

// mcpServer makes the MCP server for one connection. origin is where its
// URLs point: "https://help.example.com" or "" for paths. The schemas of
// the tools are made once (s.mcpSchemas), so making a server per HTTP
// request, as the stateless transport does, is cheap.
//
// lang is the code of the language search takes when a call names none:
// the language whose {lang}mcp the client connected to ("" for the
// default language).
func (s *Server) mcpServer(origin, lang string, agent func(ctx context.Context, kind, page string, hits int)) *mcp.Server {
	name := "kb"
	if st := s.current(); st != nil && st.manifest().Title != "" {
		name = st.manifest().Title
	}
	instructions, searchDesc := mcpInstructions, mcpSearchDescription
	if st := s.current(); st != nil {
		if langs := mcpLanguages(st, lang); langs != "" {
			instructions += " " + langs
			searchDesc += " " + langs
		}
	}
	srv := mcp.NewServer(&mcp.Implementation{Name: "kb", Title: name, Version: s.cfg.Version},
		&mcp.ServerOptions{Instructions: instructions, SchemaCache: s.mcpSchemas})
	ro := &mcp.ToolAnnotations{ReadOnlyHint: true, OpenWorldHint: new(bool)}
	mcp.AddTool(srv, &mcp.Tool{Name: "search", Title: "Search the help center", Annotations: ro,
		Description: searchDesc},
		mcpGuard(func(ctx context.Context, _ *mcp.CallToolRequest, in mcpSearchIn) (*mcp.CallToolResult, mcpSearchOut, error) {
			if in.Lang == "" {
				in.Lang = lang
			}
			out, err := s.mcpSearch(ctx, origin, in)
			if err != nil {
				return nil, out, err
			}
			if agent != nil {
				agent(ctx, "mcp-search", in.Query, out.Total)
			}
			return textResult(out.text()), out, nil
		}))
	mcp.AddTool(srv, &mcp.Tool{Name: "get_page", Title: "Read a page", Annotations: ro,
		Description: "Read one help center page as markdown. Long pages come in parts: call again with next_offset."},
		mcpGuard(func(ctx context.Context, _ *mcp.CallToolRequest, in mcpPageIn) (*mcp.CallToolResult, mcpPageOut, error) {
			out, err := s.mcpPage(origin, in)
			if err != nil {
				return nil, out, err
			}
			if agent != nil {
				agent(ctx, "mcp-page", out.URL, 0)
			}
			text := out.Content
			if out.NextOffset > 0 {
				text += fmt.Sprintf("\n\n[The page goes on: %d of %d bytes shown. Call get_page with offset %d for the rest.]\n", out.NextOffset, out.TotalBytes, out.NextOffset)
			}
			return textResult(text), out, nil
		}))
	mcp.AddTool(srv, &mcp.Tool{Name: "list_sections", Title: "List categories and articles", Annotations: ro,
		Description: "The help center's categories, sections and articles as an llms.txt index with links, or only one category's or section's."},
		mcpGuard(func(ctx context.Context, _ *mcp.CallToolRequest, in mcpSectionsIn) (*mcp.CallToolResult, mcpSectionsOut, error) {
			out, err := s.mcpSections(origin, in)
			if err != nil {
				return nil, out, err
			}
			if agent != nil {
				agent(ctx, "mcp-sections", out.URL, 0)
			}
			return textResult(out.Content), out, nil
		}))
	s.mcpResources(srv, origin)
	return srv
}

// textResult is a tool result whose text is text; the SDK adds the
// structured output beside it.
func textResult(text string) *mcp.CallToolResult {
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: text}}}
}

// text is the results as a markdown list, for clients that read a tool's
// text rather than its structured output.
func (o mcpSearchOut) text() string {
	if len(o.Results) == 0 {
		return fmt.Sprintf("No article matches %q. Try other words, or list_sections to browse.", o.Query)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d matching articles for %q", len(o.Results), o.Total, o.Query)
	if o.Partial {
		b.WriteString(" (the search ran out of time; there may be better matches)")
	}
	b.WriteString(":\n")
	for i, h := range o.Results {
		fmt.Fprintf(&b, "\n%d. [%s](%s)", i+1, h.Title, h.URL)
		if crumb := strings.Join(h.Breadcrumb, " › "); crumb != "" {
			b.WriteString(" — " + crumb)
		}
		if h.Section != "" {
			b.WriteString(" › " + h.Section)
		}
		b.WriteString("\n   " + h.Snippet + "\n")
	}
	return b.String()
}

// mcpGuard gives a tool call its deadline and turns a panic into a tool
// error: a bad call never takes the server down.
func mcpGuard[In, Out any](h mcp.ToolHandlerFor[In, Out]) mcp.ToolHandlerFor[In, Out] {
	return func(ctx context.Context, req *mcp.CallToolRequest, in In) (res *mcp.CallToolResult, out Out, err error) {
		defer func() {
			if v := recover(); v != nil {
				var zero Out
				res, out, err = nil, zero, errors.New("internal error")
			}
		}()
		ctx, cancel := context.WithTimeout(ctx, mcpCallTimeout)
		defer cancel()
		return h(ctx, req, in)
	}
}

// mcpSearch runs a search through the search handler of the language
// in.Lang names (the default language's when empty), in process, so it
// takes the same caps, deadline and validation as /api/search.
func (s *Server) mcpSearch(ctx context.Context, origin string, in mcpSearchIn) (mcpSearchOut, error) {
	out := mcpSearchOut{Query: in.Query, Results: []mcpSearchHit{}}
	if strings.TrimSpace(in.Query) == "" {
		return out, errors.New("query is empty: say what to search for")
	}
	if in.Limit < 0 || in.Limit > search.MaxLimit {
		return out, fmt.Errorf("limit must be from 1 to %d", search.MaxLimit)
	}
	lang := siteLang{Default: true}
	if st := s.current(); st != nil {
		l, ok := langByCode(st, in.Lang)
		if !ok {
			var codes []string
			for _, l := range siteLangs(st) {
				codes = append(codes, l.Code)
			}
			return out, fmt.Errorf("this help center has no language %q: lang is one of %s", in.Lang, strings.Join(codes, ", "))
		}
		lang = l
	}
	h := s.searcher(lang)
	if h == nil {
		return out, errors.New("search is not available: the site has no search index")
	}
	api := url.Values{"q": {in.Query}}
	if in.Category != "" {
		api.Set("category", in.Category)
	}
	if in.Section != "" {
		api.Set("section", in.Section)
	}
	if in.Limit > 0 {
		api.Set("limit", strconv.Itoa(in.Limit))
	}
	res, code, msg := s.callSearch(ctx, h, api)
	if code != http.StatusOK || res == nil {
		if msg == "" {
			msg = "search unavailable"
		}
		return out, errors.New(msg)
	}
	out.Total, out.Partial = res.Total, res.Partial
	for _, h := range res.Hits {
		page, _, _ := strings.Cut(h.URL, "#")
		out.Results = append(out.Results, mcpSearchHit{
			Title: h.Title, URL: origin + twinPath(page), PageURL: origin + h.URL,
			Section: h.Section, Breadcrumb: h.Breadcrumb, Snippet: plainSnippet(h.Snippet), Score: h.Score,
		})
	}
	return out, nil
}

// twinPath is the markdown twin of a page URL: "/a/b/" → "/a/b.md",
// "/" → "/index.md" (as the build writes them).
func twinPath(page string) string {
	if page == "" || strings.HasSuffix(page, "/") {
		if t := strings.TrimSuffix(page, "/"); t != "" && !strings.HasSuffix(t, "/") {
			return t + ".md"
		}
		return page + "index.md"
	}
	return page
}

// plainSnippet turns a search snippet (escaped text with <mark>) into
// plain text.
func plainSnippet(s string) string {
	s = strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
	return html.UnescapeString(s)
}

// mcpPage reads a page's twin, from in.Offset, at most MaxBytes of it,
// cut at a line end when one is near.
func (s *Server) mcpPage(origin string, in mcpPageIn) (mcpPageOut, error) {
	out := mcpPageOut{Offset: in.Offset}
	max := in.MaxBytes
	switch {
	case max == 0:
		max = mcpPageBytes
	case max < 256 || max > mcpMaxPageBytes:
		return out, fmt.Errorf("max_bytes must be from 256 to %d", mcpMaxPageBytes)
	}
	st := s.current()
	if st == nil {
		return out, errors.New("the site is not built yet")
	}
	name, err := s.mcpResolve(st, in.URL, false)
	if err != nil {
		return out, err
	}
	data, err := readEntry(st, name)
	if err != nil {
		return out, err
	}
	out.URL, out.TotalBytes = origin+st.basePath()+name, len(data)
	if in.Offset < 0 || in.Offset > len(data) {
		return out, fmt.Errorf("offset %d is outside the page, which has %d bytes", in.Offset, len(data))
	}
	for in.Offset < len(data) && !utf8.RuneStart(data[in.Offset]) {
		in.Offset++ // an offset inside a character starts at the next one
	}
	out.Offset = in.Offset
	end := min(len(data), in.Offset+max)
	if end < len(data) {
		if nl := strings.LastIndexByte(string(data[in.Offset:end]), '\n'); nl > max/2 {
			end = in.Offset + nl + 1
		}
		for end > in.Offset && !utf8.RuneStart(data[end]) {
			end--
		}
		out.NextOffset = end
	}
	out.Content = string(data[in.Offset:end])
	return out, nil
}

// mcpSections reads the llms.txt of the site or of one of its folders.
func (s *Server) mcpSections(origin string, in mcpSectionsIn) (mcpSectionsOut, error) {
	var out mcpSectionsOut
	st := s.current()
	if st == nil {
		return out, errors.New("the site is not built yet")
	}
	name, err := s.mcpResolve(st, in.Path, true)
	if err != nil {
		return out, err
	}
	data, err := readEntry(st, name)
	if err != nil {
		return out, err
	}
	out.URL, out.Content = origin+st.basePath()+name, string(data)
	return out, nil
}

// mcpResolve turns what an agent passed (an absolute URL, a path with or
// without the base path, a web page or its .md, an alias) into the
// output file to read: the page's twin, or with index the folder's
// llms.txt. Any host is accepted: only the path counts.
func (s *Server) mcpResolve(st site, raw string, index bool) (string, error) {
	if len(raw) > 2048 || !utf8.ValidString(raw) {
		return "", errors.New("url is too long or not UTF-8")
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("url %q cannot be read: %v", raw, err)
	}
	base := st.basePath()
	p := u.Path
	if p == "" && raw != "" && !index {
		return "", errors.New("url names no page")
	}
	if !strings.HasPrefix(p, "/") {
		p = base + p
	}
	for hop := 0; ; hop++ {
		if p+"/" == base {
			p = base
		}
		rel, code := sitePath(p, base)
		if code != 0 || hiddenOutput(rel) {
			return "", fmt.Errorf("no page at %s: paths of this help center start with %s", p, base)
		}
		// An alias first: its moved-note files are for hosts
		// without redirects, not for an agent that can follow one.
		if to, _, ok := st.redirect(p); ok && hop < 3 {
			p = to
			continue
		}
		if name, ok := outputFor(st, rel, index); ok {
			return name, nil
		}
		break
	}
	if index {
		return "", fmt.Errorf("no category or section at %s: list_sections without a path lists them all", p)
	}
	return "", fmt.Errorf("no page at %s: search finds pages, and list_sections lists them", p)
}

// outputFor is the file that answers rel: its twin, or (index) its
// folder's llms.txt.
func outputFor(st site, rel string, index bool) (string, bool) {
	rel = strings.TrimSuffix(rel, "index.html")
	var names []string
	switch {
	case index && (rel == "" || strings.HasSuffix(rel, "/")):
		names = []string{rel + "llms.txt"}
	case index:
		names = []string{strings.TrimSuffix(rel, ".md") + "/llms.txt", rel}
	case rel == "":
		names = []string{"index.md"}
	case strings.HasSuffix(rel, "/"): // the twin beside the folder, as pages link it
		names = []string{strings.TrimSuffix(rel, "/") + ".md", rel + "index.md"}
	case path.Ext(rel) == ".md" || path.Base(rel) == "llms.txt" || path.Base(rel) == "llms-full.txt":
		names = []string{rel}
	default:
		names = []string{rel + ".md", rel + "/index.md"}
	}
	for _, n := range names {
		if path.Base(n) != "llms.txt" && path.Ext(n) != ".md" && path.Base(n) != "llms-full.txt" {
			continue // only agent outputs, never HTML or assets
		}
		if e, err := st.file(n); err == nil {
			e.close()
			return n, true
		}
	}
	return "", false
}

// readEntry reads a whole output file.
func readEntry(st site, name string) ([]byte, error) {
	e, err := st.file(name)
	if err != nil {
		return nil, fmt.Errorf("%s cannot be read", name)
	}
	defer e.close()
	if e.f == nil {
		return e.data, nil
	}
	fi, err := e.f.Stat()
	if err != nil || fi.Size() > 64<<20 {
		return nil, fmt.Errorf("%s cannot be read", name)
	}
	b := make([]byte, fi.Size())
	if _, err := e.f.ReadAt(b, 0); err != nil {
		return nil, fmt.Errorf("%s cannot be read", name)
	}
	return b, nil
}

// mcpResources offers the llms files: the site's llms.txt and
// llms-full.txt, and any folder's llms.txt by template.
func (s *Server) mcpResources(srv *mcp.Server, origin string) {
	st := s.current()
	base := "/"
	if st != nil {
		base = st.basePath()
	}
	prefix := origin + base
	if origin == "" {
		prefix = "kb:" + base // a resource URI needs a scheme
	}
	read := func(ctx context.Context, req *mcp.ReadResourceRequest) (*mcp.ReadResourceResult, error) {
		uri := req.Params.URI
		rel, ok := strings.CutPrefix(uri, prefix)
		st := s.current()
		if !ok || st == nil || (path.Base(rel) != "llms.txt" && path.Base(rel) != "llms-full.txt") {
			return nil, mcp.ResourceNotFoundError(uri)
		}
		name, err := s.mcpResolve(st, base+rel, false)
		if err != nil || name != rel {
			return nil, mcp.ResourceNotFoundError(uri)
		}
		data, err := readEntry(st, name)
		if err != nil {
			return nil, mcp.ResourceNotFoundError(uri)
		}
		return &mcp.ReadResourceResult{Contents: []*mcp.ResourceContents{{URI: uri, MIMEType: "text/markdown", Text: string(data)}}}, nil
	}
	srv.AddResource(&mcp.Resource{URI: prefix + "llms.txt", Name: "llms.txt", MIMEType: "text/markdown",
		Description: "Index of the help center: every category, section and article, with links to their markdown."}, read)
	srv.AddResource(&mcp.Resource{URI: prefix + "llms-full.txt", Name: "llms-full.txt", MIMEType: "text/markdown",
		Description: "The full text of every article, in one file."}, read)
	srv.AddResourceTemplate(&mcp.ResourceTemplate{URITemplate: prefix + "{+folder}/llms.txt", Name: "folder llms.txt", MIMEType: "text/markdown",
		Description: "Index of one category or section (folder is its path, for example billing/payments)."}, read)
}

// mcpHandler serves MCP over streamable HTTP at {base}mcp: stateless,
// JSON answers, limited per client.
func (s *Server) mcpHandler() http.Handler {
	h := mcp.NewStreamableHTTPHandler(func(r *http.Request) *mcp.Server {
		lang := "" // {lang}mcp searches that language by default
		if st := s.current(); st != nil {
			lang = langAt(st, r.URL.Path).Code
		}
		return s.mcpServer(s.mcpOrigin(r), lang, func(_ context.Context, kind, page string, hits int) {
			s.recordMCP(r, kind, page, hits)
		})
	}, &mcp.StreamableHTTPOptions{
		Stateless: true, JSONResponse: true,
		MaxRequestBodyBytes: mcpBodyBytes,
		// Host and Origin are checked by guard for every request, with the
		// -allowed-hosts list: the SDK's own check would refuse a
		// production server behind a proxy on the same machine.
		DisableLocalhostProtection: true,
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := s.current()
		if st == nil {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "503 the site is not built yet", http.StatusServiceUnavailable)
			return
		}
		if !st.manifest().Agents.MCP {
			s.notFound(w, r, st)
			return
		}
		if ok, wait := s.mcpLimit.allow(clientAddr(r), time.Now()); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
			http.Error(w, "429 too many requests", http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}

// mcpOrigin is where the URLs an HTTP client gets point: the site's
// base_url in production (the public name, also behind a proxy), the
// address the client used in dev.
func (s *Server) mcpOrigin(r *http.Request) string {
	if st := s.current(); st != nil && !s.cfg.Dev {
		if u, err := url.Parse(st.manifest().BaseURL); err == nil && u.Host != "" {
			return u.Scheme + "://" + u.Host
		}
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// ServeMCP serves MCP over t (kb mcp: stdio) until the client goes or
// ctx is done. URLs in answers are absolute when the build knows its
// base_url.
func (s *Server) ServeMCP(ctx context.Context, t mcp.Transport) error {
	origin := ""
	if st := s.current(); st != nil {
		if u, err := url.Parse(st.manifest().BaseURL); err == nil && u.Host != "" {
			origin = u.Scheme + "://" + u.Host
		}
	}
	return s.mcpServer(origin, "", nil).Run(ctx, t)
}

// mcpCard is /.well-known/mcp: where the MCP server is and what it
// offers, for clients that discover servers from a site's address.
func (s *Server) serveMCPCard(w http.ResponseWriter, r *http.Request, st site) {
	if !allowMethods(w, r, http.MethodGet, http.MethodHead) {
		return
	}
	if st == nil || !st.manifest().Agents.MCP {
		if st == nil {
			http.Error(w, "404 page not found", http.StatusNotFound)
			return
		}
		s.notFound(w, r, st)
		return
	}
	origin := s.mcpOrigin(r)
	m := st.manifest()
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, http.StatusOK, map[string]any{
		"name":        "kb",
		"title":       m.Title,
		"description": m.Description,
		"version":     s.cfg.Version,
		"transport":   map[string]string{"type": "streamable-http", "url": origin + st.basePath() + mcpPath},
		"capabilities": map[string]any{
			"tools": []string{"search", "get_page", "list_sections"}, "resources": []string{"llms.txt", "llms-full.txt"},
		},
		"readOnly": true,
		"llms_txt": origin + st.basePath() + "llms.txt",
	})
}

// isMCPCard reports whether p asks for the discovery document: at the
// root of the host, as .well-known is, or below the base path.
func isMCPCard(p, base string) bool {
	for _, b := range []string{"/", base} {
		switch strings.TrimPrefix(p, b) {
		case ".well-known/mcp", ".well-known/mcp.json", ".well-known/mcp/server-card.json":
			if strings.HasPrefix(p, b) {
				return true
			}
		}
	}
	return false
}

// recordMCP notes an MCP call in the agent traffic of the feedback log:
// a search with its query and hit count (so that searches that found
// nothing show in kb feedback), a page or an index by its page path.
func (s *Server) recordMCP(r *http.Request, kind, page string, hits int) {
	if kind == "mcp-search" {
		s.recordAgentSearch(r, page, hits)
		return
	}
	if u, err := url.Parse(page); err == nil {
		page = u.Path
	}
	if kind == "mcp-page" {
		page = twinPage(page, s.BasePath())
	}
	s.recordAgentRead(r, "mcp", page)
}
