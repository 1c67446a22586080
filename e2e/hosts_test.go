package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeHostSnippets: the README's nginx and Caddy configurations are
// the files of scripts/hosts/, verbatim, which scripts/hosts-check.sh
// serves the example site with (under .ci/run).
func TestReadmeHostSnippets(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := fencedBlocks(string(readme))
	for _, c := range []struct{ lang, file string }{
		{"nginx", "nginx.conf"},
		{"caddy", "Caddyfile"},
	} {
		want, err := os.ReadFile(filepath.Join("..", "scripts", "hosts", c.file))
		if err != nil {
			t.Fatal(err)
		}
		got := blocks[c.lang]
		switch {
		case len(got) != 1:
			t.Errorf("README.md has %d ```%s blocks, want 1: the contents of scripts/hosts/%s", len(got), c.lang, c.file)
		case got[0] != string(want):
			t.Errorf("README.md's ```%s block is not scripts/hosts/%s, which scripts/hosts-check.sh tests; make them the same.\nREADME:\n%s\nscripts/hosts/%s:\n%s",
				c.lang, c.file, got[0], c.file, want)
		}
	}
}

// fencedBlocks returns the contents of the ``` fenced code blocks of a
// markdown text, by info string, each ending with a newline.
func fencedBlocks(md string) map[string][]string {
	blocks := map[string][]string{}
	var lang string
	var body strings.Builder
	in := false
	for _, line := range strings.SplitAfter(md, "\n") {
		trimmed := strings.TrimRight(line, "\n")
		switch {
		case !in && strings.HasPrefix(trimmed, "```"):
			in, lang = true, strings.TrimSpace(strings.TrimPrefix(trimmed, "```"))
			body.Reset()
		case in && trimmed == "```":
			in = false
			blocks[lang] = append(blocks[lang], body.String())
		case in:
			body.WriteString(line)
		}
	}
	return blocks
}
