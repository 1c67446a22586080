package server

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kbhelp/kb/builder"
)

// devErrors fetches /_dev/errors.
func devErrors(t *testing.T, s *Server) buildState {
	t.Helper()
	res := get(t, s, "GET", "/_dev/errors", nil)
	var st buildState
	if err := json.Unmarshal([]byte(body(t, res)), &st); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestFailedBuildKeepsLastGoodSite(t *testing.T) {
	src := newSiteDir(t, testSite(nil))
	var log syncBuffer
	s := devServer(t, src, func(c *Config) { c.Log, c.LogPrefix = &log, "site/" })
	good := body(t, get(t, s, "GET", "/billing/refunds/", nil))

	// Bad front matter and a broken link, in two files.
	writeFiles(t, src, map[string]string{
		"content/billing/refunds.md":  "---\ntitle: [unclosed\n---\n# Refunds\n",
		"content/billing/invoices.md": "---\ntitle: Invoices\n---\n# Invoices\n\nSee [the missing page](missing.md).\n",
	})
	both := Batch{Paths: []string{"content/billing/invoices.md", "content/billing/refunds.md"}} // as the watcher reports them
	if _, err := s.Rebuild(context.Background(), both); err == nil {
		t.Fatal("broken site built")
	}
	if got := body(t, get(t, s, "GET", "/billing/refunds/", nil)); got != good {
		t.Error("a failed build replaced the served page")
	}
	st := devErrors(t, s)
	if st.OK || len(st.Errors) < 2 {
		t.Fatalf("errors: %+v", st)
	}
	var link *problem
	for i, p := range st.Errors {
		if p.File == "" || p.Line == 0 || p.Col == 0 || p.Msg == "" {
			t.Errorf("problem without a position: %+v", p)
		}
		if strings.Contains(p.Msg, "missing") {
			link = &st.Errors[i]
		}
	}
	if link == nil || link.File != "content/billing/invoices.md" || link.Line != 6 || link.Col != 5 || !strings.Contains(link.Source, "[the missing page](missing.md)") {
		t.Errorf("broken link problem: %+v", link)
	}
	for _, p := range st.Errors { // the terminal has every problem too
		if want := fmt.Sprintf("site/%s:%d:%d: %s\n", p.File, p.Line, p.Col, p.Msg); !strings.Contains(log.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, log.String())
		}
	}
	if want := fmt.Sprintf("kb: build failed (%d errors); still serving the last good build\n", len(st.Errors)); !strings.Contains(log.String(), want) {
		t.Errorf("log lacks %q:\n%s", want, log.String())
	}
	if h := get(t, s, "GET", "/healthz", nil); h.StatusCode != 200 {
		t.Errorf("healthz after a failed build: %d", h.StatusCode)
	}
	// One problem: "1 error".
	writeFiles(t, src, map[string]string{"content/billing/invoices.md": "---\ntitle: Invoices\n---\n# Invoices\n"})
	if _, err := s.Rebuild(context.Background(), both); err == nil {
		t.Fatal("broken site built")
	}
	if want := "kb: build failed (1 error); still serving"; !strings.Contains(log.String(), want) {
		t.Errorf("log lacks %q:\n%s", want, log.String())
	}

	// Fixing the files clears the problems and serves the new build.
	writeFiles(t, src, map[string]string{
		"content/billing/refunds.md":  "---\ntitle: Refunds fixed\n---\n# Refunds fixed\n",
		"content/billing/invoices.md": "---\ntitle: Invoices\n---\n# Invoices\n",
	})
	if _, err := s.Rebuild(context.Background(), both); err != nil {
		t.Fatal(err)
	}
	if st := devErrors(t, s); !st.OK || len(st.Errors) != 0 {
		t.Errorf("errors after the fix: %+v", st)
	}
	if got := body(t, get(t, s, "GET", "/billing/refunds/", nil)); !strings.Contains(got, "Refunds fixed") {
		t.Error("fixed page not served")
	}
}

func TestDeletedPageIs404ParentRemains(t *testing.T) {
	src := newSiteDir(t, testSite(nil))
	s := devServer(t, src, nil)
	if err := os.Remove(filepath.Join(src, "content/billing/invoices.md")); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, src, map[string]string{"content/billing/refunds.md": "---\ntitle: Refunds\n---\n# Refunds\n"})
	if _, err := s.Rebuild(context.Background(), Batch{Paths: []string{"content/billing/invoices.md", "content/billing/refunds.md"}}); err != nil {
		t.Fatal(err)
	}
	// The client script walks up from a 404 to the nearest page.
	if res := get(t, s, "HEAD", "/billing/invoices/", nil); res.StatusCode != 404 {
		t.Errorf("deleted page: %d", res.StatusCode)
	}
	if res := get(t, s, "HEAD", "/billing/", nil); res.StatusCode != 200 {
		t.Errorf("parent: %d", res.StatusCode)
	}
}

func TestNoGoodBuildYet(t *testing.T) {
	s, err := New(Config{Dev: true, Build: func(context.Context, builder.Sink) (*builder.Result, error) {
		return nil, builder.Diagnostics{{Pos: builder.Pos{File: "site.yaml", Line: 1, Col: 1}, Msg: "bad"}}
	}})
	if err != nil {
		t.Fatal(err)
	}
	// While the first build runs, pages say so, and reload when it is done.
	res := get(t, s, "GET", "/billing/", nil)
	if b := body(t, res); res.StatusCode != 503 || res.Header.Get("Retry-After") == "" || !strings.Contains(b, "Building the site") ||
		!strings.Contains(b, `<script src="/_dev/client.js" defer></script>`) {
		t.Errorf("before the first build: %d %s", res.StatusCode, b)
	}
	_, _ = s.Rebuild(context.Background(), Batch{})
	res = get(t, s, "GET", "/billing/", nil)
	if b := body(t, res); res.StatusCode != 503 || !strings.Contains(b, "has not built yet") || !strings.Contains(b, `<script src="/_dev/client.js" defer></script>`) {
		t.Errorf("before a good build: %d %s", res.StatusCode, b)
	}
	if res := get(t, s, "GET", "/healthz", nil); res.StatusCode != 503 {
		t.Errorf("healthz: %d", res.StatusCode)
	}
	if res := get(t, s, "GET", "/_dev/client.js", nil); res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/javascript; charset=utf-8" ||
		!strings.Contains(body(t, res), "EventSource") {
		t.Errorf("client.js: %d", res.StatusCode)
	}
}

// sseClient reads server-sent events.
type sseClient struct {
	res    *http.Response
	events chan [2]string
}

func openEvents(t *testing.T, url string) *sseClient {
	t.Helper()
	req, _ := http.NewRequest("GET", url+"/_dev/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	c := &sseClient{res: res, events: make(chan [2]string, 16)}
	go func() {
		defer close(c.events)
		sc := bufio.NewScanner(res.Body)
		var name, data string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = strings.TrimPrefix(line, "data: ")
			case line == "" && name != "":
				c.events <- [2]string{name, data}
				name, data = "", ""
			}
		}
	}()
	t.Cleanup(func() { res.Body.Close() })
	return c
}

func (c *sseClient) next(t *testing.T) string {
	t.Helper()
	select {
	case ev, ok := <-c.events:
		if !ok {
			t.Fatal("event stream ended")
		}
		return ev[0]
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10s")
	}
	return ""
}

func startServer(t *testing.T, s *Server) *httptest.Server {
	t.Helper()
	ts := httptest.NewUnstartedServer(s)
	ts.Config = s.HTTPServer()
	ts.Start()
	t.Cleanup(ts.Close)
	return ts
}

func TestLiveReloadEvents(t *testing.T) {
	src := newSiteDir(t, testSite(map[string]string{"layouts/assets/extra.css": "body{color:red}\n"}))
	s := devServer(t, src, func(c *Config) { c.AccessLog = io.Discard }) // through the logging wrapper
	ts := startServer(t, s)
	c := openEvents(t, ts.URL)
	if ev := c.next(t); ev != "hello" {
		t.Fatalf("first event %q", ev)
	}
	steps := []struct {
		files map[string]string
		batch Batch
		want  string
	}{
		{map[string]string{"content/billing/refunds.md": "---\ntitle: Refunds 2\n---\nText.\n"}, Batch{Paths: []string{"content/billing/refunds.md"}}, "reload"},
		{map[string]string{"content/billing/refunds.md": "---\ntitle: [\n---\n"}, Batch{Paths: []string{"content/billing/refunds.md"}}, "error"},
		{map[string]string{"content/billing/refunds.md": "---\ntitle: Refunds 3\n---\nText.\n"}, Batch{Paths: []string{"content/billing/refunds.md"}}, "reload"},
		{map[string]string{"layouts/assets/extra.css": "body{color:blue}\n"}, Batch{Paths: []string{"layouts/assets/extra.css"}}, "css"},
		{nil, Batch{Rescan: true}, "reload"},
	}
	for i, st := range steps {
		writeFiles(t, src, st.files)
		_, _ = s.Rebuild(context.Background(), st.batch)
		if ev := c.next(t); ev != st.want {
			t.Errorf("step %d: event %q, want %q", i, ev, st.want)
		}
	}
	if n := s.clients.len(); n != 1 {
		t.Errorf("%d clients", n)
	}
}

// TestEventsOutliveServerTimeouts: the stream lifts the server's read
// and write deadlines through http.ResponseController, past the access
// log's wrapper.
func TestEventsOutliveServerTimeouts(t *testing.T) {
	src := newSiteDir(t, testSite(nil))
	s := devServer(t, src, func(c *Config) {
		c.AccessLog = io.Discard
		c.Timeouts = Timeouts{ReadHeader: 200 * time.Millisecond, Read: 200 * time.Millisecond, Write: 200 * time.Millisecond}
	})
	ts := startServer(t, s)
	c := openEvents(t, ts.URL)
	c.next(t) // hello
	// Rebuild once the server's timeouts have long passed; the event
	// must still arrive on the same stream.
	done := make(chan struct{})
	time.AfterFunc(600*time.Millisecond, func() {
		_, _ = s.Rebuild(context.Background(), Batch{Rescan: true})
		close(done)
	})
	if ev := c.next(t); ev != "reload" {
		t.Errorf("event %q after the timeouts, want reload", ev)
	}
	<-done
	// Ordinary requests still have their timeouts: a client that sends
	// half a header is cut off.
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _ = io.WriteString(conn, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.ReadAll(conn); err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			t.Error("slow header not cut off by ReadHeaderTimeout")
		}
	}
}

func TestServeShutsDownWithOpenStreams(t *testing.T) {
	s := devServer(t, newSiteDir(t, testSite(nil)), nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()
	c := openEvents(t, "http://"+ln.Addr().String())
	c.next(t)
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return within 5s of cancel with a stream open")
	}
	for range c.events { // the stream ends
	}
}

func TestRunCoalescesQueuedBatches(t *testing.T) {
	var builds atomic.Int32
	release := make(chan struct{})
	s, err := New(Config{Dev: true, Build: func(ctx context.Context, sink builder.Sink) (*builder.Result, error) {
		if builds.Add(1) == 1 {
			<-release // the first build is slow
		}
		_ = sink.Put("index.html", []byte("ok"))
		return &builder.Result{}, nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	changes := make(chan Batch, 1000)
	done := make(chan struct{})
	go func() { s.Run(context.Background(), changes); close(done) }()
	waitFor(t, "the first build to start", func() bool { return builds.Load() == 1 })
	// A 1,000-file checkout arrives while the first build runs, in many
	// batches.
	for i := range 1000 {
		changes <- Batch{Paths: []string{"content/f" + string(rune('a'+i%26)) + ".md"}}
	}
	close(release)
	waitFor(t, "the rebuild", func() bool { return builds.Load() >= 2 })
	close(changes)
	<-done
	if n := builds.Load(); n != 2 {
		t.Errorf("%d builds for one initial build and one burst of batches, want 2", n)
	}
	if res := get(t, s, "GET", "/", nil); res.StatusCode != 200 {
		t.Errorf("GET /: %d", res.StatusCode)
	}
}

func TestBatchCSSOnly(t *testing.T) {
	for _, tc := range []struct {
		b    Batch
		want bool
	}{
		{Batch{Paths: []string{"layouts/assets/style.css"}}, true},
		{Batch{Paths: []string{"static/a.CSS", "layouts/assets/style.css"}}, true},
		{Batch{Paths: []string{"layouts/assets/style.css", "content/a.md"}}, false},
		{Batch{Paths: []string{"layouts/assets/style.css"}, Rescan: true}, false},
		{Batch{}, false},
	} {
		if got := tc.b.cssOnly(); got != tc.want {
			t.Errorf("%+v: %v", tc.b, got)
		}
	}
}

// TestEarlierStylesheetsStayServed: the live-reload client swaps
// stylesheets by fetching the page and then the stylesheets it links.
// When a save lands between the two (an editor that truncates the file
// first and writes it a moment later saves twice), the page names the
// stylesheet of a build that is no longer served. The dev server keeps
// the fingerprinted stylesheets and scripts of the last builds, so the
// swap never asks for one that 404s; pages of earlier builds are not
// kept.
func TestEarlierStylesheetsStayServed(t *testing.T) {
	src := newSiteDir(t, testSite(nil))
	s := devServer(t, src, nil)
	sheet := regexp.MustCompile(`/assets/style\.[0-9a-f]{8}\.css`)
	var hrefs []string
	for i, css := range []string{"", "body{color:red}\n", "body{color:blue}\n"} { // "": the editor's truncate
		writeFiles(t, src, map[string]string{"layouts/assets/style.css": css})
		if _, err := s.Rebuild(context.Background(), Batch{Paths: []string{"layouts/assets/style.css"}}); err != nil {
			t.Fatalf("build %d: %v", i+2, err)
		}
		h := sheet.FindString(body(t, get(t, s, "GET", "/billing/refunds/", nil)))
		if h == "" {
			t.Fatalf("build %d: the page links no fingerprinted stylesheet", i+2)
		}
		hrefs = append(hrefs, h)
	}
	for i, h := range hrefs {
		res := get(t, s, "GET", h, nil)
		if got := body(t, res); res.StatusCode != 200 || !strings.Contains(got, []string{"", "color:red", "color:blue"}[i]) {
			t.Errorf("%s, the stylesheet of build %d, after build %d: %d %.60q", h, i+2, len(hrefs)+1, res.StatusCode, got)
		}
	}
	// Only fingerprinted assets: a page gone from the site stays gone.
	if err := os.Remove(filepath.Join(src, "content/billing/invoices.md")); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, src, map[string]string{"content/billing/refunds.md": "---\ntitle: Refunds\n---\n# Refunds\n"})
	if _, err := s.Rebuild(context.Background(), Batch{Paths: []string{"content/billing/invoices.md", "content/billing/refunds.md"}}); err != nil {
		t.Fatal(err)
	}
	if res := get(t, s, "GET", "/billing/invoices/", nil); res.StatusCode != 404 {
		t.Errorf("the deleted page of an earlier build: %d, want 404", res.StatusCode)
	}
}
