package builder

import (
	"fmt"
	"math"
	"strings"
)

// This file is the colour math behind site.yaml's theme accent: parsing
// CSS hex colours, WCAG 2 contrast ratios, and the shades kb derives
// from one accent (hover, soft tint, text on the accent). It knows
// nothing of YAML; theme.go reports its findings with positions.

// rgb is an sRGB colour, 8 bits a channel.
type rgb struct{ R, G, B uint8 }

func (c rgb) String() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// parseHex reads a CSS hex colour: #rgb or #rrggbb, either case. Alpha
// forms (#rgba, #rrggbbaa) are refused: contrast with a translucent
// accent depends on what is under it.
func parseHex(s string) (rgb, error) {
	if !strings.HasPrefix(s, "#") {
		return rgb{}, fmt.Errorf("%q is not a hex colour: write it as #rrggbb", s)
	}
	h := s[1:]
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	if len(h) != 6 {
		return rgb{}, fmt.Errorf("%q is not a hex colour: write it as #rrggbb or #rgb, without alpha", s)
	}
	var v [3]uint8
	for i := range 3 {
		hi, ok1 := hexVal(h[2*i])
		lo, ok2 := hexVal(h[2*i+1])
		if !ok1 || !ok2 {
			return rgb{}, fmt.Errorf("%q is not a hex colour: only 0-9 and a-f may follow #", s)
		}
		v[i] = hi<<4 | lo
	}
	return rgb{v[0], v[1], v[2]}, nil
}

func hexVal(c byte) (uint8, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// luminance is WCAG 2's relative luminance, 0 (black) to 1 (white).
func (c rgb) luminance() float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// contrast is WCAG 2's contrast ratio of two colours, 1 to 21.
func contrast(a, b rgb) float64 {
	la, lb := a.luminance(), b.luminance()
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// ratio formats a contrast ratio as people read it, rounded down so that
// 4.499 never shows as the 4.5 it misses: "4.49:1".
func ratio(r float64) string {
	return fmt.Sprintf("%.2f:1", math.Floor(r*100)/100)
}

// mix is a blended with b, t of the way from a to b (0 gives a).
func mix(a, b rgb, t float64) rgb {
	m := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + (float64(y)-float64(x))*t)) }
	return rgb{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B)}
}

// hsl converts to hue (0-360), saturation and lightness (0-1).
func (c rgb) hsl() (h, s, l float64) {
	r, g, b := float64(c.R)/255, float64(c.G)/255, float64(c.B)/255
	hi, lo := math.Max(r, math.Max(g, b)), math.Min(r, math.Min(g, b))
	l = (hi + lo) / 2
	if hi == lo {
		return 0, 0, l
	}
	d := hi - lo
	if l > 0.5 {
		s = d / (2 - hi - lo)
	} else {
		s = d / (hi + lo)
	}
	switch hi {
	case r:
		h = (g - b) / d
		if g < b {
			h += 6
		}
	case g:
		h = (b-r)/d + 2
	default:
		h = (r-g)/d + 4
	}
	return h * 60, s, l
}

// fromHSL is the inverse of hsl.
func fromHSL(h, s, l float64) rgb {
	if s == 0 {
		v := uint8(math.Round(l * 255))
		return rgb{v, v, v}
	}
	q := l * (1 + s)
	if l >= 0.5 {
		q = l + s - l*s
	}
	p := 2*l - q
	ch := func(t float64) uint8 {
		t = math.Mod(t+1, 1)
		var v float64
		switch {
		case t < 1.0/6:
			v = p + (q-p)*6*t
		case t < 0.5:
			v = q
		case t < 2.0/3:
			v = p + (q-p)*(2.0/3-t)*6
		default:
			v = p
		}
		return uint8(math.Round(math.Max(0, math.Min(1, v)) * 255))
	}
	h /= 360
	return rgb{ch(h + 1.0/3), ch(h), ch(h - 1.0/3)}
}

// scheme is one colour scheme of the theme: the backgrounds an accent is
// read on, and the two text colours an accent button can carry. Its
// values are style.css's.
type scheme struct {
	name     string // "light" or "dark"
	key      string // the site.yaml key of its accent
	bg       rgb    // --bg: the page
	dark     bool
	textOn   [2]rgb // candidates for --accent-fg: white and the dark page colour
	defaults accentShades
}

// accentShades are the four custom properties one accent sets.
type accentShades struct {
	Accent, Strong, Soft, FG rgb
}

var (
	white = rgb{0xff, 0xff, 0xff}
	ink   = rgb{0x0e, 0x11, 0x16} // the dark scheme's --bg

	lightScheme = scheme{name: "light", key: "accent", bg: white, textOn: [2]rgb{white, ink},
		defaults: accentShades{rgb{0x4f, 0x46, 0xe5}, rgb{0x37, 0x30, 0xa3}, rgb{0xee, 0xf0, 0xff}, white}}
	darkScheme = scheme{name: "dark", key: "accent_dark", bg: ink, dark: true, textOn: [2]rgb{white, ink},
		defaults: accentShades{rgb{0xa5, 0xb4, 0xfc}, rgb{0xc7, 0xd2, 0xfe}, rgb{0x1d, 0x21, 0x40}, ink}}
)

// minContrast is WCAG AA for body text.
const minContrast = 4.5

// shades derives the hover (strong), soft tint and text-on-accent
// colours from an accent, as the default theme's were chosen: on light,
// the hover is the accent darkened by 30% and the tint 10% of it over
// white; on dark, the hover is 40% lighter and the tint 15% of it over
// the page. The tint is fainter (down to 4%) when the accent would not
// read on it. The theme's own accent gives the theme's own shades.
func (sc scheme) shades(a rgb) accentShades {
	if a == sc.defaults.Accent {
		return sc.defaults
	}
	s := accentShades{Accent: a}
	tint := 0.1
	if sc.dark {
		s.Strong = mix(a, white, 0.4)
		tint = 0.15
	} else {
		s.Strong = mix(a, rgb{}, 0.3)
	}
	// A fainter tint for an accent that only just reads on the page, so
	// that it reads on the tint too: down to 4%, then the checks decide.
	for ; ; tint -= 0.01 {
		s.Soft = mix(sc.bg, a, tint)
		if tint <= 0.045 || contrast(a, s.Soft) >= minContrast && contrast(s.Strong, s.Soft) >= minContrast {
			break
		}
	}
	s.FG = sc.textOn[0]
	if contrast(sc.textOn[1], a) > contrast(sc.textOn[0], a) {
		s.FG = sc.textOn[1]
	}
	return s
}

// contrastProblem is the first pairing of an accent's shades, in the
// order the theme uses them, that falls below minContrast: what is
// read, on what, and the ratio. what is "" when every pairing passes.
func (sc scheme) contrastProblem(a rgb) (what string, r float64) {
	s := sc.shades(a)
	checks := []struct {
		what   string
		fg, bg rgb
	}{
		{"links (" + s.Accent.String() + ") on the page background " + sc.bg.String(), s.Accent, sc.bg},
		{"links (" + s.Accent.String() + ") on the soft tint " + s.Soft.String() + " (the hero, selected items)", s.Accent, s.Soft},
		{"the current sidebar item (" + s.Strong.String() + ") on the soft tint " + s.Soft.String(), s.Strong, s.Soft},
		{"button text (" + s.FG.String() + ") on the accent " + s.Accent.String(), s.FG, s.Accent},
		{"button text (" + s.FG.String() + ") on the hover shade " + s.Strong.String(), s.FG, s.Strong},
	}
	for _, c := range checks {
		if r := contrast(c.fg, c.bg); r < minContrast {
			return c.what, r
		}
	}
	return "", 0
}

// nearestPassing returns the shade of a nearest to it that passes every
// check: the same hue and saturation, darker on light pages and lighter
// on dark ones, one step of lightness (1%) at a time. The last resort
// (black or white) always passes.
func (sc scheme) nearestPassing(a rgb) rgb {
	h, s, l := a.hsl()
	step := -0.01
	if sc.dark {
		step = 0.01
	}
	for i := 1; i <= 100; i++ {
		c := fromHSL(h, s, math.Max(0, math.Min(1, l+step*float64(i))))
		if what, _ := sc.contrastProblem(c); what == "" {
			return c
		}
	}
	if sc.dark {
		return white
	}
	return rgb{}
}

// darkFromLight is the dark scheme's accent when site.yaml sets only the
// light one: the same hue, lightened until it reads as the default dark
// accent does (7:1 on the dark page), and passing every check.
func darkFromLight(a rgb) rgb {
	h, s, l := a.hsl()
	for i := 0; i <= 100; i++ {
		c := fromHSL(h, s, math.Min(1, l+0.01*float64(i)))
		if what, _ := darkScheme.contrastProblem(c); what == "" && contrast(c, darkScheme.bg) >= 7 {
			return c
		}
	}
	return darkScheme.defaults.Accent
}
