package lint

import (
	"context"
	"flag"
	"github.com/kbhelp/kb/internal/sitetest"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/kbhelp/kb/builder"
)

var update = flag.Bool("update", false, "rewrite the fail/want sections of testdata/rules/*.txtar")

// fixtureNow is the date the fixtures' reviews are due against.
var fixtureNow = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// Every rule has a fixture, testdata/rules/ID.txtar (with "/" in the id
// written "_"): a site under fail/ that breaks the rule, with the
// findings of that rule it must give in fail/want, and a site under
// pass/ that gives none of that rule. go test ./lint -update rewrites
// fail/want.
func TestRuleFixtures(t *testing.T) {
	for _, r := range Rules() {
		if r.ID == RuleBuild {
			continue // the fallback: TestClassifyPinsBuilderMessages keeps it empty
		}
		t.Run(r.ID, func(t *testing.T) {
			file := filepath.Join("testdata", "rules", strings.ReplaceAll(r.ID, "/", "_")+".txtar")
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatalf("every rule needs a fixture: %v", err)
			}
			fail, pass, want := fstest.MapFS{}, fstest.MapFS{}, ""
			for _, f := range ar.Files {
				switch {
				case f.Name == "fail/want":
					want = string(f.Data)
				case strings.HasPrefix(f.Name, "fail/"):
					fail[strings.TrimPrefix(f.Name, "fail/")] = &fstest.MapFile{Data: f.Data}
				case strings.HasPrefix(f.Name, "pass/"):
					pass[strings.TrimPrefix(f.Name, "pass/")] = &fstest.MapFile{Data: f.Data}
				default:
					t.Fatalf("%s: entry %s is neither fail/ nor pass/", file, f.Name)
				}
			}
			if len(fail) == 0 || len(pass) == 0 {
				t.Fatalf("%s: needs a fail/ and a pass/ site", file)
			}
			got := findingsOf(t, fail, r.ID)
			if *update {
				for i, f := range ar.Files {
					if f.Name == "fail/want" {
						ar.Files[i].Data = []byte(got)
					}
				}
				if want == "" && got != "" {
					ar.Files = append(ar.Files, txtar.File{Name: "fail/want", Data: []byte(got)})
				}
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got == "" {
				t.Errorf("fail/ gives no %s finding", r.ID)
			}
			if got != want {
				t.Errorf("fail/ findings:\n%s\nwant:\n%s", got, want)
			}
			if got := findingsOf(t, pass, r.ID); got != "" {
				t.Errorf("pass/ findings:\n%s", got)
			}
		})
	}
}

// findingsOf checks a site and returns its findings of one rule, one per
// line.
func findingsOf(t *testing.T, fsys fs.FS, rule string) string {
	t.Helper()
	_, fs, err := Run(context.Background(), fsys, builder.Options{}, Options{Now: fixtureNow})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, f := range fs {
		if f.Rule == RuleBuild {
			t.Errorf("unclassified build message: %s", f)
		}
		if f.Rule == rule {
			b.WriteString(f.String() + "\n")
		}
	}
	return b.String()
}

// TestClassifyPinsBuilderMessages gives one example of every message the
// builder writes (kept in step with builder/*.go) and the rule it belongs
// to. A reworded message that no longer matches fails here.
func TestClassifyPinsBuilderMessages(t *testing.T) {
	c := "content/a.md"
	for _, tc := range []struct {
		file, msg, want string
	}{
		// site.yaml (config.go, yamlnode.go)
		{"site.yaml", "cannot read: permission denied", RuleConfig},
		{"site.yaml", `base_url: "x" is not an absolute http(s) URL`, RuleConfig},
		{"site.yaml", `key "support": expected a mapping with text, link_text and url, got the string "x"`, RuleConfig},
		{"site.yaml", `unknown site.yaml key "titel" (did you mean "title"?)`, RuleConfig},
		{"site.yaml", `links: expected error or warn, got "maybe"`, RuleConfig},
		{"site.yaml", `exclude: bad pattern "["`, RuleConfig},
		{"site.yaml", `check.rules.x: expected error, warning, info or off, got "loud"`, RuleConfig},
		{"site.yaml", "invalid YAML: did not find expected key", RuleConfig},
		{"site.yaml", `featured article "x.md" not found (did you mean "a.md"?)`, RuleLinkBroken},
		// layouts
		{"layouts/article.html", "missing layout: file does not exist", RuleLayoutInvalid},
		{"layouts/base.html", "template: layouts/base.html:3: unexpected EOF", RuleLayoutInvalid},
		// files (load.go, frontmatter.go, build.go)
		{c, "file is 5000000 bytes, more than the 4 MiB an article may have", RuleFileInvalid},
		{c, "file is UTF-16; save it as UTF-8", RuleFileInvalid},
		{c, "not a text file: NUL byte at offset 3", RuleFileInvalid},
		{c, "invalid UTF-8 (byte 0xFF); save the file as UTF-8", RuleFileInvalid},
		{c, "empty file", RuleFileInvalid},
		{c, "cannot read: permission denied", RuleFileInvalid},
		{c, "markdown parser failed: boom", RuleFileInvalid},
		{c, "symbolic link not followed", RuleFileSkipped},
		{"content/a.html", "HTML files in content are not published; write the page in markdown", RuleFileSkipped},
		// front matter (frontmatter.go, yamlnode.go, page.go)
		{c, "front matter opened at line 1 is not closed (add a line with --- after it)", RuleFrontMatterInvalid},
		{c, "invalid YAML: mapping values are not allowed in this context", RuleFrontMatterInvalid},
		{c, "expected a mapping of keys to values, got a list", RuleFrontMatterInvalid},
		{c, "YAML anchors, aliases and tags are not allowed", RuleFrontMatterInvalid},
		{c, `key "title" already defined at line 2`, RuleFrontMatterInvalid},
		{c, `key "order": expected a number, got the string "first"`, RuleFrontMatterInvalid},
		{c, `key "tags": expected a list, got the string "x" (write [x])`, RuleFrontMatterInvalid},
		{c, `slug "a/b": write one URL segment, without / or \ (the folder gives the rest of the URL)`, RuleFrontMatterInvalid},
		{c, `slug "!!" has no letters or digits`, RuleFrontMatterInvalid},
		{c, `updated: "x" is not a date (write YYYY-MM-DD)`, RuleFrontMatterInvalid},
		{c, `llms: expected true, false or optional, got the string "x"`, RuleFrontMatterInvalid},
		{c, `reviewed: "x" is not a date (write YYYY-MM-DD)`, RuleFrontMatterInvalid},
		{c, `review_every: "x" is not a period (write 90d, 12w, 6m or 1y)`, RuleFrontMatterInvalid},
		{c, "missing title: add title: to the front matter or start the article with a # heading", RuleFrontMatterInvalid},
		{c, `alias "x": write a site path starting with /`, RuleFrontMatterInvalid},
		{c, `unknown front matter key "titel" (did you mean "title"?)`, RuleFrontMatterUnknownKey},
		// URLs (site.go)
		{c, "content/b/_index.md already describes this folder", RuleURLConflict},
		{c, "the file name has no letters or digits to make a URL from; set slug: in the front matter", RuleURLConflict},
		{c, "URL /a/ is also the URL of content/b.md", RuleURLConflict},
		{c, "alias /a/ is the URL of content/b.md", RuleURLConflict},
		{c, "alias /a/ is this page's own URL", RuleURLConflict},
		{"content/a.png", "content/b/a.png is also published at /a.png", RuleURLConflict},
		{"content/a.png", "file is published at the URL of content/a.md", RuleURLConflict},
		{c, "URL /search/ is reserved: kb writes the search page at /search/", RuleURLConflict},
		{c, "alias /llms.txt is reserved: kb writes the site's llms.txt at /llms.txt", RuleURLConflict},
		{"static/robots.txt", "file is published at /robots.txt, which is reserved: kb writes robots.txt at /robots.txt", RuleURLConflict},
		// links (resolve.go)
		{c, "empty link", RuleLinkBroken},
		{c, "empty image", RuleLinkBroken},
		{c, "broken link: no page or file at /nope/ (did you mean /a/?)", RuleLinkBroken},
		{c, "broken link to nope.md: no such file (did you mean a.md?)", RuleLinkBroken},
		{c, "broken image to nope.png: no such file", RuleLinkBroken},
		{c, "broken link to ../../x.md: it points above the content folder", RuleLinkBroken},
		{c, `related "https://x.example/": expected the path of an article in content`, RuleLinkBroken},
		{c, `related "billing" is not an article`, RuleLinkBroken},
		{c, "image a.md is a page, not an image file", RuleLinkBroken},
		{c, "broken link to d.md: content/d.md is a draft and is not published", RuleLinkDraft},
		{c, "broken anchor #x: no such heading in content/b.md (did you mean #y?)", RuleLinkAnchor},
		{c, "broken anchor #x: no such heading in this page", RuleLinkAnchor},
		{c, `link to "javascript:x" removed: only http, https, mailto and tel links are allowed`, RuleLinkUnsafe},
		{c, `protocol-relative link "//x.example/": write it with https:`, RuleLinkUnsafe},
		// markdown (page.go, markdown.go)
		{c, "raw HTML removed: only <kbd> and <img> are allowed in articles", RuleHTMLRaw},
		{c, "<!-- /kb:agents --> without an opening <!-- kb:agents -->", RuleHTMLMarker},
		{c, "<!-- kb:people --> is not closed by <!-- /kb:people --> in the same block", RuleHTMLMarker},
		{c, "lists, quotes or footnotes nested more than 32 deep; the rest of the line is kept as text", RuleMarkdownTooDeep},
		{c, "more than 20000 marks of markup in one article (each [, < or |, each run of *, _ or ~, each # or : starting a line); the rest of the file is not read: split the article", RuleMarkdownTooComplex},
		{c, "more than 20000 levels of nesting in one article (each quote marker, list marker and level of indentation starting a line, up to 32 a line); the rest of the file is not read: split the article", RuleMarkdownTooComplex},
		{c, "code past the article's first 128 KiB of code is not highlighted", RuleCodeNotHighlighted},
		{c, "control character U+001B removed", RuleTextControl},
		// snippets (snippets.go)
		{c, `snippet "x.md" not found (did you mean "y.md"?)`, RuleSnippet},
		{c, `snippet "x.md" not found (via content/_snippets/a.md:1:1)`, RuleSnippet},
		{c, "include cycle: content/a.md:3:1 → content/_snippets/a.md:1:1 → content/_snippets/a.md", RuleSnippet},
		{c, "snippets nested more than 16 deep", RuleSnippet},
		{c, "snippets make the article more than the 4 MiB an article may have (via content/_snippets/a.md:1:1)", RuleSnippetTooLarge},
	} {
		d := builder.Diagnostic{Pos: builder.Pos{File: tc.file, Line: 1, Col: 1}, Msg: tc.msg}
		if got := Classify(d); got != tc.want {
			t.Errorf("%s: %q → %s, want %s", tc.file, tc.msg, got, tc.want)
		}
	}
}

// Every rule id is documented in the README, with its fix.
func TestRulesDocumented(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, r := range Rules() {
		if ids[r.ID] {
			t.Errorf("rule %s listed twice", r.ID)
		}
		ids[r.ID] = true
		if r.What == "" || r.Fix == "" {
			t.Errorf("rule %s: say what it finds and how to fix it", r.ID)
		}
		if !strings.Contains(string(readme), "`"+r.ID+"`") {
			t.Errorf("README.md does not document rule %s", r.ID)
		}
	}
}

func lines(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	_, fs, err := Run(context.Background(), fsys, builder.Options{}, Options{Now: fixtureNow})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range fs {
		out = append(out, f.String())
	}
	return out
}

func TestSeveritiesFromSiteYAML(t *testing.T) {
	long := strings.Repeat("x", 71)
	got := lines(t, sitetest.FS(map[string]string{
		"site.yaml":    "check:\n  rules:\n    missing-description: off\n    title-too-long: error\n    html/raw: error\n    link/broken: off\n    titel-too-long: warning\n",
		"content/a.md": "---\ntitle: " + long + "\n---\n<div>x</div>\n\n[b](nope.md)\n",
	}))
	want := []string{
		"content/a.md:2:8: title-too-long: title is 71 characters, more than 70",
		"content/a.md:4:1: html/raw: raw HTML removed: <div>, its text kept: write it in markdown, a note as an alert (> [!NOTE])",
		// a build error stays an error, whatever check.rules says
		"content/a.md:6:1: link/broken: broken link to nope.md: no such file",
		`site.yaml:7:5: config/invalid: unknown check rule "titel-too-long" (did you mean "title-too-long"?)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestBadSeverityInSiteYAML(t *testing.T) {
	got := lines(t, sitetest.FS(map[string]string{
		"site.yaml":    "check:\n  rules:\n    orphan: loud\n  rulez: {}\n",
		"content/a.md": "# A\n",
	}))
	want := []string{
		`site.yaml:3:13: config/invalid: check.rules.orphan: expected error, warning, info or off, got "loud"`,
		`site.yaml:4:3: config/invalid: unknown check key "rulez" (did you mean "rules"?)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestOverdueOrder(t *testing.T) {
	s, _, err := Run(context.Background(), sitetest.FS(map[string]string{
		"content/a.md": "---\ntitle: A\nreviewed: 2026-03-01\nreview_every: 30d\n---\n",
		"content/b.md": "---\ntitle: B\nreviewed: 2026-01-01\nreview_every: 30d\nowner: \"@b\"\n---\n",
		"content/c.md": "---\ntitle: C\nreviewed: 2026-05-20\nreview_every: 30d\n---\n",
		"content/d.md": "---\ntitle: D\nreviewed: 2026-05-02\nreview_every: 30d\n---\n", // due 2026-06-01: today, not overdue
	}), builder.Options{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range Overdue(s, fixtureNow.Add(15*time.Hour)) {
		got = append(got, o.Page.Src.Rel+": "+o.Message(fixtureNow))
	}
	want := []string{
		"b.md: review overdue since 2026-01-31 (121 days; reviewed 2026-01-01, every 30 days); owner @b",
		"a.md: review overdue since 2026-03-31 (62 days; reviewed 2026-03-01, every 30 days); no owner: add owner: to the front matter",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRulesSorted(t *testing.T) {
	rules := Rules()
	var lintIDs, buildIDs []string
	for _, r := range rules {
		if r.Build {
			buildIDs = append(buildIDs, r.ID)
		} else {
			lintIDs = append(lintIDs, r.ID)
		}
	}
	for _, ids := range [][]string{lintIDs, buildIDs[:len(buildIDs)-1]} { // build/other last
		if !sort.StringsAreSorted(ids) {
			t.Errorf("not sorted: %v", ids)
		}
	}
}
