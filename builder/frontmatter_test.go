package builder

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		fm     string
		off    int
		closed bool
	}{
		{"header and body", "---\ntitle: x\n---\nbody\n", "title: x\n", 17, true},
		{"no header", "# Title\n\nbody\n", "", 0, true},
		{"empty file", "", "", 0, true},
		{"empty header", "---\n---\nbody", "", 8, true},
		{"closed by ...", "---\ntitle: x\n...\nbody", "title: x\n", 17, true},
		{"trailing blanks on the fences", "--- \ntitle: x\n---\t\nbody", "title: x\n", 19, true},
		{"no newline after the closing fence", "---\ntitle: x\n---", "title: x\n", 16, true},
		{"longer rule does not close", "---\na: b\n----\n---\nbody", "a: b\n----\n", 18, true},
		{"indented fence does not close", "---\na: b\n ---\n---\n", "a: b\n ---\n", 18, true},
		{"not a fence: four dashes", "----\ntitle: x\n----\n", "", 0, true},
		{"not a fence: indented", " ---\ntitle: x\n---\n", "", 0, true},
		{"not a fence: text after", "--- x\ntitle: x\n---\n", "", 0, true},
		{"opened, never closed", "---\ntitle: x\n\nbody\n", "", 0, false},
		{"fence alone", "---", "", 0, false},
		{"fence and newline", "---\n", "", 0, false},
		{"only ... on the first line", "...\nbody", "", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, off, ok := splitFrontMatter([]byte(tt.src))
			if string(fm) != tt.fm || off != tt.off || ok != tt.closed {
				t.Errorf("splitFrontMatter(%q) = %q, %d, %v; want %q, %d, %v", tt.src, fm, off, ok, tt.fm, tt.off, tt.closed)
			}
			if ok && (off < 0 || off > len(tt.src)) {
				t.Errorf("body offset %d outside [0,%d]", off, len(tt.src))
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" for an error
	}{
		{"2026-03-14", "2026-03-14"},
		{"2026-03-14T23:30:00-05:00", "2026-03-14"}, // the date as written, whatever the zone
		{"2026-03-14T00:30:00+09:00", "2026-03-14"},
		{"2026-03-14T10:00:00", "2026-03-14"},
		{"2026-03-14 10:00:00", "2026-03-14"},
		{"2024-02-29", "2024-02-29"},
		{"2023-02-29", ""},
		{"2024-13-45", ""},
		{"14/03/2026", ""},
		{"yesterday", ""},
		{"", ""},
	}
	for _, tt := range tests {
		d, err := parseDate(tt.in)
		got := ""
		if err == nil {
			got = d.Format("2006-01-02")
			if d.Location() != time.UTC || d.Hour() != 0 {
				t.Errorf("parseDate(%q) = %v, want midnight UTC", tt.in, d)
			}
		}
		if got != tt.want {
			t.Errorf("parseDate(%q) = %q (%v), want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestCleanSource(t *testing.T) {
	tests := []struct {
		name, in, want, diag string
	}{
		{"clean", "a\nb\n", "a\nb\n", ""},
		{"BOM", "\xEF\xBB\xBFa\n", "a\n", ""},
		{"CRLF", "a\r\nb\r\n", "a\nb\n", ""},
		{"lone CR", "a\rb\r", "a\nb\n", ""},
		{"mixed", "a\r\n\rb\n", "a\n\nb\n", ""},
		{"UTF-16 LE", "\xFF\xFEa\x00", "", "f.md:1:1: file is UTF-16; save it as UTF-8"},
		{"UTF-16 BE", "\xFE\xFF\x00a", "", "f.md:1:1: file is UTF-16; save it as UTF-8"},
		{"NUL", "ab\ncd\x00", "", "f.md:2:3: not a text file: NUL byte at offset 5"},
		{"NUL after CRLF", "a\r\nb\x00", "", "f.md:2:2: not a text file: NUL byte at offset 3"},
		{"Windows-1252", "ok\nit\x92s", "", "f.md:2:3: invalid UTF-8 (byte 0x92); save the file as UTF-8"},
		{"truncated rune", "ok \xE2\x82", "", "f.md:1:4: invalid UTF-8 (byte 0xE2); save the file as UTF-8"},
		{"surrogate", "\xED\xA0\x80", "", "f.md:1:1: invalid UTF-8 (byte 0xED); save the file as UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, d := cleanSource("f.md", []byte(tt.in))
			gotDiag := ""
			if d != nil {
				gotDiag = d.String()
			}
			if string(got) != tt.want || gotDiag != tt.diag {
				t.Errorf("cleanSource(%q) = %q, %q; want %q, %q", tt.in, got, gotDiag, tt.want, tt.diag)
			}
		})
	}
}

// TestParseFrontMatterValues checks the values a header decodes to, in
// particular the YAML traps that must not change a value's meaning.
func TestParseFrontMatterValues(t *testing.T) {
	fm, diags := parseFrontMatter("f.md", []byte(strings.Join([]string{
		"title: 2024-12-19", // a date-looking title stays text
		"description: no",   // the Norway problem: stays "no"
		"slug: 0x1F",        // a hex-looking slug stays text
		"order: -3",
		"tags: [yes, 1.0, null-ish]",
		"draft: false",
		"hidden: true",
		"updated: 2026-03-14",
		"llms: optional",
		"aliases: [/old/]",
		"related: [a/b.md]",
	}, "\n")))
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	got := fmt.Sprintf("%q %q %q %v %q %v %v %s %q %q %q", fm.Title, fm.Description, fm.Slug, fm.Order, fm.Tags,
		fm.Draft, fm.Hidden, fm.Updated.Format("2006-01-02"), fm.LLMS, fm.Aliases[0].Value, fm.Related[0].Value)
	want := `"2024-12-19" "no" "0x1F" -3 ["yes" "1.0" "null-ish"] false true 2026-03-14 "optional" "/old/" "a/b.md"`
	if got != want {
		t.Errorf("decoded\n%s\nwant\n%s", got, want)
	}
	if p := fm.Aliases[0].Pos; p.String() != "f.md:11:11" {
		t.Errorf("alias position %v, want f.md:11:11 (file lines: the header starts on line 2)", p)
	}
}

func TestYAMLErrorLine(t *testing.T) {
	tests := []struct {
		yaml string
		line int
		msg  string
	}{
		{"a: 1\nb: 2\ntitle: This thing: crashes\n", 3, "mapping values are not allowed in this context"},
		{"a: 1\nb:\n\t- x\n", 3, "found character that cannot start any token"},
		{"a: 1\nb: \"open\nc: 2\n", 2, "found unexpected end of stream"},
		// Parser errors: go-yaml prints their line 0-based.
		{"a: 1\n- b\n", 2, "did not find expected key"},
		{"title: T\ntags: [a, b\norder: 1\n", 2, "did not find expected ',' or ']'"},
		{"a: 1\nb: {x: 1\nc: 2\n", 2, "did not find expected ',' or '}'"},
		{"a:\n  - x\n  y: 1\n", 2, "did not find expected '-' indicator"}, // where the list starts
		{"- x\nkey: v\n", 2, "did not find expected '-' indicator"},
		// An error on the first line carries no line at all.
		{"title: a: b\n", 0, "mapping values are not allowed in this context"},
	}
	for _, tt := range tests {
		var n yaml.Node
		err := yaml.Unmarshal([]byte(tt.yaml), &n)
		if err == nil {
			t.Errorf("%q: no error", tt.yaml)
			continue
		}
		line, msg := yamlErrorLine(err)
		if line != tt.line || msg != tt.msg {
			t.Errorf("%q: %v\n got line %d %q\nwant line %d %q", tt.yaml, err, line, msg, tt.line, tt.msg)
		}
	}
	for _, tt := range []struct {
		err  error
		line int
		msg  string
	}{
		{errors.New("yaml: line 7: found something"), 7, "found something"},
		{errors.New("yaml: did not find expected node content"), 0, "did not find expected node content"},
		{errors.New("yaml: line 4: did not find expected node content"), 5, "did not find expected node content"},
		{errors.New("something else"), 0, "something else"},
		{&yaml.TypeError{Errors: []string{"line 3: cannot unmarshal !!seq into string"}}, 0, "line 3: cannot unmarshal !!seq into string"},
	} {
		line, msg := yamlErrorLine(tt.err)
		if line != tt.line || msg != tt.msg {
			t.Errorf("yamlErrorLine(%q) = %d, %q; want %d, %q", tt.err, line, msg, tt.line, tt.msg)
		}
	}
}
