package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// mcpSite serves searchSite (base path /help/) in production mode with
// its search index, over a real HTTP server, and returns an MCP client
// session on {base}mcp.
func mcpSite(t *testing.T, extra map[string]string, mod func(*Config)) (*mcp.ClientSession, *httptest.Server, string) {
	t.Helper()
	files := searchSite()
	for k, v := range extra {
		files[k] = v
	}
	src := newSiteDir(t, files)
	s, out := prodServer(t, src, func(c *Config) {
		c.Search = searchHandler(t, src)
		c.Version = "test"
		if mod != nil {
			mod(c)
		}
	})
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return mcpConnect(t, ts.URL+"/help/mcp"), ts, out
}

func mcpConnect(t *testing.T, endpoint string) *mcp.ClientSession {
	t.Helper()
	c := mcp.NewClient(&mcp.Implementation{Name: "kb-test", Version: "1"}, nil)
	cs, err := c.Connect(context.Background(), &mcp.StreamableClientTransport{Endpoint: endpoint, DisableStandaloneSSE: true}, nil)
	if err != nil {
		t.Fatalf("connect %s: %v", endpoint, err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs
}

// call calls a tool and decodes its structured output into out (when
// the call succeeded); it returns the result.
func call(t *testing.T, cs *mcp.ClientSession, tool string, args map[string]any, out any) *mcp.CallToolResult {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: tool, Arguments: args})
	if err != nil {
		t.Fatalf("%s %v: protocol error %v", tool, args, err)
	}
	if !res.IsError && out != nil {
		data, _ := json.Marshal(res.StructuredContent)
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s: structured output %s: %v", tool, data, err)
		}
	}
	return res
}

func resultText(res *mcp.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if t, ok := c.(*mcp.TextContent); ok {
			b.WriteString(t.Text)
		}
	}
	return b.String()
}

func TestMCPTools(t *testing.T) {
	cs, ts, out := mcpSite(t, nil, nil)
	origin := ts.URL // no base_url: URLs name the address the client used

	tools, err := cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tl := range tools.Tools {
		names = append(names, tl.Name)
		if tl.Annotations == nil || !tl.Annotations.ReadOnlyHint {
			t.Errorf("tool %s is not marked read-only", tl.Name)
		}
	}
	if got := strings.Join(names, " "); got != "get_page list_sections search" {
		t.Errorf("tools %q", got)
	}

	t.Run("search", func(t *testing.T) {
		var o mcpSearchOut
		res := call(t, cs, "search", map[string]any{"query": "pasword", "limit": 3}, &o)
		if res.IsError || len(o.Results) == 0 {
			t.Fatalf("search: %s", resultText(res))
		}
		h := o.Results[0]
		if h.Title != "Reset your password" || h.URL != origin+"/help/account/password.md" || !strings.HasPrefix(h.PageURL, origin+"/help/account/password/") {
			t.Errorf("first hit %+v", h)
		}
		if strings.Contains(h.Snippet, "<") || !strings.Contains(h.Snippet, "password") {
			t.Errorf("snippet is not plain text: %q", h.Snippet)
		}
		if strings.Join(h.Breadcrumb, "/") != "Account" {
			t.Errorf("breadcrumb %q", h.Breadcrumb)
		}
		if txt := resultText(res); !strings.Contains(txt, "[Reset your password]("+origin+"/help/account/password.md)") {
			t.Errorf("text result:\n%s", txt)
		}
		// Filters, and an escaped title comes back as plain text.
		call(t, cs, "search", map[string]any{"query": "refunds", "category": "account"}, &o)
		if len(o.Results) != 0 {
			t.Errorf("category account: %+v", o.Results)
		}
		call(t, cs, "search", map[string]any{"query": "quoted plans", "category": "billing"}, &o)
		if len(o.Results) == 0 || o.Results[0].Title != `Refunds for <b>bold</b> & "quoted" plans` {
			t.Errorf("escaped title: %+v", o.Results)
		}
	})

	t.Run("get_page", func(t *testing.T) {
		twin, err := os.ReadFile(filepath.Join(out, "billing", "refunds.md"))
		if err != nil {
			t.Fatal(err)
		}
		// Every way an agent may name the page reads its twin: URL, path,
		// .md, without the base path, an alias, an anchor.
		for _, u := range []string{origin + "/help/billing/refunds/", "/help/billing/refunds/", "/help/billing/refunds.md",
			"billing/refunds/", "https://elsewhere.example/help/billing/refunds/#x", "/help/old/refunds/", "/help/billing/refunds"} {
			var o mcpPageOut
			res := call(t, cs, "get_page", map[string]any{"url": u}, &o)
			if res.IsError || o.Content != string(twin) || o.NextOffset != 0 || o.URL != origin+"/help/billing/refunds.md" {
				t.Errorf("get_page %q: %s / %+v", u, resultText(res), o.URL)
			}
		}
		// A cap and a continuation: the parts make the whole.
		var all strings.Builder
		off := 0
		for i := 0; i < 20; i++ {
			var o mcpPageOut
			res := call(t, cs, "get_page", map[string]any{"url": "/help/billing/refunds/", "offset": off, "max_bytes": 300}, &o)
			if res.IsError || len(o.Content) > 300 || o.TotalBytes != len(twin) {
				t.Fatalf("part at %d: %s (%d bytes)", off, resultText(res), len(o.Content))
			}
			all.WriteString(o.Content)
			if o.NextOffset == 0 {
				break
			}
			if !strings.Contains(resultText(res), "offset "+itoa(o.NextOffset)) {
				t.Errorf("text of a part does not say how to go on: %q", resultText(res)[len(resultText(res))-120:])
			}
			off = o.NextOffset
		}
		if all.String() != string(twin) || off == 0 {
			t.Errorf("parts (%d bytes, last offset %d) do not make the twin (%d bytes)", all.Len(), off, len(twin))
		}
	})

	t.Run("list_sections", func(t *testing.T) {
		for _, tc := range []struct{ path, file string }{
			{"", "llms.txt"}, {"/help/", "llms.txt"}, {"billing", "billing/llms.txt"}, {origin + "/help/billing/", "billing/llms.txt"},
		} {
			want, _ := os.ReadFile(filepath.Join(out, filepath.FromSlash(tc.file)))
			var o mcpSectionsOut
			res := call(t, cs, "list_sections", map[string]any{"path": tc.path}, &o)
			if res.IsError || o.Content != string(want) || len(want) == 0 {
				t.Errorf("list_sections %q: %s", tc.path, resultText(res))
			}
		}
	})

	t.Run("resources", func(t *testing.T) {
		rs, err := cs.ListResources(context.Background(), nil)
		if err != nil || len(rs.Resources) != 2 {
			t.Fatalf("resources %v %v", rs, err)
		}
		want, _ := os.ReadFile(filepath.Join(out, "billing", "llms.txt"))
		for _, uri := range []string{origin + "/help/llms.txt", origin + "/help/billing/llms.txt"} {
			r, err := cs.ReadResource(context.Background(), &mcp.ReadResourceParams{URI: uri})
			if err != nil || len(r.Contents) != 1 || r.Contents[0].Text == "" {
				t.Errorf("read %s: %v %v", uri, r, err)
				continue
			}
			if strings.HasSuffix(uri, "billing/llms.txt") && r.Contents[0].Text != string(want) {
				t.Errorf("read %s: not the file", uri)
			}
		}
		if _, err := cs.ReadResource(context.Background(), &mcp.ReadResourceParams{URI: origin + "/help/billing/refunds.md"}); err == nil {
			t.Errorf("a twin read as a resource")
		}
	})

	// Bad arguments are tool errors that say what is wrong; the server
	// answers the next call.
	for _, tc := range []struct {
		tool string
		args map[string]any
		want string
	}{
		{"search", map[string]any{"query": ""}, "empty"},
		{"search", map[string]any{"query": "x", "limit": 99}, "limit"},
		{"search", map[string]any{"query": "x", "limit": -1}, "limit"},
		{"search", map[string]any{"query": "x", "category": "a\x01b"}, "category"},
		{"search", map[string]any{"query": strings.Repeat("long ", 300)}, "too long"},
		{"search", map[string]any{"query": 7}, "query"},
		{"search", map[string]any{}, "query"},
		{"get_page", map[string]any{"url": "/help/nope/"}, "no page"},
		{"get_page", map[string]any{"url": "/elsewhere/billing/refunds/"}, "start with /help/"},
		{"get_page", map[string]any{"url": "/help/_kb.json"}, "no page"},
		{"get_page", map[string]any{"url": "/help/_redirects"}, "no page"},
		{"get_page", map[string]any{"url": "/help/../../etc/passwd"}, "no page"},
		{"get_page", map[string]any{"url": "/help/billing/refunds/index.html"}, ""}, // the page: fine
		{"get_page", map[string]any{"url": "/help/assets/"}, "no page"},
		{"get_page", map[string]any{"url": "/help/billing/refunds/", "offset": 1 << 30}, "outside"},
		{"get_page", map[string]any{"url": "/help/billing/refunds/", "max_bytes": 10}, "max_bytes"},
		{"get_page", map[string]any{"url": "%zz"}, "cannot be read"},
		{"get_page", map[string]any{"url": strings.Repeat("a", 3000)}, "too long"},
		{"list_sections", map[string]any{"path": "/help/nope/"}, "no category"},
	} {
		res := call(t, cs, tc.tool, tc.args, nil)
		if tc.want == "" {
			if res.IsError {
				t.Errorf("%s %v: %s", tc.tool, tc.args, resultText(res))
			}
			continue
		}
		if !res.IsError || !strings.Contains(resultText(res), tc.want) {
			t.Errorf("%s %v: error %v %q, want one naming %q", tc.tool, tc.args, res.IsError, resultText(res), tc.want)
		}
	}
	var o mcpSearchOut
	if res := call(t, cs, "search", map[string]any{"query": "invoices"}, &o); res.IsError || len(o.Results) == 0 {
		t.Errorf("after the bad calls: %s", resultText(res))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// With base_url set, production answers name the public address, not the
// one the request came to (a proxy's).
func TestMCPBaseURL(t *testing.T) {
	cs, _, _ := mcpSite(t, map[string]string{"site.yaml": "title: Test Help\nbase_url: https://help.example.com/help/\n"}, nil)
	var o mcpSearchOut
	call(t, cs, "search", map[string]any{"query": "password"}, &o)
	if len(o.Results) == 0 || o.Results[0].URL != "https://help.example.com/help/account/password.md" {
		t.Errorf("results %+v", o.Results)
	}
}

// The HTTP transport's security: Origin and Host are checked as for
// every request, a client is rate limited, the body is bounded, and the
// server and its discovery card go when site.yaml turns MCP off.
func TestMCPHTTPSecurity(t *testing.T) {
	files := searchSite()
	src := newSiteDir(t, files)
	s, _ := prodServer(t, src, func(c *Config) {
		c.Search = searchHandler(t, src)
		c.AllowedHosts = []string{"help.example.com"}
		c.MCPRate = Rate{Burst: 3, Every: time.Hour}
	})
	init := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`
	post := func(header map[string]string, body string) *http.Response {
		r := httptest.NewRequest(http.MethodPost, "/help/mcp", strings.NewReader(body))
		r.Host = "help.example.com"
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Accept", "application/json, text/event-stream")
		for k, v := range header {
			if k == "Host" {
				r.Host = v
			} else {
				r.Header.Set(k, v)
			}
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		return w.Result()
	}
	for _, tc := range []struct {
		name   string
		header map[string]string
		body   string
		want   int
	}{
		{"other origin", map[string]string{"Origin": "https://evil.example"}, init, http.StatusForbidden},
		{"null origin", map[string]string{"Origin": "null"}, init, http.StatusForbidden},
		{"rebound host", map[string]string{"Host": "evil.example"}, init, http.StatusForbidden},
		{"same origin", map[string]string{"Origin": "https://help.example.com"}, init, http.StatusOK},
		{"huge body", nil, `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"x":"` + strings.Repeat("a", 100<<10) + `"}}`, http.StatusRequestEntityTooLarge},
		{"third", nil, init, http.StatusOK},
		{"rate limited", nil, init, http.StatusTooManyRequests},
	} {
		res := post(tc.header, tc.body)
		if res.StatusCode != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, res.StatusCode, tc.want)
		}
		if res.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("%s: CORS header sent", tc.name)
		}
	}
	// GET of the endpoint (a browser) is not an MCP stream here.
	if res := get(t, s, http.MethodGet, "/help/mcp", map[string]string{"Host": "help.example.com"}); res.StatusCode == http.StatusOK {
		t.Errorf("GET /help/mcp: %d", res.StatusCode)
	}
}

func TestMCPDiscovery(t *testing.T) {
	for _, tc := range []struct {
		yaml string
		on   bool
	}{
		{"title: Test Help\nbase_path: /help/\n", true},
		{"title: Test Help\nbase_path: /help/\nagents:\n  mcp: false\n", false},
	} {
		src := newSiteDir(t, testSite(map[string]string{"site.yaml": tc.yaml}))
		s, _ := prodServer(t, src, nil)
		for _, p := range []string{"/.well-known/mcp", "/help/.well-known/mcp", "/.well-known/mcp/server-card.json"} {
			res := get(t, s, http.MethodGet, p, nil)
			b := body(t, res)
			if !tc.on {
				if res.StatusCode != http.StatusNotFound {
					t.Errorf("mcp off: %s: %d", p, res.StatusCode)
				}
				continue
			}
			var card struct {
				Title     string
				Transport struct{ Type, URL string }
			}
			if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(b), &card) != nil {
				t.Fatalf("%s: %d %s", p, res.StatusCode, b)
			}
			if card.Title != "Test Help" || card.Transport.Type != "streamable-http" || card.Transport.URL != "http://127.0.0.1:1313/help/mcp" {
				t.Errorf("%s: card %+v", p, card)
			}
		}
		res := get(t, s, http.MethodPost, "/help/mcp", nil)
		if (res.StatusCode == http.StatusNotFound) == tc.on {
			t.Errorf("mcp on=%v: POST /help/mcp %d", tc.on, res.StatusCode)
		}
	}
}

// A search that cannot finish in time is a tool error, not a hang.
func TestMCPDeadline(t *testing.T) {
	src := newSiteDir(t, searchSite())
	s, _ := prodServer(t, src, func(c *Config) {
		c.Search = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done() // a search stuck until its deadline
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(`{"error":"search timed out before finding any result; try again in a moment"}`))
		})
	})
	defer func(d time.Duration) { mcpCallTimeout = d }(mcpCallTimeout)
	mcpCallTimeout = 100 * time.Millisecond
	ts := httptest.NewServer(s)
	defer ts.Close()
	cs := mcpConnect(t, ts.URL+"/help/mcp")
	start := time.Now()
	res := call(t, cs, "search", map[string]any{"query": "refunds"}, nil)
	if !res.IsError || !strings.Contains(resultText(res), "timed out") {
		t.Errorf("stuck search: %v %s", res.IsError, resultText(res))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("stuck search answered after %v", d)
	}
}

// Dev mode serves MCP too, over the build in memory.
func TestMCPDev(t *testing.T) {
	src := newSiteDir(t, testSite(nil))
	s := devServer(t, src, nil)
	ts := httptest.NewServer(s)
	defer ts.Close()
	cs := mcpConnect(t, ts.URL+"/mcp")
	var o mcpPageOut
	if res := call(t, cs, "get_page", map[string]any{"url": "/billing/invoices/"}, &o); res.IsError || !strings.Contains(o.Content, "# Invoices") {
		t.Errorf("dev get_page: %s", resultText(res))
	}
}

// MCP calls are agent traffic: kb feedback sees the pages read and the
// searches, with their hit counts, from the feedback file.
func TestMCPRecordsAgentTraffic(t *testing.T) {
	var file string
	cs, _, _ := mcpSite(t, nil, func(c *Config) { file = c.FeedbackFile })
	call(t, cs, "search", map[string]any{"query": "zzqx nothing"}, nil)
	call(t, cs, "search", map[string]any{"query": "refunds"}, nil)
	call(t, cs, "get_page", map[string]any{"url": "/help/billing/refunds.md"}, nil)
	call(t, cs, "list_sections", map[string]any{"path": "billing"}, nil)
	call(t, cs, "get_page", map[string]any{"url": "/help/nope/"}, nil) // an error: not a read
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for line := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n") {
		var r Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		h := -1
		if r.Hits != nil {
			h = *r.Hits
		}
		got = append(got, r.Kind+" "+r.Page+" "+r.Query+" "+strconv.Itoa(h))
	}
	want := []string{"mcp  zzqx nothing 0", "mcp  refunds 3", "mcp /help/billing/refunds/  -1", "mcp /help/billing/llms.txt  -1"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("records:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// FuzzMCPPage: whatever an agent passes to get_page and list_sections,
// the answer is an error or a part of an agent output (a twin or an
// llms file) of the site, and a continuation moves forward.
func FuzzMCPPage(f *testing.F) {
	for _, u := range []string{"/billing/refunds/", "billing", "/old/refunds/", "https://x/billing/refunds.md#a", "/_kb.json",
		"/../../etc/passwd", "%zz", "/billing/refunds/index.html", "", "/", "//x", "/assets/", "/llms-full.txt", "/billing/../_redirects"} {
		f.Add(u, 0, 0)
		f.Add(u, 300, 256)
	}
	src := newSiteDir(f, testSite(nil))
	s := devServer(f, src, nil)
	f.Fuzz(func(t *testing.T, raw string, offset, max int) {
		o, err := s.mcpPage("", mcpPageIn{URL: raw, Offset: offset, MaxBytes: max})
		if err == nil {
			name := path.Base(o.URL)
			if path.Ext(name) != ".md" && name != "llms.txt" && name != "llms-full.txt" {
				t.Fatalf("get_page %q read %s", raw, o.URL)
			}
			if o.NextOffset != 0 && o.NextOffset <= offset || len(o.Content) > mcpMaxPageBytes || o.NextOffset > o.TotalBytes {
				t.Fatalf("get_page %q at %d: next %d of %d, %d bytes", raw, offset, o.NextOffset, o.TotalBytes, len(o.Content))
			}
			if !utf8.ValidString(o.Content) {
				t.Fatalf("get_page %q at %d: content cut inside a character", raw, offset)
			}
		} else if err.Error() == "" {
			t.Fatalf("get_page %q: an error without a message", raw)
		}
		if so, err := s.mcpSections("", mcpSectionsIn{Path: raw}); err == nil && path.Base(so.URL) != "llms.txt" && path.Ext(so.URL) != ".md" && path.Base(so.URL) != "llms-full.txt" {
			t.Fatalf("list_sections %q read %s", raw, so.URL)
		}
	})
}

// TestCORS: an origin listed in agents.cors may read pages and twins and
// call MCP from a browser (preflight included), with Allow-Origin set to
// it alone; it still cannot post feedback; an origin not listed gets 403
// and no CORS header.
func TestCORS(t *testing.T) {
	files := searchSite()
	files["site.yaml"] += "agents:\n  cors: [https://app.example, 'HTTP://Local.test:3000/']\n"
	src := newSiteDir(t, files)
	s, _ := prodServer(t, src, func(c *Config) { c.Search = searchHandler(t, src) })
	init := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`
	for _, tc := range []struct {
		name, method, path, origin, preflight string
		want                                  int
		allow                                 string
	}{
		{"twin", http.MethodGet, "/help/account/password.md", "https://app.example", "", http.StatusOK, "https://app.example"},
		{"llms.txt", http.MethodGet, "/help/llms.txt", "http://local.test:3000", "", http.StatusOK, "http://local.test:3000"},
		{"mcp", http.MethodPost, "/help/mcp", "https://app.example", "", http.StatusOK, "https://app.example"},
		{"mcp preflight", http.MethodOptions, "/help/mcp", "https://app.example", "POST", http.StatusNoContent, "https://app.example"},
		{"feedback preflight", http.MethodOptions, "/help/api/feedback", "https://app.example", "POST", http.StatusForbidden, ""},
		{"feedback post", http.MethodPost, "/help/api/feedback", "https://app.example", "", http.StatusForbidden, ""},
		{"unlisted", http.MethodGet, "/help/llms.txt", "https://evil.example", "", http.StatusForbidden, ""},
		{"listed host, other scheme", http.MethodGet, "/help/llms.txt", "http://app.example", "", http.StatusForbidden, ""},
	} {
		var body io.Reader
		if tc.method == http.MethodPost {
			body = strings.NewReader(init)
		}
		r := httptest.NewRequest(tc.method, tc.path, body)
		r.Header.Set("Origin", tc.origin)
		if tc.preflight != "" {
			r.Header.Set("Access-Control-Request-Method", tc.preflight)
		}
		if tc.method == http.MethodPost {
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("Accept", "application/json, text/event-stream")
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		res := w.Result()
		if res.StatusCode != tc.want || res.Header.Get("Access-Control-Allow-Origin") != tc.allow {
			t.Errorf("%s: %d, Allow-Origin %q; want %d, %q", tc.name, res.StatusCode, res.Header.Get("Access-Control-Allow-Origin"), tc.want, tc.allow)
		}
		if tc.allow != "" && !strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Origin") {
			t.Errorf("%s: no Vary: Origin", tc.name)
		}
	}
}
