package builder

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// The default favicon, for a site whose theme names none: the site's
// initial in the accent's text colour on a rounded square of the accent.
// The SVG sets the letter in the system font; the PNGs (32×32 for
// browsers without SVG icons, 180×180 for Apple's home screens) are
// drawn here with the Go Bold font, so a build needs nothing installed.
// A site that gives only an SVG favicon gets these PNGs as its fallback:
// kb has no SVG rasteriser.

// faviconInitial is the letter shown: the first letter or digit of the
// title, upper-cased; "?" for a title without one.
func faviconInitial(title string) rune {
	for _, r := range title {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToUpper(r)
		}
	}
	return '?'
}

// faviconSVG is the default favicon as SVG.
func faviconSVG(initial rune, bg, fg rgb) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">`+
		`<rect width="64" height="64" rx="14" fill="%s"/>`+
		`<text x="32" y="45" text-anchor="middle" font-family="system-ui,-apple-system,'Segoe UI',Roboto,sans-serif" font-size="38" font-weight="700" fill="%s">`,
		bg, fg)
	appendXMLText(&b, string(initial))
	b.WriteString("</text></svg>\n")
	return []byte(b.String())
}

func appendXMLText(b *strings.Builder, s string) {
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
}

// faviconPNG draws the default favicon size×size pixels. A letter the Go
// font lacks (most scripts beyond Latin, Greek and Cyrillic) is left
// out: the square alone is still the site's colour.
func faviconPNG(initial rune, bg, fg rgb, size int) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	// The rounded square, anti-aliased.
	s := float32(size)
	r := s * 14 / 64
	z := vector.NewRasterizer(size, size)
	z.MoveTo(r, 0)
	z.LineTo(s-r, 0)
	z.QuadTo(s, 0, s, r)
	z.LineTo(s, s-r)
	z.QuadTo(s, s, s-r, s)
	z.LineTo(r, s)
	z.QuadTo(0, s, 0, s-r)
	z.LineTo(0, r)
	z.QuadTo(0, 0, r, 0)
	z.ClosePath()
	z.Draw(img, img.Bounds(), image.NewUniform(color.RGBA{bg.R, bg.G, bg.B, 0xff}), image.Point{})

	f, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return nil, err
	}
	if idx, err := f.GlyphIndex(nil, initial); err == nil && idx != 0 {
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: float64(size) * 0.6, DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			return nil, err
		}
		defer face.Close()
		d := &font.Drawer{Dst: img, Src: image.NewUniform(color.RGBA{fg.R, fg.G, fg.B, 0xff}), Face: face}
		bounds, _ := d.BoundString(string(initial))
		// Centre the glyph's ink box, not its advance and baseline.
		w := bounds.Max.X - bounds.Min.X
		h := bounds.Max.Y - bounds.Min.Y
		d.Dot = fixed.Point26_6{
			X: (fixed.I(size)-w)/2 - bounds.Min.X,
			Y: (fixed.I(size)-h)/2 - bounds.Min.Y,
		}
		d.DrawString(string(initial))
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
