package agentcheck

import (
	"strings"
	"testing"
)

func TestParity(t *testing.T) {
	tests := []struct {
		name       string
		html, twin string // the article body of each
		want       string // "" when they agree, else the start of the message
	}{
		{"same", "<p>Hello world.</p>\n", "Hello world.\n", ""},
		{"emphasis inside a word", "<p><strong>Set</strong>up</p>\n", "**Set**up\n", ""},
		{"block boundaries split words", "<p>one</p><p>two</p>\n", "one\n\ntwo\n", ""},
		{"joined across blocks differs", "<p>one</p><p>two</p>\n", "onetwo\n", "word 1 of 1"},
		{"entities", "<p>AT&amp;T &lt;b&gt; &#233;t&#233;</p>\n", "AT&amp;T \\<b> &eacute;t&#xe9;\n", ""},
		{"case and punctuation", "<p>Don't STOP—now!</p>\n", "don't stop now\n", ""},
		{"link text not URL", `<p>See <a href="/x/">the guide</a>.</p>` + "\n", "See [the guide](https://ex.com/x.md \"Title\").\n", ""},
		{"heading anchor", `<h2 id="a">Go<a class="anchor" href="#a" aria-hidden="true">#</a></h2>` + "\n", "## Go\n", ""},
		{"code keeps words", "<pre><code>x := f(a_b)\n</code></pre>\n", "```go\nx := f(a_b)\n```\n", ""},
		{"code info string is not a word", "<pre><code>ls\n</code></pre>\n", "```bash\nls\n```\n", ""},
		{"image alt", `<p><img src="a.png" alt="A cat"></p>` + "\n", "![A cat](https://ex.com/a.png)\n", ""},
		{"missing word", "<p>Press the red button.</p>\n", "Press the button.\n", `word 3 of 3 differs from the HTML article body (word 3 of 4, a/index.html:`},
		{"extra word at end", "<p>Done.</p>\n", "Done. Really.\n", "word 2 of 2"},
		{"callout title in the page's language", `<div class="callout callout-note" role="note"><p class="callout-title">Hinweis</p><p>Vorsicht.</p></div>` + "\n", "> [!NOTE]\n> Vorsicht.\n", ""},
		{"callout marker only on its own line", "<p>See [!NOTE] here.</p>\n", "See [!NOTE] here.\n", ""},
		{"callout body still counts", `<div class="callout callout-tip" role="note"><p class="callout-title">Tip</p><p>One.</p></div>` + "\n", "> [!TIP]\n> Two.\n", "word 1 of 1"},
		{"people-only block", `<p>Hi.</p><div data-kb-audience="people"><p>Click the blue button.</p></div>` + "\n", "Hi.\n", ""},
		{"agent-only block", "<p>Hi.</p>\n", "Hi.\n\n<!-- kb:agents -->\n\nCall the API instead.\n\n<!-- /kb:agents -->\n", ""},
		{"footnotes", `<p>A<sup id="fnref:1"><a href="#fn:1" class="footnote-ref">1</a></sup></p><div class="footnotes"><hr><ol><li id="fn:1"><p>B&#160;<a href="#fnref:1" class="footnote-backref">↩︎</a></p></li></ol></div>` + "\n",
			"A[^note]\n\n[^note]: B\n", ""},
		{"definition list", "<dl><dt>Term</dt><dd>Meaning</dd></dl>\n", "Term\n: Meaning\n", ""},
		{"raw kbd", "<p>Press <kbd>Ctrl</kbd>+<kbd>C</kbd></p>\n", "Press <kbd>Ctrl</kbd>+<kbd>C</kbd>\n", ""},
		{"non-latin", "<p>Привет, мир! 你好</p>\n", "Привет, мир! 你好\n", ""},
		{"twin header lines", "<p>Body.</p>\n", "Breadcrumb: [Home](https://ex.com/index.md) › [A](https://ex.com/a.md)\nUpdated: 2026-03-12\n\nBody.\n", ""},
		{"only the header's lines", "<p>Body.</p>\n", "Body.\n\nUpdated: 2026-03-12\n", "word 2 of 5"},
		{"tab choice", `<div class="tabs"><p class="tab-choice">One of: macOS, Windows</p><section class="tab-panel"><p class="tab-label">macOS</p><p>A</p></section><section class="tab-panel"><p class="tab-label">Windows</p><p>B</p></section></div>` + "\n",
			"One of: macOS, Windows\n\n### macOS\n\nA\n\n### Windows\n\nB\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html := page("article", "Title", "/a.md", tt.html)
			twin := notice + "# Title\n\n> About Title.\n\n" + tt.twin
			r := Parity("a/index.html", []byte(html), "a.md", []byte(twin), "")
			if !r.Checked {
				t.Fatal("not checked")
			}
			switch {
			case tt.want == "" && r.Finding != nil:
				t.Errorf("unexpected difference: %s", r.Finding)
			case tt.want != "" && r.Finding == nil:
				t.Errorf("no difference found, want %q", tt.want)
			case tt.want != "" && !strings.HasPrefix(r.Finding.Msg, tt.want):
				t.Errorf("got %s\nwant a message starting %q", r.Finding, tt.want)
			}
		})
	}
}

func TestParityPosition(t *testing.T) {
	html := page("article", "Title", "/a.md", "<p>one two three</p>\n")
	twin := notice + "# Title\n\none two\nfour\n"
	r := Parity("a/index.html", []byte(html), "a.md", []byte(twin), "")
	if r.Finding == nil {
		t.Fatal("no finding")
	}
	if got, want := r.Finding.String(), `a.md:6:1: twin/parity: word 3 of 3 differs from the HTML article body (word 3 of 3, a/index.html:14:12): twin has "four", HTML has "three"`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestParityDescriptionOnlyWhenItMatches(t *testing.T) {
	// A body that starts with a quote keeps it when the page has no
	// description of those words.
	html := page("article", "Title", "/a.md", "<blockquote><p>Quoted.</p></blockquote>\n")
	twin := notice + "# Title\n\n> Quoted.\n"
	if r := Parity("a/index.html", []byte(html), "a.md", []byte(twin), ""); r.Finding != nil {
		t.Error(r.Finding)
	}
}

func TestParityTitle(t *testing.T) {
	html := page("article", "Reset your password", "/a.md", "<p>x</p>\n")
	for twin, want := range map[string]string{
		notice + "# Reset your password\n\nx\n": "",
		notice + "# Reset password\n\nx\n":      `a.md:3:1: twin/parity: twin title "reset password" differs from the page's <h1> "reset your password"`,
		notice + "x\n":                          `a.md:1:1: twin/parity: the twin has no "# Title" after its notice`,
	} {
		r := Parity("a/index.html", []byte(html), "a.md", []byte(twin), "")
		got := ""
		if r.Finding != nil {
			got = r.Finding.String()
		}
		if got != want {
			t.Errorf("twin %q:\ngot  %s\nwant %s", twin, got, want)
		}
	}
}

func TestParityNoBody(t *testing.T) {
	if r := Parity("a/index.html", []byte(page("category", "A", "/a.md", "")), "a.md", []byte("# A\n"), ""); r.Checked {
		t.Error("a page without an article body was checked")
	}
}

// FuzzParity feeds arbitrary pairs of HTML and markdown: no panic, and a
// finding always points inside the twin.
func FuzzParity(f *testing.F) {
	f.Add([]byte(page("article", "Two-factor", "/a/b.md", articleHTML)), []byte(articleMD))
	f.Add([]byte(`<div class="article-body"><p>a</div></p><img alt="x">`), []byte("> n\n# T\n\n> d\n\n```\nx"))
	f.Fuzz(func(t *testing.T, html, twin []byte) {
		r := Parity("a/index.html", html, "a.md", twin, "")
		if r.Finding == nil {
			return
		}
		lines := strings.Split(string(twin), "\n")
		if l, c := r.Finding.Line, r.Finding.Col; l < 1 || l > len(lines) || c < 1 || c > len(lines[l-1])+1 {
			t.Fatalf("finding %s outside the twin", r.Finding)
		}
	})
}
