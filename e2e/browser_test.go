package e2e

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/kbhelp/kb/internal/testtools"
)

var screenshotsFlag = flag.Bool("screenshots", false, "write docs/screenshots/*.png (also KB_SCREENSHOTS=1)")

// chrome is the one browser of this test binary, started by the first test
// that needs it and stopped by TestMain. A package variable because
// starting chromium costs about a second, and the suite has a time budget;
// each test still gets its own browser context (storage) and tab.
var chrome struct {
	once   sync.Once
	ctx    context.Context // a chromedp context; NewContext on it opens tabs
	cancel func()
	err    error
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if chrome.cancel != nil {
		chrome.cancel()
	}
	for _, b := range []*builtSite{built, rtlSite, rebrand} {
		b.close()
	}
	for _, f := range cleanups {
		f()
	}
	skipped.Report("e2e", os.Stderr) // one line per missing tool, even without -v
	os.Exit(code)
}

// cleanups run when every test is done (shared builds' folders).
var cleanups []func()

// skipped counts the tests a missing tool skipped, for TestMain's
// summary. A package variable, as chrome is: TestMain reads what the
// tests wrote.
var skipped testtools.Tally

// The tools the browser tests need besides Go.
var (
	needChromium = testtools.Need{Tool: "chromium", What: "browser tests", Install: "apt-get install chromium"}
	needAxe      = testtools.Need{Tool: "axe-core", What: "accessibility tests", Install: "npm install --no-save --prefix e2e axe-core@4, or set KB_AXE_JS"}
)

// chromiumPath finds Debian's chromium.
func chromiumPath() string {
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	return ""
}

// sharedBrowser returns the one browser, starting it the first time.
func sharedBrowser(t *testing.T) context.Context {
	t.Helper()
	exe := chromiumPath()
	if exe == "" {
		skipped.Skip(t, needChromium, "the browser tests need Debian's chromium package")
	}
	chrome.once.Do(func() { chrome.ctx, chrome.cancel, chrome.err = startBrowser(exe) })
	if chrome.err != nil {
		t.Fatalf("start %s: %v", exe, chrome.err)
	}
	return chrome.ctx
}

func startBrowser(exe string) (context.Context, func(), error) {
	dir, err := os.MkdirTemp("", "kb-e2e-profile-")
	if err != nil {
		return nil, nil, err
	}
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(dir), // a fresh profile
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true), // screenshots without scrollbars
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("mute-audio", true),
	)
	ctx, cancel := chromedp.NewContext(allocCtx)
	stop := func() {
		cancel()
		allocCancel() // waits for the browser to exit
		os.RemoveAll(dir)
	}
	if err := chromedp.Do(ctx); err != nil {
		stop()
		return nil, nil, err
	}
	return ctx, stop, nil
}

// A tab is one browser tab in a fresh browser context, watching every
// request and console message of the pages it shows. At the end of the
// test, each console error, failed request and request to another host is
// a test error.
type tab struct {
	t    *testing.T
	ctx  context.Context
	site *testSite
	host string // the site's host:port

	media    string            // emulated media type: "" (screen) or "print"
	features map[string]string // emulated media features

	mu       sync.Mutex
	problems []string
	reqs     map[network.RequestID]*request
	order    []*request       // every request, in the order sent
	expected map[string]int64 // URL path → expected error status
	warns    int              // console.warn calls
}

// warnings is how many times the page called console.warn.
func (tb *tab) warnings() int {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return tb.warns
}

// request is what a tab saw of one request.
type request struct {
	URL      string
	Type     network.ResourceType
	Blocking network.RenderBlockingBehavior
	Status   int64
	Wire     float64 // bytes received, headers included, once loaded
}

// newTab opens a desktop-sized tab (1280×800) with light colours and
// reduced motion, so that scrolling to an anchor ends at once.
func newTab(t *testing.T, s *testSite) *tab {
	t.Helper()
	u, _ := url.Parse(s.URL)
	tb := &tab{
		t: t, site: s, host: u.Host,
		features: map[string]string{"prefers-color-scheme": "light", "prefers-reduced-motion": "reduce"},
		reqs:     map[network.RequestID]*request{},
		expected: map[string]int64{},
	}
	ctx, cancel := chromedp.NewContext(sharedBrowser(t), chromedp.WithNewBrowserContext(), chromedp.WithListener(tb.listen))
	t.Cleanup(func() {
		cancel()
		tb.mu.Lock()
		defer tb.mu.Unlock()
		for _, p := range tb.problems {
			t.Error(p)
		}
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	// A hung page fails its test, not the whole run (the longest test, the
	// walk through every article, takes about 20 s on a busy machine).
	tctx, tcancel := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(tcancel)
	tb.ctx = tctx
	tb.viewport(1280, 800, false)
	tb.emulateMedia()
	return tb
}

// listen runs in the tab's event loop: it only records.
func (tb *tab) listen(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		r := &request{URL: ev.Request.URL, Type: ev.Type, Blocking: ev.RenderBlockingBehavior}
		tb.reqs[ev.RequestID] = r
		tb.order = append(tb.order, r)
		if u, err := url.Parse(r.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != tb.host {
			tb.problems = append(tb.problems, "request to another host: "+r.URL)
		}
	case *network.EventResponseReceived:
		r := tb.reqs[ev.RequestID]
		if r == nil {
			return
		}
		r.Status = ev.Response.Status
		if r.Status >= 400 && tb.expected[tb.path(r.URL)] != r.Status {
			tb.problems = append(tb.problems, fmt.Sprintf("%s: status %d", r.URL, r.Status))
		}
	case *network.EventLoadingFinished:
		if r := tb.reqs[ev.RequestID]; r != nil {
			r.Wire = ev.EncodedDataLength
		}
	case *network.EventLoadingFailed:
		if r := tb.reqs[ev.RequestID]; r != nil && !ev.Canceled {
			tb.problems = append(tb.problems, fmt.Sprintf("%s: request failed: %s", r.URL, ev.ErrorText))
		}
	case *runtime.EventExceptionThrown:
		tb.problems = append(tb.problems, "uncaught exception: "+exceptionText(ev.ExceptionDetails))
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeWarning {
			tb.warns++
		}
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				args = append(args, strings.Trim(string(a.Value), `"`)+a.Description)
			}
			tb.problems = append(tb.problems, "console."+string(ev.Type)+": "+strings.Join(args, " "))
		}
	case *log.EventEntryAdded:
		e := ev.Entry
		if e.Level != log.EntryLevelError {
			return
		}
		// The browser logs each error response too; those were judged above.
		if e.Source == log.EntrySourceNetwork && e.URL != "" && tb.expected[tb.path(e.URL)] != 0 {
			return
		}
		tb.problems = append(tb.problems, fmt.Sprintf("console (%s): %s %s", e.Source, e.Text, e.URL))
	}
}

func exceptionText(d *runtime.ExceptionDetails) string {
	if d.Exception != nil && d.Exception.Description != "" {
		return d.Exception.Description
	}
	return d.Text
}

// path returns the path of a URL on the site, or the URL itself.
func (tb *tab) path(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host == tb.host {
		return u.Path
	}
	return raw
}

// expect declares that the site answers p with status; any other error
// status is a test error.
func (tb *tab) expect(p string, status int64) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.expected[p] = status
}

// requests returns the requests seen since the last call of reset.
func (tb *tab) requests() []request {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	out := make([]request, len(tb.order))
	for i, r := range tb.order {
		out[i] = *r
	}
	return out
}

// reset forgets the requests seen so far.
func (tb *tab) reset() {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.order = nil
	clear(tb.reqs)
}

func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, actions...); err != nil {
		tb.t.Fatal(err)
	}
}

// viewport sets the window size; mobile also turns on touch and the
// mobile viewport (the meta viewport tag counts).
func (tb *tab) viewport(w, h int64, mobile bool) {
	tb.t.Helper()
	opts := []chromedp.EmulateViewportOption{}
	if mobile {
		opts = append(opts, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	tb.do(chromedp.EmulateViewport(w, h, opts...))
}

// setMedia sets the emulated media type ("" for screen, "print").
func (tb *tab) setMedia(media string) {
	tb.t.Helper()
	tb.media = media
	tb.emulateMedia()
}

// setFeature sets an emulated media feature, such as prefers-color-scheme.
func (tb *tab) setFeature(name, value string) {
	tb.t.Helper()
	tb.features[name] = value
	tb.emulateMedia()
}

func (tb *tab) emulateMedia() {
	tb.t.Helper()
	p := emulation.SetEmulatedMediaParams{Media: tb.media}
	for name, value := range tb.features {
		p.Features = append(p.Features, &emulation.MediaFeature{Name: name, Value: value})
	}
	_, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, p)
	if err != nil {
		tb.t.Fatal(err)
	}
}

// disableJS turns JavaScript off for the pages the tab loads next.
// The test's own evaluations still run.
func (tb *tab) disableJS() {
	tb.t.Helper()
	if _, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		tb.t.Fatal(err)
	}
}

// onNewDocument runs script in every page the tab loads next, before the
// page's own scripts.
func (tb *tab) onNewDocument(script string) {
	tb.t.Helper()
	if _, err := chromedp.Call(tb.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script}); err != nil {
		tb.t.Fatal(err)
	}
}

// open loads a path of the site and checks its status: 200, or the one
// declared with expect.
func (tb *tab) open(p string) {
	tb.t.Helper()
	resp, err := chromedp.Run(tb.ctx, chromedp.NavigateResponse(tb.site.URL+p))
	if err != nil {
		tb.t.Fatalf("open %s: %v", p, err)
	}
	tb.checkStatus(p, resp)
}

// follow clicks the element sel, which must lead to another page, waits
// for it to load, and returns its path.
func (tb *tab) follow(sel string) string {
	tb.t.Helper()
	resp, err := chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		tb.t.Fatalf("click %s: %v", sel, err)
	}
	p := tb.path(resp.URL)
	tb.checkStatus(p, resp)
	return p
}

func (tb *tab) checkStatus(p string, resp *network.Response) {
	tb.t.Helper()
	tb.mu.Lock()
	want := tb.expected[p]
	tb.mu.Unlock()
	if want == 0 {
		want = 200
	}
	if resp == nil || resp.Status != want {
		var got any = "no response"
		if resp != nil {
			got = resp.Status
		}
		tb.t.Fatalf("%s: status %v, want %d", p, got, want)
	}
}

// click clicks the element sel without waiting for a page load.
func (tb *tab) click(sel string) {
	tb.t.Helper()
	tb.do(chromedp.Click(chromedp.CSS(sel)))
}

// evalJS evaluates a JavaScript expression in the page and decodes its
// value; promises are awaited.
func evalJS[T any](tb *tab, js string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// waitJS polls a JavaScript expression until it is truthy, failing the
// test after a few seconds.
func waitJS(tb *tab, js string) {
	tb.t.Helper()
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil {
		tb.t.Fatalf("wait for %s: %v", js, err)
	}
}
