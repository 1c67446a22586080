package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copySite copies the example site (site.yaml, content/, static/) in
// English alone: its translations (content/de, content/ar and site.yaml's
// languages:) are left out, as these tests move English articles.
func copySite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"content", "static"} {
		if err := os.CopyFS(filepath.Join(dir, name), os.DirFS(filepath.Join("../..", name))); err != nil {
			t.Fatal(err)
		}
	}
	for _, lang := range []string{"de", "ar"} {
		os.RemoveAll(filepath.Join(dir, "content", lang))
	}
	data, err := os.ReadFile("../../site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	inLangs := false
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if strings.HasPrefix(line, "languages:") {
			inLangs = true
			continue
		}
		if inLangs && (strings.HasPrefix(line, " ") || strings.HasPrefix(line, "-")) {
			continue
		}
		inLangs = false
		kept = append(kept, line)
	}
	data = []byte(strings.Join(kept, ""))
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestMvDryRun(t *testing.T) {
	src := copySite(t)
	before, _ := os.ReadFile(filepath.Join(src, "content/billing/payments/refunds.md"))
	code, out, errOut := runKB(t, "mv", "-src", src, "-n", "billing/payments/card-declined.md", "payments/cards/")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"move    content/billing/payments/card-declined.md → content/payments/cards/card-declined.md\n",
		"rewrite content/billing/payments/refunds.md:48:29: card-declined.md → ../../payments/cards/card-declined.md\n",
		"rewrite site.yaml:13:5: billing/payments/card-declined.md → payments/cards/card-declined.md\n",
		"alias   content/payments/cards/card-declined.md: /billing/payments/card-declined/\n",
		"kb mv: would move 1 file, 8 links rewritten in 5 files, 1 alias added; nothing changed (-n)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan lacks %q:\n%s", want, out)
		}
	}
	after, _ := os.ReadFile(filepath.Join(src, "content/billing/payments/refunds.md"))
	if string(after) != string(before) {
		t.Errorf("-n changed refunds.md")
	}
	if _, err := os.Stat(filepath.Join(src, "content/payments")); err == nil {
		t.Errorf("-n made content/payments")
	}
}

func TestMvFolderThenCheck(t *testing.T) {
	src := copySite(t)
	code, out, errOut := runKB(t, "mv", "-src", src, "troubleshooting/desktop-app", "account/")
	if code != 0 || !strings.Contains(out, "kb mv: moved 3 files") {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	if c, o := check(t, "-src", src, "-now", "2026-03-01"); c != 0 || !strings.HasPrefix(o, "kb check: 0 errors, 0 warnings") {
		t.Errorf("kb check after kb mv: exit %d\n%s", c, o)
	}
	code, _, errOut = runKB(t, "mv", "-src", src, "troubleshooting/desktop-app", "account/")
	if code != 1 || !strings.Contains(errOut, "no such file or folder") {
		t.Errorf("moving it again: exit %d: %s", code, errOut)
	}
}

func TestMvUsage(t *testing.T) {
	for _, args := range [][]string{{"mv"}, {"mv", "a"}, {"mv", "a", "b", "c"}, {"mv", "-src", t.TempDir(), "a", "b"}} {
		if code, _, _ := runKB(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
