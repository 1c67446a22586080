package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBrokenFrontMatterReportedOnce: an unclosed quote in front matter
// is one error, at the line and column of the quote, in kb build and kb
// check alike, with no follow-on finding about the file (it used to be
// reported at the closing --- as "found unexpected end of stream", and
// kb check added `article "" has no description`), and the summaries
// say "1 error".
func TestBrokenFrontMatterReportedOnce(t *testing.T) {
	site := t.TempDir()
	for name, data := range map[string]string{
		"site.yaml":                  "title: T\n",
		"content/billing/bad.md":     "---\ntitle: \"Bad\n---\nBody.\n",
		"content/billing/refunds.md": "---\ntitle: Refunds\ndescription: How refunds work.\n---\nText.\n",
	} {
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const msg = `invalid YAML: the string opened with " here is never closed (add the closing ")`
	code, _, stderr := runKB(t, "build", "-src", site, "-out", filepath.Join(t.TempDir(), "public"))
	wantBuild := "content/billing/bad.md:2:8: " + msg + "\n"
	if code != 1 || !strings.HasPrefix(stderr, wantBuild) || !strings.Contains(stderr, "build failed: 1 error, 0 warnings;") {
		t.Errorf("kb build: exit %d, want 1 and standard error starting\n%s  and saying 1 error, 0 warnings; got\n%s", code, wantBuild, stderr)
	}
	code, stdout, _ := runKB(t, "check", "-src", site)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != 1 || len(lines) != 2 || lines[0] != "content/billing/bad.md:2:8: frontmatter/invalid: "+msg ||
		!strings.HasPrefix(lines[1], "kb check: 1 error, 0 warnings in ") {
		t.Errorf("kb check: exit %d, want 1 with one finding at bad.md:2:8 and a summary of 1 error; got\n%s", code, stdout)
	}
}

func TestCount(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{
		{0, "0 errors"}, {1, "1 error"}, {2, "2 errors"}, {11, "11 errors"},
	} {
		if got := count(tt.n, "error"); got != tt.want {
			t.Errorf("count(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
