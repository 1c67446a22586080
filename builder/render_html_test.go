package builder

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// TestNavJoinable: the default theme gives the same page when runs of
// prerendered sidebar entries are joined into one item, so builds join
// them; themes that use the items otherwise keep one item per entry.
func TestNavJoinable(t *testing.T) {
	th, diags := loadTheme(fstest.MapFS{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if !th.joinNav {
		t.Error("default theme: joinNav is false, want true")
	}

	plain := fstest.MapFS{}
	names, _ := filepath.Glob("testdata/layouts/*.html")
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		plain["layouts/"+filepath.Base(n)] = &fstest.MapFile{Data: b}
	}
	if th, _ := loadTheme(plain); th == nil || th.joinNav {
		t.Error("test theme (nav by title and URL): joinNav is true, want false")
	}

	// A site's own sidebar that lists the titles itself.
	own := fstest.MapFS{"layouts/partials.html": &fstest.MapFile{Data: []byte(
		`{{define "agent-notice"}}{{end}}{{define "header"}}{{end}}{{define "footer"}}{{end}}` +
			`{{define "navitem"}}<li>{{.Title}}</li>{{end}}` +
			`{{define "sidebar"}}{{range .Nav}}{{.Title}};{{end}}{{end}}` +
			`{{define "breadcrumbs"}}{{end}}{{define "toc"}}{{end}}{{define "tags"}}{{end}}{{define "feedback"}}{{end}}` +
			`{{define "support"}}{{end}}{{define "related"}}{{end}}{{define "prevnext"}}{{end}}` +
			`{{define "article-list"}}{{end}}{{define "cards"}}{{end}}{{define "search-hero"}}{{end}}`)}}
	if th, diags := loadTheme(own); th == nil {
		t.Fatal(diags)
	} else if th.joinNav {
		t.Error("own sidebar ranging over .Nav: joinNav is true, want false")
	}
}

// TestJoinNavHTML: runs of rendered items become one, joined by
// newlines; items with children or without HTML stay; the input is not
// modified.
func TestJoinNavHTML(t *testing.T) {
	in := []NavItem{
		{Title: "a", HTML: "A"}, {Title: "b", HTML: "B", Current: true},
		{Title: "s", Open: true, Children: []NavItem{{Title: "c", HTML: "C"}, {Title: "d", HTML: "D"}}},
		{Title: "e", HTML: "E"}, {Title: "more"},
	}
	got := joinNavHTML(in)
	if len(got) != 4 || got[0].HTML != "A\nB" || !got[0].Current || got[1].Title != "s" ||
		len(got[1].Children) != 1 || got[1].Children[0].HTML != "C\nD" || got[2].HTML != "E" || got[3].Title != "more" {
		t.Errorf("joinNavHTML = %+v", got)
	}
	if in[0].HTML != "A" || len(in[2].Children) != 2 {
		t.Errorf("input modified: %+v", in)
	}
}
