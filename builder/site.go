package builder

import (
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Site is the model of one build: the page tree, its indexes and the
// listed articles in sidebar order. newSite builds it on one goroutine;
// resolveLinks completes it; after that it is read-only and shared by the
// render goroutines.
type Site struct {
	Config  *Config
	Home    *Page
	Pages   []*Page // every published page: folders and articles, in sidebar order (depth first)
	Listed  []*Page // articles in the sidebar, in order: Previous/Next walk this
	Assets  []Asset
	Aliases []Alias
	Drafts  map[string]*Page // content-relative path → unpublished draft (for "links to a draft")
	// DraftPages are the unpublished drafts, sorted by path.
	DraftPages []*Page

	byRel      map[string]*Page  // "billing/refunds.md" and folder paths "billing" → page
	byURL      map[string]*Page  // URL without the base path ("billing/refunds/") → page
	aliasFiles map[string]bool   // Alias.File of every alias
	assetBy    map[string]string // content-relative or static path → output path
	outBy      map[string]string // output path of an asset → its source, for links by URL
	Diags      Diagnostics
	langTable  *langTable // the pages of every language, on a multilingual site (languages.go)
}

// Alias is an old URL that redirects to a page.
type Alias struct {
	From string // URL path without the base path, with trailing slash: "hc/en-us/articles/123/"; "" for a File alone
	File string // for an alias written as a file ("old/page.html"): that file, else ""
	To   *Page
}

// newSite links parsed pages into the tree, computes URLs and order, and
// checks for pages that claim the same URL.
func newSite(cfg *Config, pages []*Page, assets []Asset) *Site {
	s := &Site{Config: cfg, Drafts: map[string]*Page{}, byRel: make(map[string]*Page, len(pages)+len(pages)/4),
		byURL:      make(map[string]*Page, len(pages)+len(pages)/4),
		aliasFiles: map[string]bool{},
		assetBy:    map[string]string{}, outBy: map[string]string{}}
	folders := map[string]*Page{}
	var folder func(dir string) *Page
	folder = func(dir string) *Page {
		if f, ok := folders[dir]; ok {
			return f
		}
		f := &Page{Kind: KindSection, Dir: dir, NavIndex: -1}
		folders[dir] = f
		if dir != "" {
			f.Parent = folder(parentDir(dir))
		}
		return f
	}
	folder("")
	var articles []*Page
	claimed := translatedElsewhere(cfg, pages)
	for _, p := range pages {
		if p.Fallback = cfg.isFallback(p.Src.Path); p.Fallback && claimed[p.Src.Rel] {
			continue // translated at another path (translation_key)
		}
		if p.Kind == KindSection { // an _index.md: its folder's page
			f := folder(p.Dir)
			if f.Src != nil {
				s.Diags = append(s.Diags, Diagnostic{Pos: Pos{File: p.Src.Path, Line: 1, Col: 1},
					Msg: fmt.Sprintf("%s already describes this folder", f.Src.Path)})
				continue
			}
			f.Src, f.FM, f.Doc, f.Headings, f.Links, f.Diags = p.Src, p.FM, p.Doc, p.Headings, p.Links, p.Diags
			f.Fallback = p.Fallback
			f.Title, f.Description = p.Title, p.Description
			f.headKey, f.hasCode, f.slots = p.headKey, p.hasCode, p.slots
			continue
		}
		if p.FM.Draft && !cfg.Drafts {
			s.Drafts[p.Src.Rel] = p
			s.Diags = append(s.Diags, p.Diags...)
			continue
		}
		p.Parent = folder(p.Dir)
		articles = append(articles, p)
	}

	// Folder pages: kind, title, URL.
	dirs := make([]string, 0, len(folders))
	for d := range folders {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		f := folders[d]
		switch f.Depth = strings.Count(d, "/") + 1; {
		case d == "":
			f.Kind, f.Depth = KindHome, 0
		case f.Depth == 1:
			f.Kind = KindCategory
		default:
			f.Kind = KindSection
		}
		if f.Title == "" {
			if d == "" {
				f.Title = cfg.Title
			} else {
				f.Title = titleFromName(baseName(d))
			}
		}
		if d == "" && f.Description == "" {
			f.Description = cfg.Description
		}
		if d == "" {
			f.URL = cfg.BasePath
		} else {
			seg := baseName(d)
			if f.FM.Slug != "" { // an _index.md may rename its folder in URLs
				seg = f.FM.Slug
			}
			if seg = slugify(seg); seg == "" {
				seg = "section"
			}
			f.URL = f.Parent.URL + seg + "/"
		}
		s.byRel[d] = f
		if f.Src != nil {
			s.byRel[f.Src.Rel] = f
		}
		if f.Parent != nil {
			f.Parent.Children = append(f.Parent.Children, f)
		}
	}
	s.Home = folders[""]
	for _, a := range articles {
		a.Depth = a.Parent.Depth + 1
		slug := a.slug
		if !a.slugged {
			slug = articleSlug(a)
		}
		if slug == "" {
			if a.FM.Slug == "" { // a bad slug: has been reported by parseFrontMatter
				a.errorf(0, "the file name has no letters or digits to make a URL from; set slug: in the front matter")
				a.Diags[len(a.Diags)-1].Pos = Pos{File: a.Src.Path, Line: 1, Col: 1}
			}
			slug = "article"
		}
		a.URL = a.Parent.URL + slug + "/"
		a.Parent.Children = append(a.Parent.Children, a)
		s.byRel[a.Src.Rel] = a
	}

	// Order, then the sidebar walk.
	for _, f := range folders {
		sortChildren(f.Children)
	}
	var walk func(p *Page, listed bool)
	walk = func(p *Page, listed bool) {
		s.Pages = append(s.Pages, p)
		listed = listed && p.listed() // the same rule as the sidebar and lists
		if p.Kind == KindArticle && listed {
			p.NavIndex = len(s.Listed)
			s.Listed = append(s.Listed, p)
		}
		for _, c := range p.Children {
			walk(c, listed)
		}
	}
	walk(s.Home, true)

	// URLs must be unique; aliases must not shadow pages or each other.
	claim := func(url string, p *Page, off int, what string) {
		key := strings.TrimPrefix(url, cfg.BasePath)
		if r, ok := reservedBy(key); ok && key != "" {
			if p.Src != nil { // a folder without _index.md: its articles report it
				pos := p.declPos(off)
				if p.FM.slugPos.Line > 0 {
					pos = p.FM.slugPos
				}
				s.Diags = append(s.Diags, Diagnostic{Pos: pos, Msg: fmt.Sprintf("URL %s is reserved: kb writes %s at /%s", url, r.what, r.path)})
			}
			return
		}
		if other, ok := s.byURL[key]; ok && other != p {
			s.Diags = append(s.Diags, Diagnostic{Pos: p.declPos(off), Msg: fmt.Sprintf("%s %s is also the URL of %s", what, url, other.describe())})
			if what == "URL" {
				s.Diags = append(s.Diags, Diagnostic{Pos: other.declPos(0), Msg: fmt.Sprintf("URL %s is also the URL of %s", url, p.describe())})
			}
			return
		}
		s.byURL[key] = p
	}
	for _, p := range s.Pages {
		claim(p.URL, p, 0, "URL")
	}
	for _, p := range s.Pages {
		for _, a := range p.FM.Aliases {
			from, err := cleanAlias(a.Value, cfg.BasePath)
			off := p.Src.lines0(a.Pos)
			if err != nil {
				s.Diags = append(s.Diags, Diagnostic{Pos: a.Pos, Msg: fmt.Sprintf("alias %q: %v", a.Value, err)})
				continue
			}
			if r, ok := reservedBy(strings.TrimPrefix(from, "/")); ok {
				s.Diags = append(s.Diags, Diagnostic{Pos: a.Pos, Msg: fmt.Sprintf("alias %s is reserved: kb writes %s at /%s", a.Value, r.what, r.path)})
				continue
			}
			file := ""
			if dec, err := url.PathUnescape(a.Value); err == nil && strings.HasSuffix(dec, ".html") && !strings.HasSuffix(dec, "/index.html") {
				file = strings.TrimPrefix(path.Clean(dec), "/")
				if cfg.BasePath != "/" {
					file = strings.TrimPrefix(strings.TrimPrefix("/"+file, cfg.BasePath), "/")
				}
			}
			if other, ok := s.byURL[from]; ok {
				if other == p && file != "" && !s.aliasFiles[file] {
					// The old generator's /docs/install.html for
					// /docs/install/: only the file redirects.
					s.aliasFiles[file] = true
					s.Aliases = append(s.Aliases, Alias{File: file, To: p})
					continue
				}
				msg := fmt.Sprintf("alias %s is the URL of %s", a.Value, other.describe())
				switch {
				case other == p && file != "":
					msg = fmt.Sprintf("alias %s is given twice", a.Value)
				case other == p:
					msg = fmt.Sprintf("alias %s is this page's own URL", a.Value)
				}
				s.Diags = append(s.Diags, Diagnostic{Pos: p.pos(off), Msg: msg})
				continue
			}
			s.byURL[from] = p
			if file != "" {
				s.aliasFiles[file] = true
			}
			s.Aliases = append(s.Aliases, Alias{From: from, File: file, To: p})
		}
	}
	sort.Slice(s.Aliases, func(i, j int) bool { return s.Aliases[i].From < s.Aliases[j].From })

	// Assets: content files keep their folder's URL path; static files
	// go to the root. Two files for one output path is an error.
	for _, a := range assets {
		out := a.Out
		if strings.HasPrefix(a.Path, "static/") {
			s.assetBy[a.Path] = out
		} else {
			dir := parentDir(a.Out)
			if f, ok := folders[dir]; ok {
				out = strings.TrimPrefix(f.URL, cfg.BasePath) + baseName(a.Out)
			}
			s.assetBy[a.Out] = out
		}
		if r, ok := reservedBy(out); ok {
			s.Diags = append(s.Diags, Diagnostic{Pos: Pos{File: a.Path, Line: 1, Col: 1}, Msg: fmt.Sprintf("file is published at /%s, which is reserved: kb writes %s at /%s", out, r.what, r.path)})
			continue
		}
		if prev, ok := s.outBy[out]; ok {
			s.Diags = append(s.Diags, Diagnostic{Pos: Pos{File: a.Path}, Msg: fmt.Sprintf("%s is also published at /%s", prev, out)})
			continue
		}
		if p, ok := s.byURL[out+"/"]; ok || out == "" {
			s.Diags = append(s.Diags, Diagnostic{Pos: Pos{File: a.Path}, Msg: fmt.Sprintf("file is published at the URL of %s", p.describe())})
			continue
		}
		s.outBy[out] = a.Path
		s.Assets = append(s.Assets, Asset{Path: a.Path, Out: out})
	}
	sort.Slice(s.Assets, func(i, j int) bool { return s.Assets[i].Out < s.Assets[j].Out })
	s.checkThemeFiles()
	return s
}

// sortChildren orders siblings: pages with an order first, by order;
// then the rest; ties by title, then path, so the order is total.
func sortChildren(ps []*Page) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.FM.HasOrder != b.FM.HasOrder {
			return a.FM.HasOrder
		}
		if a.FM.Order != b.FM.Order {
			return a.FM.Order < b.FM.Order
		}
		if ta, tb := strings.ToLower(a.Title), strings.ToLower(b.Title); ta != tb {
			return ta < tb
		}
		return a.URL < b.URL
	})
}

// titleFromName makes a title from a folder name: "sign-in" → "Sign in".
func titleFromName(name string) string {
	name = strings.NewReplacer("-", " ", "_", " ").Replace(name)
	name = strings.TrimSpace(name)
	if name == "" {
		return name
	}
	r, n := utf8.DecodeRuneInString(name) // the first character, not byte: "über" → "Über"
	return string(unicode.ToUpper(r)) + name[n:]
}

// cleanAlias checks an alias and returns it as a URL path below the base
// path with a trailing slash. Aliases are written as site URLs, with or
// without the base path.
func cleanAlias(a, basePath string) (string, error) {
	if strings.ContainsAny(a, "\\\x00?#") || strings.Contains(a, "://") {
		return "", fmt.Errorf("write a site path such as /old/article/")
	}
	if !strings.HasPrefix(a, "/") {
		return "", fmt.Errorf("write a site path starting with /")
	}
	// The alias becomes a folder and a line of _redirects: check it as
	// the server will read it, after percent-decoding ("/%2e%2e/" is
	// "/../"), and refuse spaces, which would split a _redirects line.
	dec, err := url.PathUnescape(a)
	if err != nil || strings.ContainsAny(dec, "\\\x00?#") || strings.ContainsFunc(dec, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return "", fmt.Errorf("write a site path such as /old/article/, without spaces or control characters")
	}
	a = dec
	for seg := range strings.SplitSeq(a, "/") {
		if seg == "." || seg == ".." || strings.HasPrefix(seg, ".") && seg != "" {
			return "", fmt.Errorf("path segments may not be . or .. or start with a dot")
		}
	}
	p := path.Clean(a)
	if basePath != "/" && (p+"/" == basePath || strings.HasPrefix(p, basePath)) {
		p = "/" + strings.TrimPrefix(p+"/", basePath)
	}
	p = strings.Trim(p, "/")
	if p == "" {
		return "", fmt.Errorf("the home page cannot be an alias")
	}
	if strings.HasSuffix(p, ".html") {
		p = strings.TrimSuffix(p, ".html")
		p = strings.TrimSuffix(p, "/index")
	}
	return p + "/", nil
}

// Pos turns a byte offset of the page's source (a Link's Off, a
// Heading's Off) into a position.
func (p *Page) Pos(off int) Pos { return p.pos(off) }

// describe names a page for messages: its file, or its folder.
func (p *Page) describe() string {
	if p.Src != nil {
		return p.Src.Path
	}
	return "folder " + p.Dir
}

// declPos is where to report a problem with the page as a whole.
func (p *Page) declPos(off int) Pos {
	if p.Src == nil {
		return Pos{File: p.Dir}
	}
	if off > 0 {
		return p.pos(off)
	}
	return Pos{File: p.Src.Path, Line: 1, Col: 1}
}

// articleSlug is the last segment of an article's URL: its slug: in
// front matter, else its file name, made URL-safe ("" when nothing is
// left).
func articleSlug(a *Page) string {
	slug := a.FM.Slug
	if slug == "" {
		slug = strings.TrimSuffix(strings.TrimSuffix(baseName(a.Src.Rel), ".md"), ".markdown")
	}
	return slugify(slug)
}
