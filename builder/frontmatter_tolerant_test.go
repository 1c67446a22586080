package builder

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// Front matter written for other generators, read where its meaning is
// kb's: each header (file lines from 2), what it decodes to, and its
// diagnostics.
func TestFrontMatterTolerantForms(t *testing.T) {
	for _, tc := range []struct {
		name, fm string
		ignore   []string
		want     string // order, aliases, slug
		diags    string
	}{
		{"number in a string", `order: "04"`, nil, "order 4; aliases []; slug \"\"", ""},
		{"decimal in a string", `order: " 8.5 "`, nil, "order 8.5; aliases []; slug \"\"", ""},
		{"empty order", "order:", nil, "no order; aliases []; slug \"\"", ""},
		{"empty string order", `order: ""`, nil, "no order; aliases []; slug \"\"", ""},
		{"words are no order", "order: first", nil, "order 0; aliases []; slug \"\"",
			`f.md:2:8: key "order": expected a number, got the string "first"`},
		{"docusaurus sidebar_position", "sidebar_position: 3", nil, "order 3; aliases []; slug \"\"", ""},
		{"hugo weight", "weight: 10", nil, "order 10; aliases []; slug \"\"", ""},
		{"just the docs nav_order", "nav_order: 2.5", nil, "order 2.5; aliases []; slug \"\"", ""},
		{"two orders", "order: 1\nweight: 2", nil, "order 1; aliases []; slug \"\"",
			`f.md:3:1: key "weight": the order is already set by "order" at line 2; keep one`},
		{"jekyll redirect_from, one", "redirect_from: /old/", nil, "no order; aliases [/old/@f.md:2:16]; slug \"\"", ""},
		{"jekyll redirect_from and aliases", "redirect_from:\n  - /a/\n  - /b/\naliases: [/c/]", nil,
			"no order; aliases [/a/@f.md:3:5 /b/@f.md:4:5 /c/@f.md:5:11]; slug \"\"", ""},
		{"redirect_from of the wrong type", "redirect_from: {a: b}", nil, "no order; aliases []; slug \"\"",
			`f.md:2:16: key "redirect_from": expected a list of strings, got a mapping`},
		{"sidebar_label", "sidebar_label: Install", nil, "no order; aliases []; slug \"\"", ""},
		{"empty sidebar_label", "sidebar_label:", nil, "no order; aliases []; slug \"\"", ""},
		{"sidebar_label of the wrong type", "sidebar_label: [a]", nil, "no order; aliases []; slug \"\"",
			`f.md:2:16: key "sidebar_label": expected a string, got a list`},
		{"slug with a leading slash", "slug: /refunds", nil, "no order; aliases []; slug \"refunds\"", ""},
		{"slug of the root", "slug: /", nil, "no order; aliases []; slug \"/\"",
			`f.md:2:7: slug "/": kb takes a page's URL from its folder; a folder's own page is its _index.md`},
		{"slug of two segments", "slug: /a/b", nil, "no order; aliases []; slug \"/a/b\"",
			`f.md:2:7: slug "/a/b": write one URL segment, without / or \ (the folder gives the rest of the URL)`},
		{"unknown key", "layout: page", nil, "no order; aliases []; slug \"\"",
			`f.md:2:1: warning: unknown front matter key "layout"`},
		{"ignored key", "layout: page\npermalink: /x/", []string{"layout", "permalink"}, "no order; aliases []; slug \"\"", ""},
		{"ignored and unknown", "layout: page\ntitel: x", []string{"layout"}, "no order; aliases []; slug \"\"",
			`f.md:3:1: warning: unknown front matter key "titel" (did you mean "title"?)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fm, diags := parseFrontMatter("f.md", []byte(tc.fm), tc.ignore...)
			order := "no order"
			if fm.HasOrder {
				order = fmt.Sprintf("order %v", fm.Order)
			}
			var aliases []string
			for _, a := range fm.Aliases {
				aliases = append(aliases, a.Value+"@"+a.Pos.String())
			}
			got := fmt.Sprintf("%s; aliases [%s]; slug %q", order, strings.Join(aliases, " "), fm.Slug)
			if got != tc.want {
				t.Errorf("decoded %s, want %s", got, tc.want)
			}
			if d := diags.Error(); d != tc.diags {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", d, tc.diags)
			}
		})
	}
}

// site.yaml's front_matter.ignore: a list of keys, none kb reads, none
// twice; unknown keys in it are fine.
func TestFrontMatterIgnoreConfig(t *testing.T) {
	for _, tc := range []struct{ yaml, ignore, diags string }{
		{"front_matter:\n  ignore: [layout, permalink, no_such_key]\n", "layout permalink no_such_key", ""},
		{"front_matter:\n", "", ""},
		{"front_matter:\n  ignore: [layout, title]\n", "layout", `site.yaml:2:20: front_matter.ignore: kb reads "title"; remove it from the list`},
		{"front_matter:\n  ignore: [layout, layout]\n", "layout", `site.yaml:2:20: front_matter.ignore: "layout" is listed twice`},
		{"front_matter:\n  ignore: [\"\"]\n", "", `site.yaml:2:12: front_matter.ignore: an empty key`},
		{"front_matter:\n  ignore: layout\n", "", `site.yaml:2:11: key "front_matter.ignore": expected a list, got the string "layout" (write [layout])`},
		{"front_matter:\n  ignor: [layout]\n", "", `site.yaml:2:3: unknown front_matter key "ignor" (did you mean "ignore"?)`},
		{"front_matter: [layout]\n", "", `site.yaml:1:15: key "front_matter": expected a mapping with ignore, got a list`},
	} {
		c, diags := parseConfig("site.yaml", []byte(tc.yaml))
		if got := strings.Join(c.FrontMatterIgnore, " "); got != tc.ignore {
			t.Errorf("%q: ignore %q, want %q", tc.yaml, got, tc.ignore)
		}
		if got := diags.Error(); got != tc.diags {
			t.Errorf("%q: diagnostics\n%s\nwant\n%s", tc.yaml, got, tc.diags)
		}
	}
}

// Through a build: the other generators' order and aliases take effect,
// and keys listed in front_matter.ignore are not warned about, also when
// the list changes between two builds of one cache.
func TestFrontMatterTolerantBuild(t *testing.T) {
	fsys := fstest.MapFS{
		"site.yaml":    {Data: []byte("front_matter:\n  ignore: [layout]\n")},
		"content/a.md": {Data: []byte("---\ntitle: A\nsidebar_position: \"02\"\nlayout: page\nredirect_from: /old-a/\n---\n")},
		"content/b.md": {Data: []byte("---\ntitle: B\nweight: 1\nlayout: page\nslug: /bee\n---\n")},
		"content/c.md": {Data: []byte("---\ntitle: C\norder:\nlayout: page\n---\n")},
	}
	cache := NewCache()
	build := func() (*Result, error) {
		return New(Options{Cache: cache}).Build(context.Background(), fsys, NewMemSink())
	}
	res, err := build()
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	var order []string
	for _, p := range res.Site.Home.Children {
		order = append(order, p.URL)
	}
	if got := strings.Join(order, " "); got != "/bee/ /a/ /c/" {
		t.Errorf("order %s, want /bee/ /a/ /c/ (weight 1, sidebar_position 02, no order)", got)
	}
	if !strings.Contains(string(res.Site.redirects()), "/old-a/ /a/ 301") {
		t.Errorf("redirect_from gives no redirect:\n%s", res.Site.redirects())
	}

	fsys["site.yaml"] = &fstest.MapFile{Data: []byte("title: T\n")}
	cache.Changed("site.yaml")
	res, err = build()
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 3 {
		t.Errorf("without front_matter.ignore, %d warnings, want 3 (layout in each file): %v", len(res.Warnings), res.Warnings)
	}
}
