package builder

import (
	"github.com/kbhelp/kb/internal/sitetest"
	"slices"
	"strings"
	"testing"
)

// TestPrivateFilesNotPublished: no file of content/ whose name starts
// with "_" is published, title or not, markdown or not, except
// _index.md, which is its folder's page. _part.md with a title used to
// become a page; other generators' partials (_partial.md) must not.
func TestPrivateFilesNotPublished(t *testing.T) {
	fsys := sitetest.FS(map[string]string{
		"site.yaml":                   "title: Private\n",
		"content/_index.md":           "---\ntitle: Home\n---\nHello.\n",
		"content/_part.md":            "---\ntitle: A part\n---\nShared text.\n",
		"content/_partial.md":         "{{ partial \"header\" . }}\n",
		"content/billing/_index.md":   "---\ntitle: Billing\n---\n",
		"content/billing/_notes.md":   "# Notes to self\n\nNot for readers.\n",
		"content/billing/_draft.png":  "\x89PNG\r\n\x1a\nnot really",
		"content/billing/refunds.md":  "---\ntitle: Refunds\n---\nText.\n",
		"content/billing/_index.html": "<p>not a page</p>\n",
	})
	sink, _, ds := buildFS(t, Options{}, fsys)
	if ds.Errors() > 0 {
		t.Fatalf("build failed:\n%v", ds)
	}
	for _, d := range ds {
		t.Errorf("unexpected warning: %v", d)
	}
	var files []string
	for p := range sink.files {
		files = append(files, p)
		for _, bad := range []string{"part", "notes", "draft", "_index"} {
			if strings.Contains(p, bad) {
				t.Errorf("published %s", p)
			}
		}
	}
	for _, want := range []string{"index.html", "billing/index.html", "billing/refunds/index.html"} {
		if !slices.Contains(files, want) {
			t.Errorf("%s not published", want)
		}
	}
	llms := string(sink.files["llms.txt"])
	if strings.Contains(llms, "A part") || strings.Contains(llms, "Notes to self") {
		t.Errorf("llms.txt lists a private file:\n%s", llms)
	}
}
