// Package server serves a kb site over HTTP, in two modes.
//
// Dev mode (kb serve) holds the latest successful build in memory. A
// watcher (Watch) turns file events into batches of changes; Run, the
// only goroutine that builds, rebuilds once per batch and replaces the
// served build only when the new one succeeded. Pages that the build
// renders with PageView.Dev load /_dev/client.js, which listens to the
// server-sent events of /_dev/events: "reload" after a good build, "css"
// when only stylesheets changed, "error" after a failed one (the script
// then shows /_dev/errors as an overlay).
//
// Production mode (kb serve -prod) serves a folder written by kb build,
// through an os.Root, with long-lived caching for fingerprinted assets,
// /healthz and access logs.
//
// Both modes answer pretty URLs, the markdown twin of a page for Accept:
// text/markdown or text/plain and for AI assistants' fetchers (negotiate),
// with a Link header to it, 301s for aliases (from _redirects), the 404
// pages (markdown for agents),
// ETag/If-None-Match, gzip and ranges, security headers, and take "Was
// this page helpful?" votes at /api/feedback. Request paths that could
// name anything outside the site are refused with a 4xx before any file
// is touched.
//
// A Server's handler is safe for concurrent use; Run and Serve are each
// called once.
package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/kbhelp/kb/builder"
)

// BuildFunc runs one build, putting its outputs into sink. Errors that
// users can fix are builder.Diagnostics.
type BuildFunc func(ctx context.Context, sink builder.Sink) (*builder.Result, error)

// Config configures a Server.
type Config struct {
	// Dev selects kb serve: Build is run by Run and the result served
	// from memory with live reload. Otherwise Dir is served.
	Dev bool

	Build    BuildFunc // dev: runs one build
	SourceFS fs.FS     // dev: the site folder, to quote source lines in the error overlay; may be nil
	// Changed, when set, hears of every batch of changes before the
	// build it causes (dev: kb serve passes them to its builder.Cache).
	Changed func(Batch)
	// Timings adds each phase of a rebuild to its line in Log.
	Timings bool

	Dir      string // production: the folder kb build wrote
	BasePath string // production: where Dir is served; by default read from Dir/_headers

	// Search answers GET /api/search: the default language's index on
	// a multilingual site. Nil answers 503 with a JSON error.
	Search http.Handler
	// Searches, on a multilingual site, returns the search API of a
	// language by its code (site.yaml's languages: "de" answers
	// {base}de/api/search and the German search page), or nil when that
	// language has no index (503). Nil: only the default language is
	// searched, through Search. See languages.go.
	Searches func(code string) http.Handler
	// FeedbackFile receives votes and searches without results, one JSON
	// object per line. "" turns /api/feedback off (404).
	FeedbackFile string
	// FeedbackRate limits feedback posts per client address; zero means
	// bursts of 5, then one every 6 seconds.
	FeedbackRate Rate
	// MCPRate limits requests to {base}mcp per client address; zero means
	// bursts of 60, then 10 a second.
	MCPRate Rate
	// Version is kb's, as the MCP server names itself.
	Version string

	// AllowedHosts are Host names accepted besides localhost, *.localhost
	// and IP literals (dev mode), or the only ones accepted (production,
	// when set). Requests for other hosts get 403: in dev this stops DNS
	// rebinding.
	AllowedHosts []string

	Log       io.Writer // rebuilds and problems; nil discards
	LogPrefix string    // put before the paths of problems in Log, as kb build does ("site/")
	AccessLog io.Writer // one line per request; nil for none
	Timeouts  Timeouts  // zero fields take the defaults
}

// Timeouts of the http.Server. The live-reload stream lifts the read and
// write deadlines for itself.
type Timeouts struct {
	ReadHeader, Read, Write, Idle time.Duration
	Shutdown                      time.Duration // how long in-flight requests get on shutdown
}

func (t Timeouts) withDefaults() Timeouts {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&t.ReadHeader, 5*time.Second)
	def(&t.Read, 10*time.Second)
	def(&t.Write, 30*time.Second)
	def(&t.Idle, 60*time.Second)
	def(&t.Shutdown, 10*time.Second)
	return t
}

const maxHeaderBytes = 64 << 10

// Server serves one site. Create it with New.
type Server struct {
	cfg Config
	log *logger

	mem   atomic.Pointer[memSite]    // dev: last good build, nil before the first
	state atomic.Pointer[buildState] // dev: problems of the latest build
	disk  *diskSite                  // production

	clients  clientSet
	feedback *feedbackLog
	limiter  *limiter
	// agentLimiter bounds the agent reads recorded per client (agents.go).
	agentLimiter *limiter

	mcp        http.Handler // {base}mcp
	mcpLimit   *limiter
	mcpSchemas *mcp.SchemaCache

	closing   chan struct{} // closed on shutdown: ends live-reload streams
	closeOnce sync.Once

	handler http.Handler
}

// New checks cfg and returns a Server. In production mode it opens
// cfg.Dir.
func New(cfg Config) (*Server, error) {
	s := &Server{cfg: cfg, log: newLogger(cfg.Log), closing: make(chan struct{})}
	s.cfg.Timeouts = cfg.Timeouts.withDefaults()
	if cfg.Dev {
		if cfg.Build == nil {
			return nil, errors.New("server: dev mode needs a Build function")
		}
		s.state.Store(&buildState{})
	} else {
		if cfg.Dir == "" {
			return nil, errors.New("server: production mode needs a folder to serve")
		}
		d, err := openDiskSite(cfg.Dir, cfg.BasePath)
		if err != nil {
			return nil, fmt.Errorf("serve %s: %w", cfg.Dir, err)
		}
		s.disk = d
	}
	if cfg.FeedbackFile != "" {
		s.feedback = &feedbackLog{path: cfg.FeedbackFile}
		s.limiter = newLimiter(cfg.FeedbackRate)
		s.agentLimiter = newLimiter(agentReadRate)
	}
	if s.cfg.MCPRate == (Rate{}) {
		s.cfg.MCPRate = Rate{Burst: 60, Every: 100 * time.Millisecond}
	}
	s.mcpLimit = newLimiter(s.cfg.MCPRate)
	s.mcpSchemas = mcp.NewSchemaCache()
	s.mcp = s.mcpHandler()
	var h http.Handler = http.HandlerFunc(s.route)
	h = s.guard(h)
	h = secureHeaders(h)
	if s.feedback != nil {
		h = s.agentReads(h)
	}
	h = recoverPanics(h, s.log)
	if cfg.AccessLog != nil {
		h = accessLog(h, cfg.AccessLog, s.trafficMarks)
	}
	s.handler = h
	return s, nil
}

// ServeHTTP answers one request; it is safe for concurrent use.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// HTTPServer returns the http.Server that Serve runs: every timeout set,
// headers capped at 64 KiB.
func (s *Server) HTTPServer() *http.Server {
	t := s.cfg.Timeouts
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: t.ReadHeader,
		ReadTimeout:       t.Read,
		WriteTimeout:      t.Write,
		IdleTimeout:       t.Idle,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          s.log.std(),
	}
}

// Serve answers requests on ln until ctx is done, then shuts down
// gracefully: live-reload streams end, and in-flight requests get
// Timeouts.Shutdown to finish.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := s.HTTPServer()
	srv.RegisterOnShutdown(s.shutdownStreams)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		s.shutdownStreams()
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.Timeouts.Shutdown)
	defer cancel()
	err := srv.Shutdown(sctx)
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}

func (s *Server) shutdownStreams() { s.closeOnce.Do(func() { close(s.closing) }) }

// BasePath is where the site is served: "/" or "/help/". In dev mode it
// is known after the first successful build.
func (s *Server) BasePath() string {
	if st := s.current(); st != nil {
		return st.basePath()
	}
	return "/"
}

// current is the site to answer from: nil in dev mode before the first
// good build, and in production when the folder cannot be opened.
func (s *Server) current() site {
	if s.cfg.Dev {
		if m := s.mem.Load(); m != nil {
			return m
		}
		return nil
	}
	if v, err := s.disk.view(); err == nil {
		return v
	}
	return nil
}

// route dispatches a request that passed the guards.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	st := s.current()
	base := "/"
	if st != nil {
		base = st.basePath()
	}
	// The language whose folder p is in: its API is below its base
	// path (languages.go); the host's root paths are the default's.
	lang := siteLang{Base: base, Default: true}
	if st != nil {
		lang = langAt(st, p)
	}
	lb := lang.Base
	switch {
	case p == "/healthz":
		s.serveHealth(w, r)
	case p == "/api/search" || p == lb+"api/search":
		s.serveSearch(w, r, lang)
	case isSearchStatus(p, lb): // before the site: the build has a static one
		s.serveSearchStatus(w, r, lang)
	case p == "/api/feedback" || p == lb+"api/feedback":
		s.serveFeedback(w, r, st)
	case p == base+mcpPath || p == lb+mcpPath: // a language's pages copy {lang}mcp
		s.mcp.ServeHTTP(w, r)
	case isMCPCard(p, base):
		s.serveMCPCard(w, r, st)
	case s.cfg.Dev && strings.HasPrefix(p, "/_dev/"):
		s.serveDev(w, r)
	case st != nil && isSearchPage(p, lb) && s.serveSearchPage(w, r, st, lang): // else served as a file
	default:
		s.serveSite(w, r, st)
	}
}

func (s *Server) serveHealth(w http.ResponseWriter, r *http.Request) {
	if !allowMethods(w, r, http.MethodGet, http.MethodHead) {
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	status, code := "ok", http.StatusOK
	if s.cfg.Dev {
		if s.mem.Load() == nil {
			status, code = "no successful build yet", http.StatusServiceUnavailable
		}
	} else if err := s.disk.healthy(); err != nil {
		status, code = "site folder unreadable", http.StatusServiceUnavailable
	}
	search := "ok"
	if s.cfg.Search == nil {
		search = "unavailable"
	}
	writeJSON(w, code, map[string]string{"status": status, "search": search})
}

func (s *Server) serveSearch(w http.ResponseWriter, r *http.Request, l siteLang) {
	h := s.searcher(l)
	if h == nil {
		w.Header().Set("Cache-Control", "no-store")
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "search is not available: the search index is missing or unreadable"})
		return
	}
	h.ServeHTTP(w, r)
}

// allowMethods answers 405 with an Allow header unless r's method is one
// of methods.
func allowMethods(w http.ResponseWriter, r *http.Request, methods ...string) bool {
	for _, m := range methods {
		if r.Method == m {
			return true
		}
	}
	w.Header().Set("Allow", strings.Join(methods, ", "))
	http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
	return false
}

// serveSite answers from the site's outputs.
func (s *Server) serveSite(w http.ResponseWriter, r *http.Request, st site) {
	if !allowMethods(w, r, http.MethodGet, http.MethodHead) {
		return
	}
	if st == nil && s.cfg.Dev {
		s.serveNoBuild(w, r)
		return
	}
	if st == nil {
		http.Error(w, "503 the site folder cannot be read", http.StatusServiceUnavailable)
		return
	}
	p := r.URL.Path
	base := st.basePath()
	if base != "/" && (p == "/" || p+"/" == base) {
		redirectTo(w, r, base, http.StatusFound)
		return
	}
	rel, code := sitePath(p, base)
	if code == http.StatusNotFound || code == 0 && hiddenOutput(rel) {
		s.notFound(w, r, st)
		return
	}
	if code != 0 {
		http.Error(w, strconv.Itoa(code)+" "+http.StatusText(code), code)
		return
	}
	if to, code, ok := st.redirect(p); ok {
		redirectTo(w, r, to, code)
		return
	}
	page := rel == "" || strings.HasSuffix(rel, "/")
	name := rel
	if page {
		name = rel + "index.html"
	}
	e, err := st.file(name)
	if err != nil {
		if !page && st.isDir(rel) {
			if e, err := st.file(rel + "/index.html"); err == nil {
				e.close()
				redirectTo(w, r, p+"/", http.StatusMovedPermanently)
				return
			}
		}
		s.notFound(w, r, st)
		return
	}
	ctype := contentType(e.name)
	if page {
		n := negotiate(r, st.manifest().Agents.NegotiateUserAgents)
		w.Header().Add("Vary", n.vary)
		if md, err := st.file(rel + "index.md"); err == nil {
			w.Header().Set("Link", twinLink(base, rel))
			if n.twin {
				e.close()
				e, ctype = md, contentType(md.name)
				if n.plain {
					ctype = plainType
				}
			} else {
				md.close()
			}
		}
	}
	defer e.close()
	s.serveEntryAs(w, r, e, http.StatusOK, ctype)
}

// redirectTo redirects to a site path, keeping the query string.
func redirectTo(w http.ResponseWriter, r *http.Request, to string, code int) {
	if r.URL.RawQuery != "" && !strings.Contains(to, "?") {
		to += "?" + r.URL.RawQuery
	}
	w.Header().Set("Location", to)
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(code)
}

// cacheControl: fingerprinted assets never change under their name,
// nor do the site's own fingerprinted files that the build's manifest
// lists (theme.stylesheet's copy, beside its original); everything else
// is revalidated with its ETag.
func (s *Server) cacheControl(name string) string {
	if !s.cfg.Dev && (fingerprinted.MatchString(name) || strings.HasSuffix(name, ".css") && s.listedImmutable(name)) {
		return "public, max-age=31536000, immutable"
	}
	return "no-cache"
}

// listedImmutable reports whether the served build's manifest lists name
// as fingerprinted.
func (s *Server) listedImmutable(name string) bool {
	st := s.current()
	return st != nil && slices.Contains(st.manifest().Immutable, name)
}

// serveEntry writes one output with its type, caching headers and
// validators. http.ServeContent answers If-None-Match, HEAD and ranges;
// a Range header with more than maxRanges parts is ignored (the whole
// file, 200) so that many small ranges cannot multiply the work. Text
// is gzipped for clients that accept it, except for range requests.
func (s *Server) serveEntry(w http.ResponseWriter, r *http.Request, e *entry, status int) {
	s.serveEntryAs(w, r, e, status, contentType(e.name))
}

// serveEntryAs is serveEntry with the Content-Type ctype: a twin served
// as text/plain. The ETag then differs from the file's own, as it names
// another representation.
func (s *Server) serveEntryAs(w http.ResponseWriter, r *http.Request, e *entry, status int, ctype string) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	etag := e.etag
	if ctype != contentType(e.name) {
		etag = func() string { t := e.etag(); return t[:len(t)-1] + `-txt"` }
	}
	if status != http.StatusOK { // an error page: no validators, no ranges
		h.Set("Cache-Control", "no-cache")
		body := e.data
		if compressible(ctype) && len(e.data) >= 256 {
			h.Add("Vary", "Accept-Encoding")
			if acceptsGzip(r.Header.Get("Accept-Encoding")) {
				h.Set("Content-Encoding", "gzip")
				body = e.gzipped()
			}
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			_, _ = w.Write(body)
		}
		return
	}
	h.Set("Cache-Control", s.cacheControl(e.name))
	if countRanges(r.Header.Get("Range")) > maxRanges {
		r.Header.Del("Range")
	}
	if e.f != nil {
		h.Set("ETag", etag())
		http.ServeContent(w, r, "", e.modTime, e.f)
		return
	}
	gz := compressible(ctype) && len(e.data) >= 256
	if gz {
		h.Add("Vary", "Accept-Encoding")
	}
	if gz && r.Header.Get("Range") == "" && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		tag := etag()
		h.Set("ETag", tag[:len(tag)-1]+`-gz"`)
		h.Set("Content-Encoding", "gzip")
		http.ServeContent(w, r, "", e.modTime, bytes.NewReader(e.gzipped()))
		return
	}
	h.Set("ETag", etag())
	http.ServeContent(w, r, "", e.modTime, bytes.NewReader(e.data))
}

// notFound answers with the site's 404 page and status 404: the
// markdown one (builder.NotFoundMarkdownPath, which points to llms.txt
// and the search page) for a .md URL and for a request that would have
// got a page's twin (negotiate), the HTML one otherwise.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, st site) {
	md := strings.HasSuffix(r.URL.Path, ".md")
	ctype := ""
	if !md {
		n := negotiate(r, st.manifest().Agents.NegotiateUserAgents)
		w.Header().Add("Vary", n.vary)
		md = n.twin
		if n.plain {
			ctype = plainType
		}
	}
	if md {
		if e, err := st.file(builder.NotFoundMarkdownPath); err == nil && e.f == nil {
			if ctype == "" {
				ctype = contentType(e.name)
			}
			s.serveEntryAs(w, r, e, http.StatusNotFound, ctype)
			return
		} else if err == nil {
			e.close()
		}
	}
	e, err := st.file("404.html")
	if err != nil || e.f != nil { // none, or too big to be one
		if err == nil {
			e.close()
		}
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	s.serveEntry(w, r, e, http.StatusNotFound)
}

// logger writes messages to Config.Log, one at a time.
type logger struct {
	mu sync.Mutex
	w  io.Writer
}

func newLogger(w io.Writer) *logger {
	if w == nil {
		w = io.Discard
	}
	return &logger{w: w}
}

func (l *logger) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, format, args...)
}

func (l *logger) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
