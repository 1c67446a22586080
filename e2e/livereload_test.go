package e2e

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kbhelp/kb/builder"
)

// liveTimeout is how long a live-reload step may take: the watcher's
// debounce, a rebuild of the example site (slow on a busy machine) and
// the page's reload.
const liveTimeout = 45 * time.Second

// devSite is the example site copied to a folder of the test's own and
// served by kb serve: built in memory, watched, rebuilt on every change,
// with live reload.
type devSite struct {
	*testSite
	Dir   string          // the site folder: site.yaml, content/, static/, layouts/assets/style.css
	First *builder.Result // a dev build of the folder as it was copied

	log *lockedBuffer // what kb serve printed
}

// lockedBuffer collects kb serve's output, written by os/exec's
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

// buildKB compiles kb (package github.com/kbhelp/kb/cmd/kb) into dir and returns the
// binary's path.
func buildKB(t *testing.T, dir string) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(dir, "kb")
	cmd := exec.Command(goTool, "build", "-o", bin, "github.com/kbhelp/kb/cmd/kb")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build github.com/kbhelp/kb/cmd/kb: %v\n%s", err, out)
	}
	return bin
}

// servingLine is kb serve's line on standard output once it listens.
var servingLine = regexp.MustCompile(`^kb: serving .* at (http://\S+?)/? \(`)

// startDevSite copies the example site (site.yaml, content/, static/, and
// the theme's stylesheet as a site override, layouts/assets/style.css) to
// a temporary folder and runs `kb serve -src FOLDER -addr 127.0.0.1:0` on
// it until the test ends. It returns once the first page and the search
// API answer.
func startDevSite(t *testing.T) *devSite {
	t.Helper()
	d := launchDevSite(t)
	// The search index is built beside the site, after it: wait for it,
	// so that a search typed at once has results rather than "getting ready".
	d.waitHTTP(t, "/api/search?q=&limit=1")
	return d
}

// launchDevSite is startDevSite without waiting for the search index: it
// returns as soon as kb serve prints its URL.
func launchDevSite(t *testing.T) *devSite {
	t.Helper()
	dir := t.TempDir()
	bin := buildKB(t, t.TempDir())
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
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	first, err := builder.New(builder.Options{Dev: true, Drafts: true}).Build(ctx, os.DirFS(dir), builder.NewMemSink())
	if err != nil {
		t.Fatalf("dev build of the example site: %v", err)
	}
	d.First = first

	cmd := exec.Command(bin, "serve", "-src", dir, "-addr", "127.0.0.1:0")
	cmd.Stderr = d.log
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			fmt.Fprintln(d.log, sc.Text())
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case urls <- m[1]:
				default:
				}
			}
		}
		exited <- cmd.Wait()
	}()
	t.Cleanup(func() {
		// kb serve shuts down gracefully on SIGINT (Ctrl-C).
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case err := <-exited:
			if err != nil {
				t.Errorf("kb serve: %v", err)
			}
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			t.Errorf("kb serve did not stop within 30 s of SIGINT")
			<-exited
		}
		if t.Failed() {
			t.Logf("kb serve's output:\n%s", d.log)
		}
	})
	select {
	case u := <-urls:
		d.testSite = &testSite{URL: u}
	case err := <-exited:
		t.Fatalf("kb serve exited: %v\n%s", err, d.log)
	case <-time.After(liveTimeout):
		t.Fatalf("kb serve printed no URL within %s:\n%s", liveTimeout, d.log)
	}
	return d
}

// waitHTTP polls a path of the site until it answers 200.
func (d *devSite) waitHTTP(t *testing.T, p string) {
	t.Helper()
	deadline := time.Now().Add(liveTimeout)
	for {
		resp, err := http.Get(d.URL + p)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
			err = errors.New(resp.Status)
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s (%v)\nkb serve's output:\n%s", liveTimeout, p, err, d.log)
		}
		time.Sleep(25 * time.Millisecond) // the polling interval
	}
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
			tb.t.Fatalf("waited %s for %s (%s; last error %v)\npage: %s\nkb serve's output:\n%s", liveTimeout, what, js, err, page, d.log)
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
	d.waitHTTP(t, a.URL)
	return a
}

// TestLiveReloadWithTheDefaultTheme runs the writer's loop against the
// example site served by kb serve, with the default theme: an
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

// TestLiveReloadFollowsNewAndRenamedFolders: with a category page open,
// a new section folder (its _index.md and an article written at once,
// before the watcher can watch the folder) appears in the page without
// a manual reload; with the new article open, renaming its folder takes
// the browser to the nearest page that still exists, whose sidebar shows
// the section under its new name.
func TestLiveReloadFollowsNewAndRenamedFolders(t *testing.T) {
	t.Parallel()
	d := startDevSite(t)
	tb := newTab(t, d.testSite)
	tb.onNewDocument(watchLiveReload)
	const (
		category = "/billing/"
		section  = "/billing/gift-cards/"
		article  = "/billing/gift-cards/redeem-a-gift-card/"
		renamed  = "/billing/store-credit/"
	)
	tb.open(category)
	d.connected(tb)
	evalJS[bool](tb, `(window.kbMarker = 1, true)`)
	folder := filepath.Join(d.Dir, "content", "billing", "gift-cards")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, d.Dir, "content/billing/gift-cards/_index.md", "---\ntitle: Gift cards\ndescription: Buying and redeeming Kitewire gift cards.\n---\n")
	writeFile(t, d.Dir, "content/billing/gift-cards/redeem-a-gift-card.md",
		"---\ntitle: Redeem a gift card\ndescription: Add a gift card's credit to your workspace.\n---\n\nOpen **Billing** and choose **Redeem a gift card**.\n")
	sidebarLinks := func(href string) string {
		return fmt.Sprintf(`!!document.querySelector('.sidebar a[href=%s]')`, strconv.Quote(href))
	}
	d.eventually(tb, "the new section in the open page's sidebar", `window.kbMarker === undefined && `+sidebarLinks(section))
	d.connected(tb)
	if n := len(tb.links(fmt.Sprintf(`main a[href=%s]`, strconv.Quote(section)))); n == 0 {
		t.Errorf("%s does not list the new section %s", category, section)
	}

	tb.open(article)
	d.connected(tb)
	if h1 := tb.text("main h1"); h1 != "Redeem a gift card" {
		t.Fatalf("%s: title %q", article, h1)
	}
	tb.expect(article, 404) // the client asks whether the page is still there
	tb.expect(section, 404) // and then its parents
	if err := os.Rename(folder, filepath.Join(d.Dir, "content", "billing", "store-credit")); err != nil {
		t.Fatal(err)
	}
	d.eventually(tb, "the nearest page that exists, "+category, fmt.Sprintf(`location.pathname === %s && document.readyState === "complete"`, strconv.Quote(category)))
	d.connected(tb)
	if !evalJS[bool](tb, sidebarLinks(renamed)) || evalJS[bool](tb, sidebarLinks(section)) {
		t.Errorf("after the rename the sidebar does not show %s in place of %s", renamed, section)
	}
	tb.open(renamed + "redeem-a-gift-card/")
	if h1 := tb.text("main h1"); h1 != "Redeem a gift card" {
		t.Errorf("the renamed folder's article shows %q", h1)
	}
}
