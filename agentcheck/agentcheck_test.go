package agentcheck

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"
)

// page is an HTML page as kb's default theme lays it out, reduced to
// what the checker reads.
func page(kind, title, twin, body string) string {
	alt := ""
	if twin != "" {
		alt = `<link rel="alternate" type="text/markdown" href="` + twin + `">` + "\n"
	}
	canonical := "https://ex.com" + strings.TrimSuffix(twin, ".md") + "/"
	if twin == "/index.md" {
		canonical = "https://ex.com/"
	}
	main := "<h1>" + title + "</h1>\n"
	if kind == "article" {
		main = "<header class=\"article-header\"><h1>" + title + "</h1></header>\n<div class=\"prose article-body\">\n" + body + "</div>\n"
	}
	return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + title + "</title>\n" +
		"<meta name=\"description\" content=\"About " + title + ".\">\n" +
		"<link rel=\"canonical\" href=\"" + canonical + "\">\n" + alt +
		"</head>\n<body class=\"kind-" + kind + "\">\n<main id=\"main\">\n" + main + "</main>\n</body>\n</html>\n"
}

const notice = "> For AI agents: this is the markdown version of a page.\n\n"

const articleHTML = `<p>Turn on <strong>two</strong>-factor authentication (2FA) for AT&amp;T accounts<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>.</p>
<h2 id="steps">Steps<a class="anchor" href="#steps" aria-hidden="true" tabindex="-1">#</a></h2>
<ol>
<li>Press <kbd>Ctrl</kbd>+<kbd>K</kbd>.</li>
<li>Read <a href="/a/c/">the other page</a>.</li>
</ol>
<div class="callout callout-note" role="note"><p class="callout-title">Note</p>
<p>Codes expire.</p>
</div>
<img src="/a/b/shot.png" alt="The Security tab" loading="lazy">
<div class="table-wrap"><table>
<thead><tr><th>Key</th><th>Value</th></tr></thead>
<tbody><tr><td>a|b</td><td>c</td></tr></tbody>
</table></div>
<pre class="chroma" data-lang="sh"><code><span class="nb">echo</span> hello-world</code></pre>
<ul><li><input checked="" disabled="" type="checkbox"> done</li></ul>
<div class="footnotes" role="doc-endnotes"><hr><ol><li id="fn:1"><p>Since 2024.&#160;<a href="#fnref:1" class="footnote-backref" role="doc-backlink">&#x21a9;&#xfe0e;</a></p></li></ol></div>
`

const articleMD = notice + `# Two-factor

> About Two-factor.

Turn on **two**-factor authentication (2FA) for AT&amp;T accounts[^1].

## Steps

1. Press <kbd>Ctrl</kbd>+<kbd>K</kbd>.
2. Read [the other page](https://ex.com/a/c.md#intro).

> [!NOTE]
> Codes expire.

![The Security tab](https://ex.com/a/b/shot.png)

| Key | Value |
| --- | --- |
| a\|b | c |

` + "```sh\necho hello-world\n```" + `

- [x] done

[^1]: Since 2024.
`

// site is a small, clean output folder.
func site() fstest.MapFS {
	m := fstest.MapFS{}
	put := func(name, data string) { m[name] = &fstest.MapFile{Data: []byte(data)} }
	put("index.html", page("home", "Help", "/index.md", ""))
	put("index.md", notice+"# Help\n\n> About Help.\n\n- [A](https://ex.com/a.md): All about A.\n")
	put("llms.txt", "# Help\n\n> About Help.\n\nTwins are at https://ex.com/index.md.\n\n## A\n\n- [Two-factor](https://ex.com/a/b.md): About it.\n- [Other](https://ex.com/a/c.md)\n")
	put("llms-full.txt", "# Help (full text)\n\n---\n\nTitle: Two-factor\nURL: https://ex.com/a/b/\n\n# Two-factor\n\nText.\n")
	put("a/index.html", page("category", "A", "/a.md", ""))
	put("a.md", notice+"# A\n\n- [Two-factor](https://ex.com/a/b.md)\n- [Other](https://ex.com/a/c.md)\n")
	put("a/index.md", string(m["a.md"].Data))
	put("a/llms.txt", "# A\n\n## Articles\n\n- [Two-factor](https://ex.com/a/b.md)\n")
	put("a/llms-full.txt", "# A (full text)\n")
	put("a/b/index.html", page("article", "Two-factor", "/a/b.md", articleHTML))
	put("a/b.md", articleMD)
	put("a/b/index.md", articleMD)
	put("a/b/llms.txt", "# Two-factor\n\n## Contents\n\n- [Steps](https://ex.com/a/b.md#steps)\n")
	put("a/b/shot.png", "png")
	put("a/c/index.html", page("article", "Other", "/a/c.md", "<h2 id=\"intro\">Intro</h2>\n<p>Hello.</p>\n"))
	put("a/c.md", notice+"# Other\n\n## Intro\n\nHello.\n")
	put("a/c/index.md", notice+"# Other\n\n## Intro\n\nHello.\n")
	put("a/c/llms.txt", "# Other\n")
	put("hc/old/index.html", `<html><head><meta http-equiv="refresh" content="0; url=/a/b/"></head></html>`)
	// kb's search page: kept out of search engines, no twin, no llms.txt.
	put("search/index.html", `<html><head><meta name="robots" content="noindex"></head><body class="kind-search"><a href="/a/b/">B</a></body></html>`)
	put("_redirects", "/old/ /a/b/ 301\n/old.md /a/b.md 301\n")
	return m
}

func TestCheckCleanSite(t *testing.T) {
	for _, f := range Check(site(), Options{}) {
		t.Error(f)
	}
}

// TestRules breaks the clean site one way per case and expects exactly
// the findings listed (as "path:line:col: rule", with "warning " before
// the rule of a warning).
func TestRules(t *testing.T) {
	tests := []struct {
		name string
		edit func(m fstest.MapFS)
		opts Options
		want []string
	}{
		{"llms syntax", func(m fstest.MapFS) {
			set(m, "a/llms.txt", "# A\n\n## Articles\n\n- [Two-factor](https://ex.com/a/b.md)\n\n## Articles\n")
		}, Options{}, []string{"a/llms.txt:7:1: llms/syntax"}},
		{"llms syntax relative URL", func(m fstest.MapFS) {
			set(m, "a/llms.txt", "# A\n\n## Articles\n\n- [Two-factor](/a/b.md)\n")
		}, Options{}, []string{"a/llms.txt:5:16: llms/syntax"}},
		{"llms size", func(m fstest.MapFS) {
			set(m, "a/llms.txt", "# A\n\n## Articles\n\n"+strings.Repeat("- [Two-factor](https://ex.com/a/b.md): "+strings.Repeat("note ", 20)+"\n", 400))
		}, Options{}, []string{"a/llms.txt:1:1: llms/size"}},
		{"llms missing for a page", func(m fstest.MapFS) { delete(m, "a/b/llms.txt") }, Options{},
			[]string{"a/b/index.html:1:1: llms/missing"}},
		{"llms missing root", func(m fstest.MapFS) { delete(m, "llms.txt") }, Options{},
			[]string{"index.html:1:1: llms/missing", "llms.txt:1:1: llms/missing"}},
		{"llms-full missing", func(m fstest.MapFS) { delete(m, "llms-full.txt"); delete(m, "a/llms-full.txt") }, Options{},
			[]string{"a/index.html:1:1: llms/missing", "llms-full.txt:1:1: llms/missing"}},
		{"link broken in twin", func(m fstest.MapFS) { replace(m, "a.md", "a/c.md", "a/d.md") }, Options{},
			[]string{"a.md:6:11: link/broken", "a/index.md:1:1: twin/missing"}},
		{"link broken in both twins reported once", func(m fstest.MapFS) {
			replace(m, "a.md", "a/c.md", "a/d.md")
			replace(m, "a/index.md", "a/c.md", "a/d.md")
		}, Options{}, []string{"a.md:6:11: link/broken"}},
		{"link broken in llms.txt", func(m fstest.MapFS) { replace(m, "llms.txt", "a/c.md", "a/c/d.md") }, Options{},
			[]string{"llms.txt:10:11: link/broken"}},
		{"link broken bare URL is a warning", func(m fstest.MapFS) { replace(m, "llms.txt", "ex.com/index.md", "ex.com/nope.md") }, Options{},
			[]string{"llms.txt:5:14: warning link/broken"}},
		{"link broken relative", func(m fstest.MapFS) { replace(m, "a/c.md", "Hello.", "[Hello](c/x.md).") }, Options{},
			[]string{"a/c.md:7:9: link/broken", "a/c/index.md:1:1: twin/missing"}},
		{"link via redirect", func(m fstest.MapFS) { replace(m, "a/c.md", "Hello.", "[Hello](https://ex.com/old.md).") }, Options{},
			[]string{"a/c.md:7:9: warning link/redirect", "a/c/index.md:1:1: twin/missing"}},
		{"link anchor", func(m fstest.MapFS) { replace(m, "a/b/llms.txt", "#steps", "#stepz") }, Options{},
			[]string{"a/b/llms.txt:5:11: warning link/anchor"}},
		{"link anchor in llms-full only once", func(m fstest.MapFS) {
			for _, n := range []string{"a/c.md", "a/c/index.md"} {
				replace(m, n, "Hello.", "[Hello](https://ex.com/a/b.md#nope).")
			}
			set(m, "llms-full.txt", "# Help (full text)\n\n[Hello](https://ex.com/a/b.md#nope) [Bye](https://ex.com/a/b.md#gone)\n")
		}, Options{}, []string{"a/c.md:7:9: warning link/anchor", "llms-full.txt:3:43: warning link/anchor"}},
		{"external links are not checked", func(m fstest.MapFS) {
			replace(m, "a/c.md", "Hello.", "[Hello](https://elsewhere.example/x.md) <mailto:a@b.c>.")
			replace(m, "a/c/index.md", "Hello.", "[Hello](https://elsewhere.example/x.md) <mailto:a@b.c>.")
		}, Options{}, []string{"a/c.md:7:41: twin/parity"}},
		{"twin missing", func(m fstest.MapFS) { delete(m, "a/b.md") }, Options{},
			[]string{"a.md:5:16: link/broken", "a/b/index.html:1:1: twin/missing", "a/b/index.html:8:1: twin/alternate",
				"a/b/llms.txt:5:11: link/broken", "a/llms.txt:5:16: link/broken", "llms.txt:9:16: link/broken"}},
		{"twin index missing", func(m fstest.MapFS) { delete(m, "a/b/index.md") }, Options{},
			[]string{"a/b/index.html:1:1: twin/missing"}},
		{"twins differ", func(m fstest.MapFS) { replace(m, "a/b/index.md", "Codes expire.", "Codes expire soon.") }, Options{},
			[]string{"a/b/index.md:1:1: twin/missing"}},
		{"alternate missing", func(m fstest.MapFS) {
			replace(m, "a/c/index.html", `<link rel="alternate" type="text/markdown" href="/a/c.md">`, "")
		}, Options{}, []string{"a/c/index.html:3:1: twin/alternate"}},
		{"alternate wrong", func(m fstest.MapFS) {
			replace(m, "a/c/index.html", `type="text/markdown" href="/a/c.md"`, `type="text/markdown" href="/a/b.md"`)
		}, Options{}, []string{"a/c/index.html:8:1: twin/alternate"}},
		{"twin size", func(m fstest.MapFS) {
			big := notice + "# Other\n\n## Intro\n\nHello.\n\n" + strings.Repeat("word ", TwinBudget/5) + "\n"
			set(m, "a/c.md", big)
			set(m, "a/c/index.md", big)
		}, Options{}, []string{"a/c.md:1:1: twin/size", "a/c.md:9:1: twin/parity"}},
		{"twin fence", func(m fstest.MapFS) {
			for _, n := range []string{"a/c.md", "a/c/index.md"} {
				replace(m, n, "Hello.", "Hello.\n\n  ~~~~\n  code\n  ~~~")
			}
		}, Options{}, []string{"a/c.md:9:3: twin/fence", "a/c.md:10:3: twin/parity"}},
		{"twin fence in llms-full", func(m fstest.MapFS) { replace(m, "llms-full.txt", "Text.", "```go\nfunc\n") }, Options{},
			[]string{"llms-full.txt:10:1: twin/fence"}},
		{"twin parity", func(m fstest.MapFS) {
			for _, n := range []string{"a/b.md", "a/b/index.md"} {
				replace(m, n, "Codes expire.", "Codes never expire.")
			}
		}, Options{}, []string{"a/b.md:15:9: twin/parity"}},
		{"twin parity title", func(m fstest.MapFS) {
			for _, n := range []string{"a/c.md", "a/c/index.md"} {
				replace(m, n, "# Other", "# Another")
			}
		}, Options{}, []string{"a/c.md:3:1: twin/parity"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := site()
			tt.edit(m)
			var got []string
			for _, f := range Check(m, tt.opts) {
				w := ""
				if f.Warning {
					w = "warning "
				}
				got = append(got, fmt.Sprintf("%s:%d:%d: %s%s", f.Path, f.Line, f.Col, w, f.Rule))
				if f.Msg == "" {
					t.Errorf("%s: no message", f)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s\nfindings:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"), findings(Check(m, tt.opts)))
			}
		})
	}
}

func findings(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String() + "\n")
	}
	return b.String()
}

func set(m fstest.MapFS, name, data string) { m[name] = &fstest.MapFile{Data: []byte(data)} }

func replace(m fstest.MapFS, name, old, new string) {
	s := string(m[name].Data)
	if !strings.Contains(s, old) {
		panic(fmt.Sprintf("%s has no %q", name, old))
	}
	set(m, name, strings.Replace(s, old, new, 1))
}

func TestFindingString(t *testing.T) {
	f := Finding{Path: "a/b.md", Line: 3, Col: 9, Rule: "link/anchor", Warning: true, Msg: "no id"}
	if got, want := f.String(), "a/b.md:3:9: link/anchor: warning: no id"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	f.Warning = false
	if got, want := f.String(), "a/b.md:3:9: link/anchor: no id"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestBaseFromCanonical(t *testing.T) {
	m := site()
	// Without a base URL, absolute links to the site are external, and
	// llms.txt files may use site paths.
	replace(m, "index.html", `<link rel="canonical" href="https://ex.com/">`, "")
	set(m, "a/llms.txt", "# A\n\n## Articles\n\n- [Two-factor](/a/b.md)\n- [Gone](/a/gone.md)\n")
	got := findings(Check(m, Options{}))
	if want := "a/llms.txt:6:10: link/broken: /a/gone.md: no file a/gone.md in the output\n"; got != want {
		t.Errorf("got:\n%swant:\n%s", got, want)
	}
}

func TestUnclosedFence(t *testing.T) {
	tests := []struct {
		src  string
		want int
	}{
		{"", -1},
		{"```\ncode\n```\n", -1},
		{"```go\ncode\n", 0},
		{"text\n\n````\n```\n", 6},
		{"~~~\n```\n~~~~\n", -1},
		{"```a`b\ntext\n", -1}, // not a fence: backtick in the info string
		{"> ```\n> code\n> ```\n", -1},
		{"1. step\n\n   ```sh\n   ls\n   ```\n", -1},
		{"- x\n\n      ```\n      code\n", 11},
		{"```\n``` not a close\n", 0},
		{"```\r\ncode\r\n```\r\n", -1},
	}
	for _, tt := range tests {
		if got := unclosedFence([]byte(tt.src)); got != tt.want {
			t.Errorf("unclosedFence(%q) = %d, want %d", tt.src, got, tt.want)
		}
	}
}

func TestResolve(t *testing.T) {
	c := &checker{files: map[string]bool{"index.html": true, "a/b.md": true, "a/b/index.html": true, "x.txt": true},
		redirects: map[string]bool{"/help/old/": true}, basePath: "/help/"}
	c.base, _ = url.Parse("https://ex.com/help/")
	tests := []struct {
		from, dest string
		want       string
	}{
		{"a/b.md", "https://ex.com/help/a/b.md", "a/b.md"},
		{"a/b.md", "https://EX.com/help/a/b/", "a/b/index.html"},
		{"a/b.md", "https://ex.com/help/a/b", "a/b/index.html"},
		{"a/b.md", "https://ex.com/help/", "index.html"},
		{"a/b.md", "https://ex.com/help", "index.html"},
		{"a/b.md", "/help/x.txt#frag", "x.txt #frag"},
		{"a/b.md", "b.md", "a/b.md"},
		{"a/b.md", "../x.txt", "x.txt"},
		{"a/b.md", "#here", "a/b.md #here"},
		{"a/b.md", "https://other.com/help/a/b.md", "external"},
		{"a/b.md", "mailto:a@ex.com", "external"},
		{"a/b.md", "https://ex.com/help/old/", "redirect"},
		{"a/b.md", "https://ex.com/elsewhere/", "external"}, // the company's site beside /help/
		{"a/b.md", "https://ex.com/helpdesk/", "external"},
		{"a/b.md", "/elsewhere/", "broken: outside the site (its base path is /help/)"},
		{"a/b.md", "https://ex.com/help/nope.md", "broken: no file nope.md in the output"},
		{"a/b.md", "https://ex.com/help/a/../x.txt", "broken: path is not clean (/x.txt)"},
		{"a/b.md", "", "broken: empty URL"},
		{"a/b.md", "https:///x", "broken: http(s) URL without a host"},
		{"a/b.md", "%zz", "broken: URL does not parse"},
	}
	for _, tt := range tests {
		r := c.resolve(tt.from, tt.dest)
		var got string
		switch {
		case r.external:
			got = "external"
		case r.broken != "":
			got = "broken: " + r.broken
		case r.redirect:
			got = "redirect"
		default:
			got = r.file
			if r.fragment != "" {
				got += " #" + r.fragment
			}
		}
		if got != tt.want {
			t.Errorf("resolve(%q, %q) = %q, want %q", tt.from, tt.dest, got, tt.want)
		}
	}
}
