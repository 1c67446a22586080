package server

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestAgentUANamesKnownAgents(t *testing.T) {
	for _, c := range []struct {
		ua, name string
		fetcher  bool
	}{
		{"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; ChatGPT-User/1.0; +https://openai.com/bot", "ChatGPT-User", true},
		{"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)", "GPTBot", false},
		{"Mozilla/5.0 (compatible; Claude-User/1.0; +Claude-User@anthropic.com)", "Claude-User", true},
		{"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)", "ClaudeBot", false},
		{"mozilla/5.0 (compatible; perplexity-user/1.0)", "Perplexity-User", true},
		{"Mozilla/5.0 (compatible; PerplexityBot/1.0; +https://perplexity.ai/perplexitybot)", "PerplexityBot", false},
		{"Mozilla/5.0 (compatible; MistralAI-User/1.0; +https://docs.mistral.ai/robots)", "MistralAI-User", true},
		{"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36", "", false},
		{"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "", false},
		{"curl/8.5.0", "", false},
		{"", "", false},
		{strings.Repeat("x", maxUALen) + " ChatGPT-User/1.0", "", false}, // past the part searched
	} {
		name, ok := agentUA(c.ua)
		if name != c.name || ok != (c.name != "") {
			t.Errorf("agentUA(%.40q) = %q, %v; want %q", c.ua, name, ok, c.name)
		}
		fname, fok := agentFetcherUA(c.ua)
		if fok != c.fetcher || fok && fname != c.name {
			t.Errorf("agentFetcherUA(%.40q) = %q, %v; want fetcher %v", c.ua, fname, fok, c.fetcher)
		}
	}
}

// Each entry must be found by its own substring: none may contain
// another's, or the first in the list would take the other's requests.
func TestAgentUASubstringsAreDistinct(t *testing.T) {
	for i, a := range agentUsers {
		for j, b := range agentUsers {
			if i != j && strings.Contains(strings.ToLower(a.sub), strings.ToLower(b.sub)) {
				t.Errorf("%q contains %q", a.sub, b.sub)
			}
		}
		if name, _ := agentUA("x " + a.sub + "/1.0"); name != a.name {
			t.Errorf("agentUA(%q) = %q", a.sub, name)
		}
	}
}

// TestAgentTrafficIsMarkedAndRecorded: the access log marks twins (by URL
// or negotiated), llms files, MCP requests and agent user agents, and
// the feedback file gets one record per agent read that was served.
func TestAgentTrafficIsMarkedAndRecorded(t *testing.T) {
	var logBuf syncBuffer
	s, _ := prodServer(t, newSiteDir(t, testSite(nil)), func(c *Config) { c.AccessLog = &logBuf })
	const claude = "Mozilla/5.0 (compatible; Claude-User/1.0; +Claude-User@anthropic.com)"
	const crawler = "Mozilla/5.0 (compatible; ClaudeBot/1.0; +claudebot@anthropic.com)"
	for _, tc := range []struct {
		method, path string
		header       map[string]string
		marks        string  // what the log line ends with, after the duration
		rec          *Record // the record appended, nil for none
	}{
		{"GET", "/billing/refunds.md", nil, " twin", &Record{Kind: "twin", Page: "/billing/refunds/"}},
		{"GET", "/billing/refunds.md", map[string]string{"User-Agent": claude}, " twin agent=Claude-User", &Record{Kind: "twin", Page: "/billing/refunds/", Agent: "Claude-User"}},
		{"GET", "/billing/refunds/", map[string]string{"Accept": "text/markdown"}, " twin", &Record{Kind: "twin", Page: "/billing/refunds/"}},
		{"GET", "/billing/refunds/", map[string]string{"Accept": "text/plain"}, " twin", &Record{Kind: "twin", Page: "/billing/refunds/"}},
		{"GET", "/index.md", nil, " twin", &Record{Kind: "twin", Page: "/"}},
		{"GET", "/llms.txt", map[string]string{"User-Agent": claude}, " llms agent=Claude-User", &Record{Kind: "llms", Page: "/llms.txt", Agent: "Claude-User"}},
		{"GET", "/billing/llms-full.txt", nil, " llms", &Record{Kind: "llms", Page: "/billing/llms-full.txt"}},
		{"GET", "/billing/invoices/", map[string]string{"User-Agent": crawler}, " agent=ClaudeBot", &Record{Kind: "html", Page: "/billing/invoices/", Agent: "ClaudeBot"}},
		{"GET", "/billing/invoices/", nil, "", nil},                                              // a reader
		{"HEAD", "/billing/refunds.md", nil, " twin", nil},                                       // not a read
		{"GET", "/billing/nothing.md", nil, " twin", nil},                                        // 404: not served
		{"POST", "/mcp", map[string]string{"User-Agent": claude}, " mcp agent=Claude-User", nil}, // the MCP server records its tool calls
	} {
		before := len(readRecordsIfAny(t, s.cfg.FeedbackFile))
		logBefore := len(logBuf.String())
		res := get(t, s, tc.method, tc.path, tc.header)
		res.Body.Close()
		line := strings.TrimSuffix(logBuf.String()[logBefore:], "\n")
		if !strings.HasSuffix(line, tc.marks) || !durationThenMarks(line, tc.marks) {
			t.Errorf("%s %s %v: log line %q, want it to end with duration and %q", tc.method, tc.path, tc.header, line, tc.marks)
		}
		recs := readRecordsIfAny(t, s.cfg.FeedbackFile)[before:]
		switch {
		case tc.rec == nil && len(recs) > 0:
			t.Errorf("%s %s: recorded %+v, want nothing", tc.method, tc.path, recs)
		case tc.rec != nil && len(recs) != 1:
			t.Errorf("%s %s: %d records, want 1", tc.method, tc.path, len(recs))
		case tc.rec != nil:
			got := recs[0]
			if got.Time.IsZero() || got.Kind != tc.rec.Kind || got.Page != tc.rec.Page || got.Agent != tc.rec.Agent || got.Query != "" {
				t.Errorf("%s %s: recorded %+v, want %+v", tc.method, tc.path, got, *tc.rec)
			}
		}
	}
}

// durationThenMarks reports whether marks follow the line's duration
// (the last field of the Common Log Format part, "1.2ms").
func durationThenMarks(line, marks string) bool {
	rest := strings.TrimSuffix(line, marks)
	f := strings.Fields(rest)
	_, err := time.ParseDuration(f[len(f)-1])
	return err == nil
}

func readRecordsIfAny(t *testing.T, path string) []Record {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	return readRecords(t, path)
}

// TestAgentReadsAreRateLimited: past the per-client rate, reads are
// served but not recorded; another client is recorded still.
func TestAgentReadsAreRateLimited(t *testing.T) {
	s, _ := prodServer(t, newSiteDir(t, testSite(nil)), nil)
	s.agentLimiter = newLimiter(Rate{Burst: 2, Every: time.Hour})
	for range 4 {
		if res := get(t, s, "GET", "/llms.txt", nil); res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
	}
	r := httptest.NewRequest("GET", "/llms.txt", nil)
	r.RemoteAddr = "192.0.2.7:4000"
	r.Host = "127.0.0.1:1313"
	s.ServeHTTP(httptest.NewRecorder(), r)
	if got := len(readRecords(t, s.cfg.FeedbackFile)); got != 3 {
		t.Errorf("%d records, want 2 from the first client and 1 from the second", got)
	}
}

// TestRecordAgentSearch: the MCP server's calls append mcp records; a
// search keeps its query (cut like a reader's) and its hit count, zero
// included; a page path that is too long is not recorded.
func TestRecordAgentSearch(t *testing.T) {
	s, _ := prodServer(t, newSiteDir(t, testSite(nil)), nil)
	r := httptest.NewRequest("POST", "/mcp", nil)
	r.Header.Set("User-Agent", "Claude-User/1.0")
	s.recordAgentRead(r, "mcp", "/billing/refunds/")
	s.recordAgentSearch(r, "  refund   "+strings.Repeat("é", 200), 0)
	s.recordAgentSearch(r, "invoice", 3)
	s.recordAgentSearch(r, "   ", 0)
	s.recordAgentRead(r, "mcp", "/"+strings.Repeat("a", maxPathLen))
	recs := readRecords(t, s.cfg.FeedbackFile)
	if len(recs) != 3 {
		t.Fatalf("%d records, want 3: %+v", len(recs), recs)
	}
	if g := recs[0]; g.Kind != "mcp" || g.Page != "/billing/refunds/" || g.Agent != "Claude-User" || g.Hits != nil {
		t.Errorf("get_page: %+v", g)
	}
	if g := recs[1]; g.Kind != "mcp" || g.Hits == nil || *g.Hits != 0 || len(g.Query) > maxQueryLog || !strings.HasPrefix(g.Query, "refund é") || !utf8.ValidString(g.Query) {
		t.Errorf("search without results: %+v", g)
	}
	if g := recs[2]; g.Query != "invoice" || g.Hits == nil || *g.Hits != 3 {
		t.Errorf("search: %+v", g)
	}
}
