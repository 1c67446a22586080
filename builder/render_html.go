package builder

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/kbhelp/kb/layouts"
)

// theme is the parsed layouts: one template set per page kind, and the
// theme's asset files with their fingerprinted output names.
type theme struct {
	byKind map[string]*template.Template
	assets []themeAsset
	css    []string // output paths of stylesheets, in order
	js     []string
	// searchClient is the static search's script (kb-search.js), which
	// the build writes beside the static index with its meta.json inside
	// (search.Writer.StaticClient), not as an asset of its own.
	searchClient []byte
	fp           uint64 // fingerprint of every file read: templates and assets (cache.go)
	// joinNav: pages come out the same when runs of prerendered sidebar
	// entries are joined into one (joinNavHTML), checked by navJoinable.
	joinNav bool
	// bufs holds page buffers that a plain build has written (recycle).
	bufs sync.Pool
	// lastSize is the size of the last page executed, for the next
	// page's buffer.
	lastSize atomic.Int64
	// inGo: the kinds whose pages are written by writeDefault
	// (render_default.go), since their layout files are the built-in ones.
	inGo map[string]bool
	// navInGo: sidebar entries are written by appendNavItem, since
	// partials.html is the built-in one.
	navInGo bool
	parts   atomic.Pointer[siteParts] // site-wide parts of pages written in Go
	// site is what site.yaml's theme settings add (theme.go), set by
	// applySiteTheme before rendering; nil until then.
	site *siteTheme
	// msgs are the theme's words in the site's language (messages.go),
	// set by applyMessages; nil until then, when pages get English.
	msgs *messages
}

type themeAsset struct {
	out  string // output path below the base path: "assets/style.1a2b3c4d.css"
	data []byte
}

var kindFiles = map[string]string{"home": "home.html", "category": "list.html", "section": "list.html",
	"article": "article.html", "404": "404.html", "search": "search.html"}

// layoutFile reads a theme file: the site's own layouts/NAME when it has
// one, else the embedded default (builtIn).
func layoutFile(site fs.FS, name string) (src []byte, label string, builtIn bool, err error) {
	if site != nil {
		if b, err := fs.ReadFile(site, "layouts/"+name); err == nil {
			return b, "layouts/" + name, false, nil
		}
	}
	b, err := fs.ReadFile(layouts.FS, name)
	return b, "layouts/" + name + " (built in)", true, err
}

// loadTheme parses the templates and fingerprints the assets. Template
// errors carry the file name and line from html/template itself.
func loadTheme(site fs.FS) (*theme, Diagnostics) {
	t := &theme{byKind: map[string]*template.Template{}, inGo: map[string]bool{}}
	var diags Diagnostics
	builtIn := map[string]bool{} // layout files read from the built-in theme
	// Templates are parsed in map order: the fingerprint adds up the
	// files' hashes, so it does not depend on that order.
	var fp uint64
	parse := func(set *template.Template, name string) *template.Template {
		src, label, fromTheme, err := layoutFile(site, name)
		fp += hashFile(label, src)
		builtIn[name] = err == nil && fromTheme
		if err != nil {
			diags = append(diags, Diagnostic{Pos: Pos{File: "layouts/" + name}, Msg: "missing layout: " + cleanErr(err)})
			return set
		}
		var nt *template.Template
		if set == nil {
			nt = template.New(label)
		} else {
			nt = set.New(label)
		}
		if _, err := nt.Parse(string(src)); err != nil {
			diags = append(diags, Diagnostic{Pos: Pos{File: "layouts/" + name}, Msg: err.Error()})
		}
		if set == nil {
			return nt
		}
		return set
	}
	base := parse(nil, "base.html")
	base = parse(base, "partials.html")
	if diags != nil {
		return nil, diags
	}
	t.navInGo = builtIn["partials.html"]
	for kind, file := range kindFiles {
		clone, err := base.Clone()
		if err != nil {
			diags = append(diags, Diagnostic{Pos: Pos{File: "layouts/" + file}, Msg: err.Error()})
			continue
		}
		t.byKind[kind] = parse(clone, file)
		t.inGo[kind] = defaultKinds[kind] && builtIn["base.html"] && builtIn["partials.html"] && builtIn[file]
	}

	// Assets: the theme's files under assets/, the site's overriding, plus
	// the two highlighting stylesheets.
	files := map[string][]byte{}
	collect := func(fsys fs.FS, root string) {
		_ = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || ignored(d.Name()) {
				return nil
			}
			if b, err := fs.ReadFile(fsys, p); err == nil {
				files[strings.TrimPrefix(p, root+"/")] = b
			}
			return nil
		})
	}
	collect(layouts.FS, "assets")
	files["kb-search.js"] = layouts.SearchEngine()
	if site != nil {
		collect(site, "layouts/assets")
	}
	light, dark := syntaxCSS()
	files["syntax-light.css"], files["syntax-dark.css"] = light, dark
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if n == "kb-search.js" {
			t.searchClient = files[n]
			fp += hashFile(n, files[n])
			continue
		}
		out := "assets/" + n
		ext := path.Ext(n)
		if ext == ".css" || ext == ".js" {
			sum := sha256.Sum256(files[n])
			out = "assets/" + strings.TrimSuffix(n, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		}
		t.assets = append(t.assets, themeAsset{out: out, data: files[n]})
		fp += hashFile(out, files[n])
		switch {
		case ext == ".css" && !strings.Contains(n, "/"):
			t.css = append(t.css, out)
		case n == "kb.js":
			t.js = append(t.js, out)
		}
	}
	// The theme's stylesheet first, then light highlighting, then dark
	// (whose scoped rules override the light ones), then any others.
	rank := func(out string) int {
		for i, p := range []string{"assets/style.", "assets/syntax-light.", "assets/syntax-dark."} {
			if strings.HasPrefix(out, p) {
				return i
			}
		}
		return 3
	}
	sort.SliceStable(t.css, func(i, j int) bool { return rank(t.css[i]) < rank(t.css[j]) })
	t.fp = fp
	t.joinNav = t.navJoinable()
	return t, diags
}

// navItemHTML renders one sidebar entry with the "navitem" template, or
// returns "" when the theme has no such template (a site's own partials
// may not), so the entry is rendered in place instead.
func (t *theme) navItemHTML(it NavItem) template.HTML {
	if t.navInGo {
		return template.HTML(appendNavItem(nil, &it))
	}
	tmpl := t.byKind["article"]
	if tmpl == nil || tmpl.Lookup("navitem") == nil {
		return ""
	}
	var b bytes.Buffer
	if err := tmpl.ExecuteTemplate(&b, "navitem", it); err != nil {
		return ""
	}
	return template.HTML(b.String())
}

// navJoinable reports whether every page template gives the same page
// for a sidebar whose prerendered entries are joined (joinNavHTML) as
// for the one with an item per entry. The default theme does; a site's
// own layouts may use the items differently, and then each item is kept.
func (t *theme) navJoinable() (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	art := func(title string, cur bool) NavItem {
		it := NavItem{Title: title, URL: "/probe/" + title + "/", Kind: "article", Current: cur}
		it.HTML = t.navItemHTML(it)
		return it
	}
	a, b, c := art("a", false), art("b", true), art("c", false)
	if a.HTML == "" || b.HTML == "" {
		return false
	}
	sec := NavItem{Title: "s", URL: "/probe/s/", Kind: "section", Open: true,
		Children: []NavItem{a, b, c, {Title: "All 4 in s", URL: "/probe/s/", Kind: "more"}}}
	nav := []NavItem{a, {Title: "k", URL: "/probe/k/", Kind: "category", Open: true, Children: []NavItem{c, sec, a}},
		{Title: "m", URL: "/probe/m/", Kind: "category"}, b, c}
	en, _ := loadMessages(nil, "en")
	sv := &SiteView{Title: "Probe", T: en.table(), msgs: en}
	for kind := range t.byKind {
		v := &PageView{Site: sv, Kind: kind, Title: "Probe", URL: "/probe/s/b/", Nav: nav}
		one, err := t.executeView(kind, v)
		if err != nil {
			return false
		}
		w := *v
		w.Nav = joinNavHTML(nav)
		joined, err := t.executeView(kind, &w)
		if err != nil || !bytes.Equal(one, joined) {
			return false
		}
	}
	return true
}

// execute renders one page view with its kind's template, or as the
// template would when the kind's files are the built-in ones.
func (t *theme) execute(kind string, v *PageView) ([]byte, error) {
	if t.inGo[kind] {
		var buf []byte
		if p, ok := t.bufs.Get().(*[]byte); ok {
			buf = (*p)[:0]
		} else {
			buf = make([]byte, 0, int(t.lastSize.Load())+4<<10)
		}
		b, err := t.writeDefault(buf, kind, v)
		if err != nil {
			return nil, err
		}
		t.lastSize.Store(int64(len(b)))
		return b, nil
	}
	if t.joinNav && len(v.Nav) > 0 {
		w := *v
		w.Nav = joinNavHTML(v.Nav)
		v = &w
	}
	return t.executeView(kind, v)
}

// recycle takes back a page that execute made, once it is written and
// nothing holds it any more, for a later execute to write into.
func (t *theme) recycle(page []byte) {
	t.bufs.Put(&page)
}

// executeView renders v with kind's template as it is.
func (t *theme) executeView(kind string, v *PageView) ([]byte, error) {
	tmpl := t.byKind[kind]
	var b bytes.Buffer
	// Sized by the last page, so that a page rarely outgrows its buffer
	// (a fixed 32 KB was too small for half the pages of the
	// 10,000-article corpus, each then copied into a buffer twice as big).
	b.Grow(int(t.lastSize.Load()) + 4<<10)
	if err := tmpl.ExecuteTemplate(&b, "base", v); err != nil {
		return nil, err
	}
	t.lastSize.Store(int64(b.Len()))
	return b.Bytes(), nil
}

// ---------------------------------------------------------------- views

// siteURL is a URL of site.yaml as pages link it: a path
// ("/api/feedback", "images/logo.svg") is one of the site's, below its
// base path (once: "/help/x" under /help/ stays); a full URL, or "",
// stays as it is.
func siteURL(c *Config, u string) string {
	switch {
	case u == "" || strings.Contains(u, "://") || strings.HasPrefix(u, "//"):
		return u
	case c.BasePath != "/" && strings.HasPrefix(u, c.BasePath):
		return u
	}
	return c.BasePath + strings.TrimPrefix(u, "/")
}

// siteView is computed once per build.
func (s *Site) siteView(t *theme) *SiteView {
	c := s.Config
	v := &SiteView{
		Title:       c.Title,
		Description: c.Description,
		Lang:        c.Language,
		Dir:         c.Direction,
		Root:        c.BasePath,
		BaseURL:     c.BaseURL,
		FeedbackURL: siteURL(c, c.FeedbackURL),
		SearchURL:   siteURL(c, c.SearchURL),
		SearchPage:  c.BasePath + SearchPagePath,
		SearchAPI:   c.BasePath + "api/search",
		SearchFixed: c.SearchURL != "",
		LLMSURL:     c.BasePath + "llms.txt",
		LLMSFullURL: c.BasePath + "llms-full.txt",
		Footer:      c.Footer,
	}
	if c.Agents.MCP && c.Agents.CopyMCPURL {
		v.MCPURL = c.BasePath + "mcp"
	}
	v.msgs = t.msgs
	if v.msgs == nil { // a theme the build has not applied messages to: English
		v.msgs, _ = loadMessages(nil, "en")
	}
	v.T = v.msgs.table()
	v.Logo = siteURL(c, c.Logo)
	{
		ts := c.Theme
		if ts.Logo.Value != "" { // theme.logo wins over the top-level logo
			v.Logo = siteURL(c, ts.Logo.Value)
		}
		if ts.LogoDark.Value != "" {
			v.LogoDark = siteURL(c, ts.LogoDark.Value)
		}
		for _, l := range ts.HeaderLinks {
			v.HeaderLinks = append(v.HeaderLinks, NavLink{Title: l.Title, URL: siteURL(c, l.URL)})
		}
		for _, col := range ts.FooterColumns {
			fc := FooterColumn{Title: col.Title}
			for _, l := range col.Links {
				fc.Links = append(fc.Links, NavLink{Title: l.Title, URL: siteURL(c, l.URL)})
			}
			v.FooterColumns = append(v.FooterColumns, fc)
		}
		v.Hero = HeroView{Title: ts.Hero.Title, Text: ts.Hero.Text, Image: ts.Hero.Background.Value != ""}
		if st := t.site; st != nil {
			v.Icons = st.icons
			if a := ts.Announcement; a.Text != "" && st.dismiss != "" {
				v.Announcement = &AnnouncementView{Text: a.Text, URL: siteURL(c, a.Link), ID: a.ID, Script: c.BasePath + st.dismiss}
			}
		}
	}
	if c.Support.URL != "" {
		sv := c.Support
		if sv.Text == "" {
			sv.Text = v.msgs.text("support_text")
		}
		if sv.LinkText == "" {
			sv.LinkText = v.msgs.text("support_link")
		}
		v.Support = &SupportView{Text: sv.Text, LinkText: sv.LinkText, URL: sv.URL}
	}
	for _, css := range t.css {
		if strings.HasPrefix(css, "assets/syntax-") {
			v.CodeCSS = append(v.CodeCSS, c.BasePath+css)
		} else {
			v.CSS = append(v.CSS, c.BasePath+css)
		}
	}
	if t.site != nil {
		for _, css := range t.site.css {
			v.CSS = append(v.CSS, c.BasePath+css)
		}
	}
	for _, js := range t.js {
		v.JS = append(v.JS, c.BasePath+js)
	}
	if v.SearchURL == "" {
		v.SearchURL = v.SearchPage
	}
	for _, p := range s.Pages {
		if y := p.FM.Updated.Year(); !p.FM.Updated.IsZero() && y > v.Year {
			v.Year = y
		}
	}
	return v
}

// pageView computes everything page p shows except its body.
func (s *Site) pageView(sv *SiteView, p *Page) *PageView {
	c := s.Config
	v := &PageView{
		Dev:         c.dev,
		Site:        sv,
		Kind:        p.Kind.String(),
		Title:       p.Title,
		Description: p.Description,
		URL:         p.URL,
		Canonical:   c.abs(p.URL),
		MarkdownURL: twinURL(p, c),
		LLMSURL:     p.URL + "llms.txt",
		OGType:      "website",
		Tags:        p.FM.Tags,
	}
	s.languageView(v, p)
	v.OpenIn = openIn(sv.msgs, c.Agents.OpenIn, c.abs(v.MarkdownURL))
	v.HeadTitle = p.Title + " – " + c.Title
	if p.Kind == KindHome {
		v.HeadTitle = c.Title
	}
	for a := p.Parent; a != nil; a = a.Parent {
		v.Breadcrumbs = append(v.Breadcrumbs, NavLink{Title: a.Title, URL: a.URL})
	}
	for i, j := 0, len(v.Breadcrumbs)-1; i < j; i, j = i+1, j-1 {
		v.Breadcrumbs[i], v.Breadcrumbs[j] = v.Breadcrumbs[j], v.Breadcrumbs[i]
	}
	v.Nav = s.nav(sv.msgs, s.Home, p)
	if p.hasCode {
		v.CodeCSS = sv.CodeCSS
	}
	if !p.FM.Updated.IsZero() {
		v.Updated = sv.msgs.date(p.FM.Updated)
		v.UpdatedText = sv.msgs.text("updated", "date", v.Updated)
		v.UpdatedISO = p.FM.Updated.Format("2006-01-02")
	}
	switch p.Kind {
	case KindArticle:
		v.OGType = "article"
		v.Symptoms, v.ErrorMessages = p.FM.Symptoms, p.FM.ErrorMessages
		for _, a := range p.FM.AppliesTo {
			v.AppliesTo = append(v.AppliesTo, AppliesToView{Label: titleFromName(a.Key), Values: strings.Join(a.Values, ", ")})
		}
		v.TOC = toc(p.Headings)
		for _, r := range append(append([]*Page{}, p.Related...), p.Backlinks...) {
			if r != p && !cardsHave(v.Related, r.URL) {
				v.Related = append(v.Related, card(r))
			}
		}
		if p.NavIndex > 0 {
			prev := s.Listed[p.NavIndex-1]
			v.Prev = &NavLink{Title: prev.Title, URL: prev.URL}
		}
		if p.NavIndex >= 0 && p.NavIndex+1 < len(s.Listed) {
			next := s.Listed[p.NavIndex+1]
			v.Next = &NavLink{Title: next.Title, URL: next.URL}
		}
	case KindCategory, KindSection:
		for _, ch := range p.Children {
			if !ch.listed() {
				continue
			}
			cd := card(ch)
			if ch.Kind != KindArticle {
				for _, gc := range ch.Children {
					if gc.listed() && len(cd.Children) < 6 {
						cd.Children = append(cd.Children, card(gc))
					}
				}
			}
			v.Children = append(v.Children, cd)
		}
	case KindHome:
		for _, ch := range p.Children {
			if !ch.listed() {
				continue
			}
			cd := card(ch)
			for _, gc := range ch.Children {
				if gc.listed() {
					cd.Children = append(cd.Children, card(gc))
				}
			}
			v.Categories = append(v.Categories, cd)
		}
		for _, f := range c.Featured {
			if t := s.featured(f.Value); t != nil && t.Kind == KindArticle {
				v.Featured = append(v.Featured, card(t))
			}
		}
	}
	sv.msgs.seeAll(v.Children)
	sv.msgs.seeAll(v.Categories)
	v.JSONLD = s.jsonLD(p, v)
	return v
}

func cardsHave(cs []Card, url string) bool {
	for _, c := range cs {
		if c.URL == url {
			return true
		}
	}
	return false
}

func card(p *Page) Card {
	return Card{Title: p.Title, URL: p.URL, Description: p.Description, Kind: p.Kind.String(), Count: countArticles(p)}
}

// countArticles counts the listed articles at or below p.
func countArticles(p *Page) int {
	if p.Kind == KindArticle {
		return 1
	}
	n := 0
	for _, c := range p.Children {
		if c.listed() {
			n += countArticles(c)
		}
	}
	return n
}

// navWindow is how many siblings a sidebar list shows at most. A longer
// list shows a window around the current page and a link to the folder
// page that lists them all: a sidebar of hundreds of links helps nobody,
// and every page would carry them.
const navWindow = 30

// nav builds the sidebar for page cur: every category, and below them
// only the branch that leads to cur.
func (s *Site) nav(m *messages, parent, cur *Page) []NavItem {
	// The child of parent on the path to cur, if any: the only one
	// that is cur or one of its ancestors.
	var onPath *Page
	for p := cur; p != nil; p = p.Parent {
		if p.Parent == parent {
			onPath = p
			break
		}
	}
	// The window is found first, so that a long list (hundreds of
	// articles in a section) makes items for the entries shown only.
	n, at := 0, -1 // listed children; the one on the path to cur
	for _, c := range parent.Children {
		if !c.listed() {
			continue
		}
		if c == onPath {
			at = n
		}
		n++
	}
	lo, hi := 0, n
	if n > navWindow {
		lo = max(0, min(at-navWindow/2, n-navWindow))
		hi = lo + navWindow
	}
	items := make([]NavItem, 0, hi-lo+b2i(n > navWindow))
	i := 0
	for _, c := range parent.Children {
		if !c.listed() {
			continue
		}
		i++
		if i <= lo || i > hi {
			continue
		}
		it := NavItem{Title: c.navTitle(), URL: c.URL, Kind: c.Kind.String(), Current: c == cur}
		if c.Kind == KindArticle {
			it.HTML = c.navHTML[b2i(it.Current)]
		} else if c == onPath {
			it.Open = true
			it.Children = s.nav(m, c, cur)
		} else {
			it.HTML = c.navHTML[0] // a closed folder: the same on every page; "" when not prerendered
		}
		items = append(items, it)
	}
	if n > navWindow {
		items = append(items, NavItem{Title: m.count("nav_all", n, "title", parent.Title), URL: parent.URL, Kind: "more"})
	}
	return items
}

// joinNavHTML merges each run of consecutive items already rendered
// (HTML set, no children) into one item whose HTML is theirs joined by
// newlines: the theme's navitems template writes each item's HTML and a
// newline, so the page is the same, and the template makes one call for
// the run instead of one per item (most of a sidebar is one run of up to
// navWindow articles). Only used when the theme was checked to give the
// same page either way (theme.joinNav). Items are not modified.
func joinNavHTML(items []NavItem) []NavItem {
	out := make([]NavItem, 0, len(items))
	for i := 0; i < len(items); {
		it := items[i]
		if len(it.Children) > 0 {
			it.Children = joinNavHTML(it.Children)
		}
		j := i + 1
		if it.HTML != "" && len(it.Children) == 0 {
			for j < len(items) && items[j].HTML != "" && len(items[j].Children) == 0 {
				j++
			}
		}
		if j > i+1 {
			n := j - i - 1
			for _, x := range items[i:j] {
				n += len(x.HTML)
			}
			var b strings.Builder
			b.Grow(n)
			for k, x := range items[i:j] {
				if k > 0 {
					b.WriteByte('\n')
				}
				b.WriteString(string(x.HTML))
				it.Current = it.Current || x.Current
			}
			it.HTML = template.HTML(b.String())
		}
		out = append(out, it)
		i = j
	}
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// prerenderNav renders every listed article's sidebar entry, as it shows
// on other pages and on its own page, and every folder's entry as it
// shows closed (on pages outside it), so pages only splice them in.
func (s *Site) prerenderNav(t *theme) {
	var wg sync.WaitGroup
	n := runtime.GOMAXPROCS(0)
	for w := range n {
		wg.Go(func() { // each worker owns every n-th page
			for i := w; i < len(s.Pages); i += n {
				if p := s.Pages[i]; navPrerendered(p) {
					p.navHTML = t.navEntries(p)
				}
			}
		})
	}
	wg.Wait()
}

// navPrerendered reports whether p's sidebar entries are prerendered:
// every listed page but the home page.
func navPrerendered(p *Page) bool { return p.Kind != KindHome && p.listed() }

// navEntries renders p's sidebar entries: [0] as other pages show it,
// [1] on its own page (an article's; a folder's own page shows it open).
func (t *theme) navEntries(p *Page) (e [2]template.HTML) {
	for cur := range 2 {
		if cur == 1 && p.Kind != KindArticle {
			break
		}
		e[cur] = t.navItemHTML(NavItem{Title: p.navTitle(), URL: p.URL, Kind: p.Kind.String(), Current: cur == 1})
	}
	return e
}

// toc nests H3s under their H2. H3s before the first H2 are kept at the
// top level.
func toc(hs []Heading) []TOCItem {
	var items []TOCItem
	for _, h := range hs {
		switch h.Level {
		case 2:
			items = append(items, TOCItem{Title: h.Text, ID: h.ID})
		case 3:
			if len(items) == 0 {
				items = append(items, TOCItem{Title: h.Text, ID: h.ID})
				continue
			}
			last := &items[len(items)-1]
			last.Children = append(last.Children, TOCItem{Title: h.Text, ID: h.ID})
		}
	}
	return items
}

// twinURL is the URL of a page's markdown twin: /a/b.md for /a/b/, and
// /index.md for the home page.
func twinURL(p *Page, c *Config) string {
	if p.URL == c.BasePath {
		return c.BasePath + "index.md"
	}
	return strings.TrimSuffix(p.URL, "/") + ".md"
}

// openIn returns the "Open in …" links for the assistants named, each a
// new chat whose prompt names twin, an absolute URL; none when twin is "".
// ChatGPT's hints=search lets it fetch the page.
func openIn(m *messages, targets []string, twin string) []NavLink {
	if twin == "" || len(targets) == 0 {
		return nil
	}
	q := strings.ReplaceAll(url.QueryEscape("Read "+twin+" and answer questions about it."), "+", "%20")
	links := make([]NavLink, 0, len(targets))
	for _, t := range targets {
		switch t {
		case "chatgpt":
			links = append(links, NavLink{Title: m.text("open_in", "name", "ChatGPT"), URL: "https://chatgpt.com/?hints=search&q=" + q})
		case "claude":
			links = append(links, NavLink{Title: m.text("open_in", "name", "Claude"), URL: "https://claude.ai/new?q=" + q})
		}
	}
	return links
}

// ldArticle and ldBreadcrumbs are the JSON-LD documents of a page.
type ldArticle struct {
	Context      string `json:"@context"`
	Type         string `json:"@type"`
	Headline     string `json:"headline"`
	Description  string `json:"description,omitempty"`
	DateModified string `json:"dateModified,omitempty"`
	URL          string `json:"url"`
}

type ldBreadcrumbs struct {
	Context string   `json:"@context"`
	Type    string   `json:"@type"`
	Items   []ldItem `json:"itemListElement"`
}

type ldItem struct {
	Type     string `json:"@type"`
	Position int    `json:"position"`
	Name     string `json:"name"`
	Item     string `json:"item"`
}

// ldJSON marshals a JSON-LD document for a <script> element. json.Marshal
// escapes <, > and &, so no "</script>" can come out of it.
func ldJSON(v any) template.JS {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return template.JS(b)
}

// jsonLD describes the page for search engines: an Article for articles
// and a BreadcrumbList for every page below home.
func (s *Site) jsonLD(p *Page, v *PageView) []template.JS {
	var out []template.JS
	urlOf := func(u string) string {
		if a := s.Config.abs(u); a != "" {
			return a
		}
		return u
	}
	if p.Kind == KindArticle {
		typ := "Article"
		if len(p.FM.Symptoms)+len(p.FM.ErrorMessages)+len(p.FM.AppliesTo) > 0 {
			typ = "TechArticle" // schema.org's type for troubleshooting and technical help
		}
		out = append(out, ldJSON(ldArticle{Context: "https://schema.org", Type: typ, Headline: p.Title,
			Description: p.Description, DateModified: v.UpdatedISO, URL: urlOf(p.URL)}))
	}
	if p.Kind != KindHome {
		bc := ldBreadcrumbs{Context: "https://schema.org", Type: "BreadcrumbList"}
		for i, b := range v.Breadcrumbs {
			bc.Items = append(bc.Items, ldItem{Type: "ListItem", Position: i + 1, Name: b.Title, Item: urlOf(b.URL)})
		}
		bc.Items = append(bc.Items, ldItem{Type: "ListItem", Position: len(bc.Items) + 1, Name: p.Title, Item: urlOf(p.URL)})
		out = append(out, ldJSON(bc))
	}
	return out
}

// outPath is where a page's HTML goes, relative to the output root.
func outPath(p *Page, c *Config) string {
	return strings.TrimPrefix(p.URL, c.BasePath) + "index.html"
}

// redirectPage is the HTML left at an alias URL: it sends browsers on at
// once to the site path to, on the host they are on (a staging or local
// copy stays one), and tells search engines the page's canonical URL.
func redirectPage(canonical, to string) []byte {
	return movedPage(english(), "en", "", canonical, to)
}

// movedPage is redirectPage in a language: its lang and dir, and the
// messages moved_title and moved_text ({link} being the link to the
// page).
func movedPage(m *messages, lang, dir, canonical, to string) []byte {
	c, t := template.HTMLEscapeString(canonical), template.HTMLEscapeString(to)
	attrs := ` lang="` + template.HTMLEscapeString(lang) + `"`
	if dir != "" {
		attrs += ` dir="` + template.HTMLEscapeString(dir) + `"`
	}
	text := strings.Replace(template.HTMLEscapeString(m.text("moved_text")), "{link}", `<a href="`+t+`">`+c+`</a>`, 1)
	return []byte(fmt.Sprintf(`<!doctype html>
<html%s>
<head>
<meta charset="utf-8">
<title>%s</title>
<link rel="canonical" href="%s">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=%s">
</head>
<body>
<p>%s</p>
</body>
</html>
`, attrs, template.HTMLEscapeString(m.text("moved_title")), c, t, text))
}
