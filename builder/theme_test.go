package builder

import (
	"bytes"
	"github.com/kbhelp/kb/internal/sitetest"
	"image/png"
	"strings"
	"testing"
)

// TestThemeErrors checks the exact diagnostics of one bad theme setting
// each, through a whole build: every one points at site.yaml's line and
// column (or the stylesheet's), and a case with no want builds.
func TestThemeErrors(t *testing.T) {
	tests := []struct {
		name  string
		theme string            // site.yaml's lines after "theme:\n"
		files map[string]string // more files of the site
		want  string
	}{
		{"not a mapping", "  - accent\n", nil,
			`site.yaml:3:3: key "theme": expected a mapping with accent, accent_dark, font, code_font, logo, logo_dark, favicon, header_links, announcement, hero, footer_columns, stylesheet, got a list`},
		{"unknown key", "  acent: \"#0e7c86\"\n", nil,
			`site.yaml:3:3: unknown theme key "acent" (did you mean "accent"?)`},
		{"bad hex", "  accent: \"#12345g\"\n", nil,
			`site.yaml:3:11: theme.accent: "#12345g" is not a hex colour: only 0-9 and a-f may follow # (quote it: theme.accent: "#0e7c86")`},
		{"hex with alpha", "  accent: \"#0e7c86ff\"\n", nil,
			`site.yaml:3:11: theme.accent: "#0e7c86ff" is not a hex colour: write it as #rrggbb or #rgb, without alpha (quote it: theme.accent: "#0e7c86")`},
		{"unquoted hex is a comment", "  accent: #0e7c86\n", nil,
			`site.yaml:3:10: key "theme.accent": expected a string, got nothing`},
		{"light accent too light", "  accent: \"#7dd3fc\"\n", nil,
			"site.yaml:3:11: theme/contrast: theme.accent #7dd3fc fails WCAG AA on the light scheme: links (#7dd3fc) on the page background #ffffff have 1.66:1, below 4.5:1; the nearest passing shade is #0477ae"},
		{"dark accent too dark", "  accent_dark: \"#1e3a8a\"\n", nil,
			"site.yaml:3:16: theme/contrast: theme.accent_dark #1e3a8a fails WCAG AA on the dark scheme: links (#1e3a8a) on the page background #0e1116 have 1.82:1, below 4.5:1; the nearest passing shade is #5b7ddb"},
		{"font with a semicolon", "  font: \"Inter; color\"\n", nil,
			`site.yaml:3:9: theme.font: ";" is not allowed in a font stack: write family names separated by commas, quoting names with spaces (Inter, "Helvetica Neue", sans-serif)`},
		{"font from another host", "  font: url(https://fonts.example/inter.woff2)\n", nil,
			`site.yaml:3:9: theme.font: "https://fonts.example/inter.woff2" loads from another host; kb's pages request nothing from other hosts (put the font files in static/ and declare them with @font-face in theme.stylesheet)`},
		{"code font list with a brace", "  code_font: [Mono, \"x}\"]\n", nil,
			`site.yaml:3:21: theme.code_font: "x}" is not a font family name (letters, digits, spaces, ., _ and -)`},
		{"logo as a URL", "  logo: https://cdn.example/logo.svg\n", nil,
			`site.yaml:3:9: theme.logo: "https://cdn.example/logo.svg" is a URL; give the path of a file of static/ (/images/logo.svg): kb's pages request nothing from other hosts`},
		{"missing logo", "  logo: /images/logo.svg\n", map[string]string{"static/images/logos.svg": "<svg/>"},
			"site.yaml:3:9: theme.logo: no file is published at /images/logo.svg (put it at static/images/logo.svg); did you mean /images/logos.svg?"},
		{"favicon of another type", "  favicon: /favicon.ico\n", map[string]string{"static/favicon.ico": "ico"},
			`site.yaml:3:12: theme.favicon: "/favicon.ico" should be a .svg, .png file`},
		{"favicon that is not a PNG", "  favicon: /icon.png\n", map[string]string{"static/icon.png": "not a png"},
			"site.yaml:3:12: theme.favicon: static/icon.png is not a PNG image"},
		{"missing hero image", "  hero:\n    background: /hero.jpg\n", nil,
			"site.yaml:4:17: theme.hero.background: no file is published at /hero.jpg (put it at static/hero.jpg)"},
		{"header link without url", "  header_links:\n    - title: Status\n", nil,
			"site.yaml:4:7: theme.header_links: a link needs a title and a url"},
		{"header link to javascript", "  header_links:\n    - {title: X, url: \"javascript:alert(1)\"}\n", nil,
			`site.yaml:4:7: theme.header_links: "javascript:alert(1)": only http(s), mailto and the site's own paths are links here`},
		{"footer column without title", "  footer_columns:\n    - links: [{title: A, url: /a/}]\n", nil,
			"site.yaml:4:7: theme.footer_columns: a column needs a title"},
		{"announcement with a heading", "  announcement: \"# Big news\"\n", nil,
			"site.yaml:3:17: theme.announcement.text: expected one line of text with inline markdown (**bold**, *emphasis*, `code`, [links](/path/)), without headings, lists or HTML"},
		{"announcement with two links", "  announcement:\n    text: See [this](/a/)\n    link: /b/\n", nil,
			"site.yaml:4:11: theme.announcement.text: the text has a link of its own and the banner links to /b/: keep one"},
		{"announcement id", "  announcement: {text: Hi, id: \"a b\"}\n", nil,
			`site.yaml:3:32: theme.announcement.id: "a b": use letters, digits, ., _ and - (up to 64)`},
		{"stylesheet from another host", "  stylesheet: /brand.css\n",
			map[string]string{"static/brand.css": "body { color: red; }\n@import \"https://fonts.example/x.css\";\n.a { background: url( //cdn.example/a.png) }\n"},
			"static/brand.css:2:10: theme.stylesheet: https://fonts.example/x.css loads from another host; kb's pages request nothing from other hosts (put the file in static/ and link it by a relative path)\n" +
				"static/brand.css:3:23: theme.stylesheet: //cdn.example/a.png loads from another host; kb's pages request nothing from other hosts (put the file in static/ and link it by a relative path)"},
		{"every setting builds", "  accent: \"#0f766e\"\n  accent_dark: \"#5eead4\"\n  font: Inter, sans-serif\n  code_font: [JetBrains Mono, monospace]\n" +
			"  logo: /l.svg\n  logo_dark: /d.svg\n  favicon: /f.png\n  header_links: [{title: A, url: /a/}]\n  announcement: Hello *there*\n" +
			"  hero: {title: Hi, text: There, background: /h.jpg}\n  footer_columns: [{title: C, links: [{title: A, url: /a/}]}]\n  stylesheet: /s.css\n",
			map[string]string{"static/l.svg": "<svg/>", "static/d.svg": "<svg/>", "static/f.png": string(testPNG(t)), "static/h.jpg": "jpg", "static/s.css": "a { color: red }\n"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"site.yaml": "title: T\ntheme:\n" + tt.theme, "content/_index.md": "---\ntitle: Home\n---\n"}
			for k, v := range tt.files {
				files[k] = v
			}
			_, res, ds := buildFS(t, Options{}, sitetest.FS(files))
			var got []string
			for _, d := range ds {
				got = append(got, d.String())
			}
			if g := strings.Join(got, "\n"); g != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", g, tt.want)
			}
			if tt.want == "" && res == nil {
				t.Errorf("build failed")
			}
		})
	}
}

// testPNG is a 16×16 PNG: kb's own favicon design.
func testPNG(t *testing.T) []byte {
	t.Helper()
	b, err := faviconPNG('T', lightScheme.defaults.Accent, white, 16)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDefaultFavicon checks the favicon kb writes for a site without
// one: an SVG with the initial on the accent, and PNGs of 32 and 180
// pixels whose corner is transparent and centre has the accent or the
// letter.
func TestDefaultFavicon(t *testing.T) {
	files := map[string]string{"site.yaml": "title: émile's help\ntheme:\n  accent: \"#0f766e\"\n", "content/_index.md": "---\ntitle: Home\n---\n"}
	sink, res, ds := buildFS(t, Options{}, sitetest.FS(files))
	if res == nil {
		t.Fatalf("build: %v", ds)
	}
	var svg, png32, png180 []byte
	for name, data := range sink.files {
		switch {
		case strings.HasPrefix(name, "assets/favicon.") && strings.HasSuffix(name, ".svg"):
			svg = data
		case strings.HasPrefix(name, "assets/favicon-32."):
			png32 = data
		case strings.HasPrefix(name, "assets/apple-touch-icon."):
			png180 = data
		}
	}
	if !bytes.Contains(svg, []byte(`fill="#0f766e"`)) || !bytes.Contains(svg, []byte(">É</text>")) {
		t.Errorf("favicon.svg = %s, want É on #0f766e", svg)
	}
	for _, tc := range []struct {
		data []byte
		size int
	}{{png32, 32}, {png180, 180}} {
		img, err := png.Decode(bytes.NewReader(tc.data))
		if err != nil {
			t.Fatalf("%d px favicon: %v", tc.size, err)
		}
		if b := img.Bounds(); b.Dx() != tc.size || b.Dy() != tc.size {
			t.Errorf("favicon is %v, want %d×%d", b, tc.size, tc.size)
		}
		if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
			t.Errorf("%d px favicon: the corner is not transparent", tc.size)
		}
		if r, g, b, _ := img.At(tc.size/8, tc.size/2).RGBA(); r>>8 != 0x0f || g>>8 != 0x76 || b>>8 != 0x6e {
			t.Errorf("%d px favicon: the edge is %02x%02x%02x, want the accent", tc.size, r>>8, g>>8, b>>8)
		}
	}
	page := string(sink.files["index.html"])
	for _, want := range []string{`<link rel="icon" href="/assets/favicon.`, `type="image/svg+xml">`, `type="image/png" sizes="32x32">`, `<link rel="apple-touch-icon" href="/assets/apple-touch-icon.`} {
		if !strings.Contains(page, want) {
			t.Errorf("home page lacks %s", want)
		}
	}
}
