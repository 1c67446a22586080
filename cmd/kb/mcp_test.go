package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/kbhelp/kb/builder"
)

// kb mcp over stdio, driven by the SDK's client as an agent would: list
// the tools, search, read a page, and a bad call that is a tool error.
func TestMCPCommand(t *testing.T) {
	src := t.TempDir()
	os.MkdirAll(filepath.Join(src, "content", "account"), 0o755)
	os.WriteFile(filepath.Join(src, "site.yaml"), []byte("title: Stdio Help\nbase_url: https://help.example.com/\n"), 0o644)
	os.WriteFile(filepath.Join(src, "content", "account", "reset-your-password.md"),
		[]byte("---\ntitle: Reset your password\n---\n\nClick Forgot password on the sign-in page.\n"), 0o644)
	out := filepath.Join(src, "public")
	if _, err := builder.New(builder.Options{}).BuildDir(context.Background(), src, out); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	toServer, fromClient := io.Pipe()
	fromServer, toClient := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- runMCP(ctx, []string{"-src", src}, toServer, toClient, &stderr)
		toClient.Close()
	}()
	c := mcp.NewClient(&mcp.Implementation{Name: "kb-test", Version: "1"}, nil)
	cs, err := c.Connect(ctx, &mcp.IOTransport{Reader: fromServer, Writer: fromClient}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := cs.InitializeResult().ServerInfo.Title; got != "Stdio Help" {
		t.Errorf("server title %q", got)
	}
	tools, err := cs.ListTools(ctx, nil)
	if err != nil || len(tools.Tools) != 3 {
		t.Fatalf("tools %v %v", tools, err)
	}
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "search", Arguments: map[string]any{"query": "pasword"}})
	if err != nil || res.IsError {
		t.Fatalf("search: %v %v", res, err)
	}
	data, _ := json.Marshal(res.StructuredContent)
	if !strings.Contains(string(data), `"url":"https://help.example.com/account/reset-your-password.md"`) {
		t.Errorf("search output %s", data)
	}
	res, err = cs.CallTool(ctx, &mcp.CallToolParams{Name: "get_page", Arguments: map[string]any{"url": "https://help.example.com/account/reset-your-password/"}})
	if err != nil || res.IsError || !strings.Contains(res.Content[0].(*mcp.TextContent).Text, "Click Forgot password") {
		t.Errorf("get_page: %v %v", res, err)
	}
	res, err = cs.CallTool(ctx, &mcp.CallToolParams{Name: "get_page", Arguments: map[string]any{"url": "/nope/"}})
	if err != nil || !res.IsError {
		t.Errorf("get_page of no page: %v %v", res, err)
	}
	cs.Close()
	fromClient.Close()
	if code := <-done; code != 0 {
		t.Errorf("exit %d: %s", code, stderr.String())
	}
}

func TestMCPCommandErrors(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := runMCP(context.Background(), []string{"-dir", t.TempDir()}, strings.NewReader(""), &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "run kb build first") {
		t.Errorf("empty folder: exit %d, %s", code, stderr.String())
	}
	if code := runMCP(context.Background(), []string{"extra"}, strings.NewReader(""), &stdout, &stderr); code != 2 {
		t.Errorf("extra argument: exit %d", code)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout, which is the protocol's, got %q", stdout.String())
	}
}
