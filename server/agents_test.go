package server

import (
	"strings"
	"testing"
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
