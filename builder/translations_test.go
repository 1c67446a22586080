package builder

import (
	"bytes"
	"context"
	"github.com/kbhelp/kb/internal/sitetest"
	"strings"
	"testing"
)

const twoLanguages = "title: Help\nlanguages:\n  - code: en\n    name: English\n  - code: de\n    name: Deutsch\n"

func TestAnalyzeLanguagesReportsEachProblemOnce(t *testing.T) {
	fsys := sitetest.FS(map[string]string{
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

func TestSetSourceHashKeepsTheRestOfTheFile(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"added after the last key", "---\ntitle: A\ntags: [x]\n---\nBody.\n", "---\ntitle: A\ntags: [x]\nsource_hash: 0123456789ab\n---\nBody.\n"},
		{"replaced, comment kept", "---\nsource_hash: 111111111111 # from v2\ntitle: A\n---\nBody.\n", "---\nsource_hash: 0123456789ab # from v2\ntitle: A\n---\nBody.\n"},
		{"quoted value replaced", "---\ntitle: A\nsource_hash: \"old\"\n---\n", "---\ntitle: A\nsource_hash: 0123456789ab\n---\n"},
		{"CRLF and byte order mark", "\xEF\xBB\xBF---\r\ntitle: A\r\n---\r\nBody.\r\n", "\xEF\xBB\xBF---\r\ntitle: A\r\nsource_hash: 0123456789ab\r\n---\r\nBody.\r\n"},
		{"no front matter", "# A\n\nBody.\n", "---\nsource_hash: 0123456789ab\n---\n# A\n\nBody.\n"},
		{"closed by ...", "---\ntitle: A\n...\nBody.\n", "---\ntitle: A\nsource_hash: 0123456789ab\n...\nBody.\n"},
	} {
		got, err := SetSourceHash([]byte(tc.in), "0123456789ab")
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if string(got) != tc.want {
			t.Errorf("%s:\n%q\nwant\n%q", tc.name, got, tc.want)
		}
	}
}

func TestSetSourceHashRefusesWhatItCannotEdit(t *testing.T) {
	for _, in := range []string{
		"---\ntitle: A\n",                   // not closed
		"---\ntitle: [A\n---\n",             // not YAML
		"---\n{title: A}\n---\nBody.\n",     // a flow mapping: a line after it is no key
		"---\nsource_hash: >\n  old\n---\n", // the value goes on
	} {
		if out, err := SetSourceHash([]byte(in), "0123456789ab"); err == nil {
			t.Errorf("%q: no error, got %q", in, out)
		}
	}
}

// FuzzSetSourceHash: on any file, SetSourceHash either fails or gives a
// file whose front matter reads back with the hash and whose body is
// the same; setting it again changes nothing.
func FuzzSetSourceHash(f *testing.F) {
	f.Add([]byte("---\ntitle: Refunds\n---\n# Refunds\n"))
	f.Add([]byte("---\r\nsource_hash: abc # x\r\ntitle: A\r\n---\r\nBody\r\n"))
	f.Add([]byte("# No front matter\n"))
	f.Add([]byte("\xEF\xBB\xBF---\ntitle: A\n...\n"))
	f.Fuzz(func(t *testing.T, file []byte) {
		out, err := SetSourceHash(file, "0123456789ab")
		if err != nil {
			return
		}
		src, d := cleanSource("", out)
		if d != nil {
			t.Fatalf("output is no text: %s", d.Msg)
		}
		fmSrc, _, ok := splitFrontMatter(src)
		if !ok {
			t.Fatalf("output's front matter is not closed: %q", out)
		}
		if fm, _ := parseFrontMatter("", fmSrc); fm.SourceHash != "0123456789ab" {
			t.Fatalf("source_hash reads back as %q: %q", fm.SourceHash, out)
		}
		again, err := SetSourceHash(out, "0123456789ab")
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("setting it again: %v\n%q\n%q", err, out, again)
		}
	})
}

func TestSetTranslationKey(t *testing.T) {
	got, err := SetTranslationKey([]byte("---\ntitle: A\n---\nText.\n"), "payments/refunds.md")
	if want := "---\ntitle: A\ntranslation_key: payments/refunds.md\n---\nText.\n"; err != nil || string(got) != want {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
	got, err = SetTranslationKey([]byte("---\ntranslation_key: old.md\n---\n"), "zahlungen/rück erstattung.md")
	if want := "---\ntranslation_key: \"zahlungen/rück erstattung.md\"\n---\n"; err != nil || string(got) != want {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
}
