package builder

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// Cache memoizes a build's per-file work for the next build of the same
// site: kb serve keeps one for as long as it runs, so a save re-reads,
// re-parses and re-renders only what it changed.
//
//   - A markdown file is read again only when the watcher reported it or
//     its size or modification time changed; it is parsed again only when
//     its content hash (or a snippet it includes) changed. Parsing yields
//     a pristine Page that each build clones, because the site model
//     links pages into a tree and resolves their links in place.
//   - The site model (order, URLs, sidebars) is made every time. Link
//     resolution is replayed for each page while its content and the
//     link universe (paths, URLs, headings, drafts, files, aliases) are
//     the same.
//   - A page is rendered again only when its render key changed: a hash
//     of what it shows (renderKeys). A retitled article renders the
//     pages that show its title, not the site.
//   - A save that changes only an article's words takes the patch path
//     (patch.go): no site model at all.
//
// The output of a build with a cache equals that of a build without one
// (cache_test.go drives random edit sequences through both). A Cache
// belongs to one Builder; builds using it must not overlap.
type Cache struct {
	mu      sync.Mutex
	dirty   map[string]bool          // site paths reported changed since the last build
	files   map[string]*cachedFile   // by site path: "content/billing/refunds.md"
	renders map[string]*cachedPage   // by page URL
	nav     map[string]*cachedNav    // sidebar entries by page URL
	full    map[string]*cachedBytes  // llms-full.txt files by output path
	walk    *listing                 // what the last walk of the site folder found
	links   map[string]*resolvedPage // link resolutions by source path
	last    *lastBuild               // the last successful build (patch.go)
	site    []namedFile              // renderSiteFiles' outputs
	siteKey uint64                   // the structure they were rendered for
	// parseKey is the settings the parse results in files were made
	// with (parseSettings).
	parseKey string
	// Since the last build, informed: Changed named paths; blind: a
	// report named none, or events were lost (Rescan). Only informed and
	// not blind, the dirty paths are all that changed, and the walk
	// (listing) and the site model (patch) may be reused: known().
	informed, blind bool

	// Stats of the last build, for tests and kb serve's log.
	Stats CacheStats

	// On a multilingual site, each language's build has a cache of its
	// own (languages.go); this one passes on what changed.
	children map[string]*Cache
	langDirs map[string]string // code → the language's content folder ("content/de"); not the default's
	// langPending are changed files in a language's folder, which
	// change the others' pages too when they appear or disappear
	// (their switchers): buildLanguages checks them.
	langPending map[string]string          // site path → code
	routed      bool                       // Changed named paths since the last build
	langRoot    string                     // the default language's content folder
	translated  map[string]map[string]bool // code → content paths ("billing/refunds.md") its own files translate
	quiet       bool                       // of a language's cache: nothing of its language changed (patch)
	// translatedOf are the sites translated was read from: while every
	// language's is the same (patched in place), so is translated.
	translatedOf map[string]*Site
	merges       *mergeMemo // the site files merged from the languages' (sharedFiles.write)
}

// CacheStats counts what the last build with a cache did again and what
// it reused.
type CacheStats struct {
	Read, Parsed, Rendered int // markdown files read, parsed, pages rendered
	ReusedParses, Reused   int // parse results and page outputs reused
	Patched                int // pages updated in the last build's site model (patch.go)
}

type cachedFile struct {
	size int64
	mod  time.Time
	src  *Source
	// The parse result, pristine (never linked into a site), and the
	// snippets' fingerprint it was parsed with (0 when it includes none).
	page    *Page
	snip    uint64
	dropAST bool
}

type cachedPage struct {
	key              uint64
	html, twin, llms []byte
	paths            [4]string // pagePaths, once put
	checked          bool      // paths checked by MemSink
}

type cachedNav struct {
	theme uint64 // fingerprint
	kind  Kind
	title string
	html  [2]template.HTML
}

type cachedBytes struct {
	key  uint64
	make func() []byte
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	return &Cache{dirty: map[string]bool{}, files: map[string]*cachedFile{},
		renders: map[string]*cachedPage{}, nav: map[string]*cachedNav{}, full: map[string]*cachedBytes{},
		links: map[string]*resolvedPage{}}
}

// Changed tells the cache that these site paths (slash-separated,
// relative to the site folder) changed on disk, so the next build reads
// them again whatever their size and modification time say. kb serve
// passes on what its watcher reports.
func (c *Cache) Changed(paths ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.children != nil {
		c.routeChanged(paths)
		return
	}
	for _, p := range paths {
		c.dirty[p] = true
	}
	// A report of nothing tells nothing: the next build walks the folder
	// and compares sizes and modification times.
	c.informed = c.informed || len(paths) > 0
	c.blind = c.blind || len(paths) == 0
}

// known reports whether the dirty paths are all that changed since the
// last build. c.mu must be held.
func (c *Cache) known() bool { return c.informed && !c.blind }

// reported clears what Changed and Rescan reported, once a build has
// taken it in. c.mu must be held.
func (c *Cache) reported() {
	c.quiet = false
	clear(c.dirty)
	c.informed, c.blind = false, false
}

// sources puts into srcs[i] the cached source of paths[i] when the file
// is known to be unchanged: not reported by the watcher, and of the same
// size and modification time.
func (c *Cache) sources(paths []string, infos []fs.FileInfo, srcs []*Source) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, p := range paths {
		f, info := c.files[p], infos[i]
		if f != nil && !c.dirty[p] && info != nil && f.size == info.Size() && f.mod.Equal(info.ModTime()) && f.src != nil {
			srcs[i] = f.src
		}
	}
}

// keepSource records a file as read and returns the source to build
// with: the cached one when the content is the same (it carries what
// parsing added to it), else src.
func (c *Cache) keepSource(p string, info fs.FileInfo, src *Source) *Source {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Stats.Read++
	if info == nil {
		return src
	}
	f := c.files[p]
	if f == nil {
		f = &cachedFile{}
		c.files[p] = f
	}
	if f.src != nil && f.src.hash == src.hash && string(f.src.Src) == string(src.Src) {
		src = f.src
	} else {
		f.page = nil
	}
	f.size, f.mod, f.src = info.Size(), info.ModTime(), src
	return src
}

// Rescan makes the next build read every file again, as after lost
// watch events; files whose content did not change are not parsed again.
func (c *Cache) Rescan() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ch := range c.children {
		ch.Rescan()
	}
	for p := range c.files {
		c.dirty[p] = true
	}
	c.walk = nil
	c.last = nil // anything may have changed: no patch (patch.go)
	c.blind = true
}

// parsedAll puts into pages[i] the cached pristine parse of srcs[i]
// (callers clone it) when its content and snippets are unchanged, and
// returns each source's snippet fingerprint: snip when it includes
// snippets, else 0.
func (c *Cache) parsedAll(srcs []*Source, snip uint64, dropAST bool, pages []*Page) []uint64 {
	snips := make([]uint64, len(srcs))
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, src := range srcs {
		if src.includes {
			snips[i] = snip
		}
		f := c.files[src.Path]
		if f != nil && f.page != nil && f.src == src && f.snip == snips[i] && f.dropAST == dropAST {
			pages[i] = f.page
			c.Stats.ReusedParses++
		}
	}
	return snips
}

// parseSettings drops every parse result kept when the site settings
// that parsing reads (key: front_matter.ignore, which decides the
// warnings of front matter) differ from the last build's.
func (c *Cache) parseSettings(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if key == c.parseKey {
		return
	}
	c.parseKey = key
	for _, f := range c.files {
		f.page = nil
	}
}

// keepParsed records a parse result; p must not be linked into a site yet.
func (c *Cache) keepParsed(src *Source, snip uint64, dropAST bool, p *Page) {
	pristine := p.clone(src)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Stats.Parsed++
	f := c.files[src.Path]
	if f == nil || f.src != src || !dropAST {
		return // a file that is not cached (no stat), or an AST to keep
	}
	f.page, f.snip, f.dropAST = pristine, snip, dropAST
}

func (c *Cache) count(f func(*CacheStats)) {
	c.mu.Lock()
	f(&c.Stats)
	c.mu.Unlock()
}

// snippetsFingerprint hashes every snippet, for the pages that include
// any: a changed snippet parses them again.
func snippetsFingerprint(snippets map[string]*Snippet) uint64 {
	names := make([]string, 0, len(snippets))
	for n := range snippets {
		names = append(names, n)
	}
	slices.Sort(names)
	h := newHash()
	for _, n := range names {
		hashStrings(h, n, string(snippets[n].Src))
	}
	return h.Sum64()
}

// forget drops every file not seen by the build that just finished, and
// the dirty marks.
func (c *Cache) forget(seen map[string]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for p := range c.files {
		if !seen[p] {
			delete(c.files, p)
		}
	}
	for p := range c.links {
		if !seen[p] {
			delete(c.links, p)
		}
	}
	c.reported()
}

// clone copies a page as parse left it: the parts later phases change
// (links, diagnostics) are copied, the rest is shared read-only.
func (p *Page) clone(src *Source) *Page {
	c := *p
	c.Src = src
	c.Links = make([]*Link, len(p.Links))
	links := make([]Link, len(p.Links)) // one allocation for all
	for i, l := range p.Links {
		links[i] = *l
		c.Links[i] = &links[i]
	}
	c.Diags = slices.Clip(slices.Clone(p.Diags))
	c.Parent, c.Children, c.Backlinks, c.Related = nil, nil, nil, nil
	c.navHTML = [2]template.HTML{}
	return &c
}

// hashing: maphash with one seed per process. Keys never leave the
// process, so a random seed is right.
var hashSeed = maphash.MakeSeed()

func newHash() *maphash.Hash {
	h := &maphash.Hash{}
	h.SetSeed(hashSeed)
	return h
}

// hashStrings writes each string with its length, so that ("ab", "c")
// and ("a", "bc") differ.
func hashStrings(h *maphash.Hash, ss ...string) {
	var n [8]byte
	for _, s := range ss {
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.WriteString(s)
	}
}

func hashInts(h *maphash.Hash, is ...int) {
	var n [8]byte
	for _, i := range is {
		binary.LittleEndian.PutUint64(n[:], uint64(i))
		h.Write(n[:])
	}
}

func hashBytes(b []byte) uint64 { return maphash.Bytes(hashSeed, b) }

// renderKeys computes every page's render key, in the order of
// s.Pages, and the structure key of the whole site (every page's title,
// description, URL and place, the configuration and the theme), which
// keys the site-wide files.
//
// A page's key covers what it shows (pageView, twin, llms.txt): its own
// content and resolved links; the cards (title, URL, description, kind,
// count) of its breadcrumb, previous and next articles, related articles,
// backlinks, the targets of links written without text, and, for a
// folder, its children and grandchildren; the titles and URLs of its
// breadcrumb, previous and next articles, and of the entries its sidebar
// shows (on every level from the home page to it, the whole list, or the
// window of a long one that nav cuts around the path); for a folder, the cards of
// every page below it (its llms.txt lists them); and what every page
// shows (configuration, theme, the year in the footer, the categories).
// So a retitled article renders its own page, its folder's subtree,
// the pages that link to it or list it, and the home page: not the site.
func (s *Site) renderKeys(th *theme, year int) (keys []uint64, structure uint64) {
	cfgText := s.Config.stableString()
	h := newHash()
	hashStrings(h, cfgText)
	hashInts(h, int(th.fp), len(s.Pages), year)
	parallel(len(s.Pages), func(i int) {
		p := s.Pages[i]
		p.urlKey = maphash.String(hashSeed, p.URL)
		p.cardKey, p.listKey, p.subKey, p.navKey = cardKey(p), 0, 0, 0
		p.titleKey = maphash.String(hashSeed, p.Title+"\x00"+p.FM.NavTitle) ^ p.urlKey*31 ^ uint64(p.Kind)
	})
	for _, p := range s.Pages {
		parent := ""
		if p.Parent != nil {
			parent = p.Parent.URL
		}
		hashStrings(h, parent, p.FM.LLMS)
		hashInts(h, int(p.cardKey), p.NavIndex, int(p.FM.Updated.UnixNano()))
	}
	for _, a := range s.Aliases { // the alias pages and _redirects
		hashStrings(h, a.From, a.File, a.To.URL)
	}
	structure = h.Sum64()

	// Folders: the list of their listed children (the sidebar, cards,
	// twins), and every page below them (llms.txt).
	for _, p := range s.Pages {
		if p.Kind == KindArticle {
			continue
		}
		h.Reset()
		for _, c := range p.Children {
			if c.listed() {
				hashInts(h, int(c.cardKey))
				for _, gc := range c.Children {
					if gc.listed() {
						hashInts(h, int(gc.cardKey))
					}
				}
			}
		}
		p.listKey = h.Sum64()
		h.Reset()
		p.navItems = p.navItems[:0]
		for _, c := range p.Children {
			c.navIdx = -1
			if c.listed() {
				c.navIdx = len(p.navItems)
				p.navItems = append(p.navItems, c.titleKey)
				hashInts(h, int(c.titleKey))
			}
		}
		p.navKey = h.Sum64()
	}
	for _, p := range s.Pages {
		for a := p.Parent; a != nil; a = a.Parent {
			a.subKey = a.subKey*1099511628211 ^ p.cardKey ^ uint64(len(p.FM.LLMS))
		}
	}
	h.Reset()
	hashStrings(h, cfgText)
	hashInts(h, int(th.fp), year, int(s.Home.navKey))
	global := h.Sum64()

	keys = make([]uint64, len(s.Pages))
	var wg sync.WaitGroup
	n := runtime.GOMAXPROCS(0)
	for w := range n {
		wg.Go(func() {
			h := newHash()
			card := func(p *Page) {
				if p == nil {
					hashInts(h, 0)
				} else {
					hashInts(h, int(p.cardKey))
				}
			}
			for i := w; i < len(s.Pages); i += n {
				p := s.Pages[i]
				h.Reset()
				hashInts(h, int(global), int(p.cardKey), b2i(p.hasCode), p.Depth)
				for _, l := range p.langs { // the switcher, hreflang, a fallback's notice
					hashStrings(h, l.URL, l.Abs)
					hashInts(h, b2i(l.Same), b2i(l.Fallback))
				}
				if p.Src != nil {
					hashInts(h, int(contentKey(p)), int(p.linksKey))
				}
				// Breadcrumb and sidebar: at each level, the entries the
				// sidebar shows (a window of a long list, as nav cuts it).
				child := p
				for a := p.Parent; a != nil; child, a = a, a.Parent {
					hashInts(h, int(a.titleKey))
					n := len(a.navItems)
					if n <= navWindow {
						hashInts(h, int(a.navKey))
						continue
					}
					lo := max(0, min(child.navIdx-navWindow/2, n-navWindow))
					hashInts(h, n, lo)
					for _, k := range a.navItems[lo : lo+navWindow] {
						hashInts(h, int(k))
					}
				}
				if p.Kind == KindArticle {
					var prev, next *Page
					if p.NavIndex > 0 {
						prev = s.Listed[p.NavIndex-1]
					}
					if p.NavIndex >= 0 && p.NavIndex+1 < len(s.Listed) {
						next = s.Listed[p.NavIndex+1]
					}
					for _, q := range []*Page{prev, next} {
						if q != nil {
							hashInts(h, int(q.titleKey))
						} else {
							hashInts(h, 0)
						}
					}
				} else {
					hashInts(h, int(p.listKey), int(p.subKey))
				}
				hashInts(h, len(p.Related), len(p.Backlinks))
				for _, r := range p.Related {
					card(r)
				}
				for _, r := range p.Backlinks {
					card(r)
				}
				for _, l := range p.Links {
					if l.Empty && l.Target != nil {
						card(l.Target)
					}
				}
				keys[i] = h.Sum64()
			}
		})
	}
	wg.Wait()
	return keys, structure
}

// cardKey hashes what a card, a sidebar entry or a list item shows of p.
func cardKey(p *Page) uint64 {
	h := newHash()
	hashStrings(h, p.URL, p.Title, p.Description, p.FM.LLMS)
	hashInts(h, int(p.Kind), countArticles(p), b2i(p.listed()))
	return h.Sum64()
}

// linksKey hashes what p's links and related articles resolved to.
func linksKey(p *Page) uint64 {
	h := newHash()
	hashInts(h, len(p.Links))
	for _, l := range p.Links {
		target := ""
		if l.Target != nil {
			target = l.Target.URL
		}
		hashStrings(h, l.Href, l.Anchor, l.Asset, target)
	}
	hashInts(h, len(p.Related))
	for _, r := range p.Related {
		hashStrings(h, r.URL)
	}
	return h.Sum64()
}

// renderedAll returns, for each page, its outputs of the last build
// when they were rendered with the same key, or nil.
func (c *Cache) renderedAll(s *Site, keys []uint64) []*cachedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	prune(c.renders, s.Pages)
	hits := make([]*cachedPage, len(s.Pages))
	for i, p := range s.Pages {
		if r := c.renders[p.URL]; r != nil && r.key == keys[i] {
			hits[i] = r
			c.Stats.Reused++
		}
	}
	return hits
}

func (c *Cache) keepRendered(url string, r *cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Stats.Rendered++
	c.renders[url] = r
}

// prerenderNav is Site.prerenderNav reusing the entries of the last
// build whose title, URL and theme are the same. Entries of pages gone
// are forgotten, and so are the outputs of pages gone.
func (c *Cache) prerenderNav(s *Site, th *theme) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range s.Pages {
		if !navPrerendered(p) {
			continue
		}
		e := c.nav[p.URL]
		if e == nil || e.theme != th.fp || e.kind != p.Kind || e.title != p.navTitle() {
			e = &cachedNav{theme: th.fp, kind: p.Kind, title: p.navTitle(), html: th.navEntries(p)}
			c.nav[p.URL] = e
		}
		p.navHTML = e.html
	}
	prune(c.nav, s.Pages)
}

// prune drops the entries of m, by page URL, of pages not in pages, when
// m has more entries than there are pages (a URL that stays is checked
// by its key when used).
func prune[V any](m map[string]V, pages []*Page) {
	if len(m) <= len(pages) {
		return
	}
	urls := make(map[string]bool, len(pages))
	for _, p := range pages {
		urls[p.URL] = true
	}
	for url := range m {
		if !urls[url] {
			delete(m, url)
		}
	}
}

// fullText returns what makes f's llms-full.txt when first asked for:
// the last build's file when no page below f changed, else
// Site.fullText, once.
func (c *Cache) fullText(s *Site, ff fullFile, key uint64, twins map[*Page][]byte) func() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.full[ff.name]
	if e == nil || e.key != key {
		e = &cachedBytes{key: key}
		e.make = sync.OnceValue(func() []byte { return s.fullText(ff, twins) })
		c.full[ff.name] = e
	}
	return e.make
}

// hashFile hashes a file's name and content.
func hashFile(name string, data []byte) uint64 {
	h := newHash()
	hashStrings(h, name)
	h.Write(data)
	return h.Sum64()
}

// listing is what load's walk of the site folder found.
type listing struct {
	key      string // the configuration it depends on
	mdPaths  []string
	mdInfo   []fs.FileInfo
	assets   []Asset
	diags    Diagnostics // of the walk
	snippets map[string]*Snippet
}

func listingKey(cfg *Config) string {
	return fmt.Sprintf("%q %q %q", cfg.ContentDir, cfg.Snippets, cfg.Exclude)
}

func (c *Cache) keepListing(cfg *Config, l *listing) {
	l.key = listingKey(cfg)
	c.mu.Lock()
	c.walk = l
	c.mu.Unlock()
}

// listing returns the last walk's findings updated with the changes the
// watcher reported, when those are only markdown files of content/ (or
// templates, which the walk does not look at): a save then costs no walk
// of thousands of files. Anything else (a folder, a snippet, an image,
// lost events) returns nil: walk again.
func (c *Cache) listing(fsys fs.FS, cfg *Config, contentDir, snipDir string, excluded func(string) bool) *listing {
	c.mu.Lock()
	defer c.mu.Unlock()
	l := c.walk
	if l == nil || !c.known() || l.key != listingKey(cfg) {
		return nil
	}
	paths, infos := slices.Clone(l.mdPaths), slices.Clone(l.mdInfo)
	for p := range c.dirty {
		if p == "site.yaml" || strings.HasPrefix(p, "layouts/") {
			continue // read by every build; the listing does not depend on them beyond its key
		}
		if !markdownFile(p, contentDir, snipDir) || excluded(p) || (cfg.lang != nil && cfg.lang.foreign(p)) {
			return nil
		}
		i, found := slices.BinarySearch(paths, p)
		info, err := fs.Lstat(fsys, p)
		switch {
		case err == nil && info.Mode().IsRegular():
			if found {
				infos[i] = info
			} else {
				paths, infos = slices.Insert(paths, i, p), slices.Insert(infos, i, info)
			}
		case errors.Is(err, fs.ErrNotExist):
			if found {
				paths, infos = slices.Delete(paths, i, i+1), slices.Delete(infos, i, i+1)
			}
		default:
			return nil // a folder, a link, an error: let the walk report it
		}
	}
	c.walk = &listing{key: l.key, mdPaths: paths, mdInfo: infos, assets: l.assets, diags: l.diags, snippets: l.snippets}
	return c.walk
}

// markdownFile reports whether p is a markdown file that load's walk
// would read: below contentDir, not below snipDir, in no ignored or
// private folder, and not itself ignored or private.
func markdownFile(p, contentDir, snipDir string) bool {
	ext := strings.ToLower(path.Ext(p))
	if ext != ".md" && ext != ".markdown" {
		return false
	}
	rel, ok := strings.CutPrefix(p, contentDir+"/")
	if contentDir == "." {
		rel, ok = p, true
	}
	if !ok || p == snipDir || strings.HasPrefix(p, snipDir+"/") {
		return false
	}
	parts := strings.Split(rel, "/")
	for i, part := range parts {
		if part == "" || part == "." || part == ".." || ignored(part) || (i < len(parts)-1 && strings.HasPrefix(part, "_")) ||
			(i == len(parts)-1 && privateFile(part)) {
			return false
		}
	}
	return true
}

// Link resolution, memoized. A page's links resolve the same way as long
// as its content is the same and so is everything resolution looks at in
// other pages: their paths, URLs and headings, the drafts, the files and
// the aliases (the link universe). An edit that changes no heading and
// moves no file leaves the universe as it was: only the pages edited are
// resolved again; the others replay what they found last time.

// resolvedPage is what resolving one page's links found.
type resolvedPage struct {
	universe, content uint64
	linksKey          uint64 // linksKey of the page once resolved
	url               string
	links             []resolvedLink
	related           []string // URLs
	backlinks         []string // URLs of the pages p is a backlink of, each once
	diags             Diagnostics
}

type resolvedLink struct {
	target              string // URL, or ""
	anchor, asset, href string
	toDefault           bool
}

// linkUniverse hashes what the resolution of any page's links may look
// at in the site besides the page itself.
func (s *Site) linkUniverse() uint64 {
	h := newHash()
	hashStrings(h, s.Config.stableString())
	hashInts(h, len(s.Pages))
	for _, p := range s.Pages {
		rel := ""
		if p.Src != nil {
			rel = p.Src.Rel
		}
		hashStrings(h, p.URL, p.Dir, rel)
		hashInts(h, int(p.Kind), int(p.headKey))
	}
	drafts := make([]string, 0, len(s.Drafts))
	for rel := range s.Drafts {
		drafts = append(drafts, rel)
	}
	slices.Sort(drafts)
	hashStrings(h, drafts...)
	assets := make([]string, 0, 2*len(s.assetBy))
	for k, v := range s.assetBy {
		assets = append(assets, k+"\x00"+v)
	}
	slices.Sort(assets)
	hashStrings(h, assets...)
	for _, a := range s.Aliases {
		hashStrings(h, a.From, a.File, a.To.URL)
	}
	return h.Sum64()
}

// contentKey hashes a page's source as parsed: the file, and the
// snippets it includes.
func contentKey(p *Page) uint64 {
	k := p.Src.hash
	if p.Src.expanded != nil {
		k ^= hashBytes(p.Src.expanded) * 31
	}
	return k
}

// resolutions returns, for each page, what its links resolved to last
// time, when that still holds, else nil.
func (c *Cache) resolutions(pages []*Page, universe uint64) []*resolvedPage {
	ms := make([]*resolvedPage, len(pages))
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, p := range pages {
		if p.Src == nil {
			continue
		}
		m := c.links[p.Src.Path]
		if m != nil && m.universe == universe && m.url == p.URL && len(m.links) == len(p.Links) && m.content == contentKey(p) {
			ms[i] = m
		}
	}
	return ms
}

// keepResolution records p's links as resolved; p's diagnostics from
// index n on are resolution's.
func (c *Cache) keepResolution(p *Page, universe uint64, n int) {
	m := &resolvedPage{universe: universe, content: contentKey(p), url: p.URL,
		links: make([]resolvedLink, len(p.Links)), diags: slices.Clone(p.Diags[n:])}
	for i, l := range p.Links {
		m.links[i] = resolvedLink{anchor: l.Anchor, asset: l.Asset, href: l.Href, toDefault: l.ToDefault}
		if l.Target != nil {
			m.links[i].target = l.Target.URL
		}
	}
	for _, r := range p.Related {
		m.related = append(m.related, r.URL)
	}
	for _, l := range p.Links { // as resolve adds p to Backlinks
		t := l.Target
		if t != nil && !l.FrontMatter && t != p && t.Kind == KindArticle && p.Kind == KindArticle && !slices.Contains(m.backlinks, t.URL) {
			m.backlinks = append(m.backlinks, t.URL)
		}
	}
	m.linksKey = linksKey(p)
	p.linksKey = m.linksKey
	c.mu.Lock()
	c.links[p.Src.Path] = m
	c.mu.Unlock()
}

// resolveCached resolves every page's links, replaying the last build's
// resolution of the pages it still holds for: their own links on both
// cores, then the backlinks they give, in page order.
func (s *Site) resolveCached(r *resolver, c *Cache) {
	u := s.linkUniverse()
	byURL := make(map[string]*Page, len(s.Pages))
	for _, p := range s.Pages {
		byURL[p.URL] = p
	}
	ms := c.resolutions(s.Pages, u)
	var wg sync.WaitGroup
	n := runtime.GOMAXPROCS(0)
	for w := range n {
		wg.Go(func() {
			for i := w; i < len(s.Pages); i += n {
				if ms[i] != nil {
					ms[i].replay(s.Pages[i], byURL)
				}
			}
		})
	}
	wg.Wait()
	for i, p := range s.Pages {
		if m := ms[i]; m != nil {
			for _, url := range m.backlinks {
				t := byURL[url]
				t.Backlinks = append(t.Backlinks, p)
			}
			continue
		}
		k := len(p.Diags)
		for _, l := range p.Links {
			r.resolve(p, l)
		}
		if p.Src != nil {
			c.keepResolution(p, u, k)
		}
	}
}

// replay applies a recorded resolution to p's own links, related
// articles and diagnostics, as resolve would have; the backlinks p
// gives are resolveCached's.
func (m *resolvedPage) replay(p *Page, byURL map[string]*Page) {
	for i, l := range p.Links {
		rl := m.links[i]
		l.Anchor, l.Asset, l.Href, l.ToDefault = rl.anchor, rl.asset, rl.href, rl.toDefault
		if rl.target != "" {
			l.Target = byURL[rl.target]
		}
	}
	for _, u := range m.related {
		p.Related = append(p.Related, byURL[u])
	}
	p.Diags = append(p.Diags, m.diags...)
	p.linksKey = m.linksKey
}

// siteFiles returns the site-wide outputs of the last build when the
// site's structure (titles, URLs, order, configuration, theme) is the
// same: they depend on nothing else.
func (c *Cache) siteFiles(structure uint64) []namedFile {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.site == nil || c.siteKey != structure {
		return nil
	}
	return c.site
}

func (c *Cache) keepSiteFiles(structure uint64, files []namedFile) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.site, c.siteKey = files, structure
}

// fullKeys combines, for the home page and each folder, the render
// keys of the pages at or below it: an llms-full.txt changes only when
// one of them does.
func fullKeys(s *Site, keys []uint64) map[*Page]uint64 {
	out := map[*Page]uint64{}
	for i, p := range s.Pages {
		for a := p; a != nil; a = a.Parent {
			if a.Kind != KindArticle {
				out[a] = out[a]*1099511628211 ^ keys[i]
			}
		}
	}
	return out
}

// parallel calls f(i) for i in [0, n), on every core.
func parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	w := runtime.GOMAXPROCS(0)
	for k := range w {
		wg.Go(func() {
			for i := k; i < n; i += w {
				f(i)
			}
		})
	}
	wg.Wait()
}

// mergeMemo keeps the site files that a multilingual build merges from
// its languages' (sitemap.xml, _redirects, _headers, robots.txt) as the
// last build made them, with the parts they were made of: while every
// part is the same slice (the languages reused or patched their last
// outputs), the merge is the same. Used on one goroutine at a time.
type mergeMemo struct {
	by map[string]mergedFile
}

type mergedFile struct {
	parts [][]byte // by language, in the languages' order
	bases map[string]string
	data  []byte
}

// mergeMemo returns the cache's memo of merged site files.
func (c *Cache) mergeMemo() *mergeMemo {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.merges == nil {
		c.merges = &mergeMemo{by: map[string]mergedFile{}}
	}
	return c.merges
}

// merged returns the last merge of name when it was made of the same
// parts (by: code → data) and base paths.
func (m *mergeMemo) merged(name string, by map[string][]byte, langs []Language, bases map[string]string) ([]byte, bool) {
	if m == nil {
		return nil, false
	}
	e, ok := m.by[name]
	if !ok || len(e.parts) != len(langs) || !maps.Equal(e.bases, bases) {
		return nil, false
	}
	for i, l := range langs {
		if p := by[l.Code]; !sameBytes(p, e.parts[i]) {
			return nil, false
		}
	}
	return e.data, true
}

// keep records the merge of name.
func (m *mergeMemo) keep(name string, by map[string][]byte, langs []Language, bases map[string]string, data []byte) {
	if m == nil {
		return
	}
	parts := make([][]byte, len(langs))
	for i, l := range langs {
		parts[i] = by[l.Code]
	}
	m.by[name] = mergedFile{parts: parts, bases: maps.Clone(bases), data: data}
}

// sameBytes reports whether a and b are the same slice: the same bytes
// in memory, or both nil.
func sameBytes(a, b []byte) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
