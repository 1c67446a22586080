package server

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kbhelp/kb/internal/testtools"
)

// skipped counts the tests a missing tool skipped; TestMain prints one
// line per tool, even without -v.
var skipped testtools.Tally

var needChromium = testtools.Need{Tool: "chromium", What: "browser tests", Install: "apt-get install chromium"}

func TestMain(m *testing.M) {
	code := m.Run()
	skipped.Report("server", os.Stderr)
	os.Exit(code)
}

// devBase is a minimal layouts/base.html that loads the live-reload
// client the way the default theme should: {{if .Dev}}<script
// src="/_dev/client.js" defer></script>{{end}}.
const devBase = `{{define "base"}}<!DOCTYPE html>
<html lang="en"{{if .Dev}} data-dev-events="/_dev/events"{{end}}>
<head><meta charset="utf-8"><title>{{.HeadTitle}}</title>
{{range .Site.CSS}}<link rel="stylesheet" href="{{.}}">
{{end}}{{if .Dev}}<script src="/_dev/client.js" defer></script>{{end}}
</head>
<body><main>{{template "main" .}}</main></body>
</html>{{end}}`

// TestClientScriptInBrowser drives /_dev/client.js in headless
// chromium: reload keeping the scroll position, stylesheet swap without
// a reload, the error overlay with file:line:col and its source line,
// recovery without a manual reload, and a deleted page leading to its
// parent.
func TestClientScriptInBrowser(t *testing.T) {
	exe, err := exec.LookPath("chromium")
	if err != nil {
		skipped.Skip(t, needChromium, "")
	}
	if testing.Short() {
		t.Skip("-short")
	}
	long := strings.Repeat("Refunds take five to ten days.\n\n", 120)
	src := newSiteDir(t, testSite(map[string]string{
		"layouts/base.html":          devBase,
		"layouts/assets/style.css":   "body { background: rgb(250, 250, 250); }\n",
		"content/billing/refunds.md": "---\ntitle: Refunds\n---\n# Refunds\n\nVersion one.\n\n" + long,
	}))
	s := devServer(t, src, nil)
	ts := startServer(t, s)

	profile := t.TempDir()
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(exe), chromedp.UserDataDir(profile),
		chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true), chromedp.Flag("disable-background-networking", true), chromedp.WindowSize(1000, 700))
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	defer cancelT()

	// waitJS polls a JavaScript condition until it holds; a navigation in
	// between only makes one evaluation fail.
	waitJS := func(what, js string) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			if ok, err := jsEval[bool](ctx, js); err == nil && ok {
				return
			}
			if time.Now().After(deadline) {
				html, _ := jsEval[string](ctx, `document.documentElement.outerHTML.slice(0, 400)`)
				t.Fatalf("timed out waiting for %s (%s); page: %s", what, js, html)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	must := func(v any, err error) any {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	connected := func(n int) {
		t.Helper()
		waitFor(t, "the live-reload stream", func() bool { return s.clients.len() == n })
	}
	rebuild := func(b Batch, files map[string]string) {
		t.Helper()
		writeFiles(t, src, files)
		_, _ = s.Rebuild(context.Background(), b)
	}
	refunds := "content/billing/refunds.md"

	if _, err := chromedp.Run(ctx, chromedp.Navigate(ts.URL+"/billing/refunds/")); err != nil {
		t.Fatal(err)
	}
	waitJS("the page", `document.readyState === "complete" && document.body.innerText.includes("Version one")`)
	connected(1)

	// An edit reloads the page and keeps the scroll position.
	y := must(jsEval[float64](ctx, `window.scrollTo(0, 900), window.kbMarker = 1, window.scrollY`)).(float64)
	if y < 800 {
		t.Fatalf("page not scrollable: scrollY %v", y)
	}
	rebuild(Batch{Paths: []string{refunds}}, map[string]string{refunds: "---\ntitle: Refunds\n---\n# Refunds\n\nVersion two.\n\n" + long})
	waitJS("the reload", `window.kbMarker === undefined && document.body.innerText.includes("Version two")`)
	waitJS("the scroll position", `Math.abs(window.scrollY - 900) < 5`)
	connected(1)

	// A stylesheet change swaps the stylesheet without a reload.
	must(jsEval[int](ctx, `window.kbMarker = 2`))
	sheets := must(jsEval[int](ctx, `document.querySelectorAll('link[rel="stylesheet"]').length`)).(int)
	rebuild(Batch{Paths: []string{"layouts/assets/style.css"}}, map[string]string{"layouts/assets/style.css": "body { background: rgb(1, 2, 3); }\n"})
	waitJS("the new stylesheet", `getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)"`)
	if marker := must(jsEval[int](ctx, `window.kbMarker`)).(int); marker != 2 {
		t.Error("the page reloaded for a stylesheet change")
	}
	waitJS("the old stylesheets to go", fmt.Sprintf(`document.querySelectorAll('link[rel="stylesheet"]').length === %d`, sheets))

	// A failed build shows the overlay, with the position and the source
	// line, over the last good page.
	rebuild(Batch{Paths: []string{refunds}}, map[string]string{refunds: "---\ntitle: Refunds\nhidden: maybe\n---\n# Refunds\n"})
	waitJS("the overlay", `!!document.querySelector("[data-kb-dev-overlay]")`)
	text := must(jsEval[string](ctx, `document.querySelector("[data-kb-dev-overlay]").innerText`)).(string)
	if !strings.Contains(text, "content/billing/refunds.md:3:") || !strings.Contains(text, "hidden: maybe") || !strings.Contains(text, "Build failed") {
		t.Errorf("overlay text:\n%s", text)
	}
	if marker := must(jsEval[int](ctx, `window.kbMarker`)).(int); marker != 2 {
		t.Error("the page reloaded on a failed build")
	}

	// Fixing the file clears the overlay, without a manual reload.
	rebuild(Batch{Paths: []string{refunds}}, map[string]string{refunds: "---\ntitle: Refunds\n---\n# Refunds\n\nVersion three.\n"})
	waitJS("recovery", `!document.querySelector("[data-kb-dev-overlay]") && document.body.innerText.includes("Version three")`)
	connected(1)

	// Deleting the page leads to its nearest parent.
	if err := os.Remove(filepath.Join(src, refunds)); err != nil {
		t.Fatal(err)
	}
	rebuild(Batch{Paths: []string{refunds}}, nil)
	waitJS("the parent page", `location.pathname === "/billing/" && document.readyState === "complete"`)
}

func jsEval[T any](ctx context.Context, js string) (T, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[T](js))
}
