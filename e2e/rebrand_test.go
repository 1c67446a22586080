package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// rebrandDir is the example site re-branded by site.yaml's theme
// settings alone (its content/ is a link to the repository's).
const rebrandDir = "../examples/rebrand"

var rebrand = &builtSite{src: rebrandDir}

// startRebrand builds examples/rebrand once and serves it, as startSite
// does the example site.
func startRebrand(t *testing.T) *testSite { return rebrand.serve(t) }

// TestRebrand checks in a browser that every theme setting of
// examples/rebrand shows: the accent in both schemes, the fonts, both
// logos, the favicon links, the header links, the hero, the footer
// columns, the custom stylesheet, and the banner, whose dismissal
// survives a reload and never flashes it back.
func TestRebrand(t *testing.T) {
	t.Parallel()
	s := startRebrand(t)
	tb := newTab(t, s)
	tb.open("/")
	checks := []struct{ name, js, want string }{
		{"accent", `getComputedStyle(document.querySelector(".hero-inner .btn-primary")).backgroundColor`, "rgb(15, 118, 110)"},
		{"link colour", `getComputedStyle(document.querySelector(".see-all")).color`, "rgb(15, 118, 110)"},
		{"font", `getComputedStyle(document.body).fontFamily.split(",")[0]`, `"Avenir Next"`},
		{"code font", `getComputedStyle(document.documentElement).getPropertyValue("--mono").trim().split(",")[0]`, `"JetBrains Mono"`},
		{"light logo shown", `String(document.querySelector(".logo-light").getBoundingClientRect().width > 0 && document.querySelector(".logo-dark").getBoundingClientRect().width === 0)`, "true"},
		{"favicon", `Array.from(document.querySelectorAll("link[rel=icon], link[rel=apple-touch-icon]")).map(l => l.rel + " " + (l.type || "-") + " " + new URL(l.href).pathname.replace(/\.[0-9a-f]{8}\./, ".HASH.")).join("; ")`,
			"icon image/svg+xml /favicon.svg; icon image/png /assets/favicon-32.HASH.png; apple-touch-icon - /assets/apple-touch-icon.HASH.png"},
		{"header links", `Array.from(document.querySelectorAll(".header-nav a")).map(a => a.textContent).join(", ")`, "Status, Community"},
		{"hero", `document.querySelector(".hero h1").textContent + " | " + document.querySelector(".hero .lede").textContent`, "How can we help? | Search the guides, or browse by topic below."},
		{"hero image", `String(getComputedStyle(document.querySelector(".hero")).backgroundImage.includes("/images/hero.svg"))`, "true"},
		{"footer columns", `Array.from(document.querySelectorAll(".footer-column")).map(c => c.querySelector("h2").textContent + ": " + Array.from(c.querySelectorAll("a")).map(a => a.textContent).join(", ")).join("; ")`,
			"Product: Download, Pricing; Company: About, Careers"},
		{"custom stylesheet last", `String(Array.from(document.querySelectorAll("link[rel=stylesheet]")).pop().href.includes("/css/brand."))`, "true"},
		{"banner", `document.querySelector(".announcement-text").innerText.trim()`, "New: Meridian for tablets is here."},
	}
	for _, c := range checks {
		if got := evalJS[string](tb, c.js); got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}

	// Dark scheme: its own accent and logo.
	dark := newTab(t, s)
	dark.setFeature("prefers-color-scheme", "dark")
	dark.open("/")
	if got := evalJS[string](dark, `getComputedStyle(document.querySelector(".see-all")).color`); got != "rgb(94, 234, 212)" {
		t.Errorf("dark link colour = %s, want the accent_dark rgb(94, 234, 212)", got)
	}
	if got := evalJS[bool](dark, `document.querySelector(".logo-dark").getBoundingClientRect().width > 0 && document.querySelector(".logo-light").getBoundingClientRect().width === 0`); !got {
		t.Errorf("dark scheme does not show logo_dark alone")
	}

	// On a phone nothing is wider than the screen: the header links
	// take a row of their own and scroll inside it.
	phone := newTab(t, s)
	phone.viewport(390, 844, true)
	for _, p := range []string{"/", cardDeclined} {
		phone.open(p)
		if w := evalJS[float64](phone, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("%s at 390 px is %v px wide", p, w)
		}
		if !evalJS[bool](phone, `(() => { const n = document.querySelector(".header-nav").getBoundingClientRect(), s = document.querySelector(".search-header").getBoundingClientRect(); return n.top >= s.bottom - 1 || n.bottom <= s.top + 1 || n.left >= s.right || n.right <= s.left; })()`) {
			t.Errorf("%s at 390 px: the header links overlap the search box", p)
		}
	}

	// Closing the banner hides it, and it stays hidden on the next pages
	// from the first paint: the class is on <html> before the body is read.
	waitJS(tb, `!document.querySelector("[data-announcement-close]").hidden`)
	tb.click("[data-announcement-close]")
	if evalJS[bool](tb, `document.querySelector(".announcement").getBoundingClientRect().height > 0`) {
		t.Errorf("the banner is still shown after its close button")
	}
	tb.onNewDocument(`document.addEventListener("readystatechange", () => { if (document.readyState === "interactive") window.kbBannerAtParse = document.documentElement.classList.contains("announcement-dismissed"); });`)
	tb.open("/billing/")
	if !evalJS[bool](tb, `window.kbBannerAtParse === true && document.querySelector(".announcement").getBoundingClientRect().height === 0`) {
		t.Errorf("after a reload the banner is back, or was hidden only late")
	}
}

// TestRebrandAxe runs axe on the re-branded site, with its custom accent
// colours, in both schemes: no serious or critical violation.
func TestRebrandAxe(t *testing.T) {
	t.Parallel()
	src := axeSource(t)
	s := startRebrand(t)
	for _, scheme := range []string{"light", "dark"} {
		t.Run(scheme, func(t *testing.T) {
			tb := newTab(t, s)
			tb.setFeature("prefers-color-scheme", scheme)
			tb.onNewDocument(src)
			for _, p := range []string{"/", "/billing/", cardDeclined, searchPage + "?q=password"} {
				tb.open(p)
				for _, v := range evalJS[[]axeViolation](tb, runAxe) {
					t.Errorf("%s (%s): %s %s: %s\n\t%s", p, scheme, v.Impact, v.ID, v.Help, strings.Join(v.Nodes, "\n\t"))
				}
			}
		})
	}
}

// TestRebrandScreenshots writes the README's docs/screenshots/rebrand-*.png
// when asked to, as TestScreenshots does: the home page and an article on
// a desktop (rebrand-home-light.png) and on a 390 px phone
// (rebrand-home-phone-light.png), light and dark.
func TestRebrandScreenshots(t *testing.T) {
	t.Parallel()
	if !*screenshotsFlag && os.Getenv("KB_SCREENSHOTS") != "1" {
		t.Log("not writing screenshots: pass -args -screenshots or set KB_SCREENSHOTS=1")
		return
	}
	s := startRebrand(t)
	devices := []struct {
		suffix string // after the page's name: "" keeps the desktop's first names
		w, h   int64
		mobile bool
	}{{"", 1280, 800, false}, {"-phone", 390, 844, true}}
	for _, d := range devices {
		for _, scheme := range []string{"light", "dark"} {
			tb := newTab(t, s)
			tb.viewport(d.w, d.h, d.mobile)
			tb.setFeature("prefers-color-scheme", scheme)
			for _, p := range []struct{ name, path string }{{"home", "/"}, {"article", cardDeclined}} {
				tb.open(p.path)
				evalJS[bool](tb, `document.fonts.ready.then(() => true)`)
				shot, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
				if err == nil {
					shot, err = smallPNG(shot)
				}
				if err != nil {
					t.Fatalf("%s: screenshot: %v", p.path, err)
				}
				name := filepath.Join(screenshotDir, "rebrand-"+p.name+d.suffix+"-"+scheme+".png")
				if err := os.WriteFile(name, shot, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("%s: %d bytes", name, len(shot))
			}
		}
	}
}
