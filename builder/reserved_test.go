package builder

import (
	"github.com/kbhelp/kb/internal/sitetest"
	"strings"
	"testing"
)

// TestReservedURLsAreConflicts: a page, folder, alias or file that
// claims a URL kb writes itself (the search page, assets/, api/, the
// site's llms.txt, the sitemap, the 404 page…) is a url/conflict error
// at the claiming file, instead of replacing kb's output or failing to
// write with no position.
func TestReservedURLsAreConflicts(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"article at /search/", map[string]string{"content/search.md": "---\ntitle: S\n---\n"},
			"content/search.md:1:1: URL /search/ is reserved: kb writes the search page at /search/"},
		{"folder at /assets/", map[string]string{"content/assets/_index.md": "---\ntitle: A\n---\n", "content/assets/logo.md": "---\ntitle: L\n---\n"},
			"content/assets/_index.md:1:1: URL /assets/ is reserved: kb writes the theme's assets and the static search index at /assets/\n" +
				"content/assets/logo.md:1:1: URL /assets/logo/ is reserved: kb writes the theme's assets and the static search index at /assets/"},
		{"folder without _index.md below /api/search", map[string]string{"content/api/search/keys.md": "---\ntitle: K\n---\n"},
			"content/api/search/keys.md:1:1: URL /api/search/keys/ is reserved: kb writes its search API at /api/search"},
		{"a static search folder", map[string]string{"content/assets/search/x.md": "---\ntitle: X\n---\n"},
			"content/assets/search/x.md:1:1: URL /assets/search/x/ is reserved: kb writes the theme's assets and the static search index at /assets/"},
		{"slug search", map[string]string{"content/a.md": "---\ntitle: A\nslug: search\n---\n"},
			"content/a.md:3:7: URL /search/ is reserved: kb writes the search page at /search/"},
		{"article at /404/", map[string]string{"content/404.md": "---\ntitle: Gone\n---\n"},
			"content/404.md:1:1: URL /404/ is reserved: kb writes the page-not-found page at /404.html"},
		{"alias over llms.txt", map[string]string{"content/a.md": "---\ntitle: A\naliases: [/old/, /llms.txt]\n---\n"},
			"content/a.md:3:18: alias /llms.txt is reserved: kb writes the site's llms.txt at /llms.txt"},
		{"alias below api/", map[string]string{"content/a.md": "---\ntitle: A\naliases:\n  - /api/feedback\n---\n"},
			"content/a.md:4:5: alias /api/feedback is reserved: kb writes its feedback API at /api/feedback"},
		{"alias to the 404 page", map[string]string{"content/a.md": "---\ntitle: A\naliases: [/404.html]\n---\n"},
			"content/a.md:3:11: alias /404.html is reserved: kb writes the page-not-found page at /404.html"},
		{"static robots.txt", map[string]string{"static/robots.txt": "User-agent: *\n"},
			"static/robots.txt:1:1: file is published at /robots.txt, which is reserved: kb writes robots.txt at /robots.txt"},
		{"content file in assets/", map[string]string{"content/assets/x.png": "png"},
			"content/assets/x.png:1:1: file is published at /assets/x.png, which is reserved: kb writes the theme's assets and the static search index at /assets/"},
		{"under a base path the same", map[string]string{"site.yaml": "title: T\nbase_url: https://x.example/help/\n", "content/search/_index.md": "---\ntitle: S\n---\n"},
			"content/search/_index.md:1:1: URL /help/search/ is reserved: kb writes the search page at /search/"},
		{"near misses build", map[string]string{"content/searching.md": "---\ntitle: S\n---\n", "content/api-keys.md": "---\ntitle: K\n---\n", "content/api/keys.md": "---\ntitle: API keys\n---\n",
			"content/llms.md": "---\ntitle: L\n---\n", "content/a.md": "---\ntitle: A\naliases: [/assets-old/, /search-tips/]\n---\n", "static/favicon.ico": "ico"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"site.yaml": "title: T\n", "content/_index.md": "---\ntitle: Home\n---\n"}
			for k, v := range tt.files {
				files[k] = v
			}
			sink, res, ds := buildFS(t, Options{}, sitetest.FS(files))
			var got []string
			for _, d := range ds {
				got = append(got, d.String())
			}
			if g := strings.Join(got, "\n"); g != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", g, tt.want)
			}
			if tt.want != "" && (res != nil || len(sink.files) != 0) {
				t.Errorf("build succeeded with %d outputs, want it to fail", len(sink.files))
			}
		})
	}
}

// TestReservedCoversSiteOutputs builds a site and checks that every
// output that is not a page's (its HTML, twin, llms files), an alias's
// or a content file's is below a path of reservedOutputs: a new output
// of kb's own fails here until it is reserved.
func TestReservedCoversSiteOutputs(t *testing.T) {
	files := map[string]string{
		"site.yaml":           "title: T\n",
		"content/_index.md":   "---\ntitle: Home\n---\n",
		"content/a/_index.md": "---\ntitle: A\n---\n",
		"content/a/b.md":      "---\ntitle: B\naliases: [/old/]\n---\nText with `code`.\n\n```go\nx := 1\n```\n",
		"content/a/pic.png":   "png",
		"static/favicon.ico":  "ico",
	}
	sink, res, ds := buildFS(t, Options{}, sitetest.FS(files))
	if res == nil {
		t.Fatalf("build: %v", ds)
	}
	ours := map[string]bool{"a/pic.png": true, "favicon.ico": true, "old/index.html": true, // the alias's redirect page
		"old.md": true, "old/index.md": true, "old/llms.txt": true} // and its moved notes
	for _, p := range res.Site.Pages {
		dir := strings.TrimPrefix(p.URL, "/")
		for _, o := range outputsOf(dir) {
			ours[o] = true
		}
	}
	for out := range sink.files {
		if ours[out] {
			continue
		}
		if _, ok := reservedBy(out); !ok {
			t.Errorf("kb writes %s, which reservedOutputs does not reserve", out)
		}
	}
}

// outputsOf lists the outputs of the page at dir ("" for home, "a/b/").
func outputsOf(dir string) []string {
	if dir == "" {
		return []string{"index.html", "index.md", "llms.txt", "llms-full.txt"}
	}
	return []string{dir + "index.html", strings.TrimSuffix(dir, "/") + ".md", dir + "index.md", dir + "llms.txt", dir + "llms-full.txt"}
}
