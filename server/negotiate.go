package server

import (
	"net/http"
	"net/url"
	"strings"
)

// A negotiation is what a request for a page URL (or a missing one)
// gets: the page's HTML or its markdown twin, and the Vary header that
// names what the choice depended on.
//
// The twin is served when
//   - Accept names text/markdown (q > 0) at least as high as text/html;
//   - or Accept names text/plain higher than text/html (then as
//     text/plain, unless text/markdown is named at least as high): "*/*"
//     alone, or with text/plain at the same q, stays HTML;
//   - or, with agents.negotiate_user_agents on (the default), the
//     User-Agent is one of the user-facing fetchers in agentUsers
//     (ChatGPT-User, Claude-User, Perplexity-User, …) and Accept names
//     neither text/markdown nor text/plain: those fetchers send "*/*",
//     no Accept at all, or a browser's Accept (ChatGPT-User), and read
//     whatever comes back. One that names a twin type is negotiating:
//     its q-values decide, so "text/html, text/markdown;q=0.5" or
//     "text/markdown;q=0" gets HTML.
//
// Training and indexing crawlers (GPTBot, ClaudeBot, PerplexityBot, …)
// keep getting HTML: they index the page as search engines do, and the
// HTML is what its canonical URL and structured data describe.
type negotiation struct {
	twin  bool   // answer with the markdown twin
	plain bool   // label it text/plain: the client asked for that, not text/markdown
	vary  string // "Accept", or "Accept, User-Agent" when user agents count
}

const plainType = "text/plain; charset=utf-8"

// negotiate decides a page answer for r; byUA is the site's
// agents.negotiate_user_agents.
func negotiate(r *http.Request, byUA bool) negotiation {
	n := negotiation{vary: "Accept"}
	if byUA {
		n.vary = "Accept, User-Agent"
	}
	accept := strings.Join(r.Header.Values("Accept"), ",")
	if accept == "" {
		n.twin = byUA && isFetcher(r)
		return n
	}
	qm, sm := acceptQ(accept, "text/markdown")
	qp, sp := acceptQ(accept, "text/plain")
	qh, _ := acceptQ(accept, "text/html")
	md := sm == 3 && qm > 0 && qm >= qh
	plain := sp == 3 && qp > 0 && qp > qh
	switch {
	case md && (!plain || qm >= qp):
		n.twin = true
	case plain:
		n.twin, n.plain = true, true
	case sm != 3 && sp != 3:
		n.twin = byUA && isFetcher(r)
	}
	return n
}

func isFetcher(r *http.Request) bool {
	_, ok := agentFetcherUA(r.Header.Get("User-Agent"))
	return ok
}

// twinLink is the Link header of a page answer: where its markdown twin
// is (RFC 8288), as the page's <link rel="alternate"> says in HTML. rel
// is the page's path below base ("" for the home page, "billing/" for a
// folder), as sitePath gives it.
func twinLink(base, rel string) string {
	u := base + "index.md"
	if rel != "" {
		u = base + strings.TrimSuffix(rel, "/") + ".md"
	}
	return "<" + (&url.URL{Path: u}).EscapedPath() + `>; rel="alternate"; type="text/markdown"`
}
