package server

import (
	"net/http"
	"path"
	"strings"
	"time"
	"unicode/utf8"
)

// agentUser is one AI agent kb knows by its User-Agent header.
type agentUser struct {
	sub  string // a substring of User-Agent, compared without case
	name string // what the access log and kb feedback call it
	// fetcher: the assistant fetches the page because a user asked it
	// to (ChatGPT-User), not to build an index or train (GPTBot).
	fetcher bool
}

// agentUsers is the one list of agent user agents in the server: the
// access log's marks, the agent reads kb feedback counts, and user-agent
// negotiation all read it. Sources: each operator's documentation of its
// crawlers (OpenAI, Anthropic, Perplexity, Mistral, Google, Meta, Amazon,
// DuckDuckGo), as collected by ai.robots.txt. Robots-only tokens that no
// request carries (Google-Extended, Applebot-Extended) and search engines'
// crawlers (Googlebot, Applebot) are left out. A substring must not occur in another entry's, so the order only
// matters for readability.
var agentUsers = []agentUser{
	{"ChatGPT-User", "ChatGPT-User", true},
	{"OAI-SearchBot", "OAI-SearchBot", false},
	{"GPTBot", "GPTBot", false},
	{"Claude-User", "Claude-User", true},
	{"Claude-SearchBot", "Claude-SearchBot", false},
	{"ClaudeBot", "ClaudeBot", false},
	{"Claude-Web", "Claude-Web", false},
	{"anthropic-ai", "anthropic-ai", false},
	{"Perplexity-User", "Perplexity-User", true},
	{"PerplexityBot", "PerplexityBot", false},
	{"MistralAI-User", "MistralAI-User", true},
	{"Google-NotebookLM", "Google-NotebookLM", true},
	{"Google-CloudVertexBot", "Google-CloudVertexBot", false},
	{"Meta-ExternalFetcher", "Meta-ExternalFetcher", true},
	{"Meta-ExternalAgent", "Meta-ExternalAgent", false},
	{"DuckAssistBot", "DuckAssistBot", true},
	{"Amazonbot", "Amazonbot", false},
	{"cohere-ai", "cohere-ai", false},
	{"YouBot", "YouBot", false},
	{"Bytespider", "Bytespider", false},
	{"CCBot", "CCBot", false},
}

// maxUALen bounds the part of a User-Agent header that is searched: the
// product tokens agents send come first, and headers may be 64 KiB.
const maxUALen = 512

// agentUA reports whether ua is a known AI agent's user agent, and its
// name in agentUsers.
func agentUA(ua string) (name string, ok bool) {
	if a := findAgentUA(ua); a != nil {
		return a.name, true
	}
	return "", false
}

// agentFetcherUA is agentUA for the user-facing fetchers only: agents
// reading a page because a user asked about it, which is who user-agent
// negotiation serves.
func agentFetcherUA(ua string) (name string, ok bool) {
	if a := findAgentUA(ua); a != nil && a.fetcher {
		return a.name, true
	}
	return "", false
}

func findAgentUA(ua string) *agentUser {
	if ua == "" {
		return nil
	}
	if len(ua) > maxUALen {
		ua = ua[:maxUALen]
	}
	ua = strings.ToLower(ua)
	for i := range agentUsers {
		if strings.Contains(ua, strings.ToLower(agentUsers[i].sub)) {
			return &agentUsers[i]
		}
	}
	return nil
}

// Agent reads: what agents fetch, marked in the access log and, when the
// server keeps a feedback file, appended to it for kb feedback.
//
// A read's kind is
//
//	twin  a markdown twin: a .md URL, or a page negotiated to markdown
//	      (text/markdown, or text/plain for Accept: text/plain)
//	llms  an llms.txt or llms-full.txt file (the root's or a page's)
//	mcp   an MCP tool call (recorded by the MCP server, one per call)
//	html  a page's HTML fetched by a known agent user agent
//
// Twins and llms files are reads whoever fetches them (Copy page too);
// the agent's name is kept when its user agent is in agentUsers.

// agentReadRate limits the agent reads recorded per client address: an
// agent answering one question may fetch a dozen pages at once. Reads
// past it are served, only not recorded, as the feedback file must not
// grow at a client's pace.
var agentReadRate = Rate{Burst: 30, Every: 2 * time.Second}

// readKind is the kind of agent read r was, given the Content-Type of
// its answer, or "" for none; base is the site's base path.
func readKind(r *http.Request, ctype, base string) string {
	p := r.URL.Path
	switch name := path.Base(p); {
	case p == base+"mcp" || p == "/mcp" || strings.HasPrefix(p, base+"mcp/"):
		return "mcp"
	case strings.HasPrefix(name, "llms") && strings.HasSuffix(name, ".txt") && !strings.HasSuffix(p, "/"):
		return "llms"
	case strings.HasSuffix(p, ".md") || strings.HasPrefix(ctype, "text/markdown"):
		return "twin"
	case strings.HasPrefix(ctype, "text/plain") && strings.HasSuffix(p, "/"):
		return "twin" // a page negotiated for Accept: text/plain
	case strings.HasPrefix(ctype, "text/html"):
		if _, ok := agentUA(r.UserAgent()); ok {
			return "html"
		}
	}
	return ""
}

// trafficMarks are what the access log adds to a request's line for
// agent traffic: its kind and the agent's name (" twin agent=Claude-User").
func (s *Server) trafficMarks(r *http.Request, ctype string) string {
	var b strings.Builder
	if k := readKind(r, ctype, s.BasePath()); k != "" && k != "html" {
		b.WriteString(" " + k)
	}
	if name, ok := agentUA(r.UserAgent()); ok {
		b.WriteString(" agent=" + name)
	}
	return b.String()
}

// agentReads records the twins, llms files and agents' HTML pages that
// were served (200, 206 or 304 to a GET). MCP requests are left to the
// MCP server, which records each tool call.
func (s *Server) agentReads(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if r.Method != http.MethodGet {
			return
		}
		switch sw.status {
		case 0, http.StatusOK, http.StatusPartialContent, http.StatusNotModified:
		default:
			return
		}
		base := s.BasePath()
		switch k := readKind(r, sw.Header().Get("Content-Type"), base); k {
		case "twin", "html":
			s.recordAgentRead(r, k, twinPage(r.URL.Path, base))
		case "llms":
			s.recordAgentRead(r, k, r.URL.Path)
		}
	})
}

// twinPage is the page a twin's URL stands for: /a/b.md and /a/b/ are
// /a/b/, {base}index.md is the base path.
func twinPage(p, base string) string {
	switch {
	case p == base+"index.md":
		return base
	case strings.HasSuffix(p, "/index.md"):
		return strings.TrimSuffix(p, "index.md")
	case strings.HasSuffix(p, ".md"):
		return strings.TrimSuffix(p, ".md") + "/"
	case !strings.HasSuffix(p, "/"):
		return p + "/"
	}
	return p
}

// recordAgentRead appends one agent read of kind (twin, llms, mcp, html)
// to the feedback file: page is the page's path (or the llms file's, or
// for an MCP call the page it fetched). It is safe for concurrent use and
// does nothing without a feedback file, or past agentReadRate for r's
// client. It is for the MCP server to call on each tool call that reads
// a page (get_page); searches go through recordAgentSearch.
func (s *Server) recordAgentRead(r *http.Request, kind, page string) {
	s.appendAgentRead(r, Record{Kind: kind, Page: page})
}

// recordAgentSearch appends an MCP search to the feedback file, with its
// query and how many results it found, so that kb feedback lists the
// agents' searches that found nothing.
func (s *Server) recordAgentSearch(r *http.Request, query string, hits int) {
	q := cutQuery(query)
	if q == "" {
		return
	}
	s.appendAgentRead(r, Record{Kind: "mcp", Query: q, Hits: &hits})
}

func (s *Server) appendAgentRead(r *http.Request, rec Record) {
	if s.feedback == nil || s.agentLimiter == nil {
		return
	}
	if len(rec.Page) > maxPathLen || !utf8.ValidString(rec.Page) {
		return
	}
	if ok, _ := s.agentLimiter.allow(clientAddr(r), time.Now()); !ok {
		return
	}
	rec.Time = time.Now().UTC()
	rec.Agent, _ = agentUA(r.UserAgent())
	if err := s.feedback.append(rec); err != nil {
		s.log.printf("kb: feedback: %v\n", err)
	}
}
