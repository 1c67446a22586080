package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/kbhelp/kb/builder"
)

func kbNew(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"new"}, args...), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// kb new -lang de makes the translation from the original's front
// matter, without its aliases, with source_hash; it refuses to overwrite,
// and the site checks with no stale translation.
func TestNewTranslation(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, map[string]string{
		"site.yaml":                  "title: Help\nlanguages:\n  - code: en\n    name: English\n  - code: de\n    name: Deutsch\n",
		"content/billing/_index.md":  "---\ntitle: Billing\ndescription: Paying.\n---\n",
		"content/billing/refunds.md": "---\ntitle: Refunds\ndescription: How refunds work. # short\norder: 3\ntags: [money, cards]\naliases: [/old/refunds/]\nupdated: 2026-01-02\n---\nRefunds take five days.\n",
	})
	code, out, errOut := kbNew(t, "-src", dir, "-lang", "de", "billing/refunds")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	if want := "kb new: created " + dir + "/content/de/billing/refunds.md (translate it from content/billing/refunds.md)\n"; out != strings.ReplaceAll(want, dir+"/", sitePrefix(dir)) {
		t.Errorf("stdout %q, want %q", out, want)
	}
	hash := builder.BodyHash([]byte("Refunds take five days."))
	want := "---\ntitle: Refunds\ndescription: How refunds work. # short\norder: 3\ntags: [money, cards]\nsource_hash: " + hash + " # the original's body this translates (kb check -fix-hashes)\n---\n\n" +
		"> [!NOTE]\n> Translate content/billing/refunds.md into Deutsch (de) here, then remove this note.\n"
	if got := readSiteFile(t, dir, "content/de/billing/refunds.md"); got != want {
		t.Errorf("translation:\n%s\nwant:\n%s", got, want)
	}
	if code, _, errOut := kbNew(t, "-src", dir, "-lang", "de", "billing/refunds.md"); code != 1 || !strings.Contains(errOut, "content/de/billing/refunds.md already exists") {
		t.Errorf("again: exit %d: %s", code, errOut)
	}
	// A folder, with the title given.
	if code, _, errOut := kbNew(t, "-src", dir, "-lang", "de", "-section", "billing", "Abrechnung"); code != 0 {
		t.Fatalf("-section: exit %d: %s", code, errOut)
	}
	if got := readSiteFile(t, dir, "content/de/billing/_index.md"); !strings.HasPrefix(got, "---\ntitle: Abrechnung\ndescription: Paying.\nsource_hash: ") || strings.Contains(got, "NOTE") {
		t.Errorf("_index.md translation:\n%s", got)
	}
	// No original: an article in German only.
	code, out, _ = kbNew(t, "-src", dir, "-lang", "de", "billing/sepa", "SEPA-Lastschrift")
	if code != 0 || !strings.Contains(out, "an article in Deutsch only: English has no content/billing/sepa.md") {
		t.Errorf("German only: exit %d: %s", code, out)
	}
	for _, tc := range []struct{ lang, msg string }{
		{"fr", `-lang "fr" is not a language of the site (de)`},
		{"en", "-lang en is the default language"},
	} {
		if code, _, errOut := kbNew(t, "-src", dir, "-lang", tc.lang, "billing/refunds"); code != 2 || !strings.Contains(errOut, tc.msg) {
			t.Errorf("-lang %s: exit %d: %s", tc.lang, code, errOut)
		}
	}
	code, out = check(t, "-src", dir)
	if code != 0 || strings.Contains(out, "translation/stale") || strings.Contains(out, "error") && !strings.Contains(out, "0 errors") {
		t.Errorf("kb check after kb new -lang: exit %d:\n%s", code, out)
	}
}
