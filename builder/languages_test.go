package builder

import (
	"os"
	"strings"
	"testing"
)

// FuzzParseConfig feeds site.yaml texts to the parser: it never panics,
// every problem names site.yaml at a line of the text, and a list of
// languages that parses cleanly derives one Config per language, the
// default first, each in a folder of its own.
func FuzzParseConfig(f *testing.F) {
	for _, p := range []string{"../site.yaml", "../examples/rebrand/site.yaml"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("title: T\nlanguage: de\nlanguages:\n  - code: en\n  - code: de\n    path: hc/de/\n    fallback: false\n  - code: ar\n    base_url: https://ar.example/\n")
	f.Add("languages:\n  - {code: pt-BR, name: Português, direction: ltr, search: {synonyms: {conta: [login]}}}\n  - code: he\n")
	f.Add("languages: [en, de]\n")
	f.Fuzz(func(t *testing.T, src string) {
		c, diags := parseConfig("site.yaml", []byte(src))
		lines := strings.Count(src, "\n") + 2
		for _, d := range diags {
			if d.Pos.File != "site.yaml" || d.Pos.Line < 0 || d.Pos.Line > lines {
				t.Fatalf("diagnostic %q at %v, outside site.yaml's %d lines", d.Msg, d.Pos, lines)
			}
		}
		if diags.Errors() > 0 || len(c.Languages) == 0 {
			return
		}
		c.setDefaults()
		if !strings.EqualFold(c.Languages[0].Code, c.Language) {
			t.Fatalf("default language %q is not first: %+v", c.Language, c.Languages)
		}
		outs := map[string]bool{}
		for i, lc := range c.languageConfigs() {
			if lc.Language != c.Languages[i].Code || lc.lang == nil || lc.lang.Default != (i == 0) {
				t.Fatalf("config %d is for %q, want %q", i, lc.Language, c.Languages[i].Code)
			}
			if !strings.HasPrefix(lc.BasePath, "/") || !strings.HasSuffix(lc.BasePath, "/") {
				t.Fatalf("%s: base path %q", lc.Language, lc.BasePath)
			}
			if outs[lc.lang.Out] {
				t.Fatalf("two languages write into %q", lc.lang.Out)
			}
			outs[lc.lang.Out] = true
		}
	})
}
