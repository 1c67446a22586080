package server

import "strings"

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
