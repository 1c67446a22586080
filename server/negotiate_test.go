package server

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// User agents and Accept headers as the agents send them (see
// agents_test.go for where the names come from).
const (
	chromeAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
	chromeUA     = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
	chatgptUA    = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; ChatGPT-User/1.0; +https://openai.com/bot"
	claudeUA     = "Claude-User/1.0"
	perplexityUA = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Perplexity-User/1.0; +https://perplexity.ai/perplexity-user)"
	gptbotUA     = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)"
	claudebotUA  = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)"
	perplexBotUA = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; PerplexityBot/1.0; +https://perplexity.ai/perplexitybot)"
)

// uaOff is testSite with agents.negotiate_user_agents turned off.
var uaOff = map[string]string{"site.yaml": "title: Test Help\nfeedback_url: /api/feedback\nagents:\n  negotiate_user_agents: false\n"}

const refundsLink = `</billing/refunds.md>; rel="alternate"; type="text/markdown"`

// TestNegotiationTable: every Accept and User-Agent case of a page URL,
// with agents.negotiate_user_agents on (the default) and off: which
// representation comes back, its type, Vary and the Link to the twin.
func TestNegotiationTable(t *testing.T) {
	type want int
	const (
		html want = iota
		md
		plain
	)
	cases := []struct {
		accept, ua string
		on, off    want // with the user-agent switch on, and off
	}{
		// Browsers and clients that do not ask.
		{"", "", html, html},
		{chromeAccept, chromeUA, html, html},
		{"*/*", "curl/8.5.0", html, html},
		{"text/*", "", html, html},
		{"text/html", "", html, html},
		// text/markdown, by q-value.
		{"text/markdown", "", md, md},
		{"text/markdown, text/html;q=0.9", "", md, md},
		{"text/html, text/markdown", "", md, md}, // equal q: the twin, as before
		{"text/html, text/markdown;q=0.5", "", html, html},
		{"text/markdown;q=0", "", html, html},
		{"TEXT/MARKDOWN; Q=0.8, text/html;q=0.5", "", md, md},
		{"text/markdown, text/plain;q=0.9, */*;q=0.8", "Cursor/1.0", md, md}, // Cursor
		{"text/markdown, text/html, */*", claudeUA, md, md},                  // Claude Code
		// text/plain: preferred over text/html, by q-value.
		{"text/plain", "", plain, plain},
		{"text/plain, text/html;q=0.9", "", plain, plain},
		{"text/plain, */*;q=0.8", "", plain, plain},
		{"text/plain, */*", "", html, html}, // equal: HTML
		{"text/html, text/plain", "", html, html},
		{"text/plain;q=0", "", html, html},
		{"text/plain, text/markdown", "", md, md},
		{"text/plain, text/markdown;q=0.5", "", plain, plain},
		// User-facing fetchers that do not negotiate.
		{chromeAccept, chatgptUA, md, html},
		{"*/*", claudeUA, md, html},
		{"", perplexityUA, md, html},
		{"text/html", chatgptUA, md, html},
		// … and ones that do: their q-values decide.
		{"text/html, text/markdown;q=0.5", chatgptUA, html, html},
		{"text/markdown;q=0", claudeUA, html, html},
		{"text/html, text/plain;q=0.5", perplexityUA, html, html},
		{"text/plain", chatgptUA, plain, plain},
		// Training and indexing crawlers keep HTML.
		{"*/*", gptbotUA, html, html},
		{"", claudebotUA, html, html},
		{chromeAccept, perplexBotUA, html, html},
	}
	for _, mode := range []struct {
		name  string
		files map[string]string
		on    bool
	}{{"ua-on", testSite(nil), true}, {"ua-off", testSite(uaOff), false}} {
		t.Run(mode.name, func(t *testing.T) {
			bothModes(t, mode.files, func(t *testing.T, s *Server) {
				wantVary := "Accept"
				if mode.on {
					wantVary = "Accept, User-Agent"
				}
				for _, c := range cases {
					w := c.off
					if mode.on {
						w = c.on
					}
					res := get(t, s, "GET", "/billing/refunds/", map[string]string{"Accept": c.accept, "User-Agent": c.ua})
					b := body(t, res)
					ctype := res.Header.Get("Content-Type")
					var got want
					switch {
					case strings.HasPrefix(ctype, "text/html") && strings.Contains(b, "<!DOCTYPE html>"):
						got = html
					case ctype == "text/markdown; charset=utf-8" && strings.Contains(b, "# Refunds") && !strings.Contains(b, "<!DOCTYPE"):
						got = md
					case ctype == "text/plain; charset=utf-8" && strings.Contains(b, "# Refunds") && !strings.Contains(b, "<!DOCTYPE"):
						got = plain
					default:
						got = -1
					}
					names := [...]string{"HTML", "markdown", "text/plain twin"}
					if res.StatusCode != 200 || got != w {
						t.Errorf("Accept %q, User-Agent %.30q: %d %s, want the %s", c.accept, c.ua, res.StatusCode, ctype, names[w])
					}
					if v := res.Header.Values("Vary"); len(v) == 0 || v[0] != wantVary {
						t.Errorf("Accept %q, User-Agent %.30q: Vary %q, want %q first", c.accept, c.ua, v, wantVary)
					}
					if l := res.Header.Get("Link"); l != refundsLink {
						t.Errorf("Accept %q, User-Agent %.30q: Link %q, want %q", c.accept, c.ua, l, refundsLink)
					}
				}
			})
		})
	}
}

// The twin labelled text/plain is another representation than the one
// labelled text/markdown: its ETag differs, and each revalidates.
func TestPlainTwinETag(t *testing.T) {
	bothModes(t, testSite(nil), func(t *testing.T, s *Server) {
		for _, ae := range []string{"", "gzip"} {
			mdRes := get(t, s, "GET", "/billing/refunds/", map[string]string{"Accept": "text/markdown", "Accept-Encoding": ae})
			txtRes := get(t, s, "GET", "/billing/refunds/", map[string]string{"Accept": "text/plain", "Accept-Encoding": ae})
			mt, pt := mdRes.Header.Get("ETag"), txtRes.Header.Get("ETag")
			if mt == "" || pt == "" || mt == pt {
				t.Fatalf("Accept-Encoding %q: ETags %q (markdown) and %q (plain), want two different ones", ae, mt, pt)
			}
			res := get(t, s, "GET", "/billing/refunds/", map[string]string{"Accept": "text/plain", "Accept-Encoding": ae, "If-None-Match": pt})
			if res.StatusCode != http.StatusNotModified {
				t.Errorf("Accept-Encoding %q: If-None-Match of the plain twin: %d, want 304", ae, res.StatusCode)
			}
		}
	})
}

// Every page answer links its twin; other files do not.
func TestTwinLinkHeader(t *testing.T) {
	bothModes(t, testSite(map[string]string{"site.yaml": "title: Test Help\nbase_url: https://example.com/help/\n"}), func(t *testing.T, s *Server) {
		for _, c := range []struct{ path, link string }{
			{"/help/", `</help/index.md>; rel="alternate"; type="text/markdown"`},
			{"/help/billing/", `</help/billing.md>; rel="alternate"; type="text/markdown"`},
			{"/help/billing/refunds/", `</help/billing/refunds.md>; rel="alternate"; type="text/markdown"`},
			{"/help/billing/refunds.md", ""},
			{"/help/llms.txt", ""},
			{"/help/search/", ""}, // no twin
			{"/help/nope/", ""},
		} {
			for _, accept := range []string{"", "text/markdown"} {
				res := get(t, s, "GET", c.path, map[string]string{"Accept": accept})
				if got := res.Header.Get("Link"); got != c.link {
					t.Errorf("GET %s (Accept %q): Link %q, want %q", c.path, accept, got, c.link)
				}
				if c.link != "" && res.StatusCode != 200 {
					t.Errorf("GET %s: %d", c.path, res.StatusCode)
				}
			}
		}
		// The link leads to the twin.
		if res := get(t, s, "GET", "/help/billing.md", nil); res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/markdown; charset=utf-8" {
			t.Errorf("GET /help/billing.md: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
	})
}

// A .md URL that does not exist, and a 404 of a request that would have
// got a twin, answer the markdown 404 page: status 404, text/markdown,
// pointing to llms.txt and the search page under the base path.
func TestMarkdownNotFound(t *testing.T) {
	for _, mode := range []struct {
		name  string
		files map[string]string
		on    bool
	}{
		{"ua-on", testSite(map[string]string{"site.yaml": "title: Test Help\nbase_url: https://example.com/help/\n"}), true},
		{"ua-off", testSite(map[string]string{"site.yaml": "title: Test Help\nbase_url: https://example.com/help/\nagents:\n  negotiate_user_agents: false\n"}), false},
	} {
		t.Run(mode.name, func(t *testing.T) {
			bothModes(t, mode.files, func(t *testing.T, s *Server) {
				vary := "Accept"
				if mode.on {
					vary = "Accept, User-Agent"
				}
				for _, c := range []struct {
					path, accept, ua string
					ctype            string // "" for the HTML 404 page
					vary             string
				}{
					{"/help/nope.md", "", "", "text/markdown; charset=utf-8", ""},
					{"/help/billing/nope.md", chromeAccept, chromeUA, "text/markdown; charset=utf-8", ""},
					{"/help/nope/index.md", "", "", "text/markdown; charset=utf-8", ""},
					{"/nope.md", "", "", "text/markdown; charset=utf-8", ""}, // outside the base path
					{"/help/nope/", "text/markdown", "", "text/markdown; charset=utf-8", vary},
					{"/help/nope/", "text/plain", "", "text/plain; charset=utf-8", vary},
					{"/help/nope/", chromeAccept, chromeUA, "", vary},
					{"/help/nope/", "text/html, text/markdown;q=0.5", "", "", vary},
					{"/help/nope/", "*/*", claudeUA, map[bool]string{true: "text/markdown; charset=utf-8"}[mode.on], vary},
					{"/help/nope/", "*/*", gptbotUA, "", vary},
				} {
					res := get(t, s, "GET", c.path, map[string]string{"Accept": c.accept, "User-Agent": c.ua})
					b := body(t, res)
					ctype := res.Header.Get("Content-Type")
					if res.StatusCode != 404 {
						t.Errorf("GET %s (Accept %q, %.20q): %d, want 404", c.path, c.accept, c.ua, res.StatusCode)
					}
					if c.ctype == "" {
						if !strings.HasPrefix(ctype, "text/html") || !strings.Contains(b, "Page not found") {
							t.Errorf("GET %s (Accept %q, %.20q): %s, want the HTML 404 page", c.path, c.accept, c.ua, ctype)
						}
					} else if ctype != c.ctype || !strings.HasPrefix(b, "# Page not found\n") ||
						!strings.Contains(b, "(https://example.com/help/llms.txt)") || !strings.Contains(b, "(https://example.com/help/search/?q=)") {
						t.Errorf("GET %s (Accept %q, %.20q): %s, want %s, the markdown 404 page:\n%s", c.path, c.accept, c.ua, ctype, c.ctype, b)
					}
					if v := strings.Join(res.Header.Values("Vary"), ","); c.vary != "" && !strings.HasPrefix(v, c.vary) ||
						c.vary == "" && strings.Contains(v, "Accept,") {
						t.Errorf("GET %s (Accept %q): Vary %q, want %q", c.path, c.accept, v, c.vary)
					}
				}
				res := get(t, s, "HEAD", "/help/nope.md", nil)
				if res.StatusCode != 404 || res.Header.Get("Content-Type") != "text/markdown; charset=utf-8" || body(t, res) != "" {
					t.Errorf("HEAD /help/nope.md: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
				}
			})
		})
	}
}

// Without a base_url the markdown 404 page's links are site paths.
func TestMarkdownNotFoundPaths(t *testing.T) {
	bothModes(t, testSite(nil), func(t *testing.T, s *Server) {
		res := get(t, s, "GET", "/nope.md", nil)
		b := body(t, res)
		if res.StatusCode != 404 || !strings.Contains(b, "[llms.txt](/llms.txt)") || !strings.Contains(b, "(/search/?q=)") || !strings.Contains(b, "Test Help") {
			t.Errorf("GET /nope.md: %d\n%s", res.StatusCode, b)
		}
	})
}

// An alias redirects like its page at every URL an agent may use: the
// twin at both of its paths and the page's llms.txt.
func TestAliasAgentFilesRedirect(t *testing.T) {
	for _, c := range []struct {
		name, yaml, prefix string
	}{
		{"root", "title: Test Help\n", ""},
		{"base-path", "title: Test Help\nbase_url: https://example.com/help/\n", "/help"},
	} {
		t.Run(c.name, func(t *testing.T) {
			bothModes(t, testSite(map[string]string{"site.yaml": c.yaml}), func(t *testing.T, s *Server) {
				for _, tc := range []struct{ from, to string }{
					{"/old/refunds/", "/billing/refunds/"},
					{"/old/refunds.md", "/billing/refunds.md"},
					{"/old/refunds/index.md", "/billing/refunds/index.md"},
					{"/old/refunds/llms.txt", "/billing/refunds/llms.txt"},
				} {
					from, to := c.prefix+tc.from, c.prefix+tc.to
					res := get(t, s, "GET", from, nil)
					if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != to {
						t.Errorf("GET %s: %d → %q, want 301 → %q", from, res.StatusCode, res.Header.Get("Location"), to)
					}
					if res := get(t, s, "GET", to, nil); res.StatusCode != 200 {
						t.Errorf("GET %s (the target): %d", to, res.StatusCode)
					}
				}
			})
		})
	}
}

// The nginx and Caddy snippets (scripts/hosts/, quoted by the README)
// and the README's prose name the same fetchers as agentUsers, the one
// list: a fetcher added there must be added to them.
func TestHostSnippetsNameTheFetchers(t *testing.T) {
	var want []string
	for _, a := range agentUsers {
		if a.fetcher {
			want = append(want, a.sub)
		}
	}
	alternation := regexp.MustCompile(`\(\?i\)\(([^)]*)\)|~\*\(([^)]*)\)`)
	for _, f := range []string{"nginx.conf", "Caddyfile"} {
		data, err := os.ReadFile(filepath.Join("..", "scripts", "hosts", f))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, line := range strings.Split(string(data), "\n") {
			if !strings.Contains(line, "User-Agent") && !strings.Contains(line, "-User|") {
				continue
			}
			for _, m := range alternation.FindAllStringSubmatch(line, -1) {
				if alt := m[1] + m[2]; strings.Contains(alt, "-User") {
					got = strings.Split(alt, "|")
				}
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("scripts/hosts/%s matches the user agents %q, want agentUsers' fetchers %q", f, got, want)
		}
	}
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range want {
		if !strings.Contains(string(readme), name) {
			t.Errorf("README.md does not name the fetcher %s", name)
		}
	}
}
