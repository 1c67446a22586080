package llmstxt

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const valid = `# Kitewire Help Center

> Answers and troubleshooting for Kitewire.

Every page has a markdown version at its URL with .md.

- a list is fine in the details
- [so is a link](https://example.com/a.md)

` + "```sh\n# a comment is not a heading in a fence\ncurl https://example.com\n```" + `

## Account

- [Reset your password](https://help.example.com/account/reset.md): Choose a new password.
- [Two-factor authentication](https://help.example.com/account/2fa.md)

## API (v2)

- [Rate limits](https://help.example.com/api/rate-limits.md#429):  Handle 429s.   

## Optional

- [Changelog](http://help.example.com/changelog.md)
`

func TestParseValid(t *testing.T) {
	f, errs := Parse([]byte(valid))
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	want := &File{
		Title:   "Kitewire Help Center",
		Summary: "Answers and troubleshooting for Kitewire.",
		Details: "Every page has a markdown version at its URL with .md.\n\n- a list is fine in the details\n- [so is a link](https://example.com/a.md)\n\n" +
			"```sh\n# a comment is not a heading in a fence\ncurl https://example.com\n```",
		Sections: []Section{
			{Name: "Account", Line: 15, Links: []Link{
				{Title: "Reset your password", URL: "https://help.example.com/account/reset.md", Notes: "Choose a new password.", Line: 17, Col: 25},
				{Title: "Two-factor authentication", URL: "https://help.example.com/account/2fa.md", Line: 18, Col: 31},
			}},
			{Name: "API (v2)", Line: 20, Links: []Link{
				{Title: "Rate limits", URL: "https://help.example.com/api/rate-limits.md#429", Notes: "Handle 429s.", Line: 22, Col: 17},
			}},
			{Name: "Optional", Line: 24, Links: []Link{
				{Title: "Changelog", URL: "http://help.example.com/changelog.md", Line: 26, Col: 15},
			}},
		},
	}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("got  %#v\nwant %#v", f, want)
	}
	if !f.Sections[2].Optional() || f.Sections[0].Optional() {
		t.Error("Optional() wrong")
	}
}

func TestParseMinimal(t *testing.T) {
	for _, src := range []string{"# T", "# T\n", "\n\n# T\r\n", "# T #\n", "#\tT\n"} {
		f, errs := Parse([]byte(src))
		if len(errs) > 0 || f.Title != "T" {
			t.Errorf("%q: title %q, errors %v", src, f.Title, errs)
		}
	}
}

// TestRules has one or more cases per rule: the source, and the errors
// expected as "line:col: rule" (messages are not compared).
func TestRules(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"encoding invalid", "# T\n\nab\xffc\n", []string{"3:3: text/encoding"}},
		{"encoding control", "# T\n\na\x00b\n", []string{"3:2: text/encoding"}},
		{"encoding lone CR", "# T\rfoo\n", []string{"1:4: text/encoding"}},
		{"encoding BOM", "\ufeff# T\n", []string{"1:1: text/encoding", "1:1: h1/missing"}},
		{"h1 missing empty", "", []string{"1:1: h1/missing"}},
		{"h1 missing sections only", "## A\n\n- [a](https://x.org/)\n", []string{"1:1: h1/missing"}},
		{"h1 missing hash no space", "#Title\n", []string{"1:1: heading/space", "1:1: h1/missing"}},
		{"h1 first", "intro\n\n# T\n", []string{"1:1: h1/first"}},
		{"h1 first H3", "### Sub\n# T\n", []string{"1:1: h1/first"}},
		{"h1 empty", "#\n", []string{"1:1: h1/empty"}},
		{"h1 empty closing", "# ##\n", []string{"1:1: h1/empty"}},
		{"h1 multiple details", "# T\n\ntext\n\n# U\n", []string{"5:1: h1/multiple"}},
		{"h1 multiple section", "# T\n\n## A\n\n# U\n", []string{"5:1: h1/multiple"}},
		{"heading level details", "# T\n\n### Sub\n", []string{"3:1: heading/level"}},
		{"heading level section", "# T\n\n## A\n\n- [a](https://x.org/)\n#### Deep\n", []string{"6:1: heading/level"}},
		{"heading level H6", "# T\n###### six\n", []string{"2:1: heading/level"}},
		{"heading indent H2", "# T\n\n  ## A\n", []string{"3:1: heading/indent"}},
		{"heading indent H1", "   # T\n", []string{"1:1: heading/indent"}},
		{"heading space", "# T\n\n##A\n", []string{"3:1: heading/space"}},
		{"heading space 7 hashes", "# T\n\n####### seven\n", []string{"3:1: heading/space"}},
		{"hash word in details ok", "# T\n\n#hashtag is text\n", nil},
		{"heading setext h2", "# T\n\nSub\n---\n", []string{"4:1: heading/setext"}},
		{"heading setext h1", "# T\n\nSub\n===\n", []string{"4:1: heading/setext"}},
		{"thematic break ok", "# T\n\ntext\n\n---\n\nmore\n", nil},
		{"list then dashes ok", "# T\n\n- item\n---\n", nil},
		{"summary empty", "# T\n\n>\n", []string{"3:1: summary/empty"}},
		{"summary lines", "# T\n\n> one\n> two\n", []string{"4:1: summary/lines"}},
		{"summary lazy line", "# T\n\n> one\ntwo\n\ndetails\n", []string{"4:1: summary/lines"}},
		{"fence unclosed", "# T\n\n```\ncode\n", []string{"3:1: fence/unclosed"}},
		{"fence unclosed short close", "# T\n\n````\ncode\n```\n", []string{"3:1: fence/unclosed"}},
		{"fence tilde ok", "# T\n\n~~~\n```\n~~~\n", nil},
		{"fence h2", "# T\n\n```\n## not a section\n```\n", []string{"4:1: fence/h2"}},
		{"fence in section", "# T\n\n## A\n\n```\ncode\n```\n", []string{"5:1: section/content"}},
		{"section empty", "# T\n\n##\n", []string{"3:1: section/empty"}},
		{"section empty closing", "# T\n\n## ##\n", []string{"3:1: section/empty"}},
		{"section duplicate", "# T\n\n## A\n\n- [a](https://x.org/)\n\n## A\n", []string{"7:1: section/duplicate"}},
		{"section duplicate closing hashes", "# T\n\n## A\n## A ##\n", []string{"4:1: section/duplicate"}},
		{"section names differ by case ok", "# T\n\n## A\n## a\n", nil},
		{"optional not last", "# T\n\n## Optional\n\n- [a](https://x.org/)\n\n## B\n", []string{"3:1: section/optional-last"}},
		{"optional last ok", "# T\n\n## B\n\n## Optional\n", nil},
		{"section paragraph", "# T\n\n## A\n\nSome text\nmore text\n\n- [a](https://x.org/)\n", []string{"5:1: section/content"}},
		{"section two paragraphs", "# T\n\n## A\n\none\n\ntwo\n", []string{"5:1: section/content", "7:1: section/content"}},
		{"section quote", "# T\n\n## A\n> quote\n", []string{"4:1: section/content"}},
		{"link form star", "# T\n\n## A\n* [a](https://x.org/)\n", []string{"4:1: link/form"}},
		{"link form plus", "# T\n\n## A\n+ [a](https://x.org/)\n", []string{"4:1: link/form"}},
		{"link form ordered", "# T\n\n## A\n1. [a](https://x.org/)\n", []string{"4:1: link/form"}},
		{"link form no link", "# T\n\n## A\n- just text\n", []string{"4:3: link/form"}},
		{"link form bare dash", "# T\n\n## A\n-\n", []string{"4:2: link/form"}},
		{"link form no paren", "# T\n\n## A\n- [a] https://x.org/\n", []string{"4:3: link/form"}},
		{"link form unclosed paren", "# T\n\n## A\n- [a](https://x.org/\n", []string{"4:6: link/form"}},
		{"link form trailing text", "# T\n\n## A\n- [a](https://x.org/) - notes\n", []string{"4:22: link/form"}},
		{"link form space before colon", "# T\n\n## A\n- [a](https://x.org/) : notes\n", []string{"4:22: link/form"}},
		{"link form indented item", "# T\n\n## A\n  - [a](https://x.org/)\n", []string{"4:1: link/form"}},
		{"link form continuation", "# T\n\n## A\n- [a](https://x.org/): notes\n  go on here\n", []string{"5:1: link/form"}},
		{"link form nested", "# T\n\n## A\n- [a](https://x.org/)\n  - [b](https://x.org/b)\n", []string{"5:1: link/form"}},
		{"link text bracket", "# T\n\n## A\n- [a]b](https://x.org/)\n", []string{"4:5: link/text"}},
		{"link text open bracket", "# T\n\n## A\n- [a [b](https://x.org/)\n", []string{"4:6: link/text"}},
		{"link text empty", "# T\n\n## A\n- [](https://x.org/)\n", []string{"4:3: link/text"}},
		{"link text backslash", "# T\n\n## A\n- [a\\](https://x.org/)\n", []string{"4:5: link/text"}},
		{"link text double backslash ok", "# T\n\n## A\n- [a\\\\](https://x.org/)\n", nil},
		{"url empty", "# T\n\n## A\n- [a]()\n", []string{"4:7: link/url-empty"}},
		{"url close paren", "# T\n\n## A\n- [a](https://x.org/a_(b))\n", []string{"4:23: link/url-chars"}},
		{"url open paren", "# T\n\n## A\n- [a](https://x.org/a_(b)\n", []string{"4:6: link/form"}},
		{"url space", "# T\n\n## A\n- [a](https://x.org/a b)\n", []string{"4:22: link/url-chars"}},
		{"url title", "# T\n\n## A\n- [a](https://x.org/ \"title\")\n", []string{"4:21: link/url-chars"}},
		{"url angle", "# T\n\n## A\n- [a](<https://x.org/a b>)\n", []string{"4:7: link/url-chars"}},
		{"url backslash", "# T\n\n## A\n- [a](https://x.org/\\_)\n", []string{"4:21: link/url-chars"}},
		{"url bad escape", "# T\n\n## A\n- [a](https://x.org/%zz)\n", []string{"4:7: link/url-chars"}},
		{"url relative", "# T\n\n## A\n- [a](/billing.md)\n", []string{"4:7: link/url-scheme"}},
		{"url relative no slash", "# T\n\n## A\n- [a](billing.md)\n", []string{"4:7: link/url-scheme"}},
		{"url mailto", "# T\n\n## A\n- [a](mailto:a@x.org)\n", []string{"4:7: link/url-scheme"}},
		{"url no host", "# T\n\n## A\n- [a](https:/x)\n", []string{"4:7: link/url-scheme"}},
		{"url encoded ok", "# T\n\n## A\n- [a](https://x.org/a_%28b%29%20c): n\n", nil},
		{"trailing whitespace ok", "# T  \n\n> s \t\n\nd  \n\n## A  \n\n- [a](https://x.org/): n  \n", nil},
		{"crlf ok", "# T\r\n\r\n## A\r\n- [a](https://x.org/)\r\n", nil},
		{"several problems sorted", "# T\n\n## A\n### B\n- [a]b](x)\n## A\n", []string{"4:1: heading/level", "5:5: link/text", "5:9: link/url-scheme", "6:1: section/duplicate"}},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := Parse([]byte(tt.src))
			var got []string
			for _, e := range errs {
				got = append(got, fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Rule))
				if e.Msg == "" {
					t.Errorf("%s: empty message", e.Rule)
				}
				if _, ok := Rules[e.Rule]; !ok {
					t.Errorf("rule %q is not in Rules", e.Rule)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("source:\n%s\ngot:\n%s\nwant:\n%s", tt.src, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
		for _, w := range tt.want {
			seen[w[strings.Index(w, " ")+1:]] = true
		}
	}
	for r := range Rules {
		if !seen[r] {
			t.Errorf("rule %s has no test case", r)
		}
	}
}

func TestRelativeOption(t *testing.T) {
	src := "# T\n\n## A\n- [a](/billing/refunds.md): n\n- [b](refunds.md)\n- [c](ftp://x.org/f)\n"
	f, errs := Options{Relative: true}.Parse([]byte(src))
	if len(errs) != 1 || errs[0].Rule != "link/url-scheme" || errs[0].Line != 6 {
		t.Errorf("errors %v, want one link/url-scheme on line 6", errs)
	}
	if n := len(f.Sections[0].Links); n != 2 {
		t.Errorf("%d links, want 2", n)
	}
}

func TestErrorString(t *testing.T) {
	e := Error{Line: 3, Col: 7, Rule: "link/url-empty", Msg: "empty URL"}
	if got, want := e.Error(), "3:7: link/url-empty: empty URL"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestFormatRoundTrip(t *testing.T) {
	f, errs := Parse([]byte(valid))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	out := Format(f)
	g, errs := Parse(out)
	if len(errs) > 0 {
		t.Fatalf("formatted file has errors %v:\n%s", errs, out)
	}
	if !sameFile(f, g) {
		t.Errorf("round trip changed the file:\n%s", out)
	}
}

// sameFile compares two files without positions.
func sameFile(a, b *File) bool {
	strip := func(f *File) File {
		c := *f
		c.Sections = nil
		for _, s := range f.Sections {
			s.Line = 0
			ls := make([]Link, len(s.Links))
			for i, l := range s.Links {
				l.Line, l.Col = 0, 0
				ls[i] = l
			}
			if len(ls) == 0 {
				ls = nil
			}
			s.Links = ls
			c.Sections = append(c.Sections, s)
		}
		return c
	}
	return reflect.DeepEqual(strip(a), strip(b))
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(valid))
	for _, s := range []string{"", "# T", "# T\n> s\n> t\n", "## A\n- [a](b)\n", "# T\n\n```\n## x\n", "# T\n\n## A\n- [a](https://x.org/(b)): n\n"} {
		f.Add([]byte(s))
	}
	// Seed from the example site's content as well: markdown that is
	// not llms.txt exercises the error paths.
	files, _ := filepath.Glob("../content/*/*.md")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, errs := Parse(src)
		if file == nil {
			t.Fatal("nil File")
		}
		lines := strings.Split(string(src), "\n")
		for _, e := range errs {
			if e.Line < 1 || e.Line > len(lines) || e.Col < 1 || e.Col > len(lines[e.Line-1])+1 {
				t.Fatalf("error %v outside the input (%d lines)", e, len(lines))
			}
			if _, ok := Rules[e.Rule]; !ok {
				t.Fatalf("unknown rule %q", e.Rule)
			}
		}
		for _, s := range file.Sections {
			for _, l := range s.Links {
				if l.Line < 1 || l.Line > len(lines) || l.Col < 1 || l.Col > len(lines[l.Line-1])+1 {
					t.Fatalf("link %+v outside the input", l)
				}
				if !strings.HasPrefix(lines[l.Line-1][l.Col-1:], l.URL) {
					t.Fatalf("link %+v: URL not at its column", l)
				}
			}
		}
		if len(errs) > 0 {
			return
		}
		out := Format(file)
		again, errs := Parse(out)
		if len(errs) > 0 {
			t.Fatalf("Format output has errors %v:\n%q\nfrom\n%q", errs, out, src)
		}
		if !sameFile(file, again) {
			t.Fatalf("Parse(Format(f)) != f\nsrc %q\nout %q\n%#v\n%#v", src, out, file, again)
		}
	})
}
