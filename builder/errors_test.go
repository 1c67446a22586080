package builder

import (
	"bytes"
	"context"
	"errors"
	"github.com/kbhelp/kb/internal/sitetest"
	"sort"
	"strings"
	"testing"
)

// errorSite is the good site every error case starts from; a case adds
// or replaces files.
var errorSite = map[string]string{
	"site.yaml":              "title: T\n",
	"content/a/ok.md":        "---\ntitle: OK\n---\nok\n",
	"content/a/refund.md":    "---\ntitle: Refund\n---\n## Install steps\n\nText.\n",
	"content/a/draft.md":     "---\ntitle: Draft\ndraft: true\n---\nSoon.\n",
	"content/a/picture.png":  "png",
	"content/b/_index.md":    "---\ntitle: B\n---\n",
	"content/b/elsewhere.md": "---\ntitle: Elsewhere\n---\nText.\n",
}

// TestErrors checks the exact diagnostics, errors and warnings, of one bad
// input each (the ids are those of RELIABILITY.md §1). A case whose want
// has no error line must build; every other case must fail with exactly
// these lines.
func TestErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		opts  Options
		want  string
	}{
		{
			name:  "F-01 front matter not closed",
			files: map[string]string{"content/a/x.md": "---\ntitle: X\n\nBody that is read as YAML.\n"},
			want:  "content/a/x.md:1:1: front matter opened at line 1 is not closed (add a line with --- after it)",
		},
		{
			name:  "F-01 front matter of one line",
			files: map[string]string{"content/a/x.md": "---"},
			want:  "content/a/x.md:1:1: front matter opened at line 1 is not closed (add a line with --- after it)",
		},
		{
			name:  "F-02 colon in a plain value",
			files: map[string]string{"content/a/x.md": "---\ndescription: d\ntitle: This thing: crashes\n---\nbody\n"},
			want:  "content/a/x.md:3:1: invalid YAML: mapping values are not allowed in this context",
		},
		{
			name:  "F-02 tab indentation",
			files: map[string]string{"content/a/x.md": "---\ntitle: T\ntags:\n\t- a\n---\nbody\n"},
			want:  "content/a/x.md:4:1: invalid YAML: found character that cannot start any token",
		},
		{
			name:  "F-02 unclosed flow list",
			files: map[string]string{"content/a/x.md": "---\ntitle: T\ntags: [a, b\norder: 1\n---\nbody\n"},
			want:  "content/a/x.md:3:1: invalid YAML: did not find expected ',' or ']'",
		},
		{
			name:  "F-02 block sequence where a key should be",
			files: map[string]string{"content/a/x.md": "---\ntitle: T\n- b\n---\nbody\n"},
			want:  "content/a/x.md:3:1: invalid YAML: did not find expected key",
		},
		{
			name:  "F-02 unclosed quote",
			files: map[string]string{"content/a/x.md": "---\ntitle: T\ndescription: \"open\nslug: x\n---\nbody\n"},
			want:  `content/a/x.md:3:14: invalid YAML: the string opened with " here is never closed (add the closing ")`,
		},
		{
			name: "F-03 wrong types",
			files: map[string]string{"content/a/x.md": "---\n" +
				"title: [a, b]\n" +
				"order: x\n" +
				"draft: \"false\"\n" +
				"tags: billing\n" +
				"updated: 2024-13-45\n" +
				"hidden: yes\n" +
				"aliases: {a: b}\n" +
				"---\nbody\n"},
			want: `content/a/x.md:2:8: key "title": expected a string, got a list
content/a/x.md:3:8: key "order": expected a number, got the string "x"
content/a/x.md:4:8: key "draft": expected true or false, got the string "false"
content/a/x.md:5:7: key "tags": expected a list, got the string "billing" (write [billing])
content/a/x.md:6:10: updated: "2024-13-45" is not a date (write YYYY-MM-DD)
content/a/x.md:7:9: key "hidden": expected true or false, got the string "yes"
content/a/x.md:8:10: key "aliases": expected a list of strings, got a mapping`,
		},
		{
			name:  "F-03 empty title",
			files: map[string]string{"content/a/x.md": "---\ntitle:\n---\nbody\n"},
			want:  `content/a/x.md:2:7: key "title": expected a string, got nothing`,
		},
		{
			name:  "F-03 order out of range",
			files: map[string]string{"content/a/x.md": "---\ntitle: X\norder: 1e400\n---\nbody\n"},
			want:  `content/a/x.md:3:8: key "order": expected a number, got the string "1e400"`,
		},
		{
			name:  "F-03 zone-less timestamp is a date, a bad time is not",
			files: map[string]string{"content/a/x.md": "---\ntitle: X\nupdated: 2024-03-13T25:00:00\n---\nbody\n"},
			want:  `content/a/x.md:3:10: updated: "2024-03-13T25:00:00" is not a date (write YYYY-MM-DD)`,
		},
		{
			// weight (Hugo's) is read as order now: permalink is unknown.
			name:  "F-04 unknown and misspelled keys warn",
			files: map[string]string{"content/a/x.md": "---\ntittle: T\nTitle: U\ntitle: V\npermalink: /x/\n---\nbody\n"},
			want: `content/a/x.md:2:1: warning: unknown front matter key "tittle" (did you mean "title"?)
content/a/x.md:3:1: warning: unknown front matter key "Title" (did you mean "title"?)
content/a/x.md:5:1: warning: unknown front matter key "permalink"`,
		},
		{
			name:  "F-05 duplicate key",
			files: map[string]string{"content/a/x.md": "---\ntitle: T\ndescription: d\ntitle: U\n---\nbody\n"},
			want:  `content/a/x.md:4:1: key "title" already defined at line 2`,
		},
		{
			name:  "F-05 duplicate key in site.yaml",
			files: map[string]string{"site.yaml": "title: T\nsupport:\n  url: /a\n  url: /b\n"},
			want:  `site.yaml:4:3: key "url" already defined at line 3`,
		},
		{
			name: "F-06 alias bomb",
			files: map[string]string{"content/a/x.md": "---\ntitle: T\n" +
				"a: &a [x,x,x,x,x,x,x,x,x]\n" +
				"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n" +
				"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n" +
				"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n" +
				"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n" +
				"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n" +
				"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n" +
				"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n" +
				"i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n" +
				"---\nbody\n"},
			want: "content/a/x.md:3:4: YAML anchors, aliases and tags are not allowed",
		},
		{
			name:  "F-06 explicit tag",
			files: map[string]string{"content/a/x.md": "---\ntitle: !!binary aGk=\n---\nbody\n"},
			want:  "content/a/x.md:2:8: YAML anchors, aliases and tags are not allowed",
		},
		{
			name:  "F-07 deep nesting",
			files: map[string]string{"content/a/x.md": "---\ntitle: " + strings.Repeat("[", 20000) + "\n---\nbody\n"},
			want:  "content/a/x.md:2:1: invalid YAML: exceeded max depth of 10000",
		},
		{
			name:  "F-08 known YAML crasher",
			files: map[string]string{"content/a/x.md": "---\n0: [:!00 \xef\n---\nbody\n"},
			want:  "content/a/x.md:2:10: invalid UTF-8 (byte 0xEF); save the file as UTF-8",
		},
		{
			name:  "F-11 missing title",
			files: map[string]string{"content/a/x.md": "---\ndescription: d\n---\nNo heading.\n"},
			want:  "content/a/x.md:1:1: missing title: add title: to the front matter or start the article with a # heading",
		},
		{
			name:  "F-11 empty front matter and no heading",
			files: map[string]string{"content/a/x.md": "---\n---\nJust text.\n"},
			want:  "content/a/x.md:1:1: missing title: add title: to the front matter or start the article with a # heading",
		},
		{
			name:  "F-11 empty title string",
			files: map[string]string{"content/a/x.md": "---\ntitle: \"\"\n---\nJust text.\n"},
			want:  "content/a/x.md:1:1: missing title: add title: to the front matter or start the article with a # heading",
		},
		{
			name: "F-13 two articles with one URL",
			files: map[string]string{
				"content/a/x.md": "---\ntitle: X\n---\n",
				"content/a/y.md": "---\ntitle: Y\nslug: x\n---\n",
			},
			want: `content/a/x.md:1:1: URL /a/x/ is also the URL of content/a/y.md
content/a/y.md:1:1: URL /a/x/ is also the URL of content/a/x.md`,
		},
		{
			name: "F-13 file names differing in case",
			files: map[string]string{
				"content/a/x.md": "---\ntitle: X\n---\n",
				"content/a/X.md": "---\ntitle: Y\n---\n",
			},
			want: `content/a/X.md:1:1: URL /a/x/ is also the URL of content/a/x.md
content/a/x.md:1:1: URL /a/x/ is also the URL of content/a/X.md`,
		},
		{
			name:  "F-13 alias equal to a page",
			files: map[string]string{"content/a/x.md": "---\ntitle: X\naliases: [/a/ok/, /b, /a/x]\n---\n"},
			want: `content/a/x.md:3:11: alias /a/ok/ is the URL of content/a/ok.md
content/a/x.md:3:19: alias /b is the URL of content/b/_index.md
content/a/x.md:3:23: alias /a/x is this page's own URL`,
		},
		{
			name: "F-13 one alias on two pages",
			files: map[string]string{
				"content/a/x.md": "---\ntitle: X\naliases: [/old/]\n---\n",
				"content/a/y.md": "---\ntitle: Y\naliases: [/old/]\n---\n",
			},
			want: "content/a/y.md:3:11: alias /old/ is the URL of content/a/x.md",
		},
		{
			name: "F-14 hostile slug and aliases",
			files: map[string]string{"content/a/x.md": "---\ntitle: X\nslug: ../../x\n" +
				"aliases: [\"../../x\", \"/a/../../b\", \"/..\", \"/a\\\\b\", \"/.git/\", \"https://evil.example/\", \"/\"]\n---\n"},
			want: `content/a/x.md:3:7: slug "../../x": write one URL segment, without / or \ (the folder gives the rest of the URL)
content/a/x.md:4:11: alias "../../x": write a site path starting with /
content/a/x.md:4:22: alias "/a/../../b": path segments may not be . or .. or start with a dot
content/a/x.md:4:36: alias "/..": path segments may not be . or .. or start with a dot
content/a/x.md:4:43: alias "/a\\b": write a site path such as /old/article/
content/a/x.md:4:52: alias "/.git/": path segments may not be . or .. or start with a dot
content/a/x.md:4:62: alias "https://evil.example/": write a site path such as /old/article/
content/a/x.md:4:87: alias "/": the home page cannot be an alias`,
		},
		{
			name:  "F-14 slug with a backslash",
			files: map[string]string{"content/a/x.md": "---\ntitle: X\nslug: 'a\\b'\n---\n"},
			want:  `content/a/x.md:3:7: slug "a\\b": write one URL segment, without / or \ (the folder gives the rest of the URL)`,
		},
		{
			name:  "F-14 slug of dots",
			files: map[string]string{"content/a/x.md": "---\ntitle: X\nslug: ..\n---\n"},
			want:  `content/a/x.md:3:7: slug ".." has no letters or digits`,
		},
		{
			name:  "L-01 broken link with a suggestion",
			files: map[string]string{"content/a/x.md": "---\ntitle: X\n---\nSee [refunds](refunds.md) and\n[elsewhere](../b/elsewher.md).\n"},
			want: `content/a/x.md:4:5: broken link to refunds.md: no such file (did you mean refund.md?)
content/a/x.md:5:1: broken link to ../b/elsewher.md: no such file (did you mean ../b/elsewhere.md?)`,
		},
		{
			name:  "L-01 broken site URL",
			files: map[string]string{"content/a/x.md": "---\ntitle: X\n---\n[r](/a/refnd/) [n](/nothing/like/it/)\n"},
			want: `content/a/x.md:4:1: broken link: no page or file at /a/refnd/ (did you mean /a/refund/?)
content/a/x.md:4:16: broken link: no page or file at /nothing/like/it/`,
		},
		{
			name:  "L-01 broken links and images are warnings under links: warn",
			files: map[string]string{"site.yaml": "title: T\nlinks: warn\n", "content/a/x.md": "---\ntitle: X\n---\n[r](refunds.md) ![p](pictur.png)\n"},
			want: `content/a/x.md:4:1: warning: broken link to refunds.md: no such file (did you mean refund.md?)
content/a/x.md:4:17: warning: broken image to pictur.png: no such file (did you mean picture.png?)`,
		},
		{
			name:  "L-01 -links=warn",
			files: map[string]string{"content/a/x.md": "---\ntitle: X\n---\n[r](refunds.md)\n"},
			opts:  Options{Links: "warn"},
			want:  `content/a/x.md:4:1: warning: broken link to refunds.md: no such file (did you mean refund.md?)`,
		},
		{
			name: "L-02 broken anchors",
			files: map[string]string{"content/a/x.md": "---\ntitle: X\n---\n## Here\n\n" +
				"[a](refund.md#instal-steps) [b](refund.md#Install-Steps) [c](#nope) [d](#Here)\n"},
			want: `content/a/x.md:6:1: broken anchor #instal-steps: no such heading in content/a/refund.md (did you mean #install-steps?)
content/a/x.md:6:29: broken anchor #Install-Steps: no such heading in content/a/refund.md (did you mean #install-steps? anchors are case-sensitive)
content/a/x.md:6:58: broken anchor #nope: no such heading in this page
content/a/x.md:6:69: broken anchor #Here: no such heading in this page (did you mean #here? anchors are case-sensitive)`,
		},
		{
			name:  "L-04 link above content",
			files: map[string]string{"content/a/x.md": "---\ntitle: X\n---\n[s](../../site.yaml) [t](../../../etc/passwd)\n"},
			want: `content/a/x.md:4:1: broken link to ../../site.yaml: it points above the content folder
content/a/x.md:4:22: broken link to ../../../etc/passwd: it points above the content folder`,
		},
		{
			name:  "L-07 link to a draft",
			files: map[string]string{"content/b/x.md": "---\ntitle: X\n---\nSoon: [draft](../a/draft.md).\n"},
			want:  "content/b/x.md:4:7: broken link to ../a/draft.md: content/a/draft.md is a draft and is not published",
		},
		{
			name:  "L-07 related draft",
			files: map[string]string{"content/b/x.md": "---\ntitle: X\nrelated: [a/draft.md, a/nope.md]\n---\n"},
			want: `content/b/x.md:3:11: broken link to a/draft.md: content/a/draft.md is a draft and is not published
content/b/x.md:3:23: broken link to a/nope.md: no such file`,
		},
		{
			name:  "L-08 missing image",
			files: map[string]string{"content/a/x.md": "---\ntitle: X\n---\n![shot](missing.png)\n\n![page](ok.md)\n"},
			want: `content/a/x.md:4:1: broken image to missing.png: no such file
content/a/x.md:6:1: image ok.md is a page, not an image file`,
		},
		{
			name:  "L-10 protocol-relative link",
			files: map[string]string{"content/a/x.md": "---\ntitle: X\n---\n[cdn](//cdn.example.com/x)\n"},
			want:  `content/a/x.md:4:1: warning: protocol-relative link "//cdn.example.com/x": write it with https:`,
		},
		{
			name:  "site.yaml unknown key",
			files: map[string]string{"site.yaml": "title: T\nbase_ur: https://x.example/\nsupport:\n  txt: a\n"},
			want: `site.yaml:2:1: unknown site.yaml key "base_ur" (did you mean "base_url"?)
site.yaml:4:3: unknown support key "txt" (did you mean "text"?)`,
		},
		{
			name:  "site.yaml bad values",
			files: map[string]string{"site.yaml": "title: [T]\nbase_url: ftp://x.example/\nlinks: maybe\n"},
			want: `site.yaml:1:8: key "title": expected a string, got a list
site.yaml:2:11: base_url: "ftp://x.example/" is not an absolute http(s) URL
site.yaml:3:8: links: expected error or warn, got "maybe"`,
		},
		{
			name:  "site.yaml languages",
			files: map[string]string{"site.yaml": "title: T\nlanguage: fr\ndirection: sideways\nlanguages:\n  - code: en\n    name: English\n  - code: Deutsch\n  - code: en\n    nam: Again\n  - code: ar\n    direction: up\n    path: ../ar\n    fallback: sometimes\n  - name: Nobody\n"},
			want: `site.yaml:2:11: language: "fr" is not in languages; list it there, or leave language: out to make the first one the default
site.yaml:3:12: direction: "sideways" is neither ltr nor rtl
site.yaml:7:11: languages.code: "Deutsch" is not a language code (write a BCP 47 code such as de, fr or pt-BR)
site.yaml:8:11: languages.code: "en" is listed twice
site.yaml:9:5: unknown languages key "nam" (did you mean "name"?)
site.yaml:11:16: languages.direction: "up" is neither ltr nor rtl
site.yaml:12:11: languages.path: "../ar" is not a URL folder below the base path (write de/ or hc/de/)
site.yaml:13:15: key "languages.fallback": expected true or false, got the string "sometimes"
site.yaml:14:5: languages: an entry has no code`,
		},
		{
			name:  "site.yaml two languages at one path",
			files: map[string]string{"site.yaml": "title: T\nlanguages:\n  - code: en\n  - code: de\n    path: help/\n  - code: fr\n    path: /help/\n"},
			want:  `site.yaml:2:1: languages: de and fr are both served at /help/`,
		},
		{
			name:  "site.yaml featured article missing",
			files: map[string]string{"site.yaml": "title: T\nfeatured:\n  - a/refunds.md\n"},
			want:  `site.yaml:3:5: featured article "a/refunds.md" not found (did you mean "a/refund.md"?)`,
		},
		{
			name:  "O-01 empty file",
			files: map[string]string{"content/a/x.md": ""},
			want:  "content/a/x.md: empty file",
		},
		{
			name:  "O-01 whitespace only",
			files: map[string]string{"content/a/x.md": " \n\t\n"},
			want:  "content/a/x.md: empty file",
		},
		{
			name:  "O-05 NUL byte",
			files: map[string]string{"content/a/x.md": "---\ntitle: X\n---\nab\x00c\n"},
			want:  "content/a/x.md:4:3: not a text file: NUL byte at offset 19",
		},
		{
			name:  "O-05 UTF-16",
			files: map[string]string{"content/a/x.md": "\xff\xfe-\x00-\x00-\x00"},
			want:  "content/a/x.md:1:1: file is UTF-16; save it as UTF-8",
		},
		{
			name:  "O-06 invalid UTF-8",
			files: map[string]string{"content/a/x.md": "---\ntitle: X\n---\nsmart \x93quotes\x94\n"},
			want:  "content/a/x.md:4:7: invalid UTF-8 (byte 0x93); save the file as UTF-8",
		},
		{
			name:  "O-02 huge file",
			files: map[string]string{"content/a/x.md": "---\ntitle: X\n---\n" + strings.Repeat("a", maxArticleSize)},
			want:  "content/a/x.md: file is 4194321 bytes, more than the 4 MiB an article may have",
		},
		{
			name:  "O-16 HTML file in content",
			files: map[string]string{"content/a/page.html": "<p>hi</p>"},
			want:  "content/a/page.html: warning: HTML files in content are not published; write the page in markdown",
		},
		{
			name: "two _index.md for one folder",
			files: map[string]string{
				"content/b/index.md": "---\ntitle: B again\n---\n",
			},
			want: "content/b/index.md:1:1: content/b/_index.md already describes this folder",
		},
		{
			name: "site.yaml errors stop the build before content is read",
			files: map[string]string{
				"site.yaml":         "title: T\ntitel: U\n",
				"content/z/last.md": "---\ntitle: Z\n---\n[a](nope.md)\n\n[b](#nope)\n",
				"content/a/x.md":    "---\ntitle: X\nordr: 1\norder: one\n---\n[c](../z/last.md#nope)\n",
				"content/m/m.md":    "---\n---\n",
			},
			want: `site.yaml:2:1: unknown site.yaml key "titel" (did you mean "title"?)`,
		},
		{
			name: "B-04 every error of every file, sorted (content)",
			files: map[string]string{
				"content/z/last.md": "---\ntitle: Z\n---\n[a](nope.md)\n\n[b](#nope)\n",
				"content/a/x.md":    "---\ntitle: X\nordr: 1\norder: one\n---\n[c](../z/last.md#nope)\n",
				"content/m/m.md":    "---\n---\n",
			},
			want: `content/a/x.md:3:1: warning: unknown front matter key "ordr" (did you mean "order"?)
content/a/x.md:4:8: key "order": expected a number, got the string "one"
content/a/x.md:6:1: broken anchor #nope: no such heading in content/z/last.md
content/m/m.md:1:1: missing title: add title: to the front matter or start the article with a # heading
content/z/last.md:4:1: broken link to nope.md: no such file
content/z/last.md:6:1: broken anchor #nope: no such heading in this page`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			files := map[string]string{}
			for k, v := range errorSite {
				files[k] = v
			}
			for k, v := range tt.files {
				files[k] = v
			}
			sink := newMemSink()
			res, err := New(tt.opts).Build(context.Background(), sitetest.FS(files), sink)
			var got Diagnostics
			wantFail := strings.Contains("\n"+tt.want, "\n") && hasErrorLine(tt.want)
			switch {
			case err == nil:
				got = res.Warnings
				if wantFail {
					t.Errorf("build succeeded, want it to fail")
				}
				if got.Errors() != 0 {
					t.Errorf("successful build reports %d errors", got.Errors())
				}
			case errors.As(err, &got):
				if !wantFail {
					t.Errorf("build failed, want it to succeed")
				}
				if got.Errors() == 0 {
					t.Errorf("failed build has no error diagnostic")
				}
				if len(sink.files) != 0 {
					t.Errorf("failed build put %d outputs", len(sink.files))
				}
				if err.Error() != got.Error() {
					t.Errorf("error text differs from the diagnostics")
				}
			default:
				t.Fatalf("build: %v (not Diagnostics)", err)
			}
			if !sort.SliceIsSorted(got, func(i, j int) bool { return diagLess(got[i], got[j]) }) {
				t.Errorf("diagnostics not sorted:\n%v", got)
			}
			if g := strings.TrimSuffix(diagText(got), "\n"); g != tt.want {
				t.Errorf("diagnostics (-want +got):\n%s", lineDiff(tt.want+"\n", g+"\n"))
			}
		})
	}
}

// hasErrorLine reports whether a want text has a line that is not a warning.
func hasErrorLine(want string) bool {
	for _, l := range strings.Split(want, "\n") {
		if l != "" && !strings.Contains(l, ": warning: ") {
			return true
		}
	}
	return false
}

func diagLess(a, b Diagnostic) bool {
	ds := Diagnostics{b, a}
	ds.Sort()
	return ds[0] == a && ds[0] != b
}

// TestErrorCounts checks the exit semantics: Errors counts what fails a
// build, Warnings what does not, and Error prints every line.
func TestErrorCounts(t *testing.T) {
	ds := Diagnostics{
		{Pos: Pos{File: "b.md", Line: 2, Col: 1}, Msg: "second"},
		{Pos: Pos{File: "a.md", Line: 9, Col: 3}, Warning: true, Msg: "warn"},
		{Pos: Pos{File: "a.md"}, Msg: "whole file"},
		{Pos: Pos{File: "a.md", Line: 9, Col: 3}, Msg: "same place"},
	}
	ds.Sort()
	if ds.Errors() != 3 || ds.Warnings() != 1 {
		t.Errorf("Errors, Warnings = %d, %d; want 3, 1", ds.Errors(), ds.Warnings())
	}
	want := "a.md: whole file\na.md:9:3: same place\na.md:9:3: warning: warn\nb.md:2:1: second"
	if ds.Error() != want {
		t.Errorf("Error() =\n%s\nwant\n%s", ds.Error(), want)
	}
	var none Diagnostics
	if none.Errors() != 0 || none.Error() != "" {
		t.Errorf("empty Diagnostics: Errors %d, Error %q", none.Errors(), none.Error())
	}
}

// TestBOMAndCRLF checks F-09 and F-10: a byte order mark, CRLF and lone
// CR line endings build to exactly the outputs of the clean LF file, and
// no \r reaches a value.
func TestBOMAndCRLF(t *testing.T) {
	clean := "---\ntitle: Refunds\ndescription: Money back.\ntags: [a, b]\nupdated: 2026-01-02\n---\n" +
		"Intro with a [link](ok.md).\n\n## Steps\n\n- one\n- two\n\n```sh\necho hi\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
	variants := map[string]string{
		"clean": clean,
		"BOM":   "\xEF\xBB\xBF" + clean,
		"CRLF":  strings.ReplaceAll(clean, "\n", "\r\n"),
		"CR":    strings.ReplaceAll(clean, "\n", "\r"),
		"both":  "\xEF\xBB\xBF" + strings.ReplaceAll(clean, "\n", "\r\n"),
	}
	build := func(src string) *memSink {
		files := map[string]string{}
		for k, v := range errorSite {
			files[k] = v
		}
		files["content/a/x.md"] = src
		files["site.yaml"] = "title: T\r\nbase_url: https://x.example/\r\n"
		sink, res, ds := buildFS(t, Options{}, sitetest.FS(files))
		if res == nil || len(ds) != 0 {
			t.Fatalf("build: %v", ds)
		}
		return sink
	}
	want := build(clean)
	if got := string(want.files["a/x/index.html"]); !strings.Contains(got, "<title>Refunds") {
		t.Fatalf("clean build has no Refunds page")
	}
	for name, src := range variants {
		got := build(src)
		for p, data := range want.files {
			if !bytes.Equal(got.files[p], data) {
				t.Errorf("%s: %s differs from the clean build", name, p)
			}
		}
		if len(got.files) != len(want.files) {
			t.Errorf("%s: %d outputs, clean build has %d", name, len(got.files), len(want.files))
		}
		for p, data := range got.files {
			if bytes.Contains(data, []byte("\r")) && isTextOutput(p) && !strings.HasPrefix(p, "assets/") {
				t.Errorf("%s: %s contains a carriage return", name, p)
			}
		}
	}
}
