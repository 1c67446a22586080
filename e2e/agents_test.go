package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// grantClipboard lets the site's pages read and write the clipboard
// (headless chromium keeps its own clipboard, so nothing leaks).
func (tb *tab) grantClipboard() {
	tb.t.Helper()
	bc := chromedp.FromContext(tb.ctx).BrowserContextID
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		_, err := chromedp.CallBrowser(tb.ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission:       &browser.PermissionDescriptor{Name: name},
			Setting:          browser.PermissionSettingGranted,
			Origin:           tb.site.URL,
			BrowserContextID: bc,
		})
		if err != nil {
			tb.t.Fatalf("grant %s: %v", name, err)
		}
	}
}

func TestCopyPagePutsTheMarkdownTwinOnTheClipboard(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	tb.grantClipboard()
	tb.open(cardDeclined)
	const button = "[data-copy-page]"
	if !tb.visible(button) {
		t.Fatal("no Copy page button")
	}
	twin := strings.TrimPrefix(evalJS[string](tb, `document.querySelector("[data-copy-page]").dataset.copyPage`), "/")
	want, ok := s.Files[twin]
	if !ok {
		t.Fatalf("Copy page copies /%s, which the build did not write", twin)
	}
	tb.click(button)
	waitJS(tb, `document.querySelector("[data-copy-page]").innerText.trim() !== "Copy page"`)
	if label := tb.text(button); label != "Copied" {
		t.Fatalf("after the click the button says %q", label)
	}
	if got := evalJS[string](tb, `navigator.clipboard.readText()`); got != string(want) {
		t.Errorf("clipboard holds %d bytes starting %q, want /%s (%d bytes)", len(got), head(got), twin, len(want))
	}
}

func TestViewAsMarkdownOpensTheTwin(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	// A markdown document has no <link rel="icon">, so the browser may ask
	// for /favicon.ico, which kb does not write: a known gap (reported),
	// not this test's subject.
	tb.expect("/favicon.ico", 404)
	tb.open(cardDeclined)
	alt := evalJS[string](tb, `document.querySelector('link[rel=alternate][type="text/markdown"]').getAttribute("href")`)
	got := tb.follow(`.article-actions a[type="text/markdown"]`)
	if got != alt || got != strings.TrimSuffix(cardDeclined, "/")+".md" {
		t.Errorf("View as Markdown opened %s; the page's alternate link is %s", got, alt)
	}
	if ct := evalJS[string](tb, `document.contentType`); ct != "text/markdown" {
		t.Errorf("the twin is shown as %s", ct)
	}
	want := string(s.Files[strings.TrimPrefix(got, "/")])
	if text := evalJS[string](tb, `document.body.innerText`); strings.TrimSpace(text) != strings.TrimSpace(want) || want == "" {
		t.Errorf("the page shows %q, want the twin %q", head(text), head(want))
	}
}

// head is the start of a long text, for messages.
func head(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
