package builder

import (
	"fmt"
	"github.com/kbhelp/kb/internal/sitetest"
	"strings"
	"testing"
)

// TestDeepNestingIsAnError: blocks nested more than maxNesting deep
// (lists, quotes, footnotes, definitions, and mixes of them) fail the
// build with one error at the first text inside a block too deep; at
// maxNesting they build. goldmark's cost grows with the depth on every line, so without
// the limit a file 2,000 deep took minutes (BenchmarkWorstCase).
func TestDeepNestingIsAnError(t *testing.T) {
	lines := func(n int, line func(i int) string) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(line(i))
		}
		return b.String()
	}
	list := func(i int) string { return strings.Repeat("  ", i) + "- x\n" }
	tooDeep := fmt.Sprintf("lists, quotes or footnotes nested more than %d deep; the rest of the line is kept as text", maxNesting)
	tests := []struct {
		name, body, want string
	}{
		{"list at the limit", lines(maxNesting, list), ""},
		{"list one too deep", lines(maxNesting+1, list), fmt.Sprintf("content/a/x.md:%d:%d: %s", 4+maxNesting, 2*maxNesting+3, tooDeep)},
		{"list 1,000 deep", lines(1000, list), fmt.Sprintf("content/a/x.md:%d:%d: %s", 4+maxNesting, 2*maxNesting+3, tooDeep)},
		{"ordered list", lines(maxNesting+8, func(i int) string { return strings.Repeat("   ", i) + "1. x\n" }),
			fmt.Sprintf("content/a/x.md:%d:%d: %s", 4+maxNesting, 3*maxNesting+4, tooDeep)},
		{"quote at the limit", strings.Repeat(">", maxNesting) + " x\n", ""},
		{"quotes line by line", lines(1000, func(i int) string { return strings.Repeat(">", i+1) + " x\n" }),
			fmt.Sprintf("content/a/x.md:%d:%d: %s", 4+maxNesting, maxNesting+3, tooDeep)},
		{"quotes on one line", strings.Repeat("> ", 5000) + "x\n", fmt.Sprintf("content/a/x.md:4:%d: %s", 2*maxNesting+3, tooDeep)},
		{"quoted lists", strings.Repeat("> - ", maxNesting/2) + "> x\n", fmt.Sprintf("content/a/x.md:4:%d: %s", 2*maxNesting+3, tooDeep)},
		{"footnotes in footnotes", "Text[^0].\n\n" + lines(maxNesting+5, func(i int) string { return strings.Repeat("    ", i) + fmt.Sprintf("[^%d]: x[^%d]\n", i, i+1) }),
			fmt.Sprintf("content/a/x.md:%d:%d: %s", 6+maxNesting, 4*maxNesting+8, tooDeep)},
		{"definitions in quotes", strings.Repeat("> ", maxNesting) + "Term\n" + strings.Repeat("> ", maxNesting) + ": Definition\n",
			fmt.Sprintf("content/a/x.md:5:%d: %s", 2*maxNesting+3, tooDeep)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"site.yaml": "title: T\n", "content/a/x.md": "---\ntitle: X\n---\n" + tt.body}
			_, _, ds := buildFS(t, Options{}, sitetest.FS(files))
			var got []string
			for _, d := range ds {
				if strings.Contains(d.Msg, " levels of nesting in one article") {
					continue // 1,000 lines deep are also too much nesting in all (TestTooMuchMarkupIsAnError)
				}
				got = append(got, d.String())
			}
			if g := strings.Join(got, "\n"); g != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", g, tt.want)
			}
		})
	}
}
