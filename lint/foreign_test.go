package lint

import (
	"github.com/kbhelp/kb/internal/sitetest"
	"strings"
	"testing"

	"github.com/kbhelp/kb/builder"
)

// syntax/foreign is configured like every rule of the build: check.rules
// can turn its warnings off or make them errors, and its errors stay
// errors whatever it says, so kb check never passes what kb build fails.
func TestForeignSyntaxSeverityFromSiteYAML(t *testing.T) {
	body := "---\ndescription: D.\n---\n# A\n\n:::note\nText.\n:::\n\n{% include x.html %}\n"
	for _, tc := range []struct{ setting, want string }{
		{"", "content/a.md:6:1: syntax/foreign: warning: Docusaurus admonition \":::note\"|content/a.md:10:1: syntax/foreign: Liquid tag"},
		{"off", "content/a.md:10:1: syntax/foreign: Liquid tag"},
		{"error", "content/a.md:6:1: syntax/foreign: Docusaurus admonition \":::note\"|content/a.md:10:1: syntax/foreign: Liquid tag"},
	} {
		files := map[string]string{"content/a.md": body}
		if tc.setting != "" {
			files["site.yaml"] = "check:\n  rules:\n    syntax/foreign: " + tc.setting + "\n"
		}
		got := lines(t, sitetest.FS(files))
		want := strings.Split(tc.want, "|")
		if len(got) != len(want) {
			t.Errorf("%q: got\n%s", tc.setting, strings.Join(got, "\n"))
			continue
		}
		for i := range want {
			if !strings.HasPrefix(got[i], want[i]) {
				t.Errorf("%q: got %s, want %s…", tc.setting, got[i], want[i])
			}
		}
	}
}

// The front matter and site.yaml messages of other generators' forms
// (builder/frontmatter.go) have their rules.
func TestClassifyTolerantFrontMatter(t *testing.T) {
	for _, tc := range []struct{ file, msg, want string }{
		{"content/a.md", `key "weight": the order is already set by "order" at line 2; keep one`, RuleFrontMatterInvalid},
		{"content/a.md", `slug "/": kb takes a page's URL from its folder; a folder's own page is its _index.md`, RuleFrontMatterInvalid},
		{"content/a.md", `key "sidebar_label": expected a string, got a list`, RuleFrontMatterInvalid},
		{"site.yaml", `front_matter.ignore: kb reads "title"; remove it from the list`, RuleConfig},
		{"site.yaml", `front_matter.ignore: "layout" is listed twice`, RuleConfig},
	} {
		d := builder.Diagnostic{Pos: builder.Pos{File: tc.file, Line: 1, Col: 1}, Msg: tc.msg}
		if got := Classify(d); got != tc.want {
			t.Errorf("%q → %s, want %s", tc.msg, got, tc.want)
		}
	}
}
