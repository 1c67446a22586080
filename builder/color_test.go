package builder

import (
	"strings"
	"testing"
)

func TestParseHex(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{"#4f46e5", "#4f46e5", ""},
		{"#4F46E5", "#4f46e5", ""},
		{"#fff", "#ffffff", ""},
		{"#0A0", "#00aa00", ""},
		{"4f46e5", "", "write it as #rrggbb"},
		{"#4f46e", "", "without alpha"},
		{"#4f46e5ff", "", "without alpha"},
		{"#ggg", "", "only 0-9 and a-f"},
		{"", "", "not a hex colour"},
		{"rebeccapurple", "", "not a hex colour"},
	}
	for _, tt := range tests {
		c, err := parseHex(tt.in)
		switch {
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("parseHex(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
		case tt.wantErr == "" && err != nil:
			t.Errorf("parseHex(%q): %v", tt.in, err)
		case tt.wantErr == "" && c.String() != tt.want:
			t.Errorf("parseHex(%q) = %s, want %s", tt.in, c, tt.want)
		}
	}
}

func TestContrastRatios(t *testing.T) {
	tests := []struct {
		a, b string
		want string
	}{
		{"#000000", "#ffffff", "21.00:1"},
		{"#ffffff", "#ffffff", "1.00:1"},
		{"#4f46e5", "#ffffff", "6.28:1"}, // the theme's light accent on its page
		{"#a5b4fc", "#0e1116", "9.48:1"}, // the dark accent on the dark page
		{"#777777", "#ffffff", "4.47:1"}, // rounded down: it fails AA
	}
	for _, tt := range tests {
		a, _ := parseHex(tt.a)
		b, _ := parseHex(tt.b)
		if got := ratio(contrast(a, b)); got != tt.want {
			t.Errorf("contrast(%s, %s) = %s, want %s", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestHSLRoundTrip(t *testing.T) {
	for _, s := range []string{"#4f46e5", "#a5b4fc", "#000000", "#ffffff", "#0e7c86", "#e11d48", "#808080"} {
		c, _ := parseHex(s)
		if got := fromHSL(c.hsl()); got != c {
			t.Errorf("fromHSL(hsl(%s)) = %s", s, got)
		}
	}
}

func TestThemeDefaultsPass(t *testing.T) {
	for _, sc := range []scheme{lightScheme, darkScheme} {
		if what, r := sc.contrastProblem(sc.defaults.Accent); what != "" {
			t.Errorf("%s default accent fails: %s at %s", sc.name, what, ratio(r))
		}
		if got := sc.shades(sc.defaults.Accent); got != sc.defaults {
			t.Errorf("%s default accent's shades = %+v, want the theme's %+v", sc.name, got, sc.defaults)
		}
	}
}

func TestNearestPassingShade(t *testing.T) {
	tests := []struct {
		sc       scheme
		in, want string
	}{
		{lightScheme, "#7dd3fc", "#0477ae"}, // sky blue, too light for white pages
		{lightScheme, "#ffcc00", "#8a6e00"},
		{lightScheme, "#ffffff", "#737373"},
		{darkScheme, "#1e3a8a", "#5b7ddb"}, // navy, too dark for dark pages
		{darkScheme, "#000000", "#808080"},
	}
	for _, tt := range tests {
		a, _ := parseHex(tt.in)
		if what, _ := tt.sc.contrastProblem(a); what == "" {
			t.Errorf("%s %s passes, want it to fail", tt.sc.name, tt.in)
		}
		got := tt.sc.nearestPassing(a)
		if got.String() != tt.want {
			t.Errorf("%s nearestPassing(%s) = %s, want %s", tt.sc.name, tt.in, got, tt.want)
		}
		if what, r := tt.sc.contrastProblem(got); what != "" {
			t.Errorf("%s nearestPassing(%s) = %s still fails: %s at %s", tt.sc.name, tt.in, got, what, ratio(r))
		}
		// The shade keeps the hue and saturation.
		h, s, _ := got.hsl()
		h0, s0, _ := a.hsl()
		if s0 > 0 && (abs(h-h0) > 2 || abs(s-s0) > 0.03) {
			t.Errorf("%s nearestPassing(%s) = %s: hue %.1f→%.1f, saturation %.2f→%.2f", tt.sc.name, tt.in, got, h0, h, s0, s)
		}
	}
}

func TestDarkFromLight(t *testing.T) {
	for _, s := range []string{"#0e7c86", "#e11d48", "#4f46e5", "#111111"} {
		a, _ := parseHex(s)
		d := darkFromLight(a)
		if what, r := darkScheme.contrastProblem(d); what != "" {
			t.Errorf("darkFromLight(%s) = %s fails: %s at %s", s, d, what, ratio(r))
		}
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func FuzzParseHex(f *testing.F) {
	for _, s := range []string{"#4f46e5", "#fff", "#GGG", "", "#", "#12345", "#ffffffff", "4f46e5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := parseHex(s)
		if err != nil {
			return
		}
		// A colour that parses prints as #rrggbb and parses back to itself.
		back, err := parseHex(c.String())
		if err != nil || back != c {
			t.Fatalf("parseHex(%q) = %s, which parses back as %s, %v", s, c, back, err)
		}
		if !strings.EqualFold(s, c.String()) && len(s) != 4 {
			t.Fatalf("parseHex(%q) = %s: a 7-character form must be kept", s, c)
		}
		if r := contrast(c, white); r < 1 || r > 21.0001 {
			t.Fatalf("contrast(%s, white) = %v, outside [1, 21]", c, r)
		}
	})
}
