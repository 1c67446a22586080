package builder

import (
	"github.com/kbhelp/kb/internal/sitetest"
	"strings"
	"testing"
)

// TestSidebarLabel: sidebar_label is the title the sidebar shows, on
// every page, for articles and folders; the page keeps its title.
func TestSidebarLabel(t *testing.T) {
	fsys := sitetest.FS(map[string]string{
		"site.yaml":           "title: T\n",
		"content/a/_index.md": "---\ntitle: Accounts and sign-in\nsidebar_label: Accounts\ndescription: F.\n---\n",
		"content/a/one.md":    "---\ntitle: Install the desktop app on Windows\nsidebar_label: Install\ndescription: D.\n---\nText.\n",
		"content/a/two.md":    "---\ntitle: Two\ndescription: D.\n---\nText.\n",
	})
	sink, _, diags := buildFS(t, Options{}, fsys)
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	for _, f := range []string{"a/one/index.html", "a/two/index.html"} {
		page := string(sink.files[f])
		nav := page[strings.Index(page, "<nav"):]
		nav = nav[:strings.Index(nav, "</nav>")]
		if !strings.Contains(nav, ">Install<") || !strings.Contains(nav, ">Accounts<") || strings.Contains(nav, "Install the desktop app") {
			t.Errorf("%s: the sidebar does not show the labels:\n%s", f, nav)
		}
	}
	one := string(sink.files["a/one/index.html"])
	if !strings.Contains(one, "<h1") || !strings.Contains(one, "Install the desktop app on Windows</h1>") {
		t.Errorf("the page lost its title")
	}
}
