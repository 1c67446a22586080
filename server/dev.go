package server

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kbhelp/kb/builder"
)

//go:embed client.js
var clientJS []byte

// buildState is what the latest build reported. Read-only once stored.
type buildState struct {
	Build    int       `json:"build"` // number of builds so far
	OK       bool      `json:"ok"`
	Errors   []problem `json:"errors"`
	Warnings []problem `json:"warnings"`
}

// problem is one diagnostic as the overlay shows it.
type problem struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Msg     string `json:"msg"`
	Warning bool   `json:"warning,omitempty"`
	Source  string `json:"source,omitempty"` // the line at File:Line, at most 240 bytes
}

// Batch is one set of changes, as the watcher reports it.
type Batch struct {
	Paths  []string // slash paths relative to the site folder, sorted
	Rescan bool     // events were lost or the watch was re-established: look at everything
}

// cssOnly reports whether every change is a stylesheet, so a good build
// can swap stylesheets instead of reloading the page.
func (b Batch) cssOnly() bool {
	if b.Rescan || len(b.Paths) == 0 {
		return false
	}
	for _, p := range b.Paths {
		if strings.ToLower(path.Ext(p)) != ".css" {
			return false
		}
	}
	return true
}

func (b Batch) merge(o Batch) Batch {
	seen := map[string]bool{}
	var out []string
	for _, p := range append(append([]string(nil), b.Paths...), o.Paths...) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return Batch{Paths: out, Rescan: b.Rescan || o.Rescan}
}

// Run is the only goroutine that builds, so builds never overlap. It
// builds once (unless Rebuild already did), then once per batch received
// on changes (batches that queued up during a build are merged into
// one), until ctx is done or changes is closed. Only a successful build
// replaces the site being served; live-reload clients hear "reload" (or
// "css") after it, or "error" after a failed one.
func (s *Server) Run(ctx context.Context, changes <-chan Batch) {
	batch := Batch{Rescan: true}
	built := s.state.Load().Build > 0
	for {
		if !built {
			s.rebuild(ctx, batch)
		}
		built = false
		select {
		case <-ctx.Done():
			return
		case b, ok := <-changes:
			if !ok {
				return
			}
			batch = b
		}
	drain:
		for {
			select {
			case b, ok := <-changes:
				if !ok {
					break drain
				}
				batch = batch.merge(b)
			default:
				break drain
			}
		}
	}
}

// Rebuild builds once, as Run does for each batch, and reports how long
// it took. It must not run at the same time as Run: call it before Run
// (kb serve builds once before it prints the URL) or without Run.
func (s *Server) Rebuild(ctx context.Context, b Batch) (time.Duration, error) {
	start := time.Now()
	err := s.rebuild(ctx, b)
	return time.Since(start), err
}

func (s *Server) rebuild(ctx context.Context, batch Batch) error {
	start := time.Now()
	prev := s.state.Load()
	n := prev.Build + 1
	if s.cfg.Changed != nil {
		s.cfg.Changed(batch)
	}
	// No room made ahead: a save's build takes over the last build's
	// outputs (builder.MemSink) rather than putting each again.
	sink := builder.NewMemSink()
	res, err := s.cfg.Build(ctx, sink)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		st := &buildState{Build: n}
		var ds builder.Diagnostics
		if errors.As(err, &ds) {
			s.printDiags(ds)
			st.Errors = s.problems(pick(ds, false))
			st.Warnings = s.problems(pick(ds, true))
		} else {
			s.log.printf("kb: %v\n", err)
			st.Errors = []problem{{Msg: err.Error()}}
		}
		s.log.printf("kb: build failed (%s); still serving the last good build\n", plural(len(st.Errors), "error"))
		s.state.Store(st)
		s.clients.send(event{name: "error", data: strconv.Itoa(n)})
		return err
	}
	base := "/"
	if res.Site != nil && res.Site.Config != nil {
		base = res.Site.Config.BasePath
	}
	id := strconv.Itoa(n)
	s.mem.Store(newMemSiteAfter(s.mem.Load(), sink, base, time.Now(), id))
	s.state.Store(&buildState{Build: n, OK: true, Warnings: s.problems(res.Warnings)})
	s.printDiags(res.Warnings)
	phases := ""
	if s.cfg.Timings {
		for _, t := range res.Timings {
			phases += fmt.Sprintf(" %s %s", t.Phase, t.D.Round(100*time.Microsecond))
		}
		phases = " (" + strings.TrimSpace(phases) + ")"
	}
	s.log.printf("kb: built %d pages (%d files) in %s%s\n", res.Articles+res.Sections, res.Files, time.Since(start).Round(time.Millisecond), phases)
	ev := "reload"
	if batch.cssOnly() && prev.OK {
		ev = "css"
	}
	s.clients.send(event{name: ev, data: id})
	return nil
}

// printDiags prints every problem as path:line:col: message.
func (s *Server) printDiags(ds builder.Diagnostics) {
	for _, d := range ds {
		d.Pos.File = s.cfg.LogPrefix + d.Pos.File
		s.log.printf("%s\n", d)
	}
}

func pick(ds builder.Diagnostics, warnings bool) builder.Diagnostics {
	var out builder.Diagnostics
	for _, d := range ds {
		if d.Warning == warnings {
			out = append(out, d)
		}
	}
	return out
}

// problems turns diagnostics into the overlay's list, quoting the source
// line of each position.
func (s *Server) problems(ds builder.Diagnostics) []problem {
	out := make([]problem, 0, len(ds))
	lines := map[string][]string{}
	for _, d := range ds {
		p := problem{File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col, Msg: d.Msg, Warning: d.Warning}
		if s.cfg.SourceFS != nil && d.Pos.Line > 0 && fs.ValidPath(d.Pos.File) {
			ls, ok := lines[d.Pos.File]
			if !ok {
				if data, err := fs.ReadFile(s.cfg.SourceFS, d.Pos.File); err == nil && len(data) <= 8<<20 {
					ls = strings.Split(string(data), "\n")
				}
				lines[d.Pos.File] = ls
			}
			if d.Pos.Line <= len(ls) {
				l := strings.TrimRight(ls[d.Pos.Line-1], "\r")
				if len(l) > 240 {
					l = strings.ToValidUTF8(l[:240], "")
				}
				p.Source = l
			}
		}
		out = append(out, p)
	}
	return out
}

// serveDev answers /_dev/: the live-reload stream, the problems of the
// latest build, and the client script.
func (s *Server) serveDev(w http.ResponseWriter, r *http.Request) {
	if !allowMethods(w, r, http.MethodGet, http.MethodHead) {
		return
	}
	switch r.URL.Path {
	case "/_dev/events":
		s.serveEvents(w, r)
	case "/_dev/errors":
		w.Header().Set("Cache-Control", "no-store")
		st := *s.state.Load()
		if st.Errors == nil {
			st.Errors = []problem{}
		}
		if st.Warnings == nil {
			st.Warnings = []problem{}
		}
		writeJSON(w, http.StatusOK, st)
	case "/_dev/client.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(clientJS))
	default:
		http.Error(w, "404 page not found", http.StatusNotFound)
	}
}

// noBuildPage is served in dev mode until a build succeeds: the overlay
// script shows what is wrong and reloads once it is fixed.
const noBuildPage = `<!DOCTYPE html>
<html lang="en" data-dev-events="/_dev/events">
<head>
<meta charset="utf-8">
<title>Build failed – kb serve</title>
<script src="/_dev/client.js" defer></script>
</head>
<body>
<h1>The site has not built yet</h1>
<p>Fix the problems kb serve printed; this page reloads when the build succeeds.</p>
</body>
</html>
`

func (s *Server) serveNoBuild(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	page := noBuildPage
	if st := s.state.Load(); st == nil || st.Build == 0 {
		page = buildingPage // the first build is running
		w.Header().Set("Retry-After", "1")
	}
	w.WriteHeader(http.StatusServiceUnavailable)
	if r.Method != http.MethodHead {
		_, _ = w.Write([]byte(page))
	}
}

// buildingPage is served while kb serve's first build runs; the
// live-reload script reloads it when the build is done.
const buildingPage = `<!DOCTYPE html>
<html lang="en" data-dev-events="/_dev/events">
<head>
<meta charset="utf-8">
<title>Building – kb serve</title>
<script src="/_dev/client.js" defer></script>
</head>
<body>
<h1>Building the site</h1>
<p>This page reloads when the first build is done.</p>
</body>
</html>
`

// event is one server-sent event.
type event struct{ name, data string }

// clientSet holds the open live-reload streams. Sending never blocks:
// each stream has room for one pending event, and a newer event replaces
// an older one not sent yet.
type clientSet struct {
	mu sync.Mutex
	m  map[chan event]struct{}
}

func (c *clientSet) add() chan event {
	ch := make(chan event, 1)
	c.mu.Lock()
	if c.m == nil {
		c.m = map[chan event]struct{}{}
	}
	c.m[ch] = struct{}{}
	c.mu.Unlock()
	return ch
}

func (c *clientSet) remove(ch chan event) {
	c.mu.Lock()
	delete(c.m, ch)
	c.mu.Unlock()
}

func (c *clientSet) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

func (c *clientSet) send(ev event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for ch := range c.m {
		select {
		case ch <- ev:
		default:
			select { // drop the stale event
			case <-ch:
			default:
			}
			select {
			case ch <- ev:
			default:
			}
		}
	}
}

const (
	sseWriteTimeout = 10 * time.Second
	sseKeepAlive    = 25 * time.Second
)

// serveEvents is the live-reload stream. The server's read and write
// timeouts would cut it, so it lifts them for this request through
// http.ResponseController and sets a deadline per write instead: a
// client that stops reading is dropped after sseWriteTimeout and never
// holds up the others.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	if err := rc.SetReadDeadline(time.Time{}); err != nil {
		s.log.printf("kb: live reload: %v\n", err)
		http.Error(w, "500 streaming not supported", http.StatusInternalServerError)
		return
	}
	if err := rc.SetWriteDeadline(time.Now().Add(sseWriteTimeout)); err != nil {
		s.log.printf("kb: live reload: %v\n", err)
		http.Error(w, "500 streaming not supported", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	if r.Method == http.MethodHead {
		return
	}
	ch := s.clients.add()
	defer s.clients.remove(ch)
	write := func(msg string) bool {
		if err := rc.SetWriteDeadline(time.Now().Add(sseWriteTimeout)); err != nil {
			return false
		}
		if _, err := fmt.Fprint(w, msg); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	id := "0" // the served build: a client that reconnects to a newer one reloads
	if m := s.mem.Load(); m != nil {
		id = m.id
	}
	if !write("retry: 1000\nevent: hello\ndata: " + id + "\n\n") {
		return
	}
	tick := time.NewTicker(sseKeepAlive)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		case ev := <-ch:
			if !write("event: " + ev.name + "\ndata: " + ev.data + "\n\n") {
				return
			}
		case <-tick.C:
			if !write(": keep-alive\n\n") {
				return
			}
		}
	}
}

// CachedBuild returns a Config's Build and Changed for the site in fsys:
// builds with opts and a builder.Cache that hears of every batch of
// changes, so that a save rebuilds only what it changed. kb serve runs
// on it.
func CachedBuild(fsys fs.FS, opts builder.Options) (BuildFunc, func(Batch)) {
	cache := builder.NewCache()
	opts.Cache = cache
	b := builder.New(opts)
	build := func(ctx context.Context, sink builder.Sink) (*builder.Result, error) {
		return b.Build(ctx, fsys, sink)
	}
	changed := func(batch Batch) {
		if batch.Rescan {
			cache.Rescan()
		}
		cache.Changed(batch.Paths...)
	}
	return build, changed
}
