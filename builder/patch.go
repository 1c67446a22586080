package builder

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/kbhelp/kb/search"
)

// The patch path of a cached build. Most saves change the words of an
// article and nothing any other page shows: not its front matter, title,
// headings or links. Then the last build's site model is still right,
// and only that article's own outputs (and the llms-full.txt files that
// hold its text) change. patch checks exactly that, updates the
// article's page in the last build's model in place, renders it, and
// puts the last build's other outputs back: no walk, no site model, no
// link resolution, no render keys. Anything else, or any doubt, returns
// false and the full cached build runs.
//
// Updating the page in place is safe because nothing reads the last
// build's model concurrently but the llms-full.txt makers, which read
// titles, URLs and descriptions (never changed here) and their own
// twins; kb serve takes the search documents of a build before the next
// one starts (SearchDocs).

// lastBuild is what patch needs of the last successful build.
type lastBuild struct {
	site   *Site
	th     *theme
	sv     *SiteView
	res    Result
	outs   []*cachedPage // by index of site.Pages
	byPath map[string]int
	twins  map[*Page][]byte
	assets []namedFile // site.Assets, read
	files  []namedFile // renderSiteFiles'
	fulls  []fullFile  // the llms-full.txt files put (lazily)
	// layer is the MemSink layer that holds every output above once the
	// build is done, for the next patch to take over (reuse); nil when
	// the build was not into a MemSink.
	layer *memLayer
	// entries are the bytes each article adds to an llms-full.txt
	// (fullEntrySize), measured at the first patch and kept up to date
	// for the pages patched.
	entries map[*Page]int
	// docs are the search documents of site as of the last call of
	// Result.SearchDocs, and stale the pages (by index in site.Pages)
	// patched since.
	docs  []search.Doc
	stale map[int]bool
}

// keepLast records a successful build for patch.
func (c *Cache) keepLast(l *lastBuild) {
	l.byPath = make(map[string]int, len(l.site.Pages))
	for i, p := range l.site.Pages {
		if p.Src != nil {
			l.byPath[p.Src.Path] = i
		}
	}
	c.mu.Lock()
	c.last = l
	c.mu.Unlock()
}

// patchable is one changed article that patch can take.
type patchable struct {
	i    int   // index in the last site's pages
	page *Page // the new parse
	src  *Source
	info fs.FileInfo
}

// patch is Build's patch path (see above). On a multilingual site the
// language meets the others (meetPatched) once it knows it patches: an
// error is then the round's, and Build returns it.
func (b *Builder) patch(ctx context.Context, fsys fs.FS, out Sink) (*Result, bool, error) {
	c := b.opts.Cache
	ms, ok := unwrap(out).(*MemSink)
	if !ok {
		return nil, false, nil
	}
	c.mu.Lock()
	last, known, quiet := c.last, c.known(), c.quiet
	dirty := make([]string, 0, len(c.dirty))
	for p := range c.dirty {
		dirty = append(dirty, p)
	}
	c.mu.Unlock()
	// quiet: another language of the site changed, not this one
	// (languages.go); its last outputs are put back as they are.
	if last == nil || !(known || quiet) || (len(dirty) == 0 && !quiet) || len(dirty) > 8 || ctx.Err() != nil {
		return nil, false, nil
	}
	slices.Sort(dirty)
	cfg := last.site.Config
	contentDir := strings.TrimSuffix(cfg.ContentDir, "/")
	snipDir := contentDir + "/" + cfg.Snippets
	var todo []patchable
	for _, p := range dirty {
		i, ok := last.byPath[p]
		if !ok || !markdownFile(p, contentDir, snipDir) {
			return nil, false, nil // a new file, a draft, a snippet, a template...
		}
		old := last.site.Pages[i]
		if len(old.Diags) > 0 || old.Src.includes {
			return nil, false, nil // positions of problems may move; snippets are read apart
		}
		info, err := fs.Lstat(fsys, p)
		if err != nil || !info.Mode().IsRegular() {
			return nil, false, nil
		}
		raw, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, false, nil
		}
		src, d := cleanSource(p, raw)
		if d != nil {
			return nil, false, nil
		}
		fm, off, ok := splitFrontMatter(src)
		if !ok || !bytes.Equal(fm, old.Src.fm) || len(bytes.TrimSpace(src)) == 0 {
			return nil, false, nil
		}
		s := &Source{Path: p, Rel: old.Src.Rel, Src: src, fm: fm, BodyOffset: off, hash: hashBytes(src),
			includes: bytes.Contains(src[off:], []byte("{!"))}
		if s.includes {
			return nil, false, nil
		}
		np := b.parseSafe(s, nil)
		if !sameShape(old, np) {
			return nil, false, nil
		}
		todo = append(todo, patchable{i: i, page: np, src: s, info: info})
	}

	// Every change is a body's own. The languages meet: pages whose
	// versions in the others changed are rendered again too.
	relink, err := b.meetPatched(ctx, last.site)
	if err != nil {
		if errors.Is(err, errOtherLanguage) && len(last.res.Warnings) > 0 {
			return nil, false, last.res.Warnings // they still count
		}
		return nil, false, err
	}
	for _, t := range todo {
		relink = slices.DeleteFunc(relink, func(i int) bool { return i == t.i })
	}

	// Update the pages and the cache.
	b.mark("patch")
	twins := make(map[*Page][]byte, len(last.twins))
	for p, t := range last.twins {
		twins[p] = t
	}
	for _, t := range todo {
		old := last.site.Pages[t.i]
		pristine := t.page.clone(t.src)
		old.Src, old.text, old.Headings, old.slots = t.src, t.page.text, t.page.Headings, t.page.slots
		for k, l := range old.Links {
			l.Off, l.Node = t.page.Links[k].Off, nil
		}
		r, err := b.renderPage(last.site, last.sv, last.th, old)
		if err != nil {
			// The model holds the new text; the full build will render
			// it (and report the error) from a fresh parse.
			c.Rescan()
			return nil, false, nil
		}
		r.paths = pagePaths(old, cfg)
		c.mu.Lock()
		f := c.files[t.src.Path]
		if f != nil {
			f.size, f.mod, f.src, f.page, f.snip, f.dropAST = t.info.Size(), t.info.ModTime(), t.src, pristine, 0, true
		}
		if w := c.walk; w != nil {
			if k, ok := slices.BinarySearch(w.mdPaths, t.src.Path); ok {
				w.mdInfo[k] = t.info
			}
		}
		c.renders[old.URL] = r // key 0: the next full build renders it again
		c.Stats.Read++
		c.Stats.Parsed++
		c.Stats.Rendered++
		c.mu.Unlock()
		last.outs[t.i] = r
		twins[old] = r.twin
	}
	for _, i := range relink {
		p := last.site.Pages[i]
		r, err := b.renderPage(last.site, last.sv, last.th, p)
		if err != nil {
			c.Rescan()
			return nil, false, nil
		}
		r.paths = pagePaths(p, cfg)
		c.mu.Lock()
		c.renders[p.URL] = r // key 0: the next full build renders it again
		c.Stats.Rendered++
		c.mu.Unlock()
		last.outs[i] = r
		twins[p] = r.twin
		todo = append(todo, patchable{i: i})
	}
	last.twins = twins
	b.siteFilesConfig(cfg).lang.homeTwin(last.site, twins)
	c.mu.Lock()
	c.reported()
	c.Stats.Reused = len(last.outs) - len(todo)
	c.Stats.Patched = len(todo)
	c.mu.Unlock()
	b.mark("render")

	var res Result
	if last.layer != nil && last.layer.prefix == ms.prefix {
		res, ok = b.patchOnto(ms, last, todo, twins)
	} else {
		res, ok = b.patchAll(ms, last, twins)
	}
	if !ok {
		return nil, false, nil
	}
	last.layer = ms.layer
	if last.stale == nil {
		last.stale = map[int]bool{}
	}
	for _, t := range todo {
		last.stale[t.i] = true
	}
	b.mark("put")
	res.Timings, res.last = b.timings, last
	return &res, true, nil
}

// patchAll puts every output of the last build, the patched pages' new
// ones among them, into ms.
func (b *Builder) patchAll(ms *MemSink, last *lastBuild, twins map[*Page][]byte) (Result, bool) {
	c := b.opts.Cache
	files, n, err := ms.putPages(last.outs)
	if err != nil {
		return Result{}, false
	}
	put := func(name string, data []byte) bool {
		files++
		n += int64(len(data))
		return ms.Put(name, data) == nil
	}
	for _, f := range last.assets {
		if !put(f.name, f.data) {
			return Result{}, false
		}
	}
	sfCfg := b.siteFilesConfig(last.site.Config) // the last build's
	for _, f := range last.files {
		if sfCfg.lang == nil || !sharedFile(f.name) {
			files++
			n += int64(len(f.data))
		}
		if putSiteFile(ms, sfCfg, f) != nil {
			return Result{}, false
		}
	}
	for _, a := range last.th.assets {
		if !put(a.out, a.data) {
			return Result{}, false
		}
	}
	last.fulls = last.site.fullTextFiles(twins)
	if !c.putFulls(ms, last, twins) {
		return Result{}, false
	}
	res := last.res
	res.Files, res.Bytes = files, n
	return res, true
}

// patchOnto takes over the last build's layer of outputs (reuse) and
// puts into it only what the patched pages change: their own outputs
// and the llms-full.txt files. Nothing at all when none changed, as in
// a language that a save in another did not touch. The site files
// shared by the languages are handed on, as every build does.
func (b *Builder) patchOnto(ms *MemSink, last *lastBuild, todo []patchable, twins map[*Page][]byte) (Result, bool) {
	c := b.opts.Cache
	prev := make([]int64, len(todo))
	for k, t := range todo {
		prev[k] = last.outs[t.i].size()
	}
	ms.reuse(last.layer)
	sfCfg := b.siteFilesConfig(last.site.Config)
	if sfCfg.lang != nil {
		for _, f := range last.files {
			if err := putSiteFile(discardSink{}, sfCfg, f); err != nil { // what the site merges
				return Result{}, false
			}
		}
	}
	res := last.res
	if len(todo) == 0 {
		return res, true
	}
	outs := make([]*cachedPage, len(todo))
	for k, t := range todo {
		outs[k] = last.outs[t.i]
		res.Bytes += outs[k].size() - prev[k]
	}
	if _, _, err := ms.putPages(outs); err != nil {
		return Result{}, false
	}
	last.res.Bytes = res.Bytes
	if last.entries == nil {
		last.entries = make(map[*Page]int, len(last.site.Pages))
		for _, p := range last.site.Pages {
			if p.Kind == KindArticle {
				last.entries[p] = last.site.fullEntrySize(p, twins)
			}
		}
	} else {
		for _, t := range todo {
			p := last.site.Pages[t.i]
			last.entries[p] = last.site.fullEntrySize(p, twins)
		}
	}
	fulls := last.site.fullTextFilesSized(func(a *Page) int { return last.entries[a] })
	var gone []string
	names := make(map[string]bool, len(fulls))
	for _, ff := range fulls {
		names[ff.name] = true
	}
	for _, ff := range last.fulls {
		if !names[ff.name] {
			gone = append(gone, ff.name)
		}
	}
	ms.remove(gone...)
	last.fulls = fulls
	if !c.putFulls(ms, last, twins) {
		return Result{}, false
	}
	return res, true
}

// putFulls puts last.fulls, the llms-full.txt files, into ms as makers
// that make each file when it is first asked for, and keeps them for the
// next build.
func (c *Cache) putFulls(ms *MemSink, last *lastBuild, twins map[*Page][]byte) bool {
	for _, ff := range last.fulls {
		full := sync.OnceValue(func() []byte { return last.site.fullText(ff, twins) })
		c.mu.Lock()
		c.full[ff.name] = &cachedBytes{make: full} // key 0: the next full build makes it anew
		c.mu.Unlock()
		if ms.PutLazy(ff.name, full) != nil {
			return false
		}
	}
	return true
}

// size is the bytes of a page's outputs, as putPages counts them.
func (r *cachedPage) size() int64 {
	var n int64
	data := [4][]byte{r.twin, r.twin, r.llms, r.html}
	for i, p := range r.paths {
		if p != "" {
			n += int64(len(data[i]))
		}
	}
	return n
}

// discardSink drops what it is given.
type discardSink struct{}

func (discardSink) Put(string, []byte) error { return nil }

// SearchDocs returns the search documents of the build's site
// (Site.SearchDocs). After a build that patched the last one's site
// model (patch.go), only the documents of the pages patched since the
// last call are made again. Call it before the next build with the same
// Cache starts, which may change the model in place.
func (r *Result) SearchDocs() []search.Doc {
	l := r.last
	if l == nil || l.site != r.Site {
		return r.Site.SearchDocs()
	}
	if l.docs == nil {
		l.docs, l.stale = r.Site.SearchDocs(), nil
		return l.docs
	}
	if len(l.stale) == 0 {
		return l.docs
	}
	docs := slices.Clone(l.docs) // the caller may still hold the last ones
	for i := range l.stale {
		p := r.Site.Pages[i]
		k := slices.IndexFunc(docs, func(d search.Doc) bool { return d.URL == p.URL })
		if k < 0 { // not searchable: made in full, as Site.SearchDocs decides
			l.docs, l.stale = r.Site.SearchDocs(), nil
			return l.docs
		}
		docs[k] = r.Site.searchDoc(p)
	}
	l.docs, l.stale = docs, nil
	return docs
}

// sameShape reports whether a new parse of an article changes nothing
// that any page but its own shows, nor any problem: same title and
// description, headings (anchors), links, code, and no diagnostics.
func sameShape(old, np *Page) bool {
	if np.Title != old.Title || np.Description != old.Description || np.hasCode != old.hasCode ||
		len(np.Diags) > 0 || len(np.Headings) != len(old.Headings) || len(np.Links) != len(old.Links) || np.text == nil && old.text != nil {
		return false
	}
	for i, h := range np.Headings {
		o := old.Headings[i]
		if h.Level != o.Level || h.Text != o.Text || h.ID != o.ID {
			return false
		}
	}
	for i, l := range np.Links {
		o := old.Links[i]
		if l.Dest != o.Dest || l.Image != o.Image || l.FrontMatter != o.FrontMatter || l.Empty != o.Empty {
			return false
		}
	}
	return true
}
