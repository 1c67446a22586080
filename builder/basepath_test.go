package builder

import (
	"strings"
	"testing"
)

// TestBasePathKeepsReadersOnTheSite: under base_url …/help/, what kb
// writes itself stays below /help/ and on the host the reader is on (a
// staging or local copy stays one), and the company's own pages beside
// the help center are links out, not broken links.
func TestBasePathKeepsReadersOnTheSite(t *testing.T) {
	fsys := mapFS(map[string]string{
		"site.yaml":           "title: T\nbase_url: https://example.com/help/\nfeedback_url: /api/feedback\nlogo: /images/logo.svg\n",
		"content/a/_index.md": "---\ntitle: A\ndescription: Folder.\n---\n",
		"content/a/one.md": "---\ntitle: One\ndescription: The first.\naliases: [/old-one/]\n---\n" +
			"See [pricing](https://example.com/pricing) and [the blog](https://example.com/helpdesk-blog/).\n",
		"static/images/logo.svg": "<svg/>",
	})
	sink, _, diags := buildFS(t, Options{}, fsys)
	if diags.Errors() > 0 || len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	page := string(sink.files["a/one/index.html"])
	for _, want := range []string{
		`action="/help/api/feedback"`,        // the form posts where kb's server answers
		`href="https://example.com/pricing"`, // the company's page: a link out, as written
		`href="https://example.com/helpdesk-blog/"`,
		`src="/help/images/logo.svg"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("a/one/index.html lacks %s", want)
		}
	}
	moved := string(sink.files["old-one/index.html"])
	for _, want := range []string{
		`<link rel="canonical" href="https://example.com/help/a/one/">`, // search engines: the canonical URL
		`content="0; url=/help/a/one/"`,                                 // browsers: the same host
		`<a href="/help/a/one/">`,
	} {
		if !strings.Contains(moved, want) {
			t.Errorf("the alias page lacks %s:\n%s", want, moved)
		}
	}
}

func TestSiteURL(t *testing.T) {
	for _, tc := range []struct{ base, in, want string }{
		{"/help/", "/api/feedback", "/help/api/feedback"},
		{"/help/", "images/logo.svg", "/help/images/logo.svg"},
		{"/help/", "/help/api/feedback", "/help/api/feedback"},
		{"/help/", "https://forms.example.com/f", "https://forms.example.com/f"},
		{"/help/", "//cdn.example.com/logo.svg", "//cdn.example.com/logo.svg"},
		{"/help/", "", ""},
		{"/", "/api/feedback", "/api/feedback"},
		{"/", "images/logo.svg", "/images/logo.svg"},
	} {
		if got := siteURL(&Config{BasePath: tc.base}, tc.in); got != tc.want {
			t.Errorf("siteURL(%q under %s) = %q, want %q", tc.in, tc.base, got, tc.want)
		}
	}
}
