package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseFlags(t *testing.T) {
	c, err := parseFlags([]string{"-kb", "kb", "-kb-site", "a", "-hugo-site", "b"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.tools, []string{"hugo", "kb"}) || c.edits != 20 || c.titleEvery != 5 || c.hugoBin != "hugo" {
		t.Errorf("defaults: %+v", c)
	}
	c, err = parseFlags([]string{"-tools", "kb", "-kb", "kb", "-kb-site", "a", "-hugo-args", "--disableFastRender  -D"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.tools, []string{"kb"}) || !slices.Equal(c.hugoArgs, []string{"--disableFastRender", "-D"}) {
		t.Errorf("-tools kb: %+v", c)
	}
	for _, args := range [][]string{
		{"-kb-site", "a", "-hugo-site", "b"},                          // no -kb
		{"-kb", "kb", "-kb-site", "a"},                                // no -hugo-site
		{"-tools", "jekyll", "-kb", "kb", "-kb-site", "a"},            // unknown tool
		{"-tools", "kb", "-kb", "kb", "-kb-site", "a", "-edits", "0"}, // no rounds
		{"-tools", "kb", "-kb", "kb", "-kb-site", "a", "extra"},       // argument
	} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("parseFlags(%q): no error", args)
		}
	}
}

func TestReadSSE(t *testing.T) {
	in := "retry: 1000\r\nevent: hello\r\ndata: 1\r\n\r\n: keep-alive\n\nevent: reload\ndata: 2\n\ndata: a\ndata:b\n\nevent: error\ndata: 3"
	var got []string
	err := readSSE(bufio.NewReader(strings.NewReader(in)), func(name, data string) { got = append(got, name+"="+data) })
	if err != io.EOF {
		t.Errorf("err = %v, want EOF", err)
	}
	// The last event has no blank line after it: not dispatched.
	want := []string{"hello=1", "reload=2", "message=a\nb"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// next returns the next message from ch within a second.
func next(t *testing.T, ch <-chan message) message {
	t.Helper()
	select {
	case m := <-ch:
		return m
	case <-time.After(5 * time.Second):
		t.Fatal("no message")
		return message{}
	}
}

func TestListenSSE(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/_dev/events" || r.Header.Get("Accept") != "text/event-stream" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "retry: 1000\nevent: hello\ndata: 1\n\n")
		w.(http.Flusher).Flush()
		io.WriteString(w, ": keep-alive\n\nevent: reload\ndata: 2\n\n")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := make(chan message, 8)
	go listenSSE(ctx, srv.URL+"/_dev/events", ch)
	for _, want := range []string{"hello 1", "reload 2"} {
		m := next(t, ch)
		if m.Err != nil || m.Kind+" "+m.Data != want || m.At.IsZero() {
			t.Errorf("got %+v, want %s", m, want)
		}
	}
}

// wsServer is a LiveReload server as Hugo's: it checks the handshake,
// expects the client's hello, answers it, pings, then sends a reload in
// two fragments.
func wsServer(t *testing.T) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/livereload" || r.Header.Get("Upgrade") != "websocket" || r.Header.Get("Sec-WebSocket-Version") != "13" ||
			r.Header.Get("Origin") != "http://"+r.Host {
			http.Error(w, "bad handshake", http.StatusBadRequest)
			return
		}
		c, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer c.Close()
		brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
			wsAccept(r.Header.Get("Sec-WebSocket-Key")) + "\r\n\r\n")
		brw.Flush()
		fin, op, p, err := readFrame(brw.Reader)
		var hello liveReloadMsg
		if err != nil || !fin || op != opText || json.Unmarshal(p, &hello) != nil || hello.Command != "hello" {
			t.Errorf("client hello: fin %v op %d %q %v", fin, op, p, err)
			return
		}
		c.Write(appendFrame(nil, opText, []byte(`{"command":"hello","protocols":["http://livereload.com/protocols/official-7"],"serverName":"Hugo"}`), false))
		c.Write(appendFrame(nil, opPing, []byte("p"), false))
		if _, op, p, err := readFrame(brw.Reader); err != nil || op != opPong || string(p) != "p" {
			t.Errorf("pong: op %d %q %v", op, p, err)
		}
		msg := []byte(`{"command":"reload","path":"/x.js","originalPath":"","liveCSS":true,"liveImg":true}` + strings.Repeat(" ", 200))
		first := appendFrame(nil, opText, msg[:10], false)
		first[0] &^= 0x80 // not final
		c.Write(first)
		c.Write(appendFrame(nil, opCont, msg[10:], false))
		readFrame(brw.Reader) // until the client goes
	}))
}

func TestListenLiveReload(t *testing.T) {
	srv := wsServer(t)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := make(chan message, 8)
	go listenLiveReload(ctx, strings.TrimPrefix(srv.URL, "http://"), ch)
	for _, want := range []string{"hello ", "reload /x.js"} {
		m := next(t, ch)
		if m.Err != nil || m.Kind+" "+m.Data != want {
			t.Errorf("got %+v, want %s", m, want)
		}
	}
}

func TestFrames(t *testing.T) {
	for _, n := range []int{0, 125, 126, 65535, 65536} {
		p := []byte(strings.Repeat("x", n))
		for _, masked := range []bool{false, true} {
			b := appendFrame(nil, opBin, p, masked)
			fin, op, got, err := readFrame(bufio.NewReader(strings.NewReader(string(b))))
			if err != nil || !fin || op != opBin || string(got) != string(p) {
				t.Errorf("%d bytes, masked %v: fin %v op %d len %d err %v", n, masked, fin, op, len(got), err)
			}
		}
	}
	if wsAccept("dGhlIHNhbXBsZSBub25jZQ==") != "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" { // RFC 6455 §1.3
		t.Error("wsAccept does not match RFC 6455's example")
	}
}

func TestAddToTitle(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"---\ntitle: \"I can't pay\"\norder: 1\n---\nBody\n", "---\ntitle: \"I can't pay w1\"\norder: 1\n---\nBody\n"},
		{"---\ntitle: 'Pay'\n---\n", "---\ntitle: 'Pay w1'\n---\n"},
		{"---\ntitle: Pay  \n---\n", "---\ntitle: Pay w1  \n---\n"},
	} {
		got, ok := addToTitle([]byte(c.in), "w1")
		if !ok || string(got) != c.want {
			t.Errorf("addToTitle(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
	if _, ok := addToTitle([]byte("---\norder: 1\n---\n"), "w1"); ok {
		t.Error("no title: ok")
	}
}

func TestQuantile(t *testing.T) {
	ds := []time.Duration{5, 1, 4, 2, 3}
	if q := quantile(ds, 0.5); q != 3 {
		t.Errorf("median = %d", q)
	}
	if q := quantile(ds[:4], 0.5); q != 3 { // (2+4)/2 of 1,2,4,5
		t.Errorf("even median = %d", q)
	}
	if q := quantile(ds, 0.9); q != 5 {
		t.Errorf("p90 = %d", q)
	}
	if q := quantile(ds, 0.0001); q != 1 {
		t.Errorf("min = %d", q)
	}
}

func TestParseStatTicks(t *testing.T) {
	line := "1234 (hugo (x) y) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 31 0 0 20 0 12 0 100 1000 100\n"
	if n, err := parseStatTicks([]byte(line)); err != nil || n != 281 {
		t.Errorf("parseStatTicks = %d, %v; want 281", n, err)
	}
}

func TestPageURL(t *testing.T) {
	if u := pageURL("content/billing/payments/card-declined.md"); u != "/billing/payments/card-declined/" {
		t.Error(u)
	}
}

func TestSelfBuild(t *testing.T) {
	for _, c := range []struct {
		tool, report string
		want         time.Duration
	}{
		{"kb", "kb: built 1056 pages (4425 files) in 1.795s", 1795 * time.Millisecond},
		{"kb", "kb: built 106 pages (476 files) in 81ms | kb: built 106 pages (476 files) in 7ms", 7 * time.Millisecond},
		{"hugo", "Change detected, rebuilding site. | Total in 59 ms", 59 * time.Millisecond},
		{"kb", "kb: build failed (1 errors); still serving the last good build", 0},
	} {
		if got := selfBuild(c.tool, c.report); got != c.want {
			t.Errorf("selfBuild(%q, %q) = %v, want %v", c.tool, c.report, got, c.want)
		}
	}
}

func TestSiblings(t *testing.T) {
	arts := []string{"content/a/1.md", "content/a/2.md", "content/a/3.md", "content/a/4.md", "content/b/1.md"}
	if got, want := siblings(arts, "content/a/2.md"), []string{"content/a/3.md", "content/a/1.md", "content/a/4.md"}; !slices.Equal(got, want) {
		t.Errorf("siblings = %q, want %q", got, want)
	}
	if u := sectionURL("/a/b/c/"); u != "/a/b/" {
		t.Errorf("sectionURL = %q", u)
	}
}

func TestParseFlagsLanguages(t *testing.T) {
	c, err := parseFlags([]string{"-tools", "kb,kb2", "-kb", "kb", "-kb-site", "a", "-kb2-site", "b",
		"-articles", "translated=content/x/a.md, content/de/x/b.md", "-langs", "de,fr"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.tools, []string{"kb", "kb2"}) || !slices.Equal(c.articles, []string{"translated=content/x/a.md", "content/de/x/b.md"}) ||
		!slices.Equal(c.langs, []string{"de", "fr"}) {
		t.Errorf("got %+v", c)
	}
	for _, args := range [][]string{
		{"-tools", "kb2", "-kb", "kb"},                                           // no -kb2-site
		{"-tools", "kb", "-kb", "kb", "-kb-site", "a", "-articles", "x/a.md"},    // not under content/
		{"-tools", "kb", "-kb", "kb", "-kb-site", "a", "-articles", "content/a"}, // not markdown
	} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("parseFlags(%q): no error", args)
		}
	}
}

func TestSiteArticleAndFallbacks(t *testing.T) {
	site := t.TempDir()
	for _, f := range []string{"content/x/a.md", "content/x/b.md", "content/de/x/a.md"} {
		p := filepath.Join(site, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("# x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	langs := []string{"de", "fr"} // no content/fr/ on this site
	for art, want := range map[string]string{
		"content/de/x/a.md": "content/de/x/a.md", // there
		"content/de/x/b.md": "content/x/b.md",    // its original
		"content/x/b.md":    "content/x/b.md",
	} {
		if got := siteArticle(site, langs, art); got != want {
			t.Errorf("siteArticle(%q) = %q, want %q", art, got, want)
		}
	}
	for art, want := range map[string][]string{
		"content/x/a.md":    nil,          // translated
		"content/x/b.md":    {"/de/x/b/"}, // a fallback in de; fr has no folder
		"content/de/x/a.md": nil,          // a translation
	} {
		if got := fallbackURLs(site, langs, art); !slices.Equal(got, want) {
			t.Errorf("fallbackURLs(%q) = %q, want %q", art, got, want)
		}
	}
}
