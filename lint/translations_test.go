package lint

import (
	"context"
	"github.com/kbhelp/kb/internal/sitetest"
	"strings"
	"testing"

	"github.com/kbhelp/kb/builder"
)

// Every language is checked, and an untranslated article's fallback
// pages do not repeat the default language's findings.
func TestCheckLanguagesReportsFallbacksOnce(t *testing.T) {
	fsys := sitetest.FS(map[string]string{
		"site.yaml":       "languages:\n  - code: en\n    name: English\n  - code: de\n    name: Deutsch\n  - code: ar\n    name: العربية\n",
		"content/a.md":    "---\ntitle: A\ndescription: The first.\n---\nText.\n",
		"content/b.md":    "---\ntitle: B\n---\nNo description.\n",
		"content/de/a.md": "---\ntitle: A auf Deutsch\n---\nKeine Beschreibung.\n",
	})
	r, err := RunLanguages(context.Background(), fsys, builder.Options{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.Findings {
		if f.Rule == RuleMissingDescription {
			got = append(got, f.String())
		}
	}
	want := []string{
		`content/b.md:1:1: missing-description: warning: article "B" has no description`,
		`content/de/a.md:1:1: missing-description: warning: article "A auf Deutsch" has no description`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(r.Missing) != 2 || r.Missing[0].Code != "de" || strings.Join(r.Missing[0].Paths, " ") != "content/b.md" ||
		r.Missing[1].Code != "ar" || len(r.Missing[1].Paths) != 2 {
		t.Errorf("missing: %+v", r.Missing)
	}
}
