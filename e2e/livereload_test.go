package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kb/builder"
	"kb/search"
	"kb/server"
)

// liveTimeout is how long a live-reload step may take: the watcher's
// debounce, a rebuild of the example site (slow under -race on a busy
// machine) and the page's reload.
const liveTimeout = 45 * time.Second

// devSite is the example site copied to a folder of the test's own and
// served as kb serve serves it: built in memory, watched, rebuilt on
// every change, with live reload.
type devSite struct {
	*testSite
	Dir   string          // the site folder: site.yaml, content/, static/, layouts/assets/style.css
	First *builder.Result // the first build

	log    *lockedBuffer // what kb serve would print
	search atomic.Pointer[http.Handler]
}

// lockedBuffer is the server's and watcher's log, written from their
// goroutines and read by the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startDevSite copies the example site (site.yaml, content/, static/, and
// the theme's stylesheet as a site override, layouts/assets/style.css) to
// a temporary folder and serves it until the test ends, wired as cmd/kb's
// serve wires package server: a dev build with drafts, Watch on the
// folder, one Rebuild, then Run and Serve on a loopback listener. The
// search API is rebuilt with each good build, before the build is
// served (kb serve indexes on the side, so a page loaded just after a
// save may find it not ready yet).
func startDevSite(t *testing.T) *devSite {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"content", "static"} {
		if err := os.CopyFS(filepath.Join(dir, d), os.DirFS(filepath.Join("..", d))); err != nil {
			t.Fatalf("copy the example site's %s/: %v", d, err)
		}
	}
	for _, f := range []string{"site.yaml", "layouts/assets/style.css"} {
		data, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, dir, f, string(data))
	}

	d := &devSite{Dir: dir, log: &lockedBuffer{}}
	fsys := os.DirFS(dir)
	b := builder.New(builder.Options{Dev: true, Drafts: true})
	indexDir := t.TempDir()
	var indexes []*search.Index // closed when the test ends
	t.Cleanup(func() {
		for _, ix := range indexes {
			ix.Close()
		}
	})
	noSearch := search.Handler(nil)
	d.search.Store(&noSearch)
	build := func(ctx context.Context, sink builder.Sink) (*builder.Result, error) {
		res, err := b.Build(ctx, fsys, sink)
		if err != nil {
			return res, err
		}
		if d.First == nil {
			d.First = res
		}
		ixDir, err := os.MkdirTemp(indexDir, "index-")
		if err != nil {
			return nil, err
		}
		if err := search.Build(ctx, ixDir, res.Site.SearchDocs(), search.BuildOptions{Synonyms: res.Site.Config.Synonyms}); err != nil {
			return nil, fmt.Errorf("search index: %w", err)
		}
		ix, err := search.Open(ixDir)
		if err != nil {
			return nil, fmt.Errorf("search index: %w", err)
		}
		indexes = append(indexes, ix) // only Run (or the first Rebuild) builds: no lock
		h := search.Handler(ix)
		d.search.Store(&h)
		return res, nil
	}
	srv, err := server.New(server.Config{
		Dev:          true,
		Build:        build,
		Search:       http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { (*d.search.Load()).ServeHTTP(w, r) }),
		SourceFS:     fsys,
		FeedbackFile: filepath.Join(dir, ".kb", "feedback.jsonl"),
		Log:          d.log,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	changes, err := server.Watch(ctx, dir, server.WatchOptions{Log: d.log})
	if err != nil {
		cancel()
		t.Fatalf("watch %s: %v", dir, err)
	}
	if _, err := srv.Rebuild(ctx, server.Batch{Rescan: true}); err != nil {
		cancel()
		t.Fatalf("first build of the example site in dev mode: %v\n%s", err, d.log)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	runDone, serveDone := make(chan struct{}), make(chan error, 1)
	go func() { srv.Run(ctx, changes); close(runDone) }()
	go func() { serveDone <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-serveDone; err != nil {
			t.Errorf("serve: %v", err)
		}
		<-runDone
		if t.Failed() {
			t.Logf("kb serve's log:\n%s", d.log)
		}
	})
	d.testSite = &testSite{URL: "http://" + ln.Addr().String()}
	return d
}

// writeFile writes a file of the site folder in place, as most editors
// save: truncate, then write.
func writeFile(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// saveAtomically replaces a file of the site folder the way editors'
// safe saves do: write a hidden temporary file beside it, then rename it
// over the original.
func saveAtomically(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	tmp := filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".kb-e2e-save")
	if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
}

// watchLiveReload wraps EventSource in every page the tab loads so that
// the test sees the live-reload stream's events: window.kbLive.hello
// counts "hello" events (sent when the stream connects), and
// window.kbLive.events lists the others.
const watchLiveReload = `(() => {
	const ES = window.EventSource;
	if (!ES) return;
	window.kbLive = {hello: 0, events: []};
	window.EventSource = class extends ES {
		constructor(url, init) {
			super(url, init);
			for (const name of ["hello", "reload", "css", "error"]) {
				this.addEventListener(name, e => {
					if (e.data === undefined) return; // a connection error, not the server's event
					if (name === "hello") window.kbLive.hello++;
					else window.kbLive.events.push(name);
				});
			}
		}
	};
})()`

// eventually polls a JavaScript expression until it is true, through
// reloads and navigations (an evaluation that fails while the page
// changes counts as false), and fails the test after liveTimeout.
func (d *devSite) eventually(tb *tab, what, js string) {
	tb.t.Helper()
	deadline := time.Now().Add(liveTimeout)
	for {
		ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			page, _ := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText.slice(0, 600)`))
			tb.t.Fatalf("waited %s for %s (%s; last error %v)\npage: %s\nkb serve's log:\n%s", liveTimeout, what, js, err, page, d.log)
		}
		time.Sleep(25 * time.Millisecond) // the polling interval
	}
}

// connected waits until the page shown has loaded and its live-reload
// stream is open: a change made after this reaches the page.
func (d *devSite) connected(tb *tab) {
	tb.t.Helper()
	d.eventually(tb, "the page to load and connect to /_dev/events",
		`document.readyState === "complete" && !!window.kbLive && window.kbLive.hello > 0`)
}

// liveArticle is the article the live-reload test edits and deletes.
type liveArticle struct {
	File, URL, Title       string // the source path (content/...), the page
	Src                    string // the file's contents
	ParentURL, ParentTitle string
}

// pickArticle picks the article the live-reload test edits and finally
// deletes: one no other page links to and site.yaml does not feature (so
// that deleting it leaves a site that builds), in a section (so that its
// parent is not the home page) and not hidden; the longest such, drafts
// last (kb serve publishes drafts). When the example site has none, it
// writes one: the longest article's body under a title of its own, in
// that article's section, and waits for the server to serve it.
func (d *devSite) pickArticle(t *testing.T) liveArticle {
	t.Helper()
	cfg, err := os.ReadFile(filepath.Join(d.Dir, "site.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	better := func(p, than *builder.Page) bool {
		if than == nil || p.FM.Draft != than.FM.Draft {
			return than == nil || !p.FM.Draft
		}
		return len(p.Src.Src) > len(than.Src.Src)
	}
	var best, longest *builder.Page
	for _, p := range d.First.Site.Pages {
		if p.Kind.String() != "article" || p.Src == nil || p.Depth < 3 || p.FM.Hidden || bytes.Contains(p.Src.Src, []byte("\nhidden:")) {
			continue
		}
		if longest == nil || len(p.Src.Src) > len(longest.Src.Src) {
			longest = p
		}
		if len(p.Backlinks) == 0 && !bytes.Contains(cfg, []byte(p.Src.Rel)) && better(p, best) {
			best = p
		}
	}
	if best != nil {
		return liveArticle{File: best.Src.Path, URL: best.URL, Title: best.Title, Src: string(best.Src.Src),
			ParentURL: best.Parent.URL, ParentTitle: best.Parent.Title}
	}
	if longest == nil {
		t.Fatal("the example site has no article in a section")
	}
	a := liveArticle{
		File:  path.Join(path.Dir(longest.Src.Path), "live-reload-check.md"),
		URL:   longest.Parent.URL + "live-reload-check/",
		Title: "Live reload check",
		Src:   "---\ntitle: Live reload check\n---\n" + string(longest.Src.Src[longest.Src.BodyOffset:]),

		ParentURL: longest.Parent.URL, ParentTitle: longest.Parent.Title,
	}
	writeFile(t, d.Dir, a.File, a.Src)
	deadline := time.Now().Add(liveTimeout)
	for {
		resp, err := http.Get(d.URL + a.URL)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return a
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for the new article %s (%v)\nkb serve's log:\n%s", liveTimeout, a.URL, err, d.log)
		}
		time.Sleep(25 * time.Millisecond) // the polling interval
	}
}

// TestLiveReloadWithTheDefaultTheme runs the writer's loop against the
// example site served as kb serve serves it, with the default theme: an
// article open in the browser follows edits of its file (saved in place,
// then atomically) without a manual reload and keeping its scroll
// position; a broken front matter shows the error overlay with the
// file:line:col and the source line over the last good page; the fix
// clears it; a change of the site's stylesheet swaps the stylesheet
// without reloading; deleting the article takes the browser to its
// parent. No console error, failed request or request to another host on
// the way (the tab checks).
func TestLiveReloadWithTheDefaultTheme(t *testing.T) {
	t.Parallel()
	d := startDevSite(t)
	art := d.pickArticle(t)
	tb := newTab(t, d.testSite)
	tb.onNewDocument(watchLiveReload)
	file, orig := art.File, art.Src
	t.Logf("editing %s (%s)", file, art.URL)
	tb.open(art.URL)
	d.connected(tb)
	if h1 := tb.text("main h1"); h1 != art.Title {
		t.Fatalf("%s: title %q, want %q", art.URL, h1, art.Title)
	}
	if !tb.visible(".sidebar") || !tb.visible(".prose") {
		t.Fatalf("%s: the default theme's sidebar and article body are not shown", art.URL)
	}

	// mark sets a variable that a reload would lose, and scrolls.
	mark := func() float64 {
		t.Helper()
		return evalJS[float64](tb, `(() => {
			window.kbMarker = 1;
			const y = Math.floor(Math.min(600, document.documentElement.scrollHeight - innerHeight));
			scrollTo(0, y);
			return scrollY;
		})()`)
	}
	inMain := func(text string) string {
		return fmt.Sprintf(`document.querySelector("main").innerText.includes(%s)`, strconv.Quote(text))
	}
	body := func(extra string) string { return strings.TrimRight(orig, "\n") + "\n\n" + extra + "\n" }

	// 1. Saved in place: the page reloads by itself, scrolled where it was.
	for i, save := range []struct {
		how  string
		save func(t *testing.T, dir, name, data string)
	}{{"in place", writeFile}, {"atomically (rename over the file)", saveAtomically}} {
		y := mark()
		if y < 200 {
			t.Fatalf("%s does not scroll at 1280×800 (scrollY %.0f): pick a longer article", art.URL, y)
		}
		text := fmt.Sprintf("Live reload check %d: saved %s.", i+1, save.how)
		save.save(t, d.Dir, file, body(text))
		d.eventually(tb, "the page to show the edit saved "+save.how, `window.kbMarker === undefined && `+inMain(text))
		d.connected(tb)
		d.eventually(tb, fmt.Sprintf("the scroll position %.0f to come back", y), fmt.Sprintf(`Math.abs(scrollY - %f) < 2`, y))
	}

	// 2. A broken front matter: the overlay lists the problem with its
	// position and source line, over the last good page (no reload).
	evalJS[bool](tb, `(window.kbMarker = 2, true)`)
	lines := strings.SplitN(orig, "\n", 2)
	if lines[0] != "---" {
		t.Fatalf("%s does not start with front matter", file)
	}
	const bad = "hidden: maybe"
	writeFile(t, d.Dir, file, "---\n"+bad+"\n"+lines[1])
	d.eventually(tb, "the error overlay", `!!document.querySelector("[data-kb-dev-overlay]")`)
	overlay := evalJS[string](tb, `document.querySelector("[data-kb-dev-overlay]").innerText`)
	where := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(file) + `:2:(\d+)$`).FindStringSubmatch(overlay)
	switch {
	case where == nil:
		t.Errorf("the overlay does not list %s:2:col on a line of its own:\n%s", file, overlay)
	case !strings.Contains(overlay, "2 | "+bad):
		t.Errorf("the overlay does not quote the source line %q:\n%s", bad, overlay)
	case where[1] != strconv.Itoa(strings.Index(bad, "maybe")+1):
		t.Errorf("the overlay points at column %s of %q", where[1], bad)
	}
	if !strings.Contains(overlay, "Build failed") {
		t.Errorf("the overlay does not say the build failed:\n%s", overlay)
	}
	if evalJS[int](tb, `window.kbMarker || 0`) != 2 {
		t.Error("the page reloaded on a failed build")
	}
	if !tb.visible("main h1") || tb.text("main h1") != art.Title {
		t.Error("the last good page is not kept under the overlay")
	}

	// 3. The fix clears the overlay and shows the fixed page.
	const fixed = "Live reload check 3: front matter fixed."
	writeFile(t, d.Dir, file, body(fixed))
	d.eventually(tb, "the overlay to clear and the fix to show", `!document.querySelector("[data-kb-dev-overlay]") && `+inMain(fixed))
	d.connected(tb)

	// 4. The site's stylesheet: swapped without a reload.
	css, err := os.ReadFile(filepath.Join(d.Dir, "layouts", "assets", "style.css"))
	if err != nil {
		t.Fatal(err)
	}
	before := evalJS[[]string](tb, `Array.from(document.querySelectorAll('link[rel="stylesheet"]'), l => l.getAttribute("href"))`)
	bg := tb.theme().BG
	evalJS[bool](tb, `(window.kbMarker = 4, window.kbLive.events = [], true)`)
	writeFile(t, d.Dir, "layouts/assets/style.css", string(css)+"\n:root { --kb-e2e-live: swapped; }\n")
	d.eventually(tb, "the new stylesheet", `getComputedStyle(document.documentElement).getPropertyValue("--kb-e2e-live").trim() === "swapped"`)
	if evalJS[int](tb, `window.kbMarker || 0`) != 4 {
		t.Error("the page reloaded for a stylesheet change")
	}
	d.eventually(tb, "the old stylesheet to go", fmt.Sprintf(`document.querySelectorAll('link[rel="stylesheet"]').length === %d`, len(before)))
	after := evalJS[[]string](tb, `Array.from(document.querySelectorAll('link[rel="stylesheet"]'), l => l.getAttribute("href"))`)
	for _, h := range after {
		if strings.Contains(h, "/style.") && strings.Contains(strings.Join(before, " "), h) {
			t.Errorf("the stylesheet link %s did not change: stylesheets %q, before %q", h, after, before)
		}
	}
	if got := tb.theme().BG; got != bg {
		t.Errorf("after the swap the background is %s, was %s: the theme's rules are lost", got, bg)
	}
	if ev := evalJS[[]string](tb, `window.kbLive.events`); len(ev) == 0 || ev[0] != "css" {
		t.Errorf("live-reload events after the stylesheet change: %q, want css", ev)
	}

	// 5. Deleting the article: the browser goes to its parent.
	tb.expect(art.URL, 404) // the client asks whether the page is still there
	if err := os.Remove(filepath.Join(d.Dir, filepath.FromSlash(file))); err != nil {
		t.Fatal(err)
	}
	d.eventually(tb, "the parent "+art.ParentURL, fmt.Sprintf(`location.pathname === %s && document.readyState === "complete"`, strconv.Quote(art.ParentURL)))
	d.connected(tb)
	if h1 := tb.text("main h1"); h1 != art.ParentTitle {
		t.Errorf("after the delete the browser shows %q, want the parent %q", h1, art.ParentTitle)
	}
	if n := len(tb.links(fmt.Sprintf(`a[href=%s]`, strconv.Quote(art.URL)))); n > 0 {
		t.Errorf("the parent still links %d times to the deleted %s", n, art.URL)
	}
}
