package builder

import (
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"
	"unicode"
)

// resolveLinks resolves every link, image and related path of every page
// to a page, an anchor of it, or a file; fills in empty link texts with
// the target's title; and computes backlinks and related articles. Broken
// links are errors (warnings under links: warn) with a suggestion.
func (s *Site) resolveLinks(c *Cache) {
	r := &resolver{s: s}
	if c == nil {
		for _, p := range s.Pages {
			for _, l := range p.Links {
				r.resolve(p, l)
			}
		}
	} else {
		s.resolveCached(r, c)
	}
	for _, p := range s.Pages {
		sort.SliceStable(p.Backlinks, func(i, j int) bool { return navLess(p.Backlinks[i], p.Backlinks[j]) })
	}
	for _, f := range s.Config.Featured {
		if t := s.featured(f.Value); t == nil || t.Kind != KindArticle {
			msg := fmt.Sprintf("featured article %q not found", f.Value)
			if c := closest(f.Value, r.relKeys()); c != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", c)
			}
			s.Diags = append(s.Diags, Diagnostic{Pos: f.Pos, Msg: msg})
		}
	}
}

// navLess orders pages as the sidebar does.
func navLess(a, b *Page) bool {
	if a.NavIndex != b.NavIndex {
		if a.NavIndex < 0 || b.NavIndex < 0 {
			return a.NavIndex >= 0
		}
		return a.NavIndex < b.NavIndex
	}
	return a.URL < b.URL
}

type resolver struct {
	s    *Site
	rels []string // sorted content paths, for suggestions
	urls []string // sorted URLs, for suggestions
	// loose holds, per page, each heading's id as a slugger that reads
	// every Unicode space as a space computes it, for anchors written
	// against such ids (see anchorID).
	loose map[*Page][]string
}

func (r *resolver) relKeys() []string {
	if r.rels == nil {
		for k, p := range r.s.byRel {
			if p.Src != nil && k == p.Src.Rel {
				r.rels = append(r.rels, k)
			}
		}
		sort.Strings(r.rels)
	}
	return r.rels
}

func (r *resolver) urlKeys() []string {
	if r.urls == nil {
		for k := range r.s.byURL {
			r.urls = append(r.urls, "/"+k)
		}
		sort.Strings(r.urls)
	}
	return r.urls
}

func (r *resolver) broken(p *Page, l *Link, msg string) {
	d := Diagnostic{Pos: p.pos(l.Off), Msg: msg}
	if r.s.Config.Links == "warn" { // images too: they are links, and -links warn is an explicit choice
		d.Warning = true
	}
	p.Diags = append(p.Diags, d)
}

func (r *resolver) resolve(p *Page, l *Link) {
	cfg := r.s.Config
	dest := strings.TrimSpace(l.Dest)
	frontMatter := l.FrontMatter
	what := "link"
	if l.Image {
		what = "image"
	}
	if dest == "" {
		r.broken(p, l, fmt.Sprintf("empty %s", what))
		return
	}
	pathPart, frag, hasFrag := strings.Cut(dest, "#")
	pathPart, _, _ = strings.Cut(pathPart, "?")
	l.Anchor = frag

	// External links and schemes.
	if isExternal(dest) {
		if !safeURL(dest) {
			p.warnf(l.Off, fmt.Sprintf("%s to %q removed: only http, https, mailto and tel links are allowed", what, dest))
			return
		}
		if strings.HasPrefix(dest, "//") {
			p.warnf(l.Off, fmt.Sprintf("protocol-relative %s %q: write it with https:", what, dest))
		}
		if site, ok := r.ownURL(dest); ok {
			pathPart, frag, hasFrag = site.EscapedPath(), site.EscapedFragment(), site.Fragment != ""
			l.Anchor = frag
		} else {
			if frontMatter {
				r.broken(p, l, fmt.Sprintf("related %q: expected the path of an article in %s", dest, cfg.ContentDir))
				return
			}
			l.Href = dest
			return
		}
	}

	var target *Page
	var asset string
	switch {
	case pathPart == "" && hasFrag:
		target = p // in-page anchor
	case strings.HasPrefix(pathPart, "/"):
		target, asset = r.bySiteURL(pathPart)
		if target == nil && asset == "" {
			msg := fmt.Sprintf("broken %s: no page or file at %s", what, pathPart)
			if c := closest(strings.TrimPrefix(pathPart, strings.TrimSuffix(cfg.BasePath, "/")), r.urlKeys()); c != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", c)
			}
			r.broken(p, l, msg)
			return
		}
	default:
		var msg string
		target, asset, msg = r.byRelative(p, pathPart, frontMatter)
		if msg != "" {
			r.broken(p, l, fmt.Sprintf("broken %s to %s: %s", what, pathPart, msg))
			return
		}
	}
	if l.Image && target != nil {
		r.broken(p, l, fmt.Sprintf("image %s is a page, not an image file", pathPart))
		return
	}
	if frontMatter {
		if target == nil || target.Kind != KindArticle {
			r.broken(p, l, fmt.Sprintf("related %q is not an article", l.Dest))
			return
		}
		if target != p && !contains(p.Related, target) {
			p.Related = append(p.Related, target)
		}
		l.Target = target
		return
	}
	if asset != "" {
		l.Asset = asset
		l.Href = cfg.BasePath + escapePath(asset)
		if hasFrag {
			l.Href += "#" + frag
		}
		return
	}
	l.Target = target
	if id, ok := r.anchorID(target, frag); ok {
		frag = id
		l.Anchor = id
	}
	// An untranslated article links a heading of the original that the
	// translation names in its words: the link goes to the original,
	// where it is (the default language checks it).
	l.ToDefault = frag != "" && p.Fallback && !target.Fallback && !r.hasAnchor(target, frag)
	if frag != "" && !l.ToDefault && !r.hasAnchor(target, frag) {
		msg := fmt.Sprintf("broken anchor #%s: no such heading in %s", frag, target.describe())
		if target == p {
			msg = fmt.Sprintf("broken anchor #%s: no such heading in this page", frag)
		}
		ids := make([]string, 0, len(target.Headings))
		for _, h := range target.Headings {
			ids = append(ids, h.ID)
		}
		if c := closest(frag, ids); c != "" {
			msg += fmt.Sprintf(" (did you mean #%s?", c)
			if strings.EqualFold(c, frag) {
				msg += " anchors are case-sensitive"
			}
			msg += ")"
		}
		r.broken(p, l, msg)
	}
	l.Href = target.URL
	if l.ToDefault {
		l.Href = cfg.lang.defaultURL(target.URL)
	}
	if target == p && hasFrag {
		l.Href = ""
	}
	if hasFrag {
		l.Href += "#" + frag
	}
	if target != p && target.Kind == KindArticle && !contains(target.Backlinks, p) && p.Kind == KindArticle {
		target.Backlinks = append(target.Backlinks, p)
	}
}

func contains(ps []*Page, p *Page) bool {
	for _, x := range ps {
		if x == p {
			return true
		}
	}
	return false
}

// isExternal reports whether dest has a scheme or is protocol-relative.
func isExternal(dest string) bool {
	if strings.HasPrefix(dest, "//") {
		return true
	}
	colon := strings.IndexByte(dest, ':')
	if colon <= 0 {
		return false
	}
	return !strings.ContainsAny(dest[:colon], "/?#")
}

// ownURL recognises a full URL of the site itself (under base_url).
func (r *resolver) ownURL(dest string) (*url.URL, bool) {
	base := r.s.Config.BaseURL
	if base == "" {
		return nil, false
	}
	u, err := url.Parse(dest)
	if err != nil {
		return nil, false
	}
	b, _ := url.Parse(base)
	if !strings.EqualFold(u.Host, b.Host) || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, false
	}
	if !strings.HasPrefix(u.Path+"/", b.Path) {
		return nil, false
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u, true
}

// bySiteURL finds what a site URL ("/billing/refunds/", with or without
// the trailing slash and the base path) points at. Besides kb's own URLs
// it accepts the forms other generators give the same page:
//   - a trailing index, index.html or .html ("/billing/index.html",
//     "/billing/refunds.html");
//   - the content path without its extension, in the file's own case
//     ("/docs/monitoring/using-static-IPs/" for using-static-IPs.md, as
//     Gatsby's createFilePath, Docusaurus and MkDocs make URLs, where kb
//     lowercases), and folder paths likewise;
//   - the content path with its extension ("/billing/refunds.md").
func (r *resolver) bySiteURL(p string) (*Page, string) {
	cfg := r.s.Config
	p, _ = url.PathUnescape(p)
	p = path.Clean(p)
	if cfg.BasePath != "/" && (p+"/" == cfg.BasePath || strings.HasPrefix(p, cfg.BasePath)) {
		p = "/" + strings.TrimPrefix(p+"/", cfg.BasePath)
	}
	key := strings.Trim(p, "/")
	if key == "" {
		return r.s.Home, ""
	}
	if t, ok := r.s.byURL[key+"/"]; ok {
		return t, ""
	}
	if _, ok := r.s.outBy[key]; ok {
		return nil, key
	}
	bare := key
	for _, suf := range []string{"/index.html", "/index.htm", "/index", ".html", ".htm"} {
		if k, ok := strings.CutSuffix("/"+bare, suf); ok {
			bare = strings.TrimPrefix(k, "/")
			break
		}
	}
	if bare == "" {
		return r.s.Home, ""
	}
	if t, ok := r.s.byURL[bare+"/"]; ok {
		return t, ""
	}
	if t := r.byContentPath(bare); t != nil {
		return t, ""
	}
	if ext := strings.ToLower(path.Ext(key)); ext == ".md" || ext == ".markdown" { // a content path written from the root
		if t, ok := r.s.byRel[key]; ok {
			return t, ""
		}
	}
	return nil, ""
}

// byContentPath finds the page whose content path, without its
// extension, is rel ("billing/refunds" for billing/refunds.md), or the
// folder at rel. Case matters, as it does in URLs.
func (r *resolver) byContentPath(rel string) *Page {
	for _, ext := range []string{".md", ".markdown"} {
		if t, ok := r.s.byRel[rel+ext]; ok && t.Kind == KindArticle {
			return t
		}
	}
	if t, ok := r.s.byRel[rel]; ok && t.Kind != KindArticle && t.Dir == rel {
		return t
	}
	return nil
}

// byRelative resolves a path relative to the page's file: a markdown
// file, a folder, a file next to it, or (as a browser would read it) a
// URL relative to the page's URL.
func (r *resolver) byRelative(p *Page, rel string, frontMatter bool) (*Page, string, string) {
	rel, _ = url.PathUnescape(rel)
	base := p.Dir
	if frontMatter {
		base = "" // related: paths are relative to the content folder
	}
	joined := path.Join(base, rel)
	if strings.HasPrefix(joined, "../") || joined == ".." {
		return nil, "", fmt.Sprintf("it points above the %s folder", r.s.Config.ContentDir)
	}
	if joined == "." {
		joined = ""
	}
	if t, ok := r.s.byRel[joined]; ok {
		return t, "", ""
	}
	if t, ok := r.s.Drafts[joined]; ok {
		return nil, "", fmt.Sprintf("%s is a draft and is not published", t.Src.Path)
	}
	if out, ok := r.s.assetBy[joined]; ok {
		return nil, out, ""
	}
	ext := strings.ToLower(path.Ext(joined))
	if !frontMatter && ext != ".md" && ext != ".markdown" {
		// A URL relative to the page, as Hugo-style sites write links.
		pageURL, _ := url.Parse(p.URL)
		if ref, err := url.Parse(rel); err == nil {
			abs := pageURL.ResolveReference(ref).Path
			if t, a := r.bySiteURL(abs); t != nil || a != "" {
				return t, a, ""
			}
		}
		// The file's path without its extension: how sites whose URLs
		// have no trailing slash link a sibling (Zulip's /help/logging-in
		// writes "logging-out"), and how Gatsby and MkDocs name pages.
		if t := r.byContentPath(joined); t != nil {
			return t, "", ""
		}
	}
	msg := "no such file"
	cands := r.relKeys()
	if ext != ".md" && ext != ".markdown" {
		cands = nil
		for k := range r.s.assetBy {
			if !strings.HasPrefix(k, "static/") {
				cands = append(cands, k)
			}
		}
		sort.Strings(cands)
	}
	if c := closest(joined, cands); c != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", relPath(base, c))
	}
	return nil, "", msg
}

// relPath writes target relative to the folder dir, as a writer would.
func relPath(dir, target string) string {
	if dir == "" {
		return target
	}
	d := strings.Split(dir, "/")
	t := strings.Split(target, "/")
	i := 0
	for i < len(d) && i < len(t)-1 && d[i] == t[i] {
		i++
	}
	return strings.Repeat("../", len(d)-i) + strings.Join(t[i:], "/")
}

func (r *resolver) hasAnchor(p *Page, id string) bool {
	for _, h := range p.Headings {
		if h.ID == id {
			return true
		}
	}
	return strings.HasPrefix(id, "fn:") || strings.HasPrefix(id, "fnref:") // goldmark's footnote ids
}

// anchorID finds the heading a fragment names when it is not written as
// the heading's id, and returns that id. Two spellings are accepted:
//   - percent-encoded ("#caf%C3%A9" for the heading Café), as browsers
//     decode fragments before matching ids;
//   - the id a slugger that reads every Unicode space (no-break space,
//     thin space...) as a space gives: github-slugger 1.x, used by
//     gatsby-remark-autolink-headers and remark-slug, replaces each \s
//     with "-", so "Migrating\u00a0to" was "migrating-to"; GitHub, and
//     kb, drop the no-break space ("migratingto").
//
// kb's ids stay GitHub's; the link is written with the heading's real id.
func (r *resolver) anchorID(p *Page, frag string) (string, bool) {
	if frag == "" || r.hasAnchor(p, frag) {
		return "", false
	}
	if u, err := url.PathUnescape(frag); err == nil && u != frag {
		if r.hasAnchor(p, u) {
			return u, true
		}
		frag = u
	}
	if r.loose == nil {
		r.loose = map[*Page][]string{}
	}
	loose, ok := r.loose[p]
	if !ok {
		ids := map[string]int{}
		for _, h := range p.Headings {
			loose = append(loose, headingID(strings.Map(func(c rune) rune {
				if unicode.IsSpace(c) {
					return ' '
				}
				return c
			}, h.Text), ids))
		}
		r.loose[p] = loose
	}
	for i, id := range loose {
		if id == frag {
			return p.Headings[i].ID, true
		}
	}
	return "", false
}

// escapePath percent-encodes each segment of a slash-separated path.
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}
