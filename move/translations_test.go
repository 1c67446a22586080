package move

import (
	"context"
	"errors"
	"github.com/kbhelp/kb/internal/sitetest"
	"strings"
	"testing"
)

const langsYAML = "languages:\n  - code: en\n    name: English\n  - code: de\n    name: Deutsch\n"

// A translated article that moves keeps its translation, which stays at
// its path with translation_key: the new path.
func TestMoveKeepsTranslationLinked(t *testing.T) {
	fsys := sitetest.FS(map[string]string{
		"site.yaml":       langsYAML,
		"content/a.md":    "---\ntitle: A\n---\nText.\n",
		"content/de/a.md": "---\ntitle: A auf Deutsch\n---\nText.\n",
	})
	plan, err := Make(context.Background(), fsys, "a.md", "b.md")
	if err != nil {
		t.Fatal(err)
	}
	if got := string(plan.writes["content/de/a.md"]); got != "---\ntitle: A auf Deutsch\ntranslation_key: b.md\n---\nText.\n" {
		t.Errorf("content/de/a.md after the move:\n%s", got)
	}
	if len(plan.Notes) != 1 || !strings.Contains(plan.Notes[0], "translation_key: b.md") {
		t.Errorf("notes: %v", plan.Notes)
	}
}

// A move that would break a translation (its link to an untranslated
// article that moves) is refused, with where.
func TestMoveRefusesBreakingATranslation(t *testing.T) {
	fsys := sitetest.FS(map[string]string{
		"site.yaml":       langsYAML,
		"content/a.md":    "---\ntitle: A\n---\nText.\n",
		"content/b.md":    "---\ntitle: B\n---\nText.\n",
		"content/de/a.md": "---\ntitle: A auf Deutsch\n---\nSiehe [B](b.md).\n",
	})
	_, err := Make(context.Background(), fsys, "b.md", "c.md")
	var me *Error
	if !errors.As(err, &me) || len(me.Diags) != 1 || me.Diags[0].Pos.File != "content/de/a.md" {
		t.Fatalf("want the German link reported, got %v", err)
	}
}
