package builder

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// astText writes down everything of a parsed document that kb reads or
// renders: each node's kind and depth, its attributes, a block's lines,
// a text's segment and line breaks, a link's destination and title.
func astText(doc ast.Node, src []byte) string {
	var b strings.Builder
	depth := 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			depth--
			return ast.WalkContinue, nil
		}
		fmt.Fprintf(&b, "%s%s", strings.Repeat(" ", depth), n.Kind())
		depth++
		for _, a := range n.Attributes() {
			fmt.Fprintf(&b, " %s=%v", a.Name, a.Value)
		}
		if n.Type() == ast.TypeBlock {
			for i := 0; i < n.Lines().Len(); i++ {
				s := n.Lines().At(i)
				fmt.Fprintf(&b, " [%d:%d+%d]", s.Start, s.Stop, s.Padding)
			}
		}
		switch n := n.(type) {
		case *ast.Text:
			fmt.Fprintf(&b, " %d:%d soft=%v hard=%v raw=%v %q", n.Segment.Start, n.Segment.Stop, n.SoftLineBreak(), n.HardLineBreak(), n.IsRaw(), n.Segment.Value(src))
		case *ast.String:
			fmt.Fprintf(&b, " %q code=%v", n.Value, n.IsCode())
		case *ast.Link:
			fmt.Fprintf(&b, " %q %q", n.Destination, n.Title)
		case *ast.Image:
			fmt.Fprintf(&b, " %q %q", n.Destination, n.Title)
		case *ast.AutoLink:
			fmt.Fprintf(&b, " %v %q", n.AutoLinkType, n.URL(src))
		}
		b.WriteByte('\n')
		return ast.WalkContinue, nil
	})
	return b.String()
}

// linkifyDiff parses body with and without autolinks and returns how the
// two differ: the tree, and the HTML rendered from it ("" when alike).
func linkifyDiff(body []byte) string {
	b := New(Options{})
	with := b.md.Parser().Parse(text.NewReader(body))
	without := b.mdPlain.Parser().Parse(text.NewReader(body))
	if w, wo := astText(with, body), astText(without, body); w != wo {
		return "with autolinks:\n" + w + "without:\n" + wo
	}
	var w, wo bytes.Buffer
	if err := b.md.Renderer().Render(&w, body, with); err != nil {
		return err.Error()
	}
	if err := b.md.Renderer().Render(&wo, body, without); err != nil {
		return err.Error()
	}
	if w.String() != wo.String() {
		return "with autolinks:\n" + w.String() + "without:\n" + wo.String()
	}
	return ""
}

// linkifyCases are bodies without what autolinks need, around the
// characters that make goldmark try them (a space, *, _, ~, "(") and the
// constructs those characters start.
var linkifyCases = []string{
	"plain words, one after another\n",
	"*emphasis* and _more_ and **strong** and ~~gone~~ and ~one~\n",
	"(in parentheses) and (nested (twice)) and a [link](x.md) (after)\n",
	"trailing spaces  \nmake a hard break\\\nand a backslash one\n",
	"  indented text\n\n    code block\n\n",
	"- a list\n  - nested *item*\n- [ ] task\n- [x] done\n",
	"| a | b |\n|---|---|\n| *x* | (y) |\n",
	"Term\n: definition (with words)\n",
	"A note.[^1]\n\n[^1]: The note.\n",
	"> quoted *text* ~here~\n>\n> (more)\n",
	"<kbd>Ctrl</kbd> + <kbd>C</kbd> and <span>raw</span>\n",
	"`code span` then ` spaced ` and ``double`` ticks\n",
	"example.com is not a link without www, nor is mailto without at, nor ftp without colon\n",
	"http and https and ftp and www as words, at:colon and dot.com\n",
	"![image](pic.png) and ![](pic.png)\n",
	"***\n\n# Heading *with* (stuff) {#id}\n\nSetext\n---\n",
	"* * *\n_ _ _\n*a*b*c* _a_b_c_ ~a~b~c~ (a(b)c)\n",
	"entity &amp; &copy; &#42; and \\* escaped \\_ \\~ \\(\n",
	"~~~\nfenced ~ code ( with * stuff\n~~~\n",
	"line one\nline two *across\nlines* here\n",
}

// TestLinkifyUnneeded checks what parsing without autolinks rests on: a
// site builds the same whether bodies where mayLinkify finds nothing are
// parsed with autolinks or without; over the crafted cases, the example
// site and both corpora. goldmark's trees may differ in where one text
// node ends and the next starts; every output must not. It also checks
// that mayLinkify answers yes for each kind of autolink.
func TestLinkifyUnneeded(t *testing.T) {
	for _, c := range []string{
		"see www.example.com today", "see http://example.com today", "see https://example.com today",
		"see ftp://example.com today", "write to help@example.com today",
	} {
		if !mayLinkify([]byte(c)) {
			t.Errorf("mayLinkify(%q) = false: it would lose the autolink", c)
		}
		if linkifyDiff([]byte(c)) == "" {
			t.Errorf("%q parses alike without autolinks: the case tests nothing", c)
		}
	}
	cases := map[string]string{"site.yaml": "title: Linkify\nbase_url: https://help.example/\n"}
	for i, c := range linkifyCases {
		if mayLinkify([]byte(c)) {
			t.Fatalf("case %q has what autolinks need: it tests nothing", c)
		}
		cases[fmt.Sprintf("content/a/case-%02d.md", i)] = fmt.Sprintf("---\ntitle: Case %d\n---\n\n%s", i, c)
	}
	cases["content/a/pic.png"] = "\x89PNG\r\n\x1a\n"
	cases["content/a/x.md"] = "---\ntitle: X\n---\n\nwww.example.com and help@example.com\n"
	dir := t.TempDir()
	writeSite(t, dir, cases)
	for _, s := range []testSite{{"cases", dir, nil}, exampleTestSite, postmanSite, zulipSite} {
		t.Run(s.name, func(t *testing.T) {
			if _, err := os.Stat(s.dir); err != nil {
				t.Skipf("%s is not here: %v", s.dir, err)
			}
			always := New(Options{Config: s.cfg})
			always.alwaysLinkify = true
			got, want := buildWith(t, New(Options{Config: s.cfg}), s.dir), buildWith(t, always, s.dir)
			if len(want.files) < 10 {
				t.Fatalf("the build made %d files: %s", len(want.files), want.diags)
			}
			if d := sameOutcome(got, want); d != "" {
				t.Errorf("parsing without autolinks changed the site:\n%s", d)
			}
		})
	}
}

// FuzzLinkifyUnneeded: an article builds the same whether it is parsed
// with autolinks or, where mayLinkify finds nothing, without.
func FuzzLinkifyUnneeded(f *testing.F) {
	for _, c := range linkifyCases {
		f.Add([]byte("---\ntitle: Case\n---\n\n" + c))
	}
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		fsys := fstest.MapFS{}
		for k, v := range fuzzSite {
			fsys[k] = v
		}
		fsys["content/a/x.md"] = &fstest.MapFile{Data: raw}
		always := New(Options{})
		always.alwaysLinkify = true
		if d := sameOutcome(buildOutcomeFS(t, New(Options{}), fsys), buildOutcomeFS(t, always, fsys)); d != "" {
			t.Errorf("%q builds differently without autolinks:\n%s", raw, d)
		}
	})
}
