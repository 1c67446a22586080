package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFeedbackReportsAgentReads: kb feedback lists agent reads per page
// beside the votes (pages only agents read after the voted ones), the
// reads by kind and agent, and the agents' searches that found nothing.
func TestFeedbackReportsAgentReads(t *testing.T) {
	file := filepath.Join(t.TempDir(), "feedback.jsonl")
	log := strings.Join([]string{
		`{"time":"2026-12-07T08:00:00Z","kind":"vote","page":"/billing/refunds/","helpful":false}`,
		`{"time":"2026-12-07T08:00:00Z","kind":"vote","page":"/billing/refunds/","helpful":true}`,
		`{"time":"2026-12-07T08:00:00Z","kind":"search","query":"sso"}`,
		`{"time":"2026-12-07T08:00:01Z","kind":"twin","page":"/billing/refunds/","agent":"Claude-User"}`,
		`{"time":"2026-12-07T08:00:02Z","kind":"twin","page":"/billing/invoices/"}`,
		`{"time":"2026-12-07T08:00:03Z","kind":"html","page":"/billing/invoices/","agent":"GPTBot"}`,
		`{"time":"2026-12-07T08:00:04Z","kind":"mcp","page":"/billing/invoices/","agent":"Claude-User"}`,
		`{"time":"2026-12-07T08:00:05Z","kind":"llms","page":"/llms.txt","agent":"ChatGPT-User"}`,
		`{"time":"2026-12-07T08:00:06Z","kind":"mcp","query":"saml setup","hits":0,"agent":"Claude-User"}`,
		`{"time":"2026-12-07T08:00:07Z","kind":"mcp","query":"SAML setup","hits":0}`,
		`{"time":"2026-12-07T08:00:08Z","kind":"mcp","query":"refund","hits":4}`,
		`{"time":"2026-12-07T08:00:09Z","kind":"twin"}`,
	}, "\n") + "\n"
	if err := os.WriteFile(file, []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if code := run(context.Background(), []string{"feedback", "-file", file}, &out, io.Discard); code != 0 {
		t.Fatalf("exit %d", code)
	}
	want := `Helpful   Yes    No Votes Agents  Page
    50%     1     1     2      1  /billing/refunds/
      -     0     0     0      3  /billing/invoices/
      -     0     0     0      1  /llms.txt

Searches without results:
Count  Query
    1  sso

Agent reads: 2 twin, 1 llms, 4 mcp, 1 html
Reads  Agent
    3  (not a known agent)
    3  Claude-User
    1  ChatGPT-User
    1  GPTBot

Agent searches without results (MCP):
Count  Query
    2  saml setup

1 lines could not be read.
`
	if got := out.String(); got != want {
		t.Errorf("kb feedback:\n%s\nwant:\n%s", got, want)
	}
}
