// Package e2e holds kb's browser tests. They build the example site (the
// repository root), serve it with kb's own server in production mode
// (package server, on a loopback httptest listener) and drive Debian's
// chromium through the DevTools protocol (chromedp).
//
// The package has no code of its own: everything is in _test.go files.
// The tests run when chromium is installed and skip, naming the package
// to install, when it is not; with CI=true they fail instead. The
// accessibility tests also need axe-core (KB_AXE_JS, or
// e2e/node_modules/axe-core/axe.min.js after
// `npm install --no-save --prefix e2e axe-core@4`).
//
// Flags, after -args:
//
//	-screenshots   write docs/screenshots/*.png (or set KB_SCREENSHOTS=1)
//	-update        rewrite TestVisual's goldens, testdata/visual/*.png
//
// The visual tests (visual_test.go) open every kind of page at 390, 768,
// 1280 and 1920 pixels wide, light and dark: TestVisual compares the first
// 900 pixels of each with its golden, and writes the screenshot and an
// image of the differences to $TMPDIR/kb-visual/ when they differ;
// TestLayoutFitsTheWidth fails on anything wider than the window, and
// TestTextNeverOverlapsText on text drawn over text.
//
// The live-reload tests (livereload_test.go) instead build kb itself and
// run `kb serve` on a copy of the example site in a temporary folder,
// editing its files as a writer's editor would.
//
// Everything runs in one browser process, with a fresh browser context
// (cookies, localStorage) and tab per test. Every page a test visits is
// checked for console errors, failed requests and requests to other hosts.
//
// hosts_test.go needs no browser: it checks that the README's nginx and
// Caddy configurations are scripts/hosts/'s, which scripts/hosts-check.sh
// serves the example site with.
package e2e
