package e2e

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestOpenInLinksNameTheTwin: "Open in ChatGPT" and "Open in Claude" are
// plain links, there without JavaScript, each a new chat whose prompt
// names the page's twin at the site's base_url, and reachable by Tab.
func TestOpenInLinksNameTheTwin(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	tb.disableJS()
	tb.open(cardDeclined)
	twin := strings.TrimSuffix(s.Res.Site.Config.BaseURL, "/") + strings.TrimSuffix(cardDeclined, "/") + ".md"
	for _, c := range []struct{ label, prefix string }{
		{"Open in ChatGPT", "https://chatgpt.com/?"},
		{"Open in Claude", "https://claude.ai/new?"},
	} {
		href := evalJS[string](tb, `(Array.from(document.querySelectorAll(".page-menu a")).find(a => a.textContent.trim() === `+strconv.Quote(c.label)+`) || {href: ""}).href`)
		if !strings.HasPrefix(href, c.prefix) {
			t.Errorf("%s links to %q, want %s…", c.label, href, c.prefix)
			continue
		}
		u, err := url.Parse(href)
		if q := u.Query().Get("q"); err != nil || !strings.Contains(q, twin) {
			t.Errorf("%s asks %q, which does not name %s", c.label, q, twin)
		}
	}
	// Without JavaScript, Tab goes from View as Markdown (past Copy page,
	// hidden) to the menu's summary; Enter opens it, and Tab reaches the
	// first link.
	evalJS[bool](tb, `(document.querySelector('.article-actions a[type="text/markdown"]').focus(), true)`)
	tb.do(chromedp.KeyEvent("\t"))
	if got := evalJS[string](tb, `document.activeElement.innerText.trim()`); got != "Use with AI" {
		t.Fatalf("Tab after View as Markdown focuses %q, want the Use with AI menu", got)
	}
	tb.do(chromedp.KeyEvent("\r"))
	if !evalJS[bool](tb, `document.querySelector("details.page-menu").open`) {
		t.Fatal("Enter does not open the menu")
	}
	tb.do(chromedp.KeyEvent("\t"))
	if got := evalJS[string](tb, `document.activeElement.innerText.trim()`); got != "Open in ChatGPT" {
		t.Errorf("Tab in the open menu focuses %q, want Open in ChatGPT", got)
	}
}

// TestCopyMCPURLCopiesTheServersAddress: on kb's server the button shows
// (after the search status says the server answers) and copies the
// absolute {base}mcp of the host the page came from.
func TestCopyMCPURLCopiesTheServersAddress(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	tb.grantClipboard()
	tb.open(cardDeclined)
	const button = "[data-copy-mcp]"
	waitJS(tb, `!document.querySelector("[data-copy-mcp]").hidden`)
	tb.click("details.page-menu > summary")
	if !tb.visible(button) {
		t.Fatal("no Copy MCP URL button")
	}
	tb.click(button)
	waitJS(tb, `document.querySelector("[data-copy-mcp]").innerText.trim() !== "Copy MCP URL"`)
	if label := tb.text(button); label != "Copied" {
		t.Fatalf("after the click the button says %q", label)
	}
	if got, want := evalJS[string](tb, `navigator.clipboard.readText()`), s.URL+"/mcp"; got != want {
		t.Errorf("clipboard holds %q, want %q", got, want)
	}
	tb.do(chromedp.KeyEvent(kb.Escape))
	if evalJS[bool](tb, `document.querySelector("details.page-menu").open`) {
		t.Error("Escape does not close the menu")
	}
	if got := evalJS[string](tb, `document.activeElement.innerText.trim()`); got != "Use with AI" {
		t.Errorf("after Escape the focus is on %q, want the menu's summary", got)
	}
}
