package builder

import (
	"bytes"
	"encoding/json"
	"github.com/kbhelp/kb/internal/sitetest"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// checkThemedHTML is checkHTML for pages of the default theme, which has
// scripts and icons of its own: a <script> must be the theme's file
// (under base/assets/) or JSON-LD that parses as JSON; an <svg> is an
// icon; and nothing, anywhere, may have an on* attribute or a URL
// outside the allowlist.
func checkThemedHTML(t *testing.T, name, base string, data []byte) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		attr := map[string]string{}
		for _, a := range n.Attr {
			attr[a.Key] = a.Val
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("%s: <%s %s=%q>", name, n.Data, a.Key, a.Val)
			}
			switch a.Key {
			case "href", "src", "action", "formaction", "srcset", "xlink:href", "poster", "data":
				if !allowedURL(a.Val) && !(n.Data == "link" && a.Val == "data:,") { // the theme's empty favicon
					t.Errorf("%s: <%s %s=%q>: URL not allowed", name, n.Data, a.Key, a.Val)
				}
			}
		}
		switch n.Data {
		case "script":
			switch {
			case strings.HasPrefix(attr["src"], base+"assets/") && n.FirstChild == nil:
			case attr["type"] == "application/ld+json" && n.FirstChild != nil:
				var v any
				if err := json.Unmarshal([]byte(n.FirstChild.Data), &v); err != nil {
					t.Errorf("%s: JSON-LD does not parse: %v\n%s", name, err, n.FirstChild.Data)
				}
			default:
				t.Errorf("%s: <script> not from the theme: %v", name, n.Attr)
			}
		case "iframe", "object", "embed", "base", "style", "math", "frame", "frameset":
			t.Errorf("%s: <%s> element", name, n.Data)
		case "meta": // only the refresh of an alias's redirect page, to an allowed URL
			if eq, ok := attr["http-equiv"]; ok {
				_, to, found := strings.Cut(attr["content"], "url=")
				if !strings.EqualFold(eq, "refresh") || !found || !allowedURL(to) {
					t.Errorf("%s: <meta http-equiv=%q content=%q>", name, eq, attr["content"])
				}
			}
		}
	}
}

// TestHostileFrontMatterEscaped is F-16: markup in titles, descriptions,
// tags and the site's own settings is escaped wherever the default theme
// shows it: <title>, meta tags, JSON-LD, navigation, breadcrumbs, lists.
func TestHostileFrontMatterEscaped(t *testing.T) {
	const payload = `</title><script>alert(1)</script><svg onload=alert(2)>"'&`
	files := map[string]string{
		"site.yaml": "title: 'Site " + strings.ReplaceAll(payload, "'", "''") + "'\n" +
			"description: 'Desc " + strings.ReplaceAll(payload, "'", "''") + "'\n" +
			"base_url: https://x.example/help/\n" +
			"support:\n  text: '" + strings.ReplaceAll(payload, "'", "''") + "'\n  url: 'javascript:alert(3)'\n" +
			"footer:\n  - title: '" + strings.ReplaceAll(payload, "'", "''") + "'\n    url: 'https://ok.example/'\n",
		"content/_index.md": "---\ntitle: Home\n---\n",
		"content/cat/_index.md": "---\ntitle: 'Cat " + strings.ReplaceAll(payload, "'", "''") + "'\n" +
			"description: 'CatDesc " + strings.ReplaceAll(payload, "'", "''") + "'\n---\n",
		"content/cat/a.md": "---\ntitle: 'A " + strings.ReplaceAll(payload, "'", "''") + "'\n" +
			"description: 'ADesc " + strings.ReplaceAll(payload, "'", "''") + "'\n" +
			"tags: ['" + strings.ReplaceAll(payload, "'", "''") + "']\nupdated: 2026-01-02\n---\n" +
			"## Heading " + strings.ReplaceAll(payload, "<", "&lt;") + "\n\n[](b.md)\n",
		"content/cat/b.md": "---\ntitle: 'B " + strings.ReplaceAll(payload, "'", "''") + "'\nrelated: [cat/a.md]\n---\nText.\n",
	}
	sink, res, ds := buildFS(t, Options{}, sitetest.FS(files))
	if res == nil {
		t.Fatalf("build: %v", ds)
	}
	pages := 0
	for p, data := range sink.files {
		if !strings.HasSuffix(p, ".html") || strings.HasPrefix(p, "assets/") {
			continue
		}
		pages++
		checkThemedHTML(t, p, "/help/", data)
		if bytes.Contains(data, []byte("<script>alert")) || bytes.Contains(data, []byte("<svg onload")) {
			t.Errorf("%s: payload written unescaped", p)
		}
	}
	if pages < 5 {
		t.Errorf("only %d HTML pages checked", pages)
	}
}

// TestExampleSiteHTMLSafe runs the page oracle over every HTML output of
// the example site.
func TestExampleSiteHTMLSafe(t *testing.T) {
	sink, res := buildExample(t)
	for p, data := range sink.files {
		if strings.HasSuffix(p, ".html") {
			base := res.Site.Config.BasePath
			for _, l := range res.Languages[1:] { // each language's pages load its folder's assets
				if strings.HasPrefix(p, l.Code+"/") {
					base = l.Site.Config.BasePath
				}
			}
			checkThemedHTML(t, p, base, data)
		}
	}
}
