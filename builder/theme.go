package builder

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"image"
	_ "image/png" // DecodeConfig of a site's PNG favicon
	"io/fs"
	"path"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Theme is site.yaml's theme: what a site can change of the built-in
// theme's look without writing templates. Every setting is optional, and
// a site that sets none looks as it always has. It holds values only (no
// pointers), since the render cache keys on the Config's %#v.
//
//	theme:
//	  accent: "#0e7c86"          # links and buttons, light scheme
//	  accent_dark: "#5eead4"     # dark scheme; derived from accent when left out
//	  font: Inter, system-ui, sans-serif
//	  code_font: "JetBrains Mono", ui-monospace, monospace
//	  logo: /images/logo.svg
//	  logo_dark: /images/logo-dark.svg
//	  favicon: /favicon.svg
//	  header_links: [{title: Status, url: https://status.example.com/}]
//	  announcement: {text: "**New:** dark mode", link: /whats-new/, id: dark-mode}
//	  hero: {title: How can we help?, text: Search or browse., background: /images/hero.jpg}
//	  footer_columns: [{title: Company, links: [{title: About, url: https://example.com/about}]}]
//	  stylesheet: /css/brand.css
type Theme struct {
	Accent, AccentDark themeColor
	Font, CodeFont     string
	Logo, LogoDark     strPos // site paths, checked against the published files (checkThemeFiles)
	Favicon            strPos
	HeaderLinks        []NavLink
	Announcement       Announcement
	Hero               Hero
	FooterColumns      []FooterColumn
	Stylesheet         strPos
}

// themeColor is an accent as written; Set is false when left out.
type themeColor struct {
	Set bool
	C   rgb
}

// Announcement is the banner above the header. Text is inline markdown;
// ID names it for the reader's dismissal, a hash of Text and Link unless
// site.yaml gives one.
type Announcement struct {
	Text template.HTML // rendered inline markdown, "" for no banner
	Link string
	ID   string
}

// Hero is the home page's hero: its title and text replace the home
// page's title and description there, and Background is an image.
type Hero struct {
	Title, Text string
	Background  strPos
}

// FooterColumn is a titled list of links in the footer.
type FooterColumn struct {
	Title string
	Links []NavLink
}

var themeKeys = []string{"accent", "accent_dark", "font", "code_font", "logo", "logo_dark", "favicon",
	"header_links", "announcement", "hero", "footer_columns", "stylesheet"}

// themeConfig reads site.yaml's theme:. Colours are checked for contrast
// here; the files it names are checked once the site's files are known.
func (r *yamlReader) themeConfig(v *yaml.Node) Theme {
	var t Theme
	if !r.mapping(v, "theme", "a mapping with "+strings.Join(themeKeys, ", ")) {
		return t
	}
	for _, kv := range pairs(v) {
		k, n := kv[0].Value, kv[1]
		key := "theme." + k
		switch k {
		case "accent":
			t.Accent = r.themeColor(key, n, lightScheme)
		case "accent_dark":
			t.AccentDark = r.themeColor(key, n, darkScheme)
		case "font", "code_font":
			s := r.fontStack(key, n)
			if k == "font" {
				t.Font = s
			} else {
				t.CodeFont = s
			}
		case "logo":
			t.Logo = r.sitePath(key, n, imageExts)
		case "logo_dark":
			t.LogoDark = r.sitePath(key, n, imageExts)
		case "favicon":
			t.Favicon = r.sitePath(key, n, []string{".svg", ".png"})
		case "stylesheet":
			t.Stylesheet = r.sitePath(key, n, []string{".css"})
		case "header_links":
			t.HeaderLinks = r.linkList(key, n)
		case "footer_columns":
			if isNull(n) {
				continue
			}
			if n.Kind != yaml.SequenceNode {
				r.errorf(n, "key %q: expected a list of {title, links}, got %s", key, yamlKind(n))
				continue
			}
			for _, item := range n.Content {
				if !r.mapping(item, key, "{title, links}") {
					continue
				}
				var col FooterColumn
				for _, kv := range pairs(item) {
					switch kv[0].Value {
					case "title":
						col.Title = r.str(key+".title", kv[1])
					case "links":
						col.Links = r.linkList(key+".links", kv[1])
					default:
						r.unknownKey(kv[0], []string{"title", "links"}, true, key)
					}
				}
				if strings.TrimSpace(col.Title) == "" {
					r.errorf(item, "%s: a column needs a title", key)
					continue
				}
				t.FooterColumns = append(t.FooterColumns, col)
			}
		case "announcement":
			t.Announcement = r.announcement(key, n)
		case "hero":
			if !r.mapping(n, key, "a mapping with title, text and background") {
				continue
			}
			for _, kv := range pairs(n) {
				switch kv[0].Value {
				case "title":
					t.Hero.Title = r.str(key+".title", kv[1])
				case "text":
					t.Hero.Text = r.str(key+".text", kv[1])
				case "background":
					t.Hero.Background = r.sitePath(key+".background", kv[1], imageExts)
				default:
					r.unknownKey(kv[0], []string{"title", "text", "background"}, true, key)
				}
			}
		default:
			r.unknownKey(kv[0], themeKeys, true, "theme")
		}
	}
	return t
}

// themeColor reads an accent and checks it against sc's backgrounds.
func (r *yamlReader) themeColor(key string, n *yaml.Node, sc scheme) themeColor {
	s := r.str(key, n)
	if s == "" {
		return themeColor{}
	}
	c, err := parseHex(strings.TrimSpace(s))
	if err != nil {
		r.errorf(n, "%s: %v (quote it: %s: \"#0e7c86\")", key, err, key)
		return themeColor{}
	}
	if what, got := sc.contrastProblem(c); what != "" {
		r.errorf(n, "theme/contrast: %s %s fails WCAG AA on the %s scheme: %s have %s, below 4.5:1; the nearest passing shade is %s",
			key, c, sc.name, what, ratio(got), sc.nearestPassing(c))
		return themeColor{}
	}
	return themeColor{Set: true, C: c}
}

// fontStackRE is what a font stack may hold: family names, quoted or
// not, separated by commas. Nothing that could end the declaration
// (;{}), open markup (<>), escape (\), comment (/*) or call url().
var fontStackRE = regexp.MustCompile(`^\s*(?:"[^"\\;{}<>]+"|'[^'\\;{}<>]+'|[\p{L}\p{N} _.-]+)(?:\s*,\s*(?:"[^"\\;{}<>]+"|'[^'\\;{}<>]+'|[\p{L}\p{N} _.-]+))*\s*$`)

// fontStack reads a CSS font-family value: a string as CSS has it, or
// a list of family names, which kb quotes where they have spaces (in
// YAML a string cannot start with a quoted name, so
// [JetBrains Mono, ui-monospace, monospace] is the easier way to write
// one).
func (r *yamlReader) fontStack(key string, n *yaml.Node) string {
	if n.Kind == yaml.SequenceNode {
		var names []string
		for _, f := range r.strList(key, n) {
			name := strings.TrimSpace(f.Value)
			if !fontNameRE.MatchString(name) {
				r.diags = append(r.diags, Diagnostic{Pos: f.Pos, Msg: fmt.Sprintf("%s: %q is not a font family name (letters, digits, spaces, ., _ and -)", key, f.Value)})
				return ""
			}
			if strings.Contains(name, " ") {
				name = `"` + name + `"`
			}
			names = append(names, name)
		}
		return strings.Join(names, ", ")
	}
	s := r.str(key, n)
	if s == "" {
		return ""
	}
	if bad := remoteURL(s); bad != "" {
		r.errorf(n, "%s: %q loads from another host; kb's pages request nothing from other hosts (put the font files in static/ and declare them with @font-face in theme.stylesheet)", key, bad)
		return ""
	}
	if !fontStackRE.MatchString(s) {
		c := strings.IndexAny(s, ";{}<>\\()/:!@")
		what := "it"
		if c >= 0 {
			what = fmt.Sprintf("%q", s[c:c+1])
		}
		r.errorf(n, "%s: %s is not allowed in a font stack: write family names separated by commas, quoting names with spaces (Inter, \"Helvetica Neue\", sans-serif)", key, what)
		return ""
	}
	return strings.TrimSpace(s)
}

var fontNameRE = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N} _.-]*$`)

// remoteURL finds a url(…) or @import of another host in CSS-ish text.
var remoteURLRE = regexp.MustCompile(`(?i)(?:url\(\s*["']?|@import\s+["'])\s*((?:https?:)?//[^"')\s]*)`)

func remoteURL(s string) string {
	if m := remoteURLRE.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

var imageExts = []string{".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".avif"}

// sitePath reads a path of one of the site's files, as pages link it
// ("/images/logo.svg"). URLs are refused: theme files come from the site.
func (r *yamlReader) sitePath(key string, n *yaml.Node, exts []string) strPos {
	s := strings.TrimSpace(r.str(key, n))
	if s == "" {
		return strPos{}
	}
	switch {
	case strings.Contains(s, "://") || strings.HasPrefix(s, "//") || strings.HasPrefix(s, "data:"):
		r.errorf(n, "%s: %q is a URL; give the path of a file of static/ (/images/logo.svg): kb's pages request nothing from other hosts", key, s)
		return strPos{}
	case strings.ContainsAny(s, "\"'()\\<> \t?#") || strings.Contains(s, ".."):
		r.errorf(n, "%s: %q is not a plain file path (no quotes, brackets, spaces, ?, # or ..)", key, s)
		return strPos{}
	}
	ext := strings.ToLower(path.Ext(s))
	ok := false
	for _, e := range exts {
		ok = ok || ext == e
	}
	if !ok {
		r.errorf(n, "%s: %q should be a %s file", key, s, strings.Join(exts, ", "))
		return strPos{}
	}
	return strPos{Value: s, Pos: r.pos(n)}
}

// navLink reads one {title, url} mapping, as footer: and the theme's
// link lists write it.
func (r *yamlReader) navLink(key string, item *yaml.Node) NavLink {
	var l NavLink
	for _, kv := range pairs(item) {
		switch kv[0].Value {
		case "title":
			l.Title = r.str(key+".title", kv[1])
		case "url":
			l.URL = r.str(key+".url", kv[1])
		default:
			r.unknownKey(kv[0], []string{"title", "url"}, true, key)
		}
	}
	return l
}

// linkList reads a list of {title, url}.
func (r *yamlReader) linkList(key string, n *yaml.Node) []NavLink {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		r.errorf(n, "key %q: expected a list of {title, url}, got %s", key, yamlKind(n))
		return nil
	}
	var out []NavLink
	for _, item := range n.Content {
		if !r.mapping(item, key, "{title, url}") {
			continue
		}
		l := r.navLink(key, item)
		switch {
		case strings.TrimSpace(l.Title) == "" || strings.TrimSpace(l.URL) == "":
			r.errorf(item, "%s: a link needs a title and a url", key)
			continue
		case badLinkScheme(l.URL):
			r.errorf(item, "%s: %q: only http(s), mailto and the site's own paths are links here", key, l.URL)
			continue
		}
		out = append(out, l)
	}
	return out
}

// badLinkScheme reports a URL with a scheme other than http(s) or mailto
// (javascript:, data:).
func badLinkScheme(u string) bool {
	i := strings.IndexAny(u, ":/?#")
	if i <= 0 || u[i] != ':' {
		return false
	}
	switch strings.ToLower(u[:i]) {
	case "http", "https", "mailto":
		return false
	}
	return true
}

var announcementIDRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// announcement reads theme.announcement: a string (its text) or
// {text, link, id}.
func (r *yamlReader) announcement(key string, n *yaml.Node) Announcement {
	var a Announcement
	var text string
	var textNode *yaml.Node
	switch {
	case isNull(n):
		return a
	case n.Kind == yaml.ScalarNode:
		text, textNode = n.Value, n
	case n.Kind == yaml.MappingNode:
		for _, kv := range pairs(n) {
			switch kv[0].Value {
			case "text":
				text, textNode = r.str(key+".text", kv[1]), kv[1]
			case "link":
				a.Link = strings.TrimSpace(r.str(key+".link", kv[1]))
				if badLinkScheme(a.Link) {
					r.errorf(kv[1], "%s.link: %q: only http(s), mailto and the site's own paths are links here", key, a.Link)
					a.Link = ""
				}
			case "id":
				a.ID = r.str(key+".id", kv[1])
				if !announcementIDRE.MatchString(a.ID) {
					r.errorf(kv[1], "%s.id: %q: use letters, digits, ., _ and - (up to 64)", key, a.ID)
					a.ID = ""
				}
			default:
				r.unknownKey(kv[0], []string{"text", "link", "id"}, true, key)
			}
		}
	default:
		r.errorf(n, "key %q: expected its text or a mapping with text, link and id, got %s", key, yamlKind(n))
		return a
	}
	if strings.TrimSpace(text) == "" {
		if textNode == nil {
			textNode = n
		}
		r.errorf(textNode, "%s: the banner needs a text", key)
		return Announcement{}
	}
	html, err := inlineMarkdown(text)
	if err != nil {
		r.errorf(textNode, "%s.text: %v", key, err)
		return Announcement{}
	}
	if a.Link != "" && strings.Contains(string(html), "<a ") {
		r.errorf(textNode, "%s.text: the text has a link of its own and the banner links to %s: keep one", key, a.Link)
		return Announcement{}
	}
	a.Text = html
	if a.ID == "" {
		sum := sha256.Sum256([]byte(text + "\x00" + a.Link))
		a.ID = hex.EncodeToString(sum[:6])
	}
	return a
}

// ---------------------------------------------------------------- files

// themePaths are the theme's settings that name files, with their keys.
func (t *Theme) paths() []struct {
	key string
	p   strPos
} {
	return []struct {
		key string
		p   strPos
	}{
		{"theme.logo", t.Logo}, {"theme.logo_dark", t.LogoDark}, {"theme.favicon", t.Favicon},
		{"theme.hero.background", t.Hero.Background}, {"theme.stylesheet", t.Stylesheet},
	}
}

// publishedPath is a site path as written in site.yaml ("/images/x.svg",
// "images/x.svg", or under the base path "/help/images/x.svg") as an
// output path below the base path ("images/x.svg").
func (c *Config) publishedPath(p string) string {
	if bp := strings.TrimPrefix(c.BasePath, "/"); bp != "" && strings.HasPrefix(strings.TrimPrefix(p, "/"), bp) {
		return strings.TrimPrefix(strings.TrimPrefix(p, "/"), bp)
	}
	return strings.TrimPrefix(p, "/")
}

// checkThemeFiles reports each file of theme: that the site does not
// publish.
func (s *Site) checkThemeFiles() {
	c := s.Config
	for _, f := range c.Theme.paths() {
		if f.p.Value == "" {
			continue
		}
		out := c.publishedPath(f.p.Value)
		if _, ok := s.outBy[out]; ok {
			continue
		}
		msg := fmt.Sprintf("%s: no file is published at /%s (put it at static/%s)", f.key, out, out)
		var cands []string
		for k := range s.outBy {
			if path.Ext(k) == path.Ext(out) {
				cands = append(cands, k)
			}
		}
		if m := closest(out, cands); m != "" {
			msg += fmt.Sprintf("; did you mean /%s?", m)
		}
		s.Diags = append(s.Diags, Diagnostic{Pos: f.p.Pos, Msg: msg})
	}
}

// siteTheme is what the theme settings add to a build: generated files
// (the colour and font stylesheet, favicons, the fingerprinted custom
// stylesheet) and what the pages link.
type siteTheme struct {
	files   []themeAsset
	css     []string // output paths of stylesheets after the theme's
	icons   []IconLink
	heroBg  bool
	dismiss string // output path of the announcement's early script
	// immutable is the fingerprinted outputs outside assets/ (the copy of
	// theme.stylesheet): _headers and kb serve -prod (through the
	// manifest) cache them for a year, as they do assets/.
	immutable []string
}

// IconLink is one <link> of the page's icons.
type IconLink struct {
	Rel   string // "icon" or "apple-touch-icon"
	URL   string
	Type  string // "svg" or "png" (type="image/svg+xml", "image/png"), "" for none
	Sizes string // "32x32", "180x180", "" for SVG
}

// applySiteTheme makes the theme settings' files and adds them to th:
// its assets, its stylesheets and its fingerprint (so cached pages that
// link them are made again when they change). Problems with the files'
// contents are returned.
func (th *theme) applySiteTheme(fsys fs.FS, s *Site) Diagnostics {
	c := s.Config
	t := &c.Theme
	st := &siteTheme{}
	diags := th.applyMessages(fsys, c) // the theme's words in c.Language (messages.go)
	add := func(name, ext string, data []byte) string {
		sum := sha256.Sum256(data)
		out := name + "." + hex.EncodeToString(sum[:4]) + ext
		st.files = append(st.files, themeAsset{out: out, data: data})
		return out
	}

	light, dark := lightScheme.defaults, darkScheme.defaults
	if t.Accent.Set {
		light = lightScheme.shades(t.Accent.C)
		dark = darkScheme.shades(darkFromLight(t.Accent.C))
	}
	if t.AccentDark.Set {
		dark = darkScheme.shades(t.AccentDark.C)
	}

	// Colours, fonts and the hero's image.
	var css strings.Builder
	var root []string
	if t.Accent.Set {
		root = append(root, shadeVars(light))
	}
	if t.Font != "" {
		root = append(root, "--font: "+t.Font+";")
	}
	if t.CodeFont != "" {
		root = append(root, "--mono: "+t.CodeFont+";")
	}
	if len(root) > 0 {
		fmt.Fprintf(&css, ":root { %s }\n", strings.Join(root, " "))
	}
	if t.Accent.Set || t.AccentDark.Set {
		// The same two selectors as style.css's dark palette, later, so
		// these win over it.
		fmt.Fprintf(&css, "@media screen and (prefers-color-scheme: dark) {\n  :root:not([data-theme=\"light\"]) { %s }\n}\n", shadeVars(dark))
		fmt.Fprintf(&css, "@media screen {\n  :root[data-theme=\"dark\"] { %s }\n}\n", shadeVars(dark))
	}
	if bg := t.Hero.Background.Value; bg != "" {
		st.heroBg = true
		fmt.Fprintf(&css, ".hero.has-image { background-image: linear-gradient(rgb(0 0 0 / .55), rgb(0 0 0 / .55)), url(\"%s\"); }\n",
			c.BasePath+c.publishedPath(bg))
	}
	if css.Len() > 0 {
		st.css = append(st.css, add("assets/kb-theme", ".css", []byte("/* Generated by kb from site.yaml's theme settings. */\n"+css.String())))
	}

	// The site's own stylesheet, fingerprinted beside the original so
	// that its relative url()s (fonts in static/) still resolve.
	if p := t.Stylesheet; p.Value != "" {
		out := c.publishedPath(p.Value)
		if src, ok := s.outBy[out]; ok {
			data, err := fs.ReadFile(fsys, src)
			switch {
			case err != nil:
				diags = append(diags, Diagnostic{Pos: p.Pos, Msg: "theme.stylesheet: cannot read " + src + ": " + cleanErr(err)})
			default:
				diags = append(diags, checkStylesheet(src, data)...)
				ext := path.Ext(out)
				fp := add(strings.TrimSuffix(out, ext), ext, data)
				st.css = append(st.css, fp)
				st.immutable = append(st.immutable, fp)
			}
		}
	}

	// Icons: the site's favicon, or kb's; PNGs from kb's design unless
	// the site's favicon is one.
	initial := faviconInitial(c.Title)
	pngIcons := func() {
		for _, sz := range []struct {
			rel, name string
			px        int
		}{{"icon", "assets/favicon-32", 32}, {"apple-touch-icon", "assets/apple-touch-icon", 180}} {
			data, err := faviconPNG(initial, light.Accent, light.FG, sz.px)
			if err != nil {
				diags = append(diags, Diagnostic{Pos: Pos{File: "site.yaml"}, Msg: "favicon: " + err.Error()})
				return
			}
			l := IconLink{Rel: sz.rel, URL: c.BasePath + add(sz.name, ".png", data), Type: "png", Sizes: fmt.Sprintf("%dx%d", sz.px, sz.px)}
			if sz.rel == "apple-touch-icon" {
				l.Type = ""
			}
			st.icons = append(st.icons, l)
		}
	}
	switch fav := t.Favicon; {
	case fav.Value == "":
		st.icons = append(st.icons, IconLink{Rel: "icon", URL: c.BasePath + add("assets/favicon", ".svg", faviconSVG(initial, light.Accent, light.FG)), Type: "svg"})
		pngIcons()
	default:
		out := c.publishedPath(fav.Value)
		src, ok := s.outBy[out]
		if !ok {
			break // checkThemeFiles reported it
		}
		data, err := fs.ReadFile(fsys, src)
		if err != nil {
			diags = append(diags, Diagnostic{Pos: fav.Pos, Msg: "theme.favicon: cannot read " + src + ": " + cleanErr(err)})
			break
		}
		url := c.BasePath + out
		if strings.EqualFold(path.Ext(out), ".png") {
			cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
			if err != nil || format != "png" {
				diags = append(diags, Diagnostic{Pos: fav.Pos, Msg: fmt.Sprintf("theme.favicon: %s is not a PNG image", src)})
				break
			}
			sizes := fmt.Sprintf("%dx%d", cfg.Width, cfg.Height)
			st.icons = append(st.icons, IconLink{Rel: "icon", URL: url, Type: "png", Sizes: sizes},
				IconLink{Rel: "apple-touch-icon", URL: url, Sizes: sizes})
			break
		}
		if !bytes.Contains(data, []byte("<svg")) {
			diags = append(diags, Diagnostic{Pos: fav.Pos, Msg: fmt.Sprintf("theme.favicon: %s has no <svg> element", src)})
			break
		}
		st.icons = append(st.icons, IconLink{Rel: "icon", URL: url, Type: "svg"})
		pngIcons()
	}

	// The announcement's dismissal is read before the first paint by a
	// tiny blocking script (the CSP allows no inline one).
	if t.Announcement.Text != "" {
		st.dismiss = add("assets/kb-banner", ".js", []byte(bannerScript))
	}

	for _, f := range st.files {
		th.fp += hashFile(f.out, f.data)
	}
	th.assets = append(th.assets, st.files...)
	th.site = st
	return diags
}

// immutable is the fingerprinted outputs outside assets/ (siteTheme's),
// nil without theme settings.
func (th *theme) immutable() []string {
	if th.site == nil {
		return nil
	}
	return th.site.immutable
}

// bannerScript runs in <head>, before the page is painted: when the
// reader has closed this announcement (kb.js stores its id), it marks
// <html> so that style.css never shows the banner, with no layout shift.
const bannerScript = `try{var s=document.currentScript;if(s&&localStorage.getItem("kb-announcement")===s.dataset.announcement)document.documentElement.classList.add("announcement-dismissed")}catch(e){}
`

func shadeVars(s accentShades) string {
	return fmt.Sprintf("--accent: %s; --accent-fg: %s; --accent-soft: %s; --accent-strong: %s;", s.Accent, s.FG, s.Soft, s.Strong)
}

// checkStylesheet reports each url() or @import of another host in a
// site's stylesheet, at its line and column.
func checkStylesheet(file string, data []byte) Diagnostics {
	var diags Diagnostics
	for _, m := range remoteURLRE.FindAllSubmatchIndex(data, -1) {
		line := 1 + bytes.Count(data[:m[2]], []byte("\n"))
		col := m[2] - bytes.LastIndexByte(data[:m[2]], '\n')
		diags = append(diags, Diagnostic{Pos: Pos{File: file, Line: line, Col: col},
			Msg: fmt.Sprintf("theme.stylesheet: %s loads from another host; kb's pages request nothing from other hosts (put the file in static/ and link it by a relative path)", data[m[2]:m[3]])})
	}
	return diags
}
