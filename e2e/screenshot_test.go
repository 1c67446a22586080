package e2e

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// screenshotDir is where TestScreenshots writes, relative to e2e/.
const screenshotDir = "../docs/screenshots"

// TestScreenshots saves the README's screenshots when asked to (-args
// -screenshots, or KB_SCREENSHOTS=1): the home page, an article and the
// search page's results, on a desktop and a phone, light and dark. Otherwise it does nothing.
func TestScreenshots(t *testing.T) {
	t.Parallel()
	if !*screenshotsFlag && os.Getenv("KB_SCREENSHOTS") != "1" {
		t.Log("not writing screenshots: pass -args -screenshots or set KB_SCREENSHOTS=1")
		return
	}
	s := startSite(t)
	pages := []struct{ name, path string }{{"home", "/"}, {"article", cardDeclined}, {"search", searchPage + "?q=password"}}
	devices := []struct {
		name   string
		w, h   int64
		mobile bool
	}{{"desktop", 1280, 800, false}, {"phone", 390, 844, true}}
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, d := range devices {
		for _, scheme := range []string{"light", "dark"} {
			tb := newTab(t, s)
			tb.viewport(d.w, d.h, d.mobile)
			tb.setFeature("prefers-color-scheme", scheme)
			for _, p := range pages {
				tb.open(p.path)
				evalJS[bool](tb, `document.fonts.ready.then(() => true)`)
				shot, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatalf("%s: screenshot: %v", p.path, err)
				}
				shot, err = smallPNG(shot)
				if err != nil {
					t.Fatal(err)
				}
				name := filepath.Join(screenshotDir, p.name+"-"+d.name+"-"+scheme+".png")
				if err := os.WriteFile(name, shot, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("%s: %d bytes", name, len(shot))
			}
		}
	}
}

// smallPNG re-encodes a screenshot at the best compression, as a
// paletted image when it has at most 256 colours (no loss either way).
func smallPNG(data []byte) ([]byte, error) {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	var out image.Image = img
	b := img.Bounds()
	var pal color.Palette
	index := map[color.Color]uint8{}
	paletted := image.NewPaletted(b, nil)
	ok := true
	for y := b.Min.Y; y < b.Max.Y && ok; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y))
			i, seen := index[c]
			if !seen {
				if len(pal) == 256 {
					ok = false
					break
				}
				i = uint8(len(pal))
				index[c] = i
				pal = append(pal, c)
			}
			paletted.Pix[paletted.PixOffset(x, y)] = i
		}
	}
	if ok {
		paletted.Palette = pal
		out = paletted
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, out); err != nil {
		return nil, err
	}
	if buf.Len() > len(data) {
		return data, nil
	}
	return buf.Bytes(), nil
}
