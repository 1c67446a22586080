package builder

import (
	"fmt"
	"github.com/kbhelp/kb/internal/sitetest"
	"strings"
	"testing"
)

// TestTooMuchMarkupIsAnError: an article with more than maxMarkup marks
// of markup fails with one markdown/too-complex error at the first mark
// past the limit, whatever the kind; fenced code and escaped characters
// are not marks, and an article at the limit builds.
func TestTooMuchMarkupIsAnError(t *testing.T) {
	const front = "---\ntitle: X\ndescription: D\n---\n" // the body starts on line 5
	msg := tooMuchMarkup()
	cases := []struct {
		name, body, want string // want: the too-complex error, "" if none
	}{
		{"brackets at the limit", strings.Repeat("[", maxMarkup) + "\n", ""},
		{"one bracket more", strings.Repeat("[", maxMarkup+1) + "\n", fmt.Sprintf("content/a/x.md:5:%d: %s", maxMarkup+1, msg)},
		{"escaped brackets", strings.Repeat(`\[`, maxMarkup+1) + "\n", ""},
		{"HTML tags on lines", strings.Repeat("<kbd>x</kbd>\n", maxMarkup/2) + "<b>\n", fmt.Sprintf("content/a/x.md:%d:1: %s", 5+maxMarkup/2, msg)},
		{"emphasis runs", strings.Repeat("**a** ", maxMarkup/2) + "_b_\n", fmt.Sprintf("content/a/x.md:5:%d: %s", 6*maxMarkup/2+1, msg)},
		{"table cells", "| a | b |\n|---|---|\n" + strings.Repeat("| 1 | 2 |\n", maxMarkup/3), fmt.Sprintf("content/a/x.md:%d:9: %s", 5+2+(maxMarkup-6)/3, msg)},
		{"headings", strings.Repeat("## Same\n", maxMarkup) + "## One more\n", fmt.Sprintf("content/a/x.md:%d:1: %s", 5+maxMarkup, msg)},
		{"definitions", strings.Repeat("Term\n: Definition\n", maxMarkup) + ": One more\n", fmt.Sprintf("content/a/x.md:%d:1: %s", 5+2*maxMarkup, msg)},
		{"quote markers", strings.Repeat(">>>> x\n", maxNested/4) + "> y\n", fmt.Sprintf("content/a/x.md:%d:1: %s", 5+maxNested/4, tooNested())},
		{"indentation in a list", "- x\n" + strings.Repeat("      y\n", (maxNested-1)/3) + strings.Repeat("  ", (maxNested-1)%3+1) + "z\n",
			fmt.Sprintf("content/a/x.md:%d:%d: %s", 6+(maxNested-1)/3, 2*((maxNested-1)%3+1), tooNested())},
		{"list markers", strings.Repeat("- > 1. x\n", maxNested/4) + strings.Repeat(">", maxNested%4+1) + " y\n", // "-", ">", "1." and two spaces: 4
			fmt.Sprintf("content/a/x.md:%d:%d: %s", 5+maxNested/4, maxNested%4+1, tooNested())},
		{"nesting counts up to maxNesting a line", strings.Repeat(strings.Repeat(">", 100)+" x\n", maxNested/maxNesting) + "\n", ""},
		{"fenced code is not markup", "```html\n" + strings.Repeat("<p>[*x*]</p>\n", maxMarkup) + "```\n\n~~~~\n```\n" + strings.Repeat("| a |\n", maxMarkup) + "~~~~\n", ""},
		{"after fenced code", "```\n<<<\n```\n" + strings.Repeat("<", maxMarkup+1) + "\n", fmt.Sprintf("content/a/x.md:8:%d: %s", maxMarkup+1, msg)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, res, ds := buildFS(t, Options{}, sitetest.FS(map[string]string{
				"site.yaml":      "title: T\n",
				"content/a/x.md": front + c.body,
			}))
			var got []string
			for _, d := range ds {
				if strings.Contains(d.Msg, " marks of markup ") || strings.Contains(d.Msg, " levels of nesting ") {
					got = append(got, d.String())
				}
			}
			if g := strings.Join(got, "\n"); g != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", g, c.want)
			}
			if c.want != "" && res != nil {
				t.Error("the build succeeded")
			}
		})
	}
}

// TestLongCodeNotHighlighted: code past an article's first
// maxHighlighted bytes is written plain, with one code/not-highlighted
// warning at the first block past it; the blocks before are highlighted.
func TestLongCodeNotHighlighted(t *testing.T) {
	long := strings.Repeat("x := f(1) // a line of Go\n", maxHighlighted/26+1)
	body := "```go\nx := 1\n```\n\n```go\n" + long + "```\n\n```go\ny := 2\n```\n"
	sink, res, ds := buildFS(t, Options{}, sitetest.FS(map[string]string{
		"site.yaml":      "title: T\n",
		"content/a/x.md": "---\ntitle: X\ndescription: D\n---\n" + body,
	}))
	if res == nil {
		t.Fatalf("build failed: %v", ds)
	}
	var got []string
	for _, d := range ds {
		if strings.Contains(d.Msg, "not highlighted") {
			got = append(got, d.String())
		}
	}
	if want := "content/a/x.md:9:1: warning: " + codeNotHighlighted(); strings.Join(got, "\n") != want {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
	page := string(sink.files["a/x/index.html"])
	blocks := strings.Split(page, `<pre class="chroma"`)
	if len(blocks) != 4 {
		t.Fatalf("want 3 code blocks, got %d", len(blocks)-1)
	}
	for i, want := range []bool{true, false, false} {
		code, _, _ := strings.Cut(blocks[i+1], "</pre>")
		if got := strings.Contains(code, "<span"); got != want {
			t.Errorf("block %d highlighted: %v, want %v", i+1, got, want)
		}
	}
}
