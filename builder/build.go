package builder

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/yuin/goldmark"
	"golang.org/x/sync/errgroup"
)

// Options are what the command line may change about a build.
type Options struct {
	BaseURL string // overrides site.yaml's base_url when set
	Drafts  bool   // build articles marked draft
	Links   string // "error" or "warn"; overrides site.yaml when set
	// Config replaces site.yaml when set (tests, and sites whose content
	// lives elsewhere).
	Config *Config
	// Progress, when set, is called from render goroutines as pages are
	// done; it must be safe for concurrent use.
	Progress func(done, total int)
	// Dev marks pages as served by kb serve, which adds the live-reload
	// script (PageView.Dev).
	Dev bool
	// NoIndex skips the search index (see search_docs.go).
	NoIndex bool
	// Cache, when set, carries per-file work over to the next build
	// (cache.go): kb serve's rebuilds.
	Cache *Cache
}

// Builder turns a site folder into outputs. One Builder may run builds
// one after another; its goldmark instance is shared by the goroutines of
// a build.
type Builder struct {
	opts Options
	md   goldmark.Markdown
	// mdPlain is md without autolinks, for bodies where they can find
	// nothing (mayLinkify); its renderer is never used.
	mdPlain goldmark.Markdown
	cfg     *Config // of the build in progress
	// dropAST makes parse keep only what later phases need (headings,
	// links, the words for search, the body rendered with slots for its
	// links: slots.go) and drop each article's AST. A 10,000-article
	// site's ASTs are most of a build's memory. Analyze keeps them for
	// its callers.
	dropAST bool
	// lean (BuildDir: kb build) lets the build drop what it no longer
	// needs as it goes, which Build's other callers may read in
	// Result.Site: each source's text once it is parsed and rendered
	// with slots (slots.go), and each article's search text once the
	// index has it.
	lean bool
	// stream is the search index fed during parse, in a plain build
	// (stream.go); noStream turns it off (stream_test.go).
	stream   *indexStream
	noStream bool
	// noSlots makes every body parse again at render, as the pages whose
	// links slots cannot fill do (slots_test.go compares the two).
	noSlots bool
	// alwaysLinkify parses every body with autolinks, also those where
	// mayLinkify says they can find nothing (linkify_test.go).
	alwaysLinkify bool
	timings       []Timing   // of the build in progress (mark)
	lastMark      time.Time  // the last mark
	last          *lastBuild // of the build in progress, for the cache (patch.go)
	// langs are the builders of a multilingual site's languages, by
	// code, and langSites their last good models (languages.go).
	langs     map[string]*Builder
	langSites map[string]*Site

	// bodyTexts are the words a body's HTML has of its own (callout
	// titles, the footnotes' back links) in the site's language, which
	// parse gives the nodes (messages.go); set by Analyze.
	bodyTexts *bodyTexts
}

// New returns a Builder.
func New(opts Options) *Builder {
	return &Builder{opts: opts, md: newMarkdown(), mdPlain: newGoldmark(false)}
}

// Sink receives a build's outputs. Put is called from many goroutines at
// once, with paths relative to the output root ("billing/index.html").
type Sink interface {
	Put(path string, data []byte) error
}

// Result is what a successful build reports.
type Result struct {
	Articles, Sections, Links, Files int
	Bytes                            int64
	Warnings                         Diagnostics
	Site                             *Site      // after BuildDir, without the sources' texts and the articles' search texts
	LLMSFull                         []FileSize // the llms-full.txt files, root first
	Timings                          []Timing   // how long each phase took, in order
	// Languages are the parts of a multilingual build, the default
	// language first; the fields above add them up (Site and Timings
	// are the default language's).
	Languages []LanguageResult

	last *lastBuild // with a Cache, for SearchDocs (patch.go)
}

// Timing is how long one phase of a build took.
type Timing struct {
	Phase string
	D     time.Duration
}

// mark ends a phase of the build: the time since the last mark.
func (b *Builder) mark(phase string) {
	now := time.Now()
	b.timings = append(b.timings, Timing{phase, now.Sub(b.lastMark)})
	b.lastMark = now
}

// FileSize names an output and its size.
type FileSize struct {
	Path  string
	Bytes int
	// For an llms-full.txt: how many parts it is split into, and for a
	// part, the path of its category's file.
	Parts  int
	PartOf string
}

// Build runs the pipeline over fsys (the site folder: site.yaml,
// content/, layouts/, static/) and puts every output into out. When the
// content has errors it returns them as Diagnostics (sorted, warnings
// included) and puts nothing.
func (b *Builder) Build(ctx context.Context, fsys fs.FS, out Sink) (*Result, error) {
	if b.opts.Cache != nil {
		b.opts.Cache.count(func(s *CacheStats) { *s = CacheStats{} })
	}
	b.timings, b.lastMark = nil, time.Now()
	if b.cfgLang() == nil { // a multilingual site builds each language (languages.go)
		if cfg, diags := b.config(fsys); diags.Errors() == 0 && len(cfg.Languages) > 0 {
			return b.buildLanguages(ctx, fsys, out, cfg, diags)
		}
	}
	b.dropAST = true
	defer func() { b.dropAST = false }()
	if c := b.opts.Cache; c != nil {
		if res, ok, err := b.patch(ctx, fsys, out); ok || err != nil {
			return res, err
		}
		c.mu.Lock()
		c.last = nil // until this build succeeds
		c.mu.Unlock()
	}
	// A language of a plain multilingual build takes its turn (languages.go).
	endTurn, err := b.takeTurn(ctx, 0)
	defer func() { endTurn() }()
	if err != nil {
		return nil, err
	}
	// The theme depends on nothing Analyze does: load it meanwhile.
	type loaded struct {
		th    *theme
		diags Diagnostics
	}
	themeC := make(chan loaded, 1)
	go func() {
		th, diags := loadTheme(fsys)
		themeC <- loaded{th, diags}
	}()
	stream := b.startStream(out)
	b.stream = stream
	handed := false // the stream's index is the render's to wait for
	defer func() {
		b.stream = nil
		if stream != nil && !handed {
			stream.abort()
		}
	}()
	site, diags, err := b.Analyze(ctx, fsys)
	lt := <-themeC
	if err != nil {
		return nil, err
	}
	if diags.Errors() > 0 {
		return nil, diags
	}
	// The index fed during parse is finished from here on, on a
	// goroutine of its own: in a multilingual build while the next
	// language takes its turn, so that its buffers are gone before
	// every language's model is held at once (languages.go).
	var idx *indexJob
	idxWaited := false
	if stream != nil && stream.w != nil {
		idx, handed = stream.check(site), true
		defer func() {
			if !idxWaited {
				idx.wait(true) // a build that failed from here on
			}
		}()
	}
	endTurn()
	if err := b.meet(ctx, site); err != nil {
		if errors.Is(err, errOtherLanguage) && len(diags) > 0 {
			return nil, diags // its warnings still count
		}
		return nil, err
	}
	if endTurn, err = b.takeTurn(ctx, 1); err != nil {
		return nil, err
	}
	th, tdiags := lt.th, lt.diags
	if th != nil {
		tdiags = append(tdiags, th.applySiteTheme(fsys, site)...)
	}
	b.mark("theme")
	if len(tdiags) > 0 {
		diags = append(diags, tdiags...)
		diags.Sort()
		if diags.Errors() > 0 {
			return nil, diags
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res := &Result{Warnings: diags, Site: site}
	for _, p := range site.Pages {
		switch p.Kind {
		case KindArticle:
			res.Articles++
		case KindCategory, KindSection:
			res.Sections++
		}
		res.Links += len(p.Links)
	}
	w := &countingSink{Sink: out}
	// Search index: built on its own goroutine while pages render, when
	// the sink is a folder (search_docs.go).
	if idx == nil {
		idx = b.startIndex(ctx, site, out)
	}
	full, err := b.render(ctx, fsys, site, th, w, idx.finished)
	b.mark("render")
	idxWaited = true
	if ierr := idx.wait(err != nil); err == nil {
		err = ierr
	}
	if v := idx.staticVersion(); err == nil && v != "" {
		// The static index is done: its client goes beside it, with its
		// meta.json inside, and the status file names both, for kb.js.
		var client string
		if client, err = idx.client(th.searchClient); err == nil {
			err = out.Put(SearchStatusPath, searchStatus(site.Config.BasePath, v, StaticSearchDir+"/"+client))
		}
	}
	if err != nil {
		return nil, err
	}
	b.mark("index")
	res.LLMSFull = full
	res.Files, res.Bytes = int(w.files.Load()), w.bytes.Load()
	res.Timings = b.timings
	if c := b.opts.Cache; c != nil && b.last != nil {
		b.last.res = *res
		res.last = b.last
		c.keepLast(b.last)
		b.last = nil
	}
	return res, nil
}

// Analyze runs the phases before rendering: it reads site.yaml, loads and
// parses the content, builds the site model and resolves every link. It
// returns the model with every problem found, sorted; the site is nil when
// site.yaml itself has errors. Nothing is written. kb check, kb mv and
// Build use it; the returned site is read-only.
func (b *Builder) Analyze(ctx context.Context, fsys fs.FS) (*Site, Diagnostics, error) {
	cfg, diags := b.config(fsys)
	if diags.Errors() > 0 {
		diags.Sort()
		return nil, diags, nil
	}
	if len(cfg.Languages) > 0 && cfg.lang == nil {
		cfg = cfg.languageConfigs()[0] // the default language (AnalyzeLanguages reads them all)
	}
	b.cfg = cfg
	cfg.msgs, _ = loadMessages(fsys, cfg.Language) // a bad message file is reported with the theme
	b.bodyTexts = newBodyTexts(cfg.msgs)
	b.mark("config")
	in, err := b.load(ctx, fsys)
	b.mark("load")
	if err != nil {
		return nil, nil, err
	}
	diags = append(diags, in.diags...)
	if c := b.opts.Cache; c != nil {
		seen := make(map[string]bool, len(in.sources))
		for _, s := range in.sources {
			seen[s.Path] = true
		}
		c.forget(seen)
	}
	if lb := cfg.lang; lb != nil && !lb.Default { // after forget: the cache keeps the originals read
		in.sources, in.assets = lb.preferOwn(in.sources, in.assets)
	}
	pages, err := b.parseAll(ctx, in.sources, in.snippets)
	b.mark("parse")
	if err != nil {
		return nil, nil, err
	}
	site := newSite(cfg, pages, in.assets)
	b.mark("site")
	site.resolveLinks(b.opts.Cache)
	b.mark("links")
	diags = append(diags, site.Diags...)
	for _, p := range site.Pages {
		if !p.Fallback { // the default language reports its files
			diags = append(diags, p.Diags...)
		}
	}
	for _, p := range site.Drafts {
		site.DraftPages = append(site.DraftPages, p)
	}
	sort.Slice(site.DraftPages, func(i, j int) bool { return site.DraftPages[i].Src.Path < site.DraftPages[j].Src.Path })
	diags.Sort()
	return site, diags.Compact(), ctx.Err()
}

// config reads site.yaml (unless Options.Config is set) and applies the
// command line's overrides and the defaults.
func (b *Builder) config(fsys fs.FS) (*Config, Diagnostics) {
	var cfg *Config
	var diags Diagnostics
	if b.opts.Config != nil {
		c := *b.opts.Config
		cfg = &c
	} else if src, err := fs.ReadFile(fsys, "site.yaml"); err == nil {
		cfg, diags = parseConfig("site.yaml", src)
	} else if errorsIsNotExist(err) {
		cfg = &Config{Agents: defaultAgents()}
	} else {
		return nil, Diagnostics{{Pos: Pos{File: "site.yaml"}, Msg: "cannot read: " + cleanErr(err)}}
	}
	if b.opts.BaseURL != "" {
		cfg.BaseURL, cfg.BasePath = b.opts.BaseURL, ""
	}
	if b.opts.Links != "" {
		cfg.Links = b.opts.Links
	}
	cfg.Drafts = cfg.Drafts || b.opts.Drafts
	cfg.dev = b.opts.Dev
	cfg.setDefaults()
	return cfg, diags
}

// parseAll parses each source on its own goroutine. Each result lands at
// its source's index: no lock, and the order never depends on scheduling.
func (b *Builder) parseAll(ctx context.Context, srcs []*Source, snippets map[string]*Snippet) ([]*Page, error) {
	cache := b.opts.Cache
	if b.stream != nil && cache == nil {
		return b.parseStreaming(ctx, b.stream, srcs, snippets)
	}
	pages := make([]*Page, len(srcs))
	var snips []uint64
	if cache != nil {
		// Cached parses are looked up here, on one goroutine; the
		// workers below clone them or parse what changed.
		cache.parseSettings(strings.Join(b.cfg.FrontMatterIgnore, "\n") + "\x00" + b.bodyTexts.key())
		snips = cache.parsedAll(srcs, snippetsFingerprint(snippets), b.dropAST, pages)
	}
	err := eachParallel(ctx, len(srcs), func(i int) error {
		src := srcs[i]
		switch {
		case cache == nil:
			pages[i] = b.parseSafe(src, snippets)
		case pages[i] != nil: // the pristine parse: build with a copy
			pages[i] = pages[i].clone(src)
		default:
			src.expanded, src.spans = nil, nil
			pages[i] = b.parseSafe(src, snippets)
			cache.keepParsed(src, snips[i], b.dropAST, pages[i])
		}
		return nil
	})
	return pages, err
}

// eachParallel calls f for 0 to n-1 on GOMAXPROCS goroutines, each
// taking the next number in turn, until one fails or ctx ends.
func eachParallel(ctx context.Context, n int, f func(i int) error) error {
	return eachInTurn(ctx, n, runtime.GOMAXPROCS(0), nil, f)
}

// eachInTurn is eachParallel on workers goroutines, and one more that
// joins them once late is closed (when late is not nil and numbers are
// left).
func eachInTurn(ctx context.Context, n, workers int, late <-chan struct{}, f func(i int) error) error {
	var next atomic.Int64
	allTaken := make(chan struct{})
	var taken sync.Once
	g, ctx := errgroup.WithContext(ctx)
	work := func() error {
		for {
			i := int(next.Add(1)) - 1
			if i >= n {
				taken.Do(func() { close(allTaken) })
				return nil
			}
			if i%64 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if err := f(i); err != nil {
				return err
			}
		}
	}
	if late != nil {
		g.Go(func() error {
			select {
			case <-late:
				return work()
			case <-allTaken:
				return nil
			case <-ctx.Done():
				return nil
			}
		})
	}
	for range workers {
		g.Go(work)
	}
	return g.Wait()
}

// parseSafe turns a panic in the markdown parser into an error on the file.
func (b *Builder) parseSafe(src *Source, snippets map[string]*Snippet) (p *Page) {
	defer func() {
		if r := recover(); r != nil {
			p = &Page{Kind: KindArticle, Src: src, NavIndex: -1, Title: src.Rel}
			p.Diags = Diagnostics{{Pos: Pos{File: src.Path}, Msg: fmt.Sprintf("markdown parser failed: %v", r)}}
		}
	}()
	return b.parse(src, snippets)
}

// linker is a Sink that can give an output a second path without writing
// it twice (dirSink: a hard link).
type linker interface {
	Link(existing, path string) error
}

// putAgain puts data, already put at existing, at path too: a link where
// the sink can make one.
func putAgain(out Sink, existing, path string, data []byte) error {
	if c, ok := out.(*countingSink); ok {
		c.files.Add(1)
		c.bytes.Add(int64(len(data)))
		out = c.Sink
	}
	if l, ok := out.(linker); ok {
		return l.Link(existing, path)
	}
	return out.Put(path, data)
}

// lazySink is a Sink that can hold an output made when first asked for
// (MemSink).
type lazySink interface {
	PutLazy(path string, make func() []byte) error
}

// unwrap returns the sink a countingSink counts for.
func unwrap(out Sink) Sink {
	if c, ok := out.(*countingSink); ok {
		return c.Sink
	}
	return out
}

type countingSink struct {
	Sink
	files atomic.Int64
	bytes atomic.Int64
}

func (c *countingSink) Put(path string, data []byte) error {
	c.files.Add(1)
	c.bytes.Add(int64(len(data)))
	return c.Sink.Put(path, data)
}

// render writes every output: pages (in parallel), then the site-wide
// files.
func (b *Builder) render(ctx context.Context, fsys fs.FS, site *Site, th *theme, out Sink, indexDone <-chan struct{}) ([]FileSize, error) {
	cfg := site.Config
	sv := site.siteView(th)
	cache := b.opts.Cache
	var keys []uint64
	var structure uint64
	if cache != nil {
		keys, structure = site.renderKeys(th, sv.Year)
		cache.prerenderNav(site, th)
	} else {
		site.prerenderNav(th)
	}
	var done atomic.Int64
	total := len(site.Pages)
	twins := make([][]byte, len(site.Pages))
	var hits []*cachedPage
	// A plain build into a folder keeps no page once written: the next
	// page is written into its buffer.
	_, toDisk := unwrap(out).(*dirSink)
	recycle := cache == nil && toDisk
	var outs []*cachedPage // with a cache, for patch; a plain build keeps no output
	if cache != nil {
		outs = make([]*cachedPage, len(site.Pages))
	}
	var assetsMu sync.Mutex
	var assets []namedFile
	if cache != nil {
		// Reused outputs go in here, on one goroutine: the render
		// goroutines below get only the pages to render.
		hits = cache.renderedAll(site, keys)
		ms, bulk := unwrap(out).(*MemSink)
		for i, r := range hits {
			if r == nil {
				continue
			}
			twins[i], outs[i] = r.twin, r
			if r.paths[0] == "" {
				r.paths = pagePaths(site.Pages[i], cfg)
			}
			if !bulk {
				if err := putPage(out, site.Pages[i], cfg, r); err != nil {
					return nil, err
				}
			}
		}
		if bulk { // kb serve: tens of thousands of outputs under one lock
			files, bytes, err := ms.putPages(hits)
			if err != nil {
				return nil, err
			}
			if c, ok := out.(*countingSink); ok {
				c.files.Add(int64(files))
				c.bytes.Add(bytes)
			}
		}
	}
	renderOne := func(i int) error {
		p := site.Pages[i]
		r, err := b.renderPage(site, sv, th, p)
		if err != nil {
			return err
		}
		if cache != nil {
			r.key = keys[i]
			cache.keepRendered(p.URL, r)
		}
		if err := putPage(out, p, cfg, r); err != nil {
			return err
		}
		if recycle {
			th.recycle(r.html)
		}
		twins[i] = r.twin
		if outs != nil {
			outs[i] = r
		}
		if b.opts.Progress != nil {
			b.opts.Progress(int(done.Add(1)), total)
		}
		return nil
	}
	copyAsset := func(a Asset) error {
		data, err := fs.ReadFile(fsys, a.Path)
		if err != nil {
			return fmt.Errorf("%s: cannot read: %s", a.Path, cleanErr(err))
		}
		if cache != nil {
			assetsMu.Lock()
			assets = append(assets, namedFile{a.Out, data})
			assetsMu.Unlock()
		}
		return out.Put(a.Out, data)
	}
	// The pages to render, then the assets to copy, taken in turn by
	// the workers.
	var todo []int
	for i := range site.Pages {
		if hits == nil || hits[i] == nil {
			todo = append(todo, i)
		}
	}
	// The search index is built on a goroutine of its own meanwhile and
	// takes about as long as rendering: one core is left to it, and its
	// worker joins the others once the index is done, so that neither
	// runs on alone at the end.
	workers := runtime.GOMAXPROCS(0)
	var late <-chan struct{}
	if indexDone != nil && workers > 1 {
		workers, late = workers-1, indexDone
	}
	err := eachInTurn(ctx, len(todo)+len(site.Assets), workers, late, func(k int) error {
		if k < len(todo) {
			return renderOne(todo[k])
		}
		return copyAsset(site.Assets[k-len(todo)])
	})
	if err != nil {
		return nil, err
	}
	byPage := make(map[*Page][]byte, len(twins))
	for i, p := range site.Pages {
		byPage[p] = twins[i]
	}
	var fkeys map[*Page]uint64
	if cache != nil {
		fkeys = fullKeys(site, keys)
	}
	// The llms-full.txt files, the site's, each category's and its parts', are the
	// largest a build writes: made side by side.
	cfg.lang.homeTwin(site, byPage)
	fulls := site.fullTextFiles(byPage)
	sizes := make([]FileSize, len(fulls))
	fg := new(errgroup.Group)
	fg.SetLimit(runtime.GOMAXPROCS(0))
	for i, ff := range fulls {
		if cache != nil {
			// kb serve: made when first asked for, or reused.
			if l, ok := unwrap(out).(lazySink); ok {
				if err := l.PutLazy(ff.name, cache.fullText(site, ff, fkeys[ff.page], byPage)); err != nil {
					return nil, err
				}
				continue
			}
		}
		fg.Go(func() error {
			data := site.fullText(ff, byPage)
			sizes[i] = FileSize{Path: ff.name, Bytes: len(data), Parts: len(ff.parts), PartOf: ff.top}
			return out.Put(ff.name, data)
		})
	}
	if err := fg.Wait(); err != nil {
		return nil, err
	}
	var full []FileSize
	for _, fs := range sizes {
		if fs.Path != "" {
			full = append(full, fs)
		}
	}
	for _, a := range th.assets {
		if err := out.Put(a.out, a.data); err != nil {
			return nil, err
		}
	}
	var files []namedFile
	if cache != nil {
		files = cache.siteFiles(structure)
	}
	if files == nil {
		rec := &recordSink{}
		if err := site.renderSiteFiles(sv, th, rec); err != nil {
			return nil, err
		}
		files = rec.files
		if cache != nil {
			cache.keepSiteFiles(structure, files)
		}
	}
	for _, f := range files {
		if err := putSiteFile(out, b.siteFilesConfig(cfg), f); err != nil {
			return nil, err
		}
	}
	if cache != nil {
		b.last = &lastBuild{site: site, th: th, sv: sv, outs: outs, twins: byPage, assets: assets, files: files, fulls: fulls}
		if ms, ok := unwrap(out).(*MemSink); ok {
			b.last.layer = ms.layer
		}
	}
	return full, nil
}

// renderSiteFiles renders the outputs that depend on the whole site and
// on no page's body: the 404 pages (HTML and markdown), the search page,
// sitemap.xml, robots.txt, _redirects, _headers, the search status file
// and the alias pages.
func (site *Site) renderSiteFiles(sv *SiteView, th *theme, out Sink) error {
	cfg := site.Config
	nf := &PageView{Site: sv, Dev: cfg.dev, Kind: "404", Title: sv.msgs.text("not_found_title"), HeadTitle: sv.msgs.text("not_found_title") + " – " + cfg.Title,
		URL: cfg.BasePath + "404.html", Nav: site.nav(sv.msgs, site.Home, nil), OGType: "website"}
	for _, ch := range site.Home.Children {
		if ch.listed() {
			nf.Categories = append(nf.Categories, card(ch))
		}
	}
	sv.msgs.seeAll(nf.Categories)
	html, err := th.execute("404", nf)
	if err != nil {
		return fmt.Errorf("layouts/404.html: %w", err)
	}
	if err := out.Put("404.html", html); err != nil {
		return err
	}
	if err := site.renderSearchPage(sv, th, out); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		data []byte
	}{
		{"sitemap.xml", site.sitemap()},
		{"robots.txt", site.robots()},
		{NotFoundMarkdownPath, site.notFoundMarkdown()},
		{"_redirects", site.redirects()},
		{"_headers", site.headers(th.immutable())},
		{SiteManifestPath, site.Config.manifest(th.immutable())},
		{SearchStatusPath, []byte(SearchStatusStatic)},
	} {
		if err := out.Put(f.name, f.data); err != nil {
			return err
		}
	}
	for _, a := range site.Aliases {
		page := movedPage(sv.msgs, sv.Lang, sv.Dir, site.absURL(a.To.URL), a.To.URL)
		if a.From != "" { // "": only the file, the page's own URL as another generator wrote it
			if err := out.Put(a.From+"index.html", page); err != nil {
				return err
			}
			// For hosts without _redirects: the twin's and llms.txt's
			// paths say where the page went, in their own formats.
			md, llms := site.movedFiles(a.To)
			for _, f := range []namedFile{{strings.TrimSuffix(a.From, "/") + ".md", md}, {a.From + "index.md", md}, {a.From + "llms.txt", llms}} {
				if err := out.Put(f.name, f.data); err != nil {
					return err
				}
			}
		}
		if a.File != "" {
			if err := out.Put(a.File, page); err != nil {
				return err
			}
		}
	}
	return nil
}

// movedFiles are what an alias URL's twin paths and llms.txt hold on a
// host that ignores _redirects: a markdown note and an llms.txt, each
// linking the page's twin and llms.txt.
func (site *Site) movedFiles(to *Page) (md, llms []byte) {
	twin, idx := site.twinAbs(to), site.absURL(to.URL+"llms.txt")
	md = fmt.Appendf(nil, "# Moved: %s\n\nThis page has moved to %s. Its markdown version is [%s](%s).\n",
		oneLine(to.Title), site.absURL(to.URL), escapeMDLine(to.Title), mdDest(twin))
	d := newLLMSDoc(to.Title, "This page has moved to "+site.absURL(to.URL)+".", "Follow the links below; this old address keeps only this note.")
	d.section("Moved")
	d.item(to.Title, twin, "the page's markdown version")
	d.item(to.Title+" (index)", idx, "its headings and related articles")
	return md, d.bytes()
}

// namedFile is one output.
type namedFile struct {
	name string
	data []byte
}

// recordSink keeps what is put, in order. Not safe for concurrent use.
type recordSink struct{ files []namedFile }

func (r *recordSink) Put(name string, data []byte) error {
	r.files = append(r.files, namedFile{name, data})
	return nil
}

// renderPage renders one page's HTML, markdown twin and llms.txt.
func (b *Builder) renderPage(site *Site, sv *SiteView, th *theme, p *Page) (r *cachedPage, err error) {
	defer func() {
		if rec := recover(); rec != nil {
			err = fmt.Errorf("%s: rendering failed: %v", p.describe(), rec)
		}
	}()
	var htmlBody, twinBody string
	var slots *bodySlots
	if p.slots.fillable(p) { // the body as parse rendered it
		htmlBody, slots = p.slots.fillHTML(p), p.slots
		if b.opts.Cache == nil {
			p.slots = nil // rendered once: give the memory back
		}
	} else if p.Src != nil && p.Src.Src == nil {
		return nil, fmt.Errorf("%s: cannot render: its source was released after parse (a link without a destination in a build where broken links are errors)", p.describe())
	} else if doc, done := b.document(p); doc != nil {
		defer done()
		twinBody = site.markdownBody(p, doc)
		var body bytes.Buffer
		if err := b.md.Renderer().Render(&body, p.body(), doc); err != nil {
			return nil, fmt.Errorf("%s: %w", p.describe(), err)
		}
		htmlBody = body.String()
	}
	r = &cachedPage{twin: site.twin(p, twinBody, slots)}
	if p.Kind == KindArticle {
		r.llms = site.articleLLMS(p)
	} else {
		r.llms = site.folderLLMS(p)
	}
	v := site.pageView(sv, p)
	v.Body = template.HTML(htmlBody)
	if r.html, err = th.execute(v.Kind, v); err != nil {
		return nil, fmt.Errorf("%s: %w", p.describe(), err)
	}
	return r, nil
}

// putPage puts a page's outputs: its HTML, its markdown twin (at two
// paths: "billing/refunds.md" and "billing/refunds/index.md") and its
// llms.txt.
func putPage(out Sink, p *Page, cfg *Config, r *cachedPage) error {
	if r.paths[0] == "" {
		r.paths = pagePaths(p, cfg)
	}
	twin, twin2, llms, html := r.paths[0], r.paths[1], r.paths[2], r.paths[3]
	if err := out.Put(twin, r.twin); err != nil {
		return err
	}
	if twin2 != "" {
		if err := putAgain(out, twin, twin2, r.twin); err != nil {
			return err
		}
	}
	if err := out.Put(llms, r.llms); err != nil {
		return err
	}
	return out.Put(html, r.html)
}

// pagePaths are where a page's outputs go: twin, second twin path ("" for
// the home page), llms.txt, HTML.
func pagePaths(p *Page, cfg *Config) [4]string {
	dir := strings.TrimPrefix(p.URL, cfg.BasePath)
	if dir == "" {
		return [4]string{"index.md", "", "llms.txt", outPath(p, cfg)}
	}
	return [4]string{strings.TrimSuffix(dir, "/") + ".md", dir + "index.md", dir + "llms.txt", outPath(p, cfg)}
}

// sitemap lists every page a search engine should find, with its
// absolute URL (or its path when the site has no base_url) and its
// updated date: the pages of the sidebar (sitemapped), so that the
// sitemap and llms.txt name the same pages.
func (s *Site) sitemap() []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	urls := make([]*Page, 0, len(s.Pages))
	if s.Home != nil {
		urls, _ = sitemapped(s.Home, urls)
		if len(urls) == 0 || urls[0] != s.Home {
			urls = slices.Insert(urls, 0, s.Home) // a site of hidden articles still has a home page
		}
	}
	sort.Slice(urls, func(i, j int) bool { return urls[i].URL < urls[j].URL })
	for _, p := range urls {
		loc := s.Config.abs(p.URL)
		if loc == "" {
			loc = p.URL
		}
		b.WriteString("  <url><loc>")
		template.HTMLEscape(&b, []byte(loc))
		b.WriteString("</loc>")
		if !p.FM.Updated.IsZero() {
			b.WriteString("<lastmod>" + p.FM.Updated.Format("2006-01-02") + "</lastmod>")
		}
		b.WriteString("</url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// sitemapped appends q, and what is below it, when they belong in the
// sitemap, and reports whether it appended an article. Left out: hidden
// pages and everything below them (published for those who have the
// link, as Docusaurus's unlisted pages are), fallback pages (noindex:
// the original is listed) and a folder with none of its own language's
// articles at or below it (it only lists fallbacks).
func sitemapped(q *Page, urls []*Page) ([]*Page, bool) {
	if q.FM.Hidden || q.FM.Draft || q.Fallback {
		return urls, false
	}
	if q.Kind == KindArticle {
		return append(urls, q), true
	}
	at, any := len(urls), false
	for _, k := range q.Children {
		var a bool
		urls, a = sitemapped(k, urls)
		any = any || a
	}
	if any {
		urls = slices.Insert(urls, at, q)
	}
	return urls, any
}

// redirects is a Netlify-style _redirects file: a real 301 for every
// alias, for the page, its markdown twin (at both of its paths) and its
// llms.txt, which every page has (putPage).
func (s *Site) redirects() []byte {
	var b strings.Builder
	b.WriteString("# Generated by kb: old URLs (aliases) and where they moved.\n")
	for _, a := range s.Aliases {
		if from := s.Config.BasePath + a.From; a.From != "" {
			fmt.Fprintf(&b, "%s %s 301\n", from, a.To.URL)
			fmt.Fprintf(&b, "%s %s 301\n", strings.TrimSuffix(from, "/"), a.To.URL)
			fmt.Fprintf(&b, "%s.md %s 301\n", strings.TrimSuffix(from, "/"), twinURL(a.To, s.Config))
			fmt.Fprintf(&b, "%sindex.md %sindex.md 301\n", from, a.To.URL)
			fmt.Fprintf(&b, "%sllms.txt %sllms.txt 301\n", from, a.To.URL)
		}
		if a.File != "" {
			fmt.Fprintf(&b, "%s%s %s 301\n", s.Config.BasePath, a.File, a.To.URL)
		}
	}
	return []byte(b.String())
}

// headers is a Netlify-style _headers file: markdown and llms files with
// their types, Vary: Accept on pages, whose markdown twin a host may
// serve for Accept: text/markdown (see the README for nginx and Caddy),
// and a year's caching for assets/ and the other fingerprinted outputs
// (immutable, output paths: the site's own stylesheet).
func (s *Site) headers(immutable []string) []byte {
	bp := s.Config.BasePath
	var fixed strings.Builder
	for _, p := range immutable {
		fmt.Fprintf(&fixed, "%s%s\n  Cache-Control: public, max-age=31536000, immutable\n", bp, p)
	}
	return []byte(fmt.Sprintf(`# Generated by kb.
%[1]s*
  X-Content-Type-Options: nosniff
  Referrer-Policy: strict-origin-when-cross-origin
  Vary: Accept
%[1]s*.md
  Content-Type: text/markdown; charset=utf-8
%[1]sllms.txt
  Content-Type: text/plain; charset=utf-8
%[1]s*/llms.txt
  Content-Type: text/plain; charset=utf-8
%[1]sllms-full.txt
  Content-Type: text/plain; charset=utf-8
%[1]s*/llms-full.txt
  Content-Type: text/plain; charset=utf-8
%[1]sassets/*
  Cache-Control: public, max-age=31536000, immutable
%[2]s`, bp, fixed.String()))
}
