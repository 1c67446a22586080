package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckAgents builds the example site, checks it clean, then breaks
// a link in a twin of a copy and checks that the copy fails with the
// link's position.
func TestCheckAgents(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"build", "-src", "../..", "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("kb build: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}

	stdout.Reset()
	stderr.Reset()
	if code := run(context.Background(), []string{"check", "--agents", "-dir", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("kb check on a fresh build: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if want := "kb check: 0 errors, 0 warnings in " + out + "\n"; stdout.String() != want {
		t.Errorf("stdout = %q, want %q", stdout.String(), want)
	}

	broken := filepath.Join(t.TempDir(), "broken")
	if err := os.CopyFS(broken, os.DirFS(out)); err != nil {
		t.Fatal(err)
	}
	const (
		good = "https://help.kitewire.example/account/security/review-active-sessions.md"
		bad  = "https://help.kitewire.example/account/security/review-active-session.md"
	)
	var line, col int
	for _, name := range []string{"account/security/two-factor-authentication.md", "account/security/two-factor-authentication/index.md"} {
		p := filepath.Join(broken, filepath.FromSlash(name))
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		i := bytes.Index(src, []byte(good))
		if i < 0 {
			t.Fatalf("%s no longer links to %s: pick another link", name, good)
		}
		before := src[:i]
		line = bytes.Count(before, []byte("\n")) + 1
		col = i - (bytes.LastIndexByte(before, '\n') + 1) + 1
		if err := os.WriteFile(p, bytes.Replace(src, []byte(good), []byte(bad), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	stdout.Reset()
	stderr.Reset()
	code := run(context.Background(), []string{"check", "-agents", "-dir", broken}, &stdout, &stderr)
	if code != 1 {
		t.Errorf("kb check with a broken link: exit %d, want 1\n%s%s", code, stdout.String(), stderr.String())
	}
	want := fmt.Sprintf("%s/account/security/two-factor-authentication.md:%d:%d: link/broken: %s: no file account/security/review-active-session.md in the output\n"+
		"kb check: 1 errors, 0 warnings in %s\n", filepath.ToSlash(broken), line, col, bad, broken)
	if stdout.String() != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), want)
	}
}

func TestCheckUsage(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"check"},                                // nothing to check
		{"check", "-agents", "extra"},            // stray argument
		{"check", "-agents", "-dir", dir + "/x"}, // no such folder
		{"check", "-nope"},                       // unknown flag
	} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr); code != 2 {
			t.Errorf("%s: exit %d, want 2", strings.Join(args, " "), code)
		}
		if stderr.Len() == 0 {
			t.Errorf("%s: nothing on stderr", strings.Join(args, " "))
		}
	}
}
