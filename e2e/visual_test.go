package e2e

import (
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The visual tests look at every kind of page at the four widths of
// polish_test.go, in the light and the dark palette: TestVisual compares
// screenshots with goldens, TestLayoutFitsTheWidth looks for what sticks
// out sideways, TestTextNeverOverlapsText for text drawn over text.

var updateVisual = flag.Bool("update", false, "rewrite the golden screenshots of TestVisual (testdata/visual/*.png)")

// visualDir holds TestVisual's goldens, relative to e2e/.
const visualDir = "testdata/visual"

// visualHeight is the height of every window, and of every golden: the
// first screen of the page, not the whole of it, so the goldens stay
// small.
const visualHeight = 900

// A visualPage is one kind of page; golden says whether TestVisual keeps
// a screenshot of it (the article with code is looked at by the layout
// tests only).
type visualPage struct {
	name, path string
	golden     bool
}

var visualPages = []visualPage{
	{"home", "/", true},
	{"category", "/billing/", true},
	{"section", "/billing/payments/", true},
	{"article", cardDeclined, true},
	{"article-code", webhooks, false},
	{"search", searchPage + "?q=password", true},
	{"404", "/no-such-page/", true},
}

// freezeJS makes the pages still for screenshots: no animation, no
// transition, no blinking caret, no smooth scrolling. The server's
// Content-Security-Policy forbids inline styles, so the tab bypasses it
// (visualTab), in this test only.
const freezeJS = `document.addEventListener("DOMContentLoaded", () => {
	const s = document.createElement("style");
	s.textContent = "*, *::before, *::after { animation: none !important; transition: none !important; caret-color: transparent !important; scroll-behavior: auto !important; }";
	document.head.append(s);
});`

// settleJS resolves once the page has stopped changing: kb.js has had the
// search status (it may reveal or hide controls), the fonts are loaded and
// two frames are painted.
const settleJS = `(async () => {
	for (let i = 0; i < 100 && document.querySelector("form[data-search]") && sessionStorage.getItem("kb-search-api") === null; i++)
		await new Promise(r => setTimeout(r, 20));
	await document.fonts.ready;
	await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
	return true;
})()`

// A view is one width in one palette.
type view struct {
	width  int64
	mobile bool
	scheme string
}

func (v view) String() string { return fmt.Sprintf("%d-%s", v.width, v.scheme) }

// eachView opens every page of visualPages in every view, one tab and
// parallel subtest per view, and calls check on each once it has settled.
func eachView(t *testing.T, check func(t *testing.T, tb *tab, v view, p visualPage)) {
	t.Helper()
	s := startSite(t)
	for _, scheme := range []string{"light", "dark"} {
		for _, w := range widths {
			v := view{width: w.w, mobile: w.mobile, scheme: scheme}
			t.Run(v.String(), func(t *testing.T) {
				t.Parallel()
				tb := visualTab(t, s, v)
				for _, p := range visualPages {
					tb.open(p.path)
					evalJS[bool](tb, settleJS)
					check(t, tb, v, p)
				}
			})
		}
	}
}

// visualTab opens a tab for v: the window visualHeight tall, at one device
// pixel per CSS pixel (phones too, so goldens stay small), frozen.
func visualTab(t *testing.T, s *testSite, v view) *tab {
	t.Helper()
	tb := newTab(t, s)
	tb.expect("/no-such-page/", 404)
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
	if v.mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	tb.do(chromedp.EmulateViewport(v.width, visualHeight, opts...))
	tb.setFeature("prefers-color-scheme", v.scheme)
	if _, err := chromedp.Call(tb.ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	tb.onNewDocument(freezeJS)
	return tb
}

// The tolerance of TestVisual: a pixel differs when one of its channels
// is more than pixelThreshold apart from the golden's, and a screenshot
// fails when more than maxDiffShare of its pixels differ. Anti-aliasing
// moves a few pixels; a moved block or a new colour moves thousands.
const (
	pixelThreshold = 40
	maxDiffShare   = 0.002
)

// TestVisual takes a screenshot of the first screen of every kind of page
// at 390, 768, 1280 and 1920 pixels wide, light and dark, and compares it
// with testdata/visual/NAME-WIDTH-SCHEME.png. A failure writes the
// screenshot and an image of the differences (in red) to a folder named
// in the error. After a change to the theme, look at the failures, then
// rewrite the goldens:
//
//	go test ./e2e -run TestVisual -args -update
func TestVisual(t *testing.T) {
	t.Parallel()
	if *updateVisual {
		if err := os.MkdirAll(visualDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(os.TempDir(), "kb-visual")
	eachView(t, func(t *testing.T, tb *tab, v view, p visualPage) {
		if !p.golden {
			return
		}
		name := p.name + "-" + v.String() + ".png"
		shot, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("%s: screenshot: %v", p.path, err)
		}
		golden := filepath.Join(visualDir, name)
		if *updateVisual {
			small, err := goldenPNG(shot)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, small, 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Errorf("%s: no golden (%v): go test ./e2e -run TestVisual -args -update", p.path, err)
			return
		}
		diff, msg, err := compareImages(want, shot)
		if err != nil {
			t.Errorf("%s: %s: %v", p.path, golden, err)
			return
		}
		if diff == nil {
			return
		}
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
		actual, diffName := filepath.Join(out, strings.TrimSuffix(name, ".png")+".actual.png"), filepath.Join(out, strings.TrimSuffix(name, ".png")+".diff.png")
		var b bytes.Buffer
		if err := png.Encode(&b, diff); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(actual, shot, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(diffName, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Errorf("%s (%s): %s\n\tgolden %s\n\tactual %s\n\tdiff   %s\n\t(if the change is meant: go test ./e2e -run TestVisual -args -update)", p.path, v, msg, golden, actual, diffName)
	})
}

// goldenPNG re-encodes a screenshot for a golden, in at most 256
// colours: its most frequent ones, each other pixel mapped to the nearest
// of them. A screenshot of the theme has a few flat colours and the
// shades of anti-aliased text, so all but a few hundredths of a percent
// of the pixels stay within pixelThreshold (those few count against
// maxDiffShare), and the file is a third of the size of the lossless one.
func goldenPNG(shot []byte) ([]byte, error) {
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		return nil, err
	}
	px := nrgba(img)
	b := px.Bounds()
	freq := map[color.NRGBA]int{}
	for i := 0; i < len(px.Pix); i += 4 {
		freq[color.NRGBA{px.Pix[i], px.Pix[i+1], px.Pix[i+2], px.Pix[i+3]}]++
	}
	colours := make([]color.NRGBA, 0, len(freq))
	for c := range freq {
		colours = append(colours, c)
	}
	slices.SortFunc(colours, func(a, b color.NRGBA) int { // most frequent first; ties by value, so the palette is stable
		if d := freq[b] - freq[a]; d != 0 {
			return d
		}
		return cmp.Compare(uint32(a.R)<<24|uint32(a.G)<<16|uint32(a.B)<<8|uint32(a.A), uint32(b.R)<<24|uint32(b.G)<<16|uint32(b.B)<<8|uint32(b.A))
	})
	pal := make(color.Palette, 0, 256)
	for _, c := range colours[:min(len(colours), 256)] {
		pal = append(pal, c)
	}
	out := image.NewPaletted(b, pal)
	index := map[color.NRGBA]uint8{}
	for i := 0; i < len(px.Pix); i += 4 {
		c := color.NRGBA{px.Pix[i], px.Pix[i+1], px.Pix[i+2], px.Pix[i+3]}
		k, ok := index[c]
		if !ok {
			k = uint8(pal.Index(c))
			index[c] = k
		}
		out.Pix[i/4] = k
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// compareImages compares two PNGs. It returns nil when they match within
// the tolerance, and otherwise an image of the differences (the golden
// faded, differing pixels in red) and a message saying how much differs.
func compareImages(wantPNG, gotPNG []byte) (image.Image, string, error) {
	want, err := png.Decode(bytes.NewReader(wantPNG))
	if err != nil {
		return nil, "", fmt.Errorf("golden: %v", err)
	}
	got, err := png.Decode(bytes.NewReader(gotPNG))
	if err != nil {
		return nil, "", fmt.Errorf("screenshot: %v", err)
	}
	if want.Bounds() != got.Bounds() {
		return got, fmt.Sprintf("size %v, golden %v", got.Bounds().Size(), want.Bounds().Size()), nil
	}
	b := want.Bounds()
	w, g := nrgba(want).Pix, nrgba(got).Pix
	diff := image.NewNRGBA(b)
	n := 0
	for i := 0; i < len(w); i += 4 {
		d := diff.Pix[i : i+4 : i+4]
		if far(w[i], g[i]) || far(w[i+1], g[i+1]) || far(w[i+2], g[i+2]) || far(w[i+3], g[i+3]) {
			n++
			d[0], d[1], d[2], d[3] = 255, 0, 0, 255
			continue
		}
		// The golden, faded to a quarter, for context.
		d[0], d[1], d[2], d[3] = 191+w[i]/4, 191+w[i+1]/4, 191+w[i+2]/4, 255
	}
	share := float64(n) / float64(b.Dx()*b.Dy())
	if share <= maxDiffShare {
		return nil, "", nil
	}
	return diff, fmt.Sprintf("%d pixels differ (%.2f%%, at most %.2f%% may)", n, 100*share, 100*maxDiffShare), nil
}

// nrgba returns img as an NRGBA image whose bounds start at 0,0 (draw
// converts the decoders' types on its fast paths).
func nrgba(img image.Image) *image.NRGBA {
	b := img.Bounds()
	out := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(out, out.Bounds(), img, b.Min, draw.Src)
	return out
}

func far(a, b uint8) bool { return int(a)-int(b) > pixelThreshold || int(b)-int(a) > pixelThreshold }

// selectorJS, the start of the layout tests' scripts, names an element
// for messages: its tag, id or classes, under up to two ancestors.
const selectorJS = `const name = el => {
	const one = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : (typeof e.className === "string" && e.className.trim() ? "." + e.className.trim().split(/\s+/).join(".") : ""));
	const parts = [];
	for (let e = el, i = 0; e && e !== document.body && i < 3; e = e.parentElement, i++) parts.unshift(one(e));
	return parts.join(" > ");
};
// hidden: not drawn for a sighted reader (display, visibility, opacity),
// or visually hidden (clipped to nothing, as .visually-hidden is).
const hidden = el => {
	if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) return true;
	for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
		const cs = getComputedStyle(e);
		if ((cs.clipPath !== "none" && cs.clipPath !== "") || (cs.clip !== "auto" && cs.clip !== "")) return true;
	}
	return false;
};
// clipBox: the part of the page an element's content can show in, inside
// every ancestor that clips its overflow (a code block that scrolls).
const clipBox = el => {
	let box = {left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity};
	for (let e = el; e && e !== document.body; e = e.parentElement) {
		const cs = getComputedStyle(e);
		if (cs.overflowX !== "visible" || cs.overflowY !== "visible") {
			const r = e.getBoundingClientRect();
			box = {left: Math.max(box.left, r.left), top: Math.max(box.top, r.top), right: Math.min(box.right, r.right), bottom: Math.min(box.bottom, r.bottom)};
		}
	}
	return box;
};
`

// overflowWideJS lists what makes the page wider than the window: the
// page's own excess, then each visible element that sticks out of the
// window on either side and is not inside a box that scrolls or clips
// (wide code and tables scroll in their own box).
const overflowWideJS = `(() => {` + selectorJS + `
	const w = document.documentElement.clientWidth, out = [];
	const extra = document.documentElement.scrollWidth - w;
	for (const el of document.querySelectorAll("body *")) {
		const r = el.getBoundingClientRect();
		if (r.width === 0 || r.height === 0 || (r.right <= w + 0.5 && r.left >= -0.5)) continue;
		if (hidden(el) || el.closest(".skip-link")) continue;
		let inScroller = false;
		for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
			if (getComputedStyle(p).overflowX !== "visible") { inScroller = true; break; }
		}
		if (inScroller) continue;
		// Only the outermost offender: its children stick out with it.
		if (out.some(o => o.el.contains(el))) continue;
		out.push({el, msg: name(el) + " " + JSON.stringify((el.innerText || "").trim().slice(0, 30)) + " from " + Math.round(r.left) + " to " + Math.round(r.right)});
		if (out.length >= 8) break;
	}
	const msgs = out.map(o => o.msg);
	if (extra > 0) msgs.unshift("the page scrolls sideways by " + extra + " px");
	return msgs;
})()`

// TestLayoutFitsTheWidth: no page kind is wider than the window at any of
// the four widths, in either palette, and nothing sticks out of it.
func TestLayoutFitsTheWidth(t *testing.T) {
	t.Parallel()
	eachView(t, func(t *testing.T, tb *tab, v view, p visualPage) {
		if wide := evalJS[[]string](tb, overflowWideJS); len(wide) > 0 {
			t.Errorf("%s (%s): wider than the window:\n\t%s", p.path, v, strings.Join(wide, "\n\t"))
		}
	})
}

// overlapJS lists pairs of text boxes, of two different elements, that
// are drawn over each other by more than 2 pixels each way. Each text
// node's boxes come from Range.getClientRects, cut to what its clipping
// ancestors show; hidden text (visually hidden, opacity 0, display none,
// the skip link until focused) is left out.
const overlapJS = `(() => {` + selectorJS + `
	const boxes = [], clips = new Map(), hid = new Map();
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {acceptNode: n => n.data.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT});
	const range = document.createRange();
	for (let n = walker.nextNode(); n; n = walker.nextNode()) {
		const el = n.parentElement;
		if (!el || el.closest("script, style, noscript, template, .skip-link")) continue;
		if (!hid.has(el)) hid.set(el, hidden(el));
		if (hid.get(el)) continue;
		if (!clips.has(el)) clips.set(el, clipBox(el));
		const c = clips.get(el);
		range.selectNodeContents(n);
		for (const r of range.getClientRects()) {
			const b = {left: Math.max(r.left, c.left), top: Math.max(r.top, c.top), right: Math.min(r.right, c.right), bottom: Math.min(r.bottom, c.bottom)};
			if (b.right - b.left < 1 || b.bottom - b.top < 1) continue;
			boxes.push({el, text: n.data.trim().slice(0, 24), ...b});
		}
	}
	boxes.sort((a, b) => a.top - b.top);
	const out = [];
	for (let i = 0; i < boxes.length && out.length < 8; i++) {
		const a = boxes[i];
		for (let j = i + 1; j < boxes.length && boxes[j].top < a.bottom - 2; j++) {
			const b = boxes[j];
			if (a.el === b.el) continue;
			const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
			if (w > 2 && h > 2) {
				out.push(name(a.el) + " " + JSON.stringify(a.text) + " and " + name(b.el) + " " + JSON.stringify(b.text) + ": " + Math.round(w) + "×" + Math.round(h) + " px at " + Math.round(Math.max(a.left, b.left)) + "," + Math.round(Math.max(a.top, b.top)));
				if (out.length >= 8) break;
			}
		}
	}
	return out;
})()`

// TestTextNeverOverlapsText: on no page kind, at no width, in neither
// palette, is text drawn over other text.
func TestTextNeverOverlapsText(t *testing.T) {
	t.Parallel()
	eachView(t, func(t *testing.T, tb *tab, v view, p visualPage) {
		if over := evalJS[[]string](tb, overlapJS); len(over) > 0 {
			t.Errorf("%s (%s): text over text:\n\t%s", p.path, v, strings.Join(over, "\n\t"))
		}
	})
}

// TestLayoutChecksFindWhatTheyLookFor runs the scripts of the two layout
// tests on a page made to fail them, and on its hidden parts: each fault
// is reported, and nothing hidden is.
func TestLayoutChecksFindWhatTheyLookFor(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := visualTab(t, s, view{width: 390, mobile: true, scheme: "light"})
	tb.open("/no-such-page/")
	evalJS[bool](tb, `(() => {
		document.body.innerHTML = '<div id="wide" style="width: 600px">wide</div>' +
			'<p id="a" style="position: absolute; top: 100px; left: 10px; margin: 0">overlapping text</p>' +
			'<p id="b" style="position: absolute; top: 104px; left: 20px; margin: 0">overlapping text</p>' +
			'<p class="visually-hidden" style="top: 100px; left: 10px">hidden</p>' +
			'<p style="position: absolute; top: 100px; left: 10px; margin: 0; opacity: 0">faded</p>' +
			'<div style="overflow-x: auto"><pre style="width: 900px; margin: 0">scrolls in its box</pre></div>';
		return true;
	})()`)
	wide := evalJS[[]string](tb, overflowWideJS)
	if len(wide) != 2 || !strings.Contains(wide[0], "sideways") || !strings.Contains(wide[1], "div#wide") {
		t.Errorf("overflow: %q, want the page's excess and div#wide alone", wide)
	}
	over := evalJS[[]string](tb, overlapJS)
	if len(over) != 1 || !strings.Contains(over[0], "p#a") || !strings.Contains(over[0], "p#b") {
		t.Errorf("overlap: %q, want p#a and p#b alone", over)
	}
}
