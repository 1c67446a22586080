package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kbhelp/kb/builder"
)

var translatedSite = map[string]string{
	"site.yaml":    "title: Help\nlanguages:\n  - code: en\n    name: English\n  - code: de\n    name: Deutsch\n",
	"content/a.md": "---\ntitle: A\ndescription: The first.\n---\nFirst article.\n",
	"content/c.md": "---\ntitle: C\ndescription: The third.\n---\nThird article.\n",
	"content/e.md": "---\ntitle: E\ndescription: The fifth.\n---\nFifth article.\n",
	// CRLF, an old hash with a comment after it: only the value changes.
	"content/de/a.md": "---\r\ntitle: A auf Deutsch\r\nsource_hash: 000000000000 # v1\r\ndescription: Das erste.\r\n---\r\nErster Artikel.\r\n",
	// No hash: it goes after the last key.
	"content/de/c.md": "---\ntitle: C auf Deutsch\ndescription: Das dritte. # kurz\n---\nDritter Artikel.\n",
	// German only: no original, no hash.
	"content/de/only.md": "---\ntitle: Nur Deutsch\ndescription: Nur hier.\n---\nText.\n",
}

func readSiteFile(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// kb check -fix-hashes writes each translation's source_hash, changing
// nothing else; then kb check finds no stale translation until the
// original's body changes, and a title edit does not count.
func TestCheckFixHashes(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, translatedSite)
	ha := builder.BodyHash([]byte("First article.\n"))
	hc := builder.BodyHash([]byte("Third article.\n"))

	code, out := check(t, "-src", dir, "-fix-hashes")
	want := "content/de/a.md: source_hash 000000000000 → " + ha + " (content/a.md)\n" +
		"content/de/c.md: source_hash none → " + hc + " (content/c.md)\n" +
		"kb check: source_hash written in 2 translations\n"
	if code != 0 || out != want {
		t.Fatalf("exit %d:\n%s\nwant:\n%s", code, out, want)
	}
	if got, want := readSiteFile(t, dir, "content/de/a.md"), "---\r\ntitle: A auf Deutsch\r\nsource_hash: "+ha+" # v1\r\ndescription: Das erste.\r\n---\r\nErster Artikel.\r\n"; got != want {
		t.Errorf("content/de/a.md:\n%q\nwant\n%q", got, want)
	}
	if got, want := readSiteFile(t, dir, "content/de/c.md"), "---\ntitle: C auf Deutsch\ndescription: Das dritte. # kurz\nsource_hash: "+hc+"\n---\nDritter Artikel.\n"; got != want {
		t.Errorf("content/de/c.md:\n%q\nwant\n%q", got, want)
	}
	if got := readSiteFile(t, dir, "content/de/only.md"); got != translatedSite["content/de/only.md"] {
		t.Errorf("content/de/only.md changed:\n%s", got)
	}
	if code, out := check(t, "-src", dir, "-fix-hashes"); code != 0 || out != "kb check: source_hash written in 0 translations\n" {
		t.Errorf("again: exit %d:\n%s", code, out)
	}

	stale := func() string {
		_, out := check(t, "-src", dir)
		var lines []string
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, "translation/stale") {
				lines = append(lines, l)
			}
		}
		return strings.Join(lines, "\n")
	}
	if s := stale(); s != "" {
		t.Errorf("stale after -fix-hashes:\n%s", s)
	}
	writeSite(t, dir, map[string]string{"content/a.md": "---\ntitle: A, renamed\ndescription: The first.\n---\nFirst article.\n"})
	if s := stale(); s != "" {
		t.Errorf("stale after a title edit:\n%s", s)
	}
	writeSite(t, dir, map[string]string{
		"content/a.md": "---\ntitle: A\ndescription: The first.\n---\nFirst article, now longer.\n",
		"content/c.md": "---\ntitle: C\ndescription: The third.\n---\nThird article, now longer.\n",
	})
	ha2 := builder.BodyHash([]byte("First article, now longer."))
	if s, want := stale(), "content/de/a.md:3:14: translation/stale: warning: stale translation: content/a.md changed since source_hash "+ha+" (its body hash is "+ha2+" now)"; !strings.HasPrefix(s, want) {
		t.Errorf("after an edit of the body:\n%s\nwant it to start\n%s", s, want)
	}
	// With a path, only that translation.
	code, out = check(t, "-src", dir, "-fix-hashes", "content/de/a.md")
	if want := "content/de/a.md: source_hash " + ha + " → " + ha2 + " (content/a.md)\nkb check: source_hash written in 1 translation\n"; code != 0 || out != want {
		t.Errorf("-fix-hashes content/de/a.md: exit %d:\n%s\nwant:\n%s", code, out, want)
	}
	if s := stale(); !strings.HasPrefix(s, "content/de/c.md:4:14: translation/stale") || strings.Contains(s, "de/a.md") {
		t.Errorf("after fixing a.md only:\n%s", s)
	}
}

// The missing translations: one line a language after the findings,
// every path with -missing CODE.
func TestCheckMissingTranslations(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, translatedSite)
	_, out := check(t, "-src", dir)
	want := "kb check: translations missing (translation/missing; kb check -missing CODE lists them):\n" +
		"  Deutsch (de) 1 of 3 articles (33%): content/e.md\n"
	if !strings.Contains(out, want) {
		t.Errorf("no table:\n%s\nwant:\n%s", out, want)
	}
	if !strings.Contains(out, "content/de/only.md:1:1: translation/orphan: info: an article in Deutsch only") || !strings.Contains(out, ", 1 note in 8 pages in 2 languages") {
		t.Errorf("the German-only article is no note:\n%s", out)
	}
	code, out := check(t, "-src", dir, "-missing", "de")
	if want := "de: content/e.md\nkb check: Deutsch (de): 1 of 3 articles not translated\n"; code != 0 || out != want {
		t.Errorf("-missing de: exit %d:\n%s\nwant:\n%s", code, out, want)
	}
	var stdout, stderr strings.Builder
	if code := run(t.Context(), []string{"check", "-src", dir, "-missing", "fr"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "(de, or all)") {
		t.Errorf("-missing fr: exit %d: %s", code, stderr.String())
	}
	writeSite(t, dir, map[string]string{"site.yaml": translatedSite["site.yaml"] + "check:\n  rules:\n    translation/missing: off\n"})
	if _, out := check(t, "-src", dir); strings.Contains(out, "translations missing") {
		t.Errorf("translation/missing: off still prints the table:\n%s", out)
	}
}
