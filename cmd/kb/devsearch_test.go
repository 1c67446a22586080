package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kbhelp/kb/builder"
)

// TestDevSearchIndexesOnlyChanges builds a site, edits one article and
// deletes another, and checks that the dev index follows each build by
// indexing only what changed.
func TestDevSearchIndexesOnlyChanges(t *testing.T) {
	src := t.TempDir()
	writeSite(t, src, map[string]string{
		"site.yaml":                     "title: Search Test\n",
		"content/billing/_index.md":     "---\ntitle: Billing\n---\n",
		"content/billing/refunds.md":    "---\ntitle: Refunds\n---\nRefunds take ten days.\n",
		"content/billing/invoices.md":   "---\ntitle: Invoices\n---\nInvoices are kept for seven years.\n",
		"content/billing/disputes.md":   "---\ntitle: Disputes\n---\nOpen a chargeback with your bank.\n",
		"content/billing/currencies.md": "---\ntitle: Currencies\n---\nWe bill in euros and dollars.\n",
	})
	d, cache, build, await := devSearchOf(t, src)
	build()
	await("chargeback", "/billing/disputes/")

	writeSite(t, src, map[string]string{"content/billing/refunds.md": "---\ntitle: Refunds\n---\nRefunds reach your wallet at once.\n"})
	cache.Changed("content/billing/refunds.md")
	build()
	await("wallet", "/billing/refunds/")
	if f, i, n := d.fulls.Load(), d.incrementals.Load(), d.lastIndexed.Load(); f != 1 || i != 1 || n != 1 {
		t.Errorf("after an edit: %d full builds, %d updates, last indexed %d documents; want 1, 1, 1", f, i, n)
	}

	if err := os.Remove(filepath.Join(src, "content/billing/disputes.md")); err != nil {
		t.Fatal(err)
	}
	cache.Changed("content/billing/disputes.md")
	build()
	await("chargeback", "")
	if f, i := d.fulls.Load(), d.incrementals.Load(); f != 1 || i != 2 {
		t.Errorf("after a delete: %d full builds, %d updates; want 1, 2", f, i)
	}
}

// TestDevSearchInSiteLanguage: the dev server's index analyses the
// site's language, built anew and updated alike.
func TestDevSearchInSiteLanguage(t *testing.T) {
	src := t.TempDir()
	writeSite(t, src, map[string]string{
		"site.yaml":                 "title: Hilfe\nlanguage: de\n",
		"content/konto/passwort.md": "---\ntitle: Passwort zurücksetzen\n---\nKlicken Sie auf „Passwort vergessen“.\n",
	})
	d, cache, build, await := devSearchOf(t, src)
	build()
	await("passw%C3%B6rter+zuruecksetzen", "/konto/passwort/")
	writeSite(t, src, map[string]string{"content/konto/passwort.md": "---\ntitle: Passwort zurücksetzen\n---\nDie Rücksetzlinks gelten eine Stunde.\n"})
	cache.Changed("content/konto/passwort.md")
	build()
	await("stunden", "/konto/passwort/")
	if f, i := d.fulls.Load(), d.incrementals.Load(); f != 1 || i != 1 {
		t.Errorf("%d full builds, %d updates; want 1, 1", f, i)
	}
}

// TestDevSearchPerLanguage: on a multilingual site kb serve keeps an
// index per language, each in its own analysis and updated from its own
// part of the build: an edit to a German article re-indexes German
// only, and a language removed from site.yaml loses its index.
func TestDevSearchPerLanguage(t *testing.T) {
	src := t.TempDir()
	langs := "language: en\nlanguages:\n  - code: en\n    name: English\n  - code: de\n    name: Deutsch\n"
	writeSite(t, src, map[string]string{
		"site.yaml":                     "title: Help\n" + langs,
		"content/billing/refunds.md":    "---\ntitle: Refunds\n---\nRefunds reach your card within a week.\n",
		"content/billing/card.md":       "---\ntitle: Card declined\n---\nCall your bank.\n",
		"content/de/billing/refunds.md": "---\ntitle: Erstattung\n---\nErstattungen erreichen Ihre Karte.\n",
	})
	cache := builder.NewCache()
	b := builder.New(builder.Options{Dev: true, Cache: cache})
	d := newDevSearches(io.Discard)
	defer d.close()
	build := func() {
		t.Helper()
		res, err := b.Build(context.Background(), os.DirFS(src), builder.NewMemSink())
		if err != nil {
			t.Fatal(err)
		}
		d.update(context.Background(), res)
	}
	await := func(code, query, want string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			var h http.Handler = d
			if code != "" {
				h = d.lang(code)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/search?q="+query, nil))
			body := rec.Body.String()
			if rec.Code == 200 && (want == "" && strings.Contains(body, `"hits":[]`) || want != "" && strings.Contains(body, `"url":"`+want)) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("search %s %q: want %q first, got %d %s", code, query, want, rec.Code, body)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	build()
	await("de", "erstattungen", "/de/billing/refunds/") // German stemming: Erstattungen, Erstattung
	await("de", "bank", "/de/billing/card/")            // the fallback page, in German's index
	await("", "refunds", "/billing/refunds/")
	await("", "erstattungen", "")
	if d.lang("en") == nil || d.lang("fr") != nil {
		t.Error("lang: want a handler for en, none for fr")
	}

	writeSite(t, src, map[string]string{"content/de/billing/refunds.md": "---\ntitle: Erstattung\n---\nErstattungen kommen per Überweisung.\n"})
	cache.Changed("content/de/billing/refunds.md")
	build()
	await("de", "%C3%BCberweisung", "/de/billing/refunds/")
	de, en := d.by["de"], d.by["en"]
	if de.incrementals.Load() != 1 || en.incrementals.Load() != 0 || en.fulls.Load() != 1 {
		t.Errorf("German %d updates, English %d updates %d full builds; want 1, 0, 1", de.incrementals.Load(), en.incrementals.Load(), en.fulls.Load())
	}

	writeSite(t, src, map[string]string{"site.yaml": "title: Help\n"})
	cache.Changed("site.yaml")
	build()
	await("", "refunds", "/billing/refunds/")
	if d.lang("de") != nil {
		t.Error("German is still searched after site.yaml dropped it")
	}
}

// TestOpenLanguageIndexes: kb serve -prod opens each language's index
// in its folder of a multilingual build, as the root _kb.json lists
// them; a language whose index is missing is left out with a warning.
func TestOpenLanguageIndexes(t *testing.T) {
	src, out := t.TempDir(), filepath.Join(t.TempDir(), "public")
	writeSite(t, src, map[string]string{
		"site.yaml":                     "title: Help\nlanguage: en\nlanguages:\n  - code: en\n    name: English\n  - code: de\n    name: Deutsch\n  - code: ar\n    name: العربية\n    path: hc/ar/\n",
		"content/billing/refunds.md":    "---\ntitle: Refunds\n---\nRefunds reach your card within a week.\n",
		"content/de/billing/refunds.md": "---\ntitle: Erstattung\n---\nErstattungen erreichen Ihre Karte.\n",
	})
	if _, err := builder.New(builder.Options{}).BuildDir(context.Background(), src, out); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(out, "hc", "ar", builder.SearchDir)); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	hs := openLanguageIndexes(out, &stderr)
	if len(hs) != 1 || hs["de"] == nil || !strings.Contains(stderr.String(), "kb serve: search in ar disabled") {
		t.Fatalf("indexes %v, stderr %q", hs, stderr.String())
	}
	rec := httptest.NewRecorder()
	hs["de"].ServeHTTP(rec, httptest.NewRequest("GET", "/de/api/search?q=erstattungen", nil))
	if !strings.Contains(rec.Body.String(), `"url":"/de/billing/refunds/"`) {
		t.Errorf("German search: %d %s", rec.Code, rec.Body.String())
	}
	if hs := openLanguageIndexes(t.TempDir(), io.Discard); hs != nil {
		t.Errorf("a folder without _kb.json: %v", hs)
	}
}

// devSearchOf is a dev index over the site src with the dev build's
// cache: build builds the site and updates the index, await polls the
// search API until query's first hit is want ("" for no hit).
func devSearchOf(t *testing.T, src string) (d *devSearch, cache *builder.Cache, build func(), await func(query, want string)) {
	cache = builder.NewCache()
	b := builder.New(builder.Options{Dev: true, Cache: cache})
	d = newDevSearch(io.Discard)
	t.Cleanup(d.close)
	build = func() {
		t.Helper()
		res, err := b.Build(context.Background(), os.DirFS(src), builder.NewMemSink())
		if err != nil {
			t.Fatal(err)
		}
		d.update(context.Background(), res)
	}
	await = func(query, want string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			rec := httptest.NewRecorder()
			d.ServeHTTP(rec, httptest.NewRequest("GET", "/api/search?q="+query, nil))
			body := rec.Body.String()
			found := rec.Code == 200 && strings.Contains(body, `"url":"`+want)
			if want == "" {
				found = rec.Code == 200 && strings.Contains(body, `"hits":[]`)
			}
			if found {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("search %q: want %q first, got %d %s", query, want, rec.Code, body)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	return d, cache, build, await
}
