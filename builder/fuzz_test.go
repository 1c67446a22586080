package builder

import (
	"bytes"
	"context"
	"errors"
	"github.com/kbhelp/kb/internal/sitetest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"
)

// Fuzz targets for everything that reads user input (RELIABILITY.md
// §3.3). Each is seeded from the example site's content/ and the hostile
// inputs of RELIABILITY.md §1; crashers found by go test -fuzz are kept
// in testdata/fuzz/<Target>/ and run by every plain go test.
//
//	go test -run='^$' -fuzz=FuzzParseArticle -fuzztime=30s -fuzzminimizetime=5s ./builder
//
// (-fuzzminimizetime: go test spends up to a minute minimising each new
// interesting input by default, which stalls the slower targets.)

// hostileInputs are RELIABILITY.md §1's bad inputs, as whole files.
var hostileInputs = []string{
	"---\ntitle: x\n",                        // F-01
	"---\ntitle: This thing: crashes\n---\n", // F-02
	"---\nTags = [\"a\", b\"]\n---\n",
	"---\ntitle: T\ntags:\n\t- a\n---\n",
	"---\ntitle: 2024-12-19\ndraft: \"false\"\ntags: billing\norder: 1e400\n---\n", // F-03
	"---\ntittle: x\nTitle: y\n---\n",                                              // F-04
	"---\ntitle: a\ntitle: b\n---\n",                                               // F-05
	"---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n---\n",    // F-06
	"---\ntitle: " + strings.Repeat("[", 200) + "\n---\n",                          // F-07
	"---\n0: [:!00 \xef\n---\n",                                                    // F-08
	"---\n\"\\0\\\\\\r\\n\n---\n",
	"---\n? \ufeff:\n---\n",
	"---\n  0: [\n] 0\n---\n",
	"\xEF\xBB\xBF---\ntitle: BOM\n---\nbody\n",              // F-09
	"---\r\ntitle: CRLF\r\ntags: [a, b]\r\n---\r\nbody\r\n", // F-10
	"---\rtitle: CR\r---\rbody\r",
	"---\n---\n",           // F-11
	"---\n---\n---\n# T\n", // F-12
	"---\ntitle: x\nslug: ../../x\naliases: [\"../../x\", \"/a/../../b\", \"/%2e%2e/\", \"/a\\\\b\"]\n---\n", // F-14
	"---\ntitle: \"</title><script>x</script>\"\ndescription: \"\\\"><svg onload=alert(1)>\"\n---\n",         // F-16
	"# T\n\n[x](../billing/refund.md) [y](setup.md#instal) [z](#Install) [w](../../../etc/passwd)\n",         // L-01, L-02, L-04
	"# T\n\n[a](#a?x=1) [b](<my file.md>) [c](a%20b.md) [d](file.md#) [e](./) [f](//host/x) ![g](missing.png)\n",
	"# T\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<svg><g onload=alert(1)></g></svg>\n\n<iframe src=x></iframe>\n\n<style>*{}</style>\n",
	"# T\n\n[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](javascript&colon;alert(1)) [d](&#106;avascript:alert(1)) [e](java&#x09;script:alert(1))\n" +
		"[f]( javascript:alert(1)) [g](vbscript:x) [h](data:text/html;base64,PHNjcmlwdD4=) [i][r] <javascript:alert(1)> www.example.com\n\n[r]: javascript:alert(1)\n",
	"# T {onclick=alert(1)}\n\n## U {style=\"position:fixed\" id=search-input}\n",
	"# T\n\n```\"><script>alert(1)</script>\nx\n```\n\n```js {onload=x}\n</code></pre><script>alert(1)</script>\n```\n",
	"# T\n\n[a](u \"t\\\" onmouseover=alert(1) x=\\\"\") ![a\" onerror=\"x](p.png)\n",
	"# T\u202e\n\n[a\u202eb](x.md)\n",
	"# T\n\n<!-- never closed\n\na <![CDATA[ x\n",
	"", // O-01
	"   \n\t\n",
	"---\ntitle: only front matter\n---\n",
	"# T\n\n" + strings.Repeat("*_", 2000) + "\n", // O-03
	"# T\n\n" + strings.Repeat("[", 2000) + "\n",
	"# T\n\n" + strings.Repeat(">", 1000) + " x\n",
	"# T\n\n" + strings.Repeat("- ", 300) + "x\n",
	"# T\n\n[^000]:0\t[^]:\n", // O-04
	"# T\n\n{\n-\n",
	"# T\n\nTerm\n: def\n\t```\n\tcode\n\t```\n",
	"# T\n\n> [a [b [c](d)](e)](f)\n",
	"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",                    // O-05
	"# T\n\nsmart \x93quotes\x94\n",                          // O-06
	"# Dup\n\n## A\n\n## A\n\n## A-1\n\n## A\n\n[x](#a-2)\n", // L-03
	"# T\n\n> [!NOTE]\n> note\n\n> [!nope]\n> x\n\n> [!WARNING]\n",
	"# T\n\n| a | b |\n|---|---|\n| <kbd>1</kbd> | ~~2~~ |\n\n- [ ] task\n\n[^1]\n\n[^1]: note\n",
}

// fuzzSeeds returns the files of the example site's content/ and the
// hostile inputs.
func fuzzSeeds(f *testing.F) [][]byte {
	f.Helper()
	var seeds [][]byte
	err := filepath.WalkDir(filepath.Join(exampleSite, "content"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".md" {
			return err
		}
		data, err := os.ReadFile(p)
		seeds = append(seeds, data)
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	if len(seeds) < 30 {
		f.Fatalf("only %d seed files in content/", len(seeds))
	}
	for _, s := range hostileInputs {
		seeds = append(seeds, []byte(s))
	}
	return seeds
}

func FuzzSplitFrontMatter(f *testing.F) {
	f.Add([]byte("---\ntitle: Refunds\n---\n# Refunds\n"))
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fm, off, ok := splitFrontMatter(src)
		if !ok {
			if fm != nil || off != 0 {
				t.Fatalf("unclosed header returned %q, %d", fm, off)
			}
			return
		}
		if off < 0 || off > len(src) {
			t.Fatalf("body offset %d outside [0,%d]", off, len(src)) // positions rely on it
		}
		if len(fm) > off {
			t.Fatalf("header of %d bytes before body offset %d", len(fm), off)
		}
		if off > 0 && !bytes.HasPrefix(src, []byte("---")) {
			t.Fatalf("body offset %d in a file without a header", off)
		}
	})
}

// lineCount is the number of lines of src as positions count them.
func lineCount(src []byte) int { return bytes.Count(src, []byte("\n")) + 1 }

// checkPositions fails when a diagnostic of file points outside src
// (which must be the cleaned source: LF newlines, no BOM).
func checkPositions(t *testing.T, file string, src []byte, ds Diagnostics) {
	t.Helper()
	lines := bytes.Split(src, []byte("\n"))
	for _, d := range ds {
		if d.Pos.File != file {
			continue
		}
		if d.Pos.Line == 0 {
			if d.Pos.Col != 0 {
				t.Fatalf("%v: column without a line", d)
			}
			continue
		}
		if d.Pos.Line < 1 || d.Pos.Line > len(lines) {
			t.Fatalf("%v: line outside 1..%d", d, len(lines))
		}
		if d.Pos.Col < 1 || d.Pos.Col > len(lines[d.Pos.Line-1])+1 {
			t.Fatalf("%v: column outside 1..%d", d, len(lines[d.Pos.Line-1])+1)
		}
	}
}

// FuzzFrontMatter runs raw file bytes through the front matter path:
// cleaning, splitting, YAML. Every diagnostic must point inside the file;
// an LF file and its CRLF twin must decode alike.
func FuzzFrontMatter(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	// Other generators' forms (frontmatter.go): quoted and empty orders,
	// their order and alias keys, slugs with a slash, ignored keys.
	f.Add([]byte("---\ntitle: T\norder: \"04\"\nsidebar_position: 2\nweight:\nredirect_from: /old/\naliases: [/b/]\nsidebar_label: S\nslug: /x\nlayout: page\n---\n"))
	f.Add([]byte("---\norder:\nnav_order: \" 1e3 \"\nredirect_from: [/a/, 3]\nslug: /\npermalink: /p/\n---\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		const file = "content/a/x.md"
		src, d := cleanSource(file, raw)
		if d != nil {
			if d.Pos.Line > 0 && (d.Pos.Line > lineCount(normalizeNewlines(raw)) || d.Pos.Col < 1) {
				t.Fatalf("%v: outside the file", d)
			}
			return
		}
		fmSrc, _, ok := splitFrontMatter(src)
		if !ok {
			return
		}
		fm, ds := parseFrontMatter(file, fmSrc)
		checkPositions(t, file, src, ds)
		// Ignoring keys (site.yaml's front_matter.ignore) removes their
		// unknown-key warnings and changes nothing else.
		ign, dsIgn := parseFrontMatter(file, fmSrc, "layout", "permalink", "titel")
		var kept Diagnostics
		for _, d := range ds {
			if !strings.HasPrefix(d.Msg, `unknown front matter key "layout"`) && !strings.HasPrefix(d.Msg, `unknown front matter key "permalink"`) &&
				!strings.HasPrefix(d.Msg, `unknown front matter key "titel"`) {
				kept = append(kept, d)
			}
		}
		if kept.Error() != dsIgn.Error() || !sameFrontMatter(fm, ign) {
			t.Fatalf("ignoring keys changes more than their warnings:\n%v\nvs\n%v", ds, dsIgn)
		}
		for _, s := range append(append([]strPos{}, fm.Aliases...), fm.Related...) {
			checkPositions(t, file, src, Diagnostics{{Pos: s.Pos}})
		}
		if bytes.IndexByte(raw, '\r') < 0 && !bytes.HasPrefix(raw, []byte("\xEF\xBB\xBF")) {
			crlf := append([]byte("\xEF\xBB\xBF"), bytes.ReplaceAll(raw, []byte("\n"), []byte("\r\n"))...)
			src2, d2 := cleanSource(file, crlf)
			if d2 != nil {
				t.Fatalf("CRLF twin: %v", d2)
			}
			fmSrc2, _, _ := splitFrontMatter(src2)
			fm2, ds2 := parseFrontMatter(file, fmSrc2)
			if ds2.Error() != ds.Error() || !sameFrontMatter(fm, fm2) {
				t.Fatalf("CRLF and BOM change the result:\n%v\n%+v\nvs\n%v\n%+v", ds, fm, ds2, fm2)
			}
		}
	})
}

func sameFrontMatter(a, b FrontMatter) bool {
	return a.Title == b.Title && a.Description == b.Description && a.Slug == b.Slug && a.Order == b.Order && a.HasOrder == b.HasOrder &&
		a.Draft == b.Draft && a.Hidden == b.Hidden && a.Updated.Equal(b.Updated) && a.LLMS == b.LLMS &&
		strings.Join(a.Tags, "\x00") == strings.Join(b.Tags, "\x00") && len(a.Aliases) == len(b.Aliases) && len(a.Related) == len(b.Related)
}

// fuzzSite is the site an article is fuzzed in: neighbours to link to,
// an image, and the plain-text theme, so that every output is either
// plain text or the article's own HTML.
var fuzzSite = func() fstest.MapFS {
	m := sitetest.FS(map[string]string{
		"site.yaml":             "title: Fuzz\nbase_url: https://f.example/help/\n",
		"content/a/setup.md":    "---\ntitle: Setup\n---\n## Install\n\n## Install steps\n",
		"content/a/picture.png": "png",
		"content/b/_index.md":   "---\ntitle: B\n---\n",
		"content/b/other.md":    "---\ntitle: Other\n---\nText.\n",
		"content/c/draft.md":    "---\ntitle: Draft\ndraft: true\n---\n",
	})
	for _, n := range []string{"base.html", "partials.html", "article.html", "list.html", "home.html", "404.html", "search.html"} {
		data, err := os.ReadFile(filepath.Join("testdata", "layouts", n))
		if err != nil {
			panic(err)
		}
		m["layouts/"+n] = &fstest.MapFile{Data: data}
	}
	return m
}()

// FuzzParseArticle builds a small site with the fuzzed file as one of
// its articles. The build must not panic or fail with anything but
// Diagnostics; every diagnostic of the file must point inside it; every
// output must be valid UTF-8; and the HTML outputs, parsed as a browser
// would, must carry no script, no on* attribute and no URL outside the
// allowlist.
func FuzzParseArticle(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		const file = "content/a/x.md"
		fsys := fstest.MapFS{}
		for k, v := range fuzzSite {
			fsys[k] = v
		}
		fsys[file] = &fstest.MapFile{Data: raw}
		sink := newMemSink()
		start := time.Now()
		res, err := New(Options{}).Build(context.Background(), fsys, sink)
		if el := time.Since(start); el > 3*time.Second { // O-03: bounded in the size of the input
			t.Fatalf("build of a %d-byte article took %v", len(raw), el)
		}
		var ds Diagnostics
		switch {
		case err == nil:
			ds = res.Warnings
		case errors.As(err, &ds):
		default:
			t.Fatalf("build failed without diagnostics: %v", err)
		}
		for _, d := range ds {
			if strings.Contains(d.Msg, "failed") && strings.Contains(d.Msg, "panic") || strings.Contains(d.Msg, "parser failed") {
				t.Fatalf("recovered panic: %v", d)
			}
		}
		if src, d := cleanSource(file, raw); d == nil {
			checkPositions(t, file, src, ds)
		}
		sink.check(t)
		for p, data := range sink.files {
			if strings.HasSuffix(p, ".html") {
				checkHTML(t, p, data)
			}
		}
	})
}

// checkHTML is the oracle of RELIABILITY.md §1.3: no element that runs
// or loads code, no event handler, and every URL relative, a fragment,
// or http(s), mailto or tel once the parser has decoded it.
func checkHTML(t *testing.T, name string, data []byte) {
	t.Helper()
	check := func(tag string, attrs []html.Attribute) {
		switch tag {
		case "script", "iframe", "object", "embed", "base", "style", "svg", "math", "form", "frame", "frameset":
			t.Fatalf("%s: <%s> element in the output:\n%s", name, tag, data)
		case "meta": // http-equiv only as the refresh of an alias's redirect page, to an allowed URL
			equiv, hasEquiv, content := "", false, ""
			for _, a := range attrs {
				switch a.Key {
				case "http-equiv":
					equiv, hasEquiv = a.Val, true
				case "content":
					content = a.Val
				}
			}
			_, to, ok := strings.Cut(content, "url=")
			if hasEquiv && (!strings.EqualFold(equiv, "refresh") || !ok || !allowedURL(to)) {
				t.Fatalf("%s: <meta http-equiv=%q content=%q> in the output:\n%s", name, equiv, content, data)
			}
		}
		for _, a := range attrs {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Fatalf("%s: <%s %s=%q>:\n%s", name, tag, a.Key, a.Val, data)
			}
			switch a.Key {
			case "href", "src", "action", "formaction", "srcset", "xlink:href", "poster", "data":
				if !allowedURL(a.Val) {
					t.Fatalf("%s: <%s %s=%q>: URL not allowed:\n%s", name, tag, a.Key, a.Val, data)
				}
			}
		}
	}
	// Every tag the tokenizer sees, whatever the nesting…
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			tok := z.Token()
			check(tok.Data, tok.Attr)
		}
	}
	// …and every element of the tree a browser builds, which is where
	// misnested markup could turn text into a tag.
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		if strings.Contains(err.Error(), "open stack of elements exceeds") {
			return // x/net/html gives up on very deep nesting; browsers flatten it
		}
		t.Fatalf("%s: %v", name, err)
	}
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode {
			check(n.Data, n.Attr)
		}
	}
}

// allowedURL is the test's own reading of a URL, as a browser reads it
// (the value is already entity-decoded by the HTML parser): leading and
// trailing C0 controls and spaces stripped, tabs and newlines removed,
// then a scheme is whatever comes before the first colon if it looks
// like one.
func allowedURL(u string) bool {
	u = strings.TrimFunc(u, func(r rune) bool { return r <= ' ' })
	u = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(u)
	i := strings.IndexByte(u, ':')
	if i < 0 {
		return true
	}
	scheme := u[:i]
	for j, r := range scheme {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || j > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')
		if !ok {
			return true // not a scheme: the colon is part of a relative path
		}
	}
	switch strings.ToLower(scheme) {
	case "http", "https", "mailto", "tel":
		return true
	}
	return false
}

func FuzzSlug(f *testing.F) {
	for _, s := range []string{"Reset Your Password", "Café crème", "日本語 ガイド", "..", ".", "../../x", "a/b", `a\b`,
		"%2e%2e", "con", "index.html", "\u202egnp.exe", "x\u0301", "हिन्दी", "ǅ", "ﬁ", "İ", "\x00"} {
		f.Add(s)
	}
	for _, s := range fuzzSeeds(f) {
		if len(s) < 200 {
			f.Add(string(s))
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := slugify(s)
		if again := slugify(got); again != got {
			t.Fatalf("slugify(%q) = %q, but slugify(%q) = %q", s, got, got, again)
		}
		if got == "" {
			return
		}
		if got == "." || got == ".." || strings.ContainsAny(got, "/\\\x00") {
			t.Fatalf("slugify(%q) = %q", s, got)
		}
		if !filepath.IsLocal(got) || filepath.Base(got) != got {
			t.Fatalf("slugify(%q) = %q is not one local path element", s, got)
		}
		if !utf8.ValidString(got) || !norm.NFC.IsNormalString(got) {
			t.Fatalf("slugify(%q) = %q is not NFC UTF-8", s, got)
		}
		if strings.HasPrefix(got, "-") || strings.HasSuffix(got, "-") || strings.Contains(got, "--") {
			t.Fatalf("slugify(%q) = %q has stray hyphens", s, got)
		}
	})
}

// FuzzSanitizeHTML feeds raw HTML, as a block and as an inline tag, to the
// sanitiser and checks its output with the same oracle as the pages.
func FuzzSanitizeHTML(f *testing.F) {
	for _, s := range []string{
		"<kbd>Ctrl</kbd>", `<img src="a.png" alt="x" onerror="alert(1)">`, "<script>alert(1)</script>",
		`<img src="&#106;avascript:alert(1)">`, `<img src="java&#x09;script:alert(1)">`, "<svg><g onload=alert(1)></g></svg>",
		`<iframe src="https://evil.example/"></iframe>`, "<style>*{}</style>", "<!-- x --><kbd>", "</kbd>",
		`<img src=x onerror=alert(1)//`, `<img/src="x"/onerror=alert(1)>`, `<a href="javascript:x">t</a>`,
		`<math><mi xlink:href="javascript:x">`, "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
		`<img src="data:image/svg+xml;base64,PHN2Zz4=">`, "<br/><br>", "<kbd><kbd>x</kbd>",
		"<details open><summary>More</summary><p>Body</p></details>", "<summary>x</summary></details>",
		`<i class="fa fa-check"></i>`, `<span class="bi bi-x-circle-fill" onclick="x">`, `<i class="fa fa-gear">`,
		`<iframe src="https://www.youtube.com/embed/abc" title="T &quot;x&quot;"></iframe>`,
		`<iframe src="https://player.vimeo.com/video/1"></iframe>`, "<Enter>", "<sup><sub>2</sup>",
		"<table><tr><td>a</td></tr></table>", `<a href="javascript:x">t</a>`,
		`<img src="/images/a.png" alt="a [b]"><img src=" pic.png ">`, `<p><img src="#x"><img src="//cdn/x.png"></p>`,
		"&#1", `<img src="a.png" alt="&#1;x" title="&#x85;">`, "a&#x9f;b",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		// The site's own images: every placeholder is filled, in the page
		// and the twin (bodies hold no U+0001: load blanks controls).
		if bytes.IndexByte(raw, 1) < 0 {
			for _, inline := range []bool{false, true} {
				c := sanitizeImages(raw, inline, openTags{}, true)
				n := &SafeHTML{Images: c.Images}
				for _, text := range [][]byte{c.HTML, c.MD} {
					if got := n.fill(text, func(*rawImage) string { return "/x.png" }); bytes.IndexByte(got, 1) >= 0 {
						t.Fatalf("sanitizeImages(%q): a placeholder left in %q", raw, got)
					}
				}
			}
		}
		for _, inline := range []bool{false, true} {
			out, _ := sanitize(raw, inline)
			if utf8.Valid(raw) && !utf8.Valid(out) {
				t.Fatalf("sanitize(%q, %v) = %q: invalid UTF-8", raw, inline, out)
			}
			page := append(append([]byte("<!DOCTYPE html><html><head><title>t</title></head><body><p>"), out...), "</p></body></html>"...)
			checkHTML(t, "fragment", page)
			doc, err := html.Parse(bytes.NewReader(page))
			if err != nil {
				t.Fatal(err)
			}
			for n := range doc.Descendants() {
				if n.Type != html.ElementNode {
					continue
				}
				allowed := map[string]bool{} // the element's attributes kb may write
				switch n.Data {
				case "html", "head", "title", "body", "p", "kbd", "sup", "sub", "br", "summary":
				case "img":
					allowed = map[string]bool{"src": true, "alt": true, "title": true, "width": true, "height": true, "loading": true}
				case "details":
					allowed = map[string]bool{"open": true}
				case "span": // an icon's mark
					allowed = map[string]bool{"role": true, "aria-label": true}
				case "a": // a video's link
					allowed = map[string]bool{"href": true}
				default:
					t.Fatalf("sanitize(%q, %v) = %q: element <%s> not allowed", raw, inline, out, n.Data)
				}
				for _, a := range n.Attr {
					if !allowed[a.Key] {
						t.Fatalf("sanitize(%q, %v) = %q: attribute %s of <%s> not allowed", raw, inline, out, a.Key, n.Data)
					}
					if a.Key == "href" && !strings.HasPrefix(a.Val, "https://") {
						t.Fatalf("sanitize(%q, %v) = %q: link %q", raw, inline, out, a.Val)
					}
				}
			}
		}
	})
}
