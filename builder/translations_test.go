package builder

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

func langFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

const twoLanguages = "title: Help\nlanguages:\n  - code: en\n    name: English\n  - code: de\n    name: Deutsch\n"

func TestAnalyzeLanguagesReportsEachProblemOnce(t *testing.T) {
	fsys := langFS(map[string]string{
		"site.yaml":          twoLanguages,
		"content/a.md":       "---\ntitle: A\n---\nSee [b](b.md).\n",
		"content/b.md":       "---\ntitle: B\n---\nSee [gone](gone.md).\n",
		"content/de/a.md":    "---\ntitle: A auf Deutsch\n---\nSiehe [fehlt](fehlt.md).\n",
		"content/de/only.md": "---\ntitle: Nur Deutsch\n---\nText.\n",
	})
	sites, diags, err := New(Options{}).AnalyzeLanguages(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(sites) != 2 || sites[0].Config.Language != "en" || sites[1].Config.Language != "de" {
		t.Fatalf("sites: %d, want en then de", len(sites))
	}
	var got []string
	for _, d := range diags {
		got = append(got, d.Pos.String()+": "+d.Msg)
	}
	want := []string{
		"content/b.md:4:5: broken link to gone.md: no such file",
		"content/de/a.md:4:7: broken link to fehlt.md: no such file",
	}
	if len(got) != len(want) {
		t.Fatalf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("diagnostic %d: %s\nwant prefix %s", i, got[i], want[i])
		}
	}
	de := map[string]*Page{}
	for _, p := range sites[1].Pages {
		if p.Src != nil {
			de[p.Src.Path] = p
		}
	}
	if p := de["content/de/a.md"]; p == nil || p.Fallback || p.TranslationKey() != "a.md" {
		t.Errorf("content/de/a.md: want a translation with key a.md")
	}
	if p := de["content/b.md"]; p == nil || !p.Fallback {
		t.Errorf("content/b.md: want a fallback in de")
	}
	if got := sites[1].Config.LanguageFolder(); got != "content/de" {
		t.Errorf("LanguageFolder = %q", got)
	}
	if p := de["content/de/a.md"]; len(p.Languages()) != 2 || !p.Languages()[0].Same {
		t.Errorf("content/de/a.md: Languages = %+v, want both, English the same article", p.Languages())
	}
}

func TestBodyHashIgnoresFrontMatterAndEdges(t *testing.T) {
	a := BodyHash([]byte("\n# Refunds\n\nText.\n"))
	if b := BodyHash([]byte("# Refunds\n\nText.")); a != b {
		t.Errorf("blank edges change the hash: %s, %s", a, b)
	}
	if c := BodyHash([]byte("# Refunds\n\nOther text.\n")); a == c {
		t.Errorf("an edit of the body keeps the hash %s", a)
	}
	if len(a) != 12 {
		t.Errorf("hash %q: want 12 hex digits", a)
	}
}
