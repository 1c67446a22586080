package main

import (
	"context"
	"io"
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
	cache := builder.NewCache()
	b := builder.New(builder.Options{Dev: true, Cache: cache})
	d := newDevSearch(io.Discard)
	defer d.close()
	build := func() {
		t.Helper()
		res, err := b.Build(context.Background(), os.DirFS(src), builder.NewMemSink())
		if err != nil {
			t.Fatal(err)
		}
		d.update(context.Background(), res)
	}
	// await polls the API until query's first hit is want ("" for none).
	await := func(query, want string) {
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
	cache := builder.NewCache()
	b := builder.New(builder.Options{Dev: true, Cache: cache})
	d := newDevSearch(io.Discard)
	defer d.close()
	build := func() {
		t.Helper()
		res, err := b.Build(context.Background(), os.DirFS(src), builder.NewMemSink())
		if err != nil {
			t.Fatal(err)
		}
		d.update(context.Background(), res)
	}
	await := func(query, want string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			rec := httptest.NewRecorder()
			d.ServeHTTP(rec, httptest.NewRequest("GET", "/api/search?q="+query, nil))
			if rec.Code == 200 && strings.Contains(rec.Body.String(), `"url":"`+want) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("search %q: want %q first, got %d %s", query, want, rec.Code, rec.Body.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
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
