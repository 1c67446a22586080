package builder

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// A multilingual site lists its languages in site.yaml:
//
//	language: en            # the default language, served at the root
//	languages:
//	  - code: en
//	    name: English
//	  - code: de
//	    name: Deutsch       # served under /de/, from content/de/
//	  - code: ar
//	    name: العربية
//	    path: hc/ar/        # another URL folder below the base path
//	    fallback: false     # untranslated articles are not served here
//
// The default language's articles are content/ (less the languages'
// folders); language L's are content/L/, at the same relative paths. Each
// language is built as a site of its own (its own Config, below its own
// URL folder), side by side in one build: an article missing in L is
// built from the default language's file as a fallback page under L's
// URL, with a notice, noindex and a canonical to the original. After
// every language's model is made, the languages meet (langRound) so that
// each page knows its versions in the others: the switcher and hreflang.

// Language is one entry of site.yaml's languages.
type Language struct {
	Code      string // BCP 47: "de", "pt-BR"
	Name      string // in the language itself: "Deutsch"
	Direction string // "ltr" or "rtl"
	// Path is the URL folder below the site's base path, "de/"; "" for
	// the root (the default language, unless its path is set).
	Path string
	// BaseURL is the absolute URL of this language's home when it is
	// served from its own host; "" for base_url joined with Path.
	BaseURL     string
	Fallback    bool // articles missing here are built from the default language
	Title       string
	Description string
	Support     Support
	Synonyms    map[string][]string
	Pos         Pos // of the entry
}

// langBuild is what a language's sub-build knows of the others; nil on
// a site in one language.
type langBuild struct {
	Language
	Default   bool
	All       []Language // every language, the default first
	Out       string     // output folder below the output root: "" or "de/"
	Own       string     // the language's content folder: "content" or "content/de"
	Skip      []string   // content folders of the other languages, never walked as articles
	Root      string     // the default language's content folder: "content"
	round     *langRound
	shared    *sharedFiles
	homeURLs  map[string]string // code → absolute or site URL of each language's home
	bases     map[string]string // code → base path of each language
	llmsFiles map[string]string // code → URL of each language's llms.txt
}

var languageKeys = []string{"code", "name", "direction", "path", "base_url", "fallback", "title", "description", "support", "search"}

var languageCode = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// languagesConfig reads site.yaml's languages list.
func (r *yamlReader) languagesConfig(v *yaml.Node) []Language {
	if v.Kind != yaml.SequenceNode {
		r.errorf(v, "key %q: expected a list of {code, name}, got %s", "languages", yamlKind(v))
		return nil
	}
	var out []Language
	seen := map[string]bool{}
	for _, item := range v.Content {
		if item.Kind != yaml.MappingNode {
			r.errorf(item, "languages: expected {code, name}, got %s", yamlKind(item))
			continue
		}
		l := Language{Fallback: true, Pos: r.pos(item)}
		for _, kv := range pairs(item) {
			k, val := kv[0], kv[1]
			switch k.Value {
			case "code":
				l.Code = r.str("languages.code", val)
				if !languageCode.MatchString(l.Code) {
					r.errorf(val, "languages.code: %q is not a language code (write a BCP 47 code such as de, fr or pt-BR)", l.Code)
				} else if seen[strings.ToLower(l.Code)] {
					r.errorf(val, "languages.code: %q is listed twice", l.Code)
				} else {
					r.checkSearchLanguage(val, l.Code)
				}
				seen[strings.ToLower(l.Code)] = true
			case "name":
				l.Name = r.str("languages.name", val)
			case "direction":
				if l.Direction = r.str("languages.direction", val); l.Direction != "ltr" && l.Direction != "rtl" {
					r.errorf(val, "languages.direction: %q is neither ltr nor rtl", l.Direction)
				}
			case "path":
				p := strings.Trim(r.str("languages.path", val), "/")
				if p != "" && (!fs.ValidPath(p) || strings.ContainsAny(p, `\?#`)) {
					r.errorf(val, "languages.path: %q is not a URL folder below the base path (write de/ or hc/de/)", p)
					p = ""
				}
				if p != "" {
					l.Path = p + "/"
				}
			case "base_url":
				l.BaseURL = r.str("languages.base_url", val)
				if u, err := url.Parse(l.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
					r.errorf(val, "languages.base_url: %q is not an absolute http(s) URL", l.BaseURL)
					l.BaseURL = ""
				} else if !strings.HasSuffix(l.BaseURL, "/") {
					l.BaseURL += "/"
				}
			case "fallback":
				l.Fallback = r.bool("languages.fallback", val)
			case "title":
				l.Title = r.str("languages.title", val)
			case "description":
				l.Description = r.str("languages.description", val)
			case "support":
				if !r.mapping(val, "languages.support", "text, link_text and url") {
					continue
				}
				l.Support = r.support(val, "languages.support")
			case "search":
				l.Synonyms = r.searchConfig(val)
				if l.Synonyms == nil {
					l.Synonyms = map[string][]string{}
				}
			default:
				r.unknownKey(k, languageKeys, true, "languages")
			}
		}
		if l.Code == "" {
			r.errorf(item, "languages: an entry has no code")
			continue
		}
		if l.Name == "" {
			l.Name = l.Code
		}
		if l.Direction == "" {
			l.Direction = languageDirection(l.Code)
		}
		out = append(out, l)
	}
	return out
}

// checkLanguages puts the default language first and checks the list
// against language: and itself. languagesPos is where languages: is.
func (c *Config) checkLanguages(r *yamlReader, languageNode, languagesNode *yaml.Node) {
	if len(c.Languages) == 0 {
		return
	}
	def := 0
	if c.Language != "" {
		def = slices.IndexFunc(c.Languages, func(l Language) bool { return strings.EqualFold(l.Code, c.Language) })
		if def < 0 {
			r.errorf(languageNode, "language: %q is not in languages; list it there, or leave language: out to make the first one the default", c.Language)
			return
		}
	}
	d := c.Languages[def]
	c.Languages = append(append([]Language{d}, c.Languages[:def]...), c.Languages[def+1:]...)
	c.Language = d.Code
	if d.Direction != "" && c.Direction == "" {
		c.Direction = d.Direction
	}
	paths := map[string]string{}
	for i, l := range c.Languages {
		if i > 0 && l.Path == "" && l.BaseURL == "" {
			c.Languages[i].Path = strings.ToLower(l.Code) + "/"
		}
		p := c.Languages[i].Path
		if l.BaseURL != "" {
			p = "//" + l.BaseURL // its own host: its folder is its own
		}
		if other, ok := paths[p]; ok {
			r.errorf(languagesNode, "languages: %s and %s are both served at /%s", other, l.Code, p)
		}
		paths[p] = l.Code
	}
}

// languageConfigs derives each language's Config from the site's, which
// has its defaults set: the default language first.
func (c *Config) languageConfigs() []*Config {
	all := c.Languages
	homes, llms, bases := map[string]string{}, map[string]string{}, map[string]string{}
	var out []*Config
	root := path.Clean(c.ContentDir)
	var skip []string
	for _, l := range all[1:] {
		skip = append(skip, path.Join(root, l.Code))
	}
	shared := &sharedFiles{bases: bases}
	for i, l := range all {
		lc := *c
		lc.Language, lc.Direction = l.Code, l.Direction
		if l.Title != "" {
			lc.Title = l.Title
		}
		if l.Description != "" {
			lc.Description = l.Description
		}
		if l.Support.Text != "" {
			lc.Support.Text = l.Support.Text
		}
		if l.Support.LinkText != "" {
			lc.Support.LinkText = l.Support.LinkText
		}
		if l.Support.URL != "" {
			lc.Support.URL = l.Support.URL
		}
		switch {
		case l.Synonyms != nil:
			lc.Synonyms = l.Synonyms
		case i > 0: // the top-level synonyms are the default language's words
			lc.Synonyms = nil
		}
		out2 := l.outDir()
		if l.BaseURL != "" {
			lc.BaseURL, lc.BasePath = l.BaseURL, ""
			if u, err := url.Parse(l.BaseURL); err == nil {
				lc.BasePath = u.Path
			}
		} else {
			lc.BasePath = c.BasePath + l.Path
			if c.BaseURL != "" {
				lc.BaseURL = c.BaseURL + l.Path
			}
		}
		lc.setDefaults()
		own := root
		if i > 0 {
			own = path.Join(root, l.Code)
		}
		lb := &langBuild{Language: l, Default: i == 0, All: all, Out: out2, Own: own, Skip: skip, Root: root,
			shared: shared, homeURLs: homes, llmsFiles: llms, bases: bases}
		lc.lang = lb
		homes[l.Code], bases[l.Code] = lc.BasePath, lc.BasePath
		if a := lc.abs(lc.BasePath); a != "" {
			homes[l.Code] = a
		}
		llms[l.Code] = homes[l.Code] + "llms.txt"
		out = append(out, &lc)
	}
	return out
}

// outDir is the language's output folder below the output root: its
// path, or for a language served from a host of its own its code ("de/").
func (l Language) outDir() string {
	if l.Path == "" && l.BaseURL != "" {
		return strings.ToLower(l.Code) + "/"
	}
	return l.Path
}

// relOf returns a content file's path relative to its language's
// folder, and whether it is a fallback: a file of the default language
// read by another.
func (lb *langBuild) relOf(p string) (rel string, fallback bool) {
	if !lb.Default {
		if r, ok := strings.CutPrefix(p, lb.Own+"/"); ok {
			return r, false
		}
	}
	if lb.Root == "." {
		return p, !lb.Default
	}
	return strings.TrimPrefix(p, lb.Root+"/"), !lb.Default
}

// skipped reports whether p is another language's content folder (or
// this one's, walked on its own), not to be walked as the default
// language's.
func (lb *langBuild) skipped(p string) bool {
	return slices.Contains(lb.Skip, p)
}

// isFallback reports whether the source at site path p is read by this
// language from the default language's files.
func (c *Config) isFallback(p string) bool {
	if c.lang == nil || c.lang.Default {
		return false
	}
	_, fb := c.lang.relOf(p)
	return fb
}

// ---------------------------------------------------------------- the round

// langRound is where the languages of one build meet once each has its
// model, so that each page knows its versions in the others.
type langRound struct {
	mu      sync.Mutex
	want    int
	sites   map[string]*Site // code → the language's site; nil entries failed
	failed  bool
	fresh   bool // a language arrived with a new model
	done    chan struct{}
	table   *langTable
	keep    map[string]*Site // the last good site of each language, for sub-builds that patched
	configs []*Config
	// turns, when set, make the languages take their heavy phases one
	// at a time, in the languages' order (langTurns); nil with a Cache.
	turns *langTurns
}

// langTurns are the two phases of a language's build that the languages
// of a plain build (no Cache: kb build) take one at a time, in order:
// everything before the round (load, parse, the model) and everything
// after it (render, the search index's end). Each phase already uses
// every core on its own, so running the languages side by side bought
// no time: it added up their peaks (every language's parsed bodies,
// index buffers and render buffers alive at once, 3.3 × one language's
// peak RSS in 3 languages) and, with 3 × GOMAXPROCS workers on
// GOMAXPROCS cores, cost preemptions and page faults (CPU 3.6 × one
// language's; BENCHMARKS.md, "Languages"). Taken in turn, a language's
// phase runs as a build in one language does, and only the models (with
// the bodies parse rendered) of the languages that are waiting are held
// beside it. kb serve's rebuilds (with a Cache) keep the languages side
// by side: most of each is reused, and they wait for each other least.
type langTurns struct {
	mu   sync.Mutex
	done [2][]chan struct{} // phase → language → closed when its turn ended
}

func newLangTurns(n int) *langTurns {
	t := &langTurns{}
	for ph := range t.done {
		for range n {
			t.done[ph] = append(t.done[ph], make(chan struct{}))
		}
	}
	return t
}

// take waits until language i may run phase ph: the language before it
// ended its turn (or its build).
func (t *langTurns) take(ctx context.Context, ph, i int) error {
	if i == 0 {
		return nil
	}
	select {
	case <-t.done[ph][i-1]:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// end ends language i's turn in phase ph and those before it; calling
// it again does nothing.
func (t *langTurns) end(ph, i int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for p := 0; p <= ph; p++ {
		select {
		case <-t.done[p][i]:
		default:
			close(t.done[p][i])
		}
	}
}

var errOtherLanguage = errors.New("another language of the site failed to build")

func newRound(cfgs []*Config, keep map[string]*Site) *langRound {
	return &langRound{want: len(cfgs), sites: map[string]*Site{}, done: make(chan struct{}), keep: keep, configs: cfgs}
}

// arrive says that language code has its model (site), or reused its
// last one (site nil, ok), or failed (!ok). The first call per language
// counts; arrive reports whether this one did.
func (r *langRound) arrive(code string, site *Site, ok bool) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, seen := r.sites[code]; seen {
		return false
	}
	r.fresh = r.fresh || site != nil
	if site == nil && ok {
		site = r.keep[code]
	}
	if !ok || site == nil {
		r.failed = true
		site = nil
	}
	r.sites[code] = site
	if len(r.sites) == r.want {
		if !r.failed && r.fresh { // only a new model takes the table (meet)
			r.table = newLangTable(r.configs, r.sites)
		}
		close(r.done)
	}
	return true
}

// tableWith is the table of translations with site as language code's
// model, for a language that arrived with its last model and then made a
// new one (a patch path left after the round, patch.go). Call it once
// the round is done.
func (r *langRound) tableWith(code string, site *Site) *langTable {
	r.mu.Lock()
	defer r.mu.Unlock()
	sites := maps.Clone(r.sites)
	sites[code] = site
	return newLangTable(r.configs, sites)
}

// wait returns the table of translations once every language arrived.
func (r *langRound) wait(ctx context.Context) (*langTable, error) {
	select {
	case <-r.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if r.failed {
		return nil, errOtherLanguage
	}
	return r.table, nil
}

// langTable maps a page's translation key to its versions.
type langTable struct {
	langs []Language
	by    map[string][]langEntry // key → one entry per language that has the page, in languages' order
}

type langEntry struct {
	code, url, abs, title string
	fallback              bool
}

// translationKey is what matches a page with its translations: an
// article's path in its language's folder (or its translation_key), a
// folder's path with a slash.
func translationKey(p *Page) string {
	if p.Kind == KindArticle {
		if p.FM.TranslationKey != "" && !p.Fallback {
			return p.FM.TranslationKey
		}
		return p.Src.Rel
	}
	return p.Dir + "/"
}

func newLangTable(cfgs []*Config, sites map[string]*Site) *langTable {
	t := &langTable{by: map[string][]langEntry{}}
	for _, c := range cfgs {
		t.langs = append(t.langs, c.lang.Language)
		s := sites[c.Language]
		for _, p := range s.Pages {
			k := translationKey(p)
			t.by[k] = append(t.by[k], langEntry{code: c.Language, url: p.URL, abs: s.absURL(p.URL), title: p.Title, fallback: p.Fallback})
		}
	}
	return t
}

// entry returns key's version in language code.
func (t *langTable) entry(key, code string) (langEntry, bool) {
	for _, e := range t.by[key] {
		if e.code == code {
			return e, true
		}
	}
	return langEntry{}, false
}

// LangLink is one language of a page's switcher or hreflang list.
type LangLink struct {
	Code, Name, Dir string
	URL             string // this page in that language, or its nearest folder there
	Abs             string // absolute URL, "" without a base_url
	Current         bool   // the page's own language
	Same            bool   // URL is this page's version, not a parent's
	Fallback        bool   // that version is a fallback in the default language
}

// setLanguages gives every page its versions in the other languages.
func (s *Site) setLanguages(t *langTable) {
	for _, p := range s.Pages {
		p.langs = s.langLinks(t, p)
	}
	s.langTable = t
}

func (s *Site) langLinks(t *langTable, p *Page) []LangLink {
	key := translationKey(p)
	links := make([]LangLink, 0, len(t.langs))
	for _, l := range t.langs {
		ll := LangLink{Code: l.Code, Name: l.Name, Dir: l.Direction, Current: l.Code == s.Config.Language}
		if e, ok := t.entry(key, l.Code); ok {
			ll.URL, ll.Abs, ll.Same, ll.Fallback = e.url, e.abs, true, e.fallback
		} else { // the nearest folder that language has
			dir := p.Dir
			if p.Kind != KindArticle {
				dir = parentDir(p.Dir)
			}
			for {
				if e, ok := t.entry(dir+"/", l.Code); ok {
					ll.URL, ll.Abs = e.url, e.abs
					break
				}
				if dir == "" {
					break
				}
				dir = parentDir(dir)
			}
		}
		links = append(links, ll)
	}
	return links
}

// original is the default language's version of a fallback page.
func (s *Site) original(p *Page) (LangLink, bool) {
	for _, l := range p.langs {
		if l.Same && !l.Fallback && s.langTable != nil && l.Code == s.langTable.langs[0].Code {
			return l, true
		}
	}
	return LangLink{}, false
}

// ---------------------------------------------------------------- shared files

// sharedFiles collects the files every language makes but the site has
// once, at the output root: the sitemap, robots.txt, _redirects and
// _headers.
type sharedFiles struct {
	mu    sync.Mutex
	files map[string]map[string][]byte // name → code → data
	bases map[string]string            // code → base path
	memo  *mergeMemo                   // the last build's merged files, with a Cache
}

func (f *sharedFiles) put(code, name string, data []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.files == nil {
		f.files = map[string]map[string][]byte{}
	}
	if f.files[name] == nil {
		f.files[name] = map[string][]byte{}
	}
	f.files[name][code] = data
}

// sharedFile reports whether a site file is one of the site's, not a
// language's.
func sharedFile(name string) bool {
	switch name {
	case "sitemap.xml", "robots.txt", "_redirects", "_headers":
		return true
	}
	return false
}

// write puts the merged files into out: the default language's robots.txt
// and _headers, every language's redirects and sitemap entries.
func (f *sharedFiles) write(out Sink, langs []Language) (files int, size int64, err error) {
	def := langs[0].Code
	for _, name := range []string{"sitemap.xml", "robots.txt", "_redirects", "_headers"} {
		by := f.files[name]
		data, memoed := f.memo.merged(name, by, langs, f.bases)
		if !memoed {
			data = by[def]
		}
		switch {
		case memoed:
		case name == "sitemap.xml":
			const end = "</urlset>\n"
			data = bytes.TrimSuffix(slices.Clone(data), []byte(end))
			for _, l := range langs[1:] {
				part := by[l.Code]
				if i := bytes.Index(part, []byte("<url>")); i >= 0 {
					part = part[bytes.LastIndexByte(part[:i], '\n')+1:]
				} else {
					continue
				}
				data = append(data, bytes.TrimSuffix(part, []byte(end))...)
			}
			data = append(data, end...)
		case name == "_headers": // the default's rules cover the languages below its base path
			data = slices.Clone(data)
			for _, l := range langs[1:] {
				if part := by[l.Code]; !strings.HasPrefix(f.bases[l.Code], f.bases[def]) && part != nil {
					if _, rest, ok := bytes.Cut(part, []byte("\n")); ok {
						data = append(data, rest...)
					}
				}
			}
		case name == "_redirects":
			data = slices.Clone(data)
			for _, l := range langs[1:] {
				part := by[l.Code]
				if _, rest, ok := bytes.Cut(part, []byte("\n")); ok && len(rest) > 0 {
					data = append(data, rest...)
				}
			}
		}
		f.memo.keep(name, by, langs, f.bases, data)
		if data == nil {
			continue
		}
		if err := out.Put(name, data); err != nil {
			return 0, 0, err
		}
		files++
		size += int64(len(data))
	}
	for name, by := range f.files {
		if rest, ok := strings.CutPrefix(name, rootCopy); ok && rest != "" {
			if data := by[def]; data != nil {
				if err := out.Put(rest, data); err != nil {
					return 0, 0, err
				}
				files++
				size += int64(len(data))
			}
		}
	}
	return files, size, nil
}

// ---------------------------------------------------------------- the build

// subSink is out seen from a language's output folder.
func subSink(out Sink, dir string) Sink {
	if o, ok := out.(*MemSink); ok {
		return o.sub(dir) // a layer of its own, at the root too (memsink.go)
	}
	if dir == "" {
		return out
	}
	if o, ok := out.(*dirSink); ok {
		return &dirSink{dir: filepath.Join(o.dir, filepath.FromSlash(dir)), dirs: map[string]bool{}}
	}
	return prefixSink{out, dir}
}

// prefixSink puts every output below a folder of another sink.
type prefixSink struct {
	Sink
	dir string
}

func (p prefixSink) Put(name string, data []byte) error { return p.Sink.Put(p.dir+name, data) }

// buildLanguages builds every language of cfg's site into out, each
// below its folder, at the same time: they meet once each has its model
// (langRound). The result counts them all; its Site is the default
// language's.
func (b *Builder) buildLanguages(ctx context.Context, fsys fs.FS, out Sink, cfg *Config, cdiags Diagnostics) (*Result, error) {
	cfgs := cfg.languageConfigs()
	if b.langs == nil {
		b.langs = map[string]*Builder{}
		b.langSites = map[string]*Site{}
	}
	if c := b.opts.Cache; c != nil {
		c.setLanguages(cfgs)
		c.checkPending(fsys, b.langSites)
		c.prepareChildren()
	}
	round := newRound(cfgs, b.langSites)
	if b.opts.Cache == nil {
		round.turns = newLangTurns(len(cfgs))
	}
	results := make([]*Result, len(cfgs))
	errs := make([]error, len(cfgs))
	var progress []int64
	var pmu sync.Mutex
	if b.opts.Progress != nil {
		progress = make([]int64, 2*len(cfgs))
	}
	var wg sync.WaitGroup
	for i, lc := range cfgs {
		lc.lang.round = round
		sb := b.langs[lc.Language]
		opts := b.opts
		opts.Config, opts.BaseURL, opts.Links = lc, "", ""
		if b.opts.Cache != nil {
			opts.Cache = b.opts.Cache.child(lc.Language)
		}
		if b.opts.Progress != nil {
			opts.Progress = func(done, total int) {
				pmu.Lock()
				progress[2*i], progress[2*i+1] = int64(done), int64(total)
				var d, t int64
				for j := 0; j < len(progress); j += 2 {
					d, t = d+progress[j], t+progress[j+1]
				}
				pmu.Unlock()
				b.opts.Progress(int(d), int(t))
			}
		}
		if sb == nil {
			sb = New(opts)
			b.langs[lc.Language] = sb
		} else {
			sb.opts = opts
		}
		sb.lean, sb.noStream, sb.noSlots, sb.alwaysLinkify = b.lean, b.noStream, b.noSlots, b.alwaysLinkify
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer round.arrive(lc.Language, nil, false) // when the build ended before it arrived
			results[i], errs[i] = sb.Build(ctx, fsys, subSink(out, lc.lang.Out))
		}()
	}
	wg.Wait()
	built := false
	if c := b.opts.Cache; c != nil {
		// A failed round may leave a language's files changed (a
		// translation renamed or deleted) with no model to say so: until
		// a round succeeds, route every change to every language.
		defer func() {
			if !built {
				c.forgetTranslated()
			}
		}()
	}
	diags := cdiags
	var firstErr error
	for _, err := range errs {
		var d Diagnostics
		switch {
		case err == nil, errors.Is(err, errOtherLanguage):
		case errors.As(err, &d):
			diags = append(diags, d...)
		case firstErr == nil:
			firstErr = err
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	diags.Sort()
	diags = diags.Compact()
	if diags.Errors() > 0 {
		return nil, diags
	}
	if cfgs[0].lang.Out != "" { // the default language is below a folder too (hc/en-us/)
		cfgs[0].lang.shared.rootFiles(cfg, cfgs)
	}
	if c := b.opts.Cache; c != nil {
		cfgs[0].lang.shared.memo = c.mergeMemo()
	}
	n, size, err := cfgs[0].lang.shared.write(out, cfg.Languages)
	if err != nil {
		return nil, err
	}
	// A language's home is /de/: its twin is /de.md too, as every
	// folder's is (its index.md is the other path).
	for _, lc := range cfgs {
		if dir := strings.TrimSuffix(lc.lang.Out, "/"); dir != "" {
			if data := lc.lang.shared.files[homeTwin][lc.Language]; data != nil {
				if err := out.Put(dir+".md", data); err != nil {
					return nil, err
				}
				n, size = n+1, size+int64(len(data))
			}
		}
	}
	res := &Result{Warnings: diags, Site: results[0].Site, Timings: results[0].Timings, Files: n, Bytes: size}
	if c := b.opts.Cache; c != nil {
		c.sumChildren()
	}
	for i, r := range results {
		res.Articles += r.Articles
		res.Sections += r.Sections
		res.Links += r.Links
		res.Files += r.Files
		res.Bytes += r.Bytes
		for _, f := range r.LLMSFull {
			f.Path = cfgs[i].lang.Out + f.Path
			if f.PartOf != "" {
				f.PartOf = cfgs[i].lang.Out + f.PartOf
			}
			res.LLMSFull = append(res.LLMSFull, f)
		}
		res.Languages = append(res.Languages, LanguageResult{Code: cfgs[i].Language, Result: r})
		b.langSites[cfgs[i].Language] = r.Site
	}
	if c := b.opts.Cache; c != nil {
		c.keepTranslated(b.langSites)
	}
	built = true
	return res, nil
}

// LanguageResult is one language's part of a multilingual build.
type LanguageResult struct {
	Code string
	*Result
}

// meet waits, in a language's sub-build, for the other languages' models
// and gives site's pages their translations. site is nil when the build
// reuses its last model (patch.go).
func (b *Builder) meet(ctx context.Context, site *Site) error {
	lb := b.cfgLang()
	if lb == nil || lb.round == nil {
		return nil
	}
	first := lb.round.arrive(lb.Code, site, true)
	t, err := lb.round.wait(ctx)
	if err != nil {
		return err
	}
	if site != nil {
		if !first || t == nil {
			t = lb.round.tableWith(lb.Code, site)
		}
		site.setLanguages(t)
	}
	return nil
}

// meetPatched is meet for a language that patches its last model
// (patch.go): when another language made a new model, the versions of
// the last model's pages in the other languages are looked up again
// (a translation's original deleted, renamed or retitled), and the
// indexes of the pages whose versions changed are returned, to be
// rendered again.
func (b *Builder) meetPatched(ctx context.Context, site *Site) ([]int, error) {
	lb := b.cfgLang()
	if lb == nil || lb.round == nil {
		return nil, nil
	}
	lb.round.arrive(lb.Code, nil, true)
	t, err := lb.round.wait(ctx)
	if err != nil || t == nil {
		return nil, err
	}
	var changed []int
	for i, p := range site.Pages {
		if links := site.langLinks(t, p); !slices.Equal(links, p.langs) {
			p.langs = links
			changed = append(changed, i)
		}
	}
	site.langTable = t
	return changed, nil
}

// takeTurn waits, in a language's sub-build of a plain build, for the
// language's turn in phase ph (0 before the round, 1 after it:
// langTurns) and returns the function that ends it, which Build defers
// too, so that a failed language never holds up the next. Elsewhere it
// returns at once.
func (b *Builder) takeTurn(ctx context.Context, ph int) (end func(), err error) {
	lb := b.cfgLang()
	if lb == nil || lb.round == nil || lb.round.turns == nil {
		return func() {}, nil
	}
	i := slices.IndexFunc(lb.All, func(l Language) bool { return l.Code == lb.Code })
	t := lb.round.turns
	end = func() { t.end(ph, i) }
	if err := t.take(ctx, ph, i); err != nil {
		return end, err
	}
	return end, nil
}

func (b *Builder) cfgLang() *langBuild {
	if b.opts.Config != nil {
		return b.opts.Config.lang
	}
	return nil
}

// languagesNote lists the site's other languages for a home llms.txt.
func (s *Site) languagesNote(d *llmsDoc) {
	lb := s.Config.lang
	if lb == nil {
		return
	}
	d.section("Languages")
	for _, l := range lb.All {
		if l.Code == lb.Code {
			continue
		}
		full := strings.TrimSuffix(lb.llmsFiles[l.Code], "llms.txt") + "llms-full.txt"
		d.item(l.Name+" ("+l.Code+")", lb.llmsFiles[l.Code], fmt.Sprintf("this help center in %s; every article in one file: %s", l.Name, full))
	}
}

// preferOwn keeps, of a language's files and the default language's at
// the same relative path, the language's own: the default's stay only as
// fallbacks for what is not translated, and not at all where the
// language turns fallback off. Assets of the default language stay
// either way: a translation links the same images.
func (lb *langBuild) preferOwn(srcs []*Source, assets []Asset) ([]*Source, []Asset) {
	own := make(map[string]bool, len(srcs))
	for _, s := range srcs {
		if _, fb := lb.relOf(s.Path); !fb {
			own[s.Rel] = true
		}
	}
	kept := srcs[:0]
	for _, s := range srcs {
		if _, fb := lb.relOf(s.Path); !fb || (lb.Fallback && !own[s.Rel]) {
			kept = append(kept, s)
		}
	}
	outs := make(map[string]bool, len(assets))
	for _, a := range assets {
		if _, fb := lb.relOf(a.Path); !fb || strings.HasPrefix(a.Path, "static/") {
			outs[a.Out] = true
		}
	}
	keptA := assets[:0]
	for _, a := range assets {
		if _, fb := lb.relOf(a.Path); !fb || strings.HasPrefix(a.Path, "static/") || !outs[a.Out] {
			keptA = append(keptA, a)
		}
	}
	return kept, keptA
}

// preferOwnPaths is preferOwn on the paths of the markdown files, before
// they are read: the same files stay, in the same order.
func (lb *langBuild) preferOwnPaths(paths []string) []string {
	own := make(map[string]bool, len(paths))
	for _, p := range paths {
		if rel, fb := lb.relOf(p); !fb {
			own[rel] = true
		}
	}
	kept := paths[:0:0]
	for _, p := range paths {
		if rel, fb := lb.relOf(p); !fb || (lb.Fallback && !own[rel]) {
			kept = append(kept, p)
		}
	}
	return kept
}

// ---------------------------------------------------------------- caches

// child returns the cache of language code's build.
func (c *Cache) child(code string) *Cache {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.children == nil {
		c.children = map[string]*Cache{}
	}
	ch := c.children[code]
	if ch == nil {
		ch = NewCache()
		c.children[code] = ch
	}
	return ch
}

// setLanguages tells the cache where each language's files are.
func (c *Cache) setLanguages(cfgs []*Config) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.langDirs = map[string]string{}
	for _, lc := range cfgs[1:] {
		c.langDirs[lc.Language] = lc.lang.Own
	}
	c.langRoot = cfgs[0].lang.Root
}

// keepTranslated records which default-language files each language
// translates: a change to one of those is no change to that language,
// which reads its own file instead.
func (c *Cache) keepTranslated(sites map[string]*Site) {
	c.mu.Lock()
	same := len(c.translatedOf) == len(sites)
	for code, s := range sites {
		same = same && c.translatedOf[code] == s
	}
	c.mu.Unlock()
	if same {
		return // every language patched its last model, or reused it: no page came or went
	}
	t := map[string]map[string]bool{}
	for code, s := range sites {
		if s == nil || s.Config.lang == nil || s.Config.lang.Default {
			continue
		}
		m := map[string]bool{}
		for _, p := range s.Pages {
			if p.Src != nil && !p.Fallback {
				m[p.Src.Rel] = true
			}
		}
		t[code] = m
	}
	c.mu.Lock()
	c.translated, c.translatedOf = t, maps.Clone(sites)
	c.mu.Unlock()
}

// forgetTranslated drops what keepTranslated recorded: every change of
// a default-language file goes to every language until the next
// successful build records it again.
func (c *Cache) forgetTranslated() {
	c.mu.Lock()
	c.translated, c.translatedOf = nil, nil
	c.mu.Unlock()
}

// routeChanged passes changed paths on to the languages' caches: a file
// of a language's folder to that language's, any other to all (the
// default language's articles are the others' fallbacks). c.mu is held.
func (c *Cache) routeChanged(paths []string) {
	if len(paths) == 0 {
		for _, ch := range c.children {
			ch.Changed()
		}
		return
	}
	by := map[string][]string{}
	var all []string
	for _, p := range paths {
		code := ""
		for l, dir := range c.langDirs {
			if strings.HasPrefix(p, dir+"/") {
				code = l
				break
			}
		}
		if code == "" {
			c.routed = true
			all = append(all, p)
			continue
		}
		c.routed = true
		by[code] = append(by[code], p)
		if c.langPending == nil {
			c.langPending = map[string]string{}
		}
		c.langPending[p] = code
	}
	for code, ch := range c.children {
		var ps []string
		for _, p := range all {
			if rel, ok := strings.CutPrefix(p, c.langRoot+"/"); !ok || !c.translated[code][rel] {
				ps = append(ps, p)
			}
		}
		if ps = append(ps, by[code]...); len(ps) > 0 {
			ch.Changed(ps...)
		} else {
			c.routed = true // others changed: this one is quiet (prepareChildren)
		}
	}
}

// checkPending makes every language's cache rescan when a file of a
// language's folder appeared or disappeared since sites were built: a
// page's versions in other languages changed, and every language's
// switcher shows them.
func (c *Cache) checkPending(fsys fs.FS, sites map[string]*Site) {
	c.mu.Lock()
	pending := c.langPending
	c.langPending = nil
	c.mu.Unlock()
	for p, code := range pending {
		_, err := fs.Stat(fsys, p)
		exists := err == nil
		had := false
		if s := sites[code]; s != nil {
			for _, pg := range s.Pages {
				if pg.Src != nil && pg.Src.Path == p {
					had = true
					break
				}
			}
		}
		if exists != had {
			c.Rescan()
			return
		}
	}
}

// foreign reports whether site path p is a file of another language's
// folder, which this language's build never reads.
func (lb *langBuild) foreign(p string) bool {
	for _, d := range lb.Skip {
		if strings.HasPrefix(p, d+"/") && (lb.Default || d != lb.Own) {
			return true
		}
	}
	return false
}

// prepareChildren marks the languages' caches that were told of no
// change while others were: their builds put their last outputs back.
func (c *Cache) prepareChildren() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ch := range c.children {
		ch.mu.Lock()
		ch.quiet = c.routed && ch.last != nil && !ch.informed && !ch.blind
		ch.mu.Unlock()
	}
	c.routed = false
}

// putSiteFile puts one of renderSiteFiles' outputs, or, in a language's
// build, hands it to the site's merged copy when the site has it once.
func putSiteFile(out Sink, cfg *Config, f namedFile) error {
	if lb := cfg.lang; lb != nil && sharedFile(f.name) {
		lb.shared.put(lb.Code, f.name, f.data)
		return nil
	}
	if lb := cfg.lang; lb != nil && lb.Default && lb.Out != "" && (f.name == "404.html" || f.name == NotFoundMarkdownPath) {
		lb.shared.put(lb.Code, rootCopy+f.name, f.data) // the root's, which hosts serve for every missing page
	}
	return out.Put(f.name, f.data)
}

// rootCopy prefixes the names of files handed to the merge to be put at
// the root as they are (rootFiles).
const rootCopy = "\x00root/"

// rootFiles makes what the root of a site whose every language is below
// a folder needs: a page sending readers on to the default language,
// robots.txt and an llms.txt naming each language's (the default's 404
// pages are handed over by putSiteFile).
func (f *sharedFiles) rootFiles(site *Config, cfgs []*Config) {
	f.mu.Lock()
	defer f.mu.Unlock()
	def := cfgs[0]
	root := &Site{Config: site}
	put := func(name string, data []byte) {
		if f.files[rootCopy+name] == nil {
			f.files[rootCopy+name] = map[string][]byte{}
		}
		f.files[rootCopy+name][def.Language] = data
	}
	home := root.absURL(def.BasePath)
	put("index.html", redirectPage(home, def.BasePath))
	d := newLLMSDoc(site.Title, "This help center in "+strconv.Itoa(len(cfgs))+" languages, each with its own index.", "")
	d.section("Languages")
	for _, lc := range cfgs {
		full := strings.TrimSuffix(lc.lang.llmsFiles[lc.Language], "llms.txt") + "llms-full.txt"
		d.item(lc.lang.Name+" ("+lc.Language+")", lc.lang.llmsFiles[lc.Language], "every article in one file: "+full)
	}
	put("llms.txt", d.bytes())
	// The root's manifest, for kb serve: the site's base path (the
	// default language's _headers and manifest name its folder) and
	// where each language is.
	var langs []Language
	for _, lc := range cfgs {
		langs = append(langs, lc.lang.Language)
	}
	man, _ := json.MarshalIndent(SiteManifest{Title: site.Title, Description: site.Description, BaseURL: site.BaseURL,
		BasePath: site.BasePath, Agents: site.Agents, Languages: manifestLanguages(langs)}, "", "  ")
	put(SiteManifestPath, append(man, '\n'))
	if f.files["robots.txt"] == nil {
		f.files["robots.txt"] = map[string][]byte{}
	}
	f.files["robots.txt"][def.Language] = root.robots()
}

// translatedElsewhere is the default language's paths that a language's
// own articles name as their translation_key: those files are no
// fallbacks there.
func translatedElsewhere(cfg *Config, pages []*Page) map[string]bool {
	if cfg.lang == nil || cfg.lang.Default {
		return nil
	}
	var m map[string]bool
	for _, p := range pages {
		if k := p.FM.TranslationKey; k != "" && !cfg.isFallback(p.Src.Path) {
			if m == nil {
				m = map[string]bool{}
			}
			m[k] = true
		}
	}
	return m
}

// languageView fills in the switcher, hreflang and fallback of page p's
// view.
func (s *Site) languageView(v *PageView, p *Page) {
	if p.langs == nil {
		return
	}
	v.Languages = p.langs
	if p.Fallback {
		v.NoIndex = true // the original is the page to index
		if o, ok := s.original(p); ok {
			v.Fallback = &o
			v.Canonical = o.Abs
		}
		return
	}
	for _, l := range p.langs {
		if l.Same && !l.Fallback {
			v.Alternates = append(v.Alternates, l)
		}
	}
	if len(v.Alternates) < 2 {
		v.Alternates = nil
		return
	}
	if d := p.langs[0]; d.Same && !d.Fallback {
		v.XDefault = cmp.Or(d.Abs, d.URL)
	}
}

// splitSwitcher returns the header without a switcher (plain) cut where
// the one with a switcher (with) has it: before and after.
func splitSwitcher(plain, with string) (pre, post string) {
	const open, end = `<details class="lang-switch">`, "</details>"
	i := strings.Index(with, open)
	if i < 0 {
		return "", ""
	}
	j := strings.Index(with[i:], end)
	if j < 0 {
		return "", ""
	}
	rest := with[i+j+len(end):]
	// with = plain[:i] + switcher + rest, where rest ends plain.
	if !strings.HasPrefix(plain, with[:i]) || !strings.HasSuffix(plain, rest) {
		return "", ""
	}
	return with[:i], rest
}

// appendLanguages is partials.html's "languages" for page v.
func appendLanguages(b []byte, v *PageView) []byte {
	b = append(b, "<details class=\"lang-switch\">\n<summary class=\"lang-summary\"><svg class=\"icon\" width=\"16\" height=\"16\" viewBox=\"0 0 20 20\" aria-hidden=\"true\" focusable=\"false\"><circle cx=\"10\" cy=\"10\" r=\"7.5\"/><path d=\"M2.5 10h15M10 2.5c2.2 2.3 3.2 4.8 3.2 7.5s-1 5.2-3.2 7.5c-2.2-2.3-3.2-4.8-3.2-7.5s1-5.2 3.2-7.5Z\"/></svg><span class=\"visually-hidden\">"...)
	b = appendHTML(b, cmp.Or(v.Site.T["language"], "Language"))
	b = append(b, ": </span>"...)
	for _, l := range v.Languages {
		if l.Current {
			b = append(b, "<span class=\"lang-name\" lang=\""...)
			b = appendHTML(b, l.Code)
			b = append(b, "\">"...)
			b = appendHTML(b, l.Name)
			b = append(b, "</span>"...)
		}
	}
	b = append(b, "</summary>\n<ul class=\"lang-menu\">"...)
	for _, l := range v.Languages {
		b = append(b, "\n<li><a href=\""...)
		b = appendURL(b, l.URL)
		b = append(b, "\" hreflang=\""...)
		b = appendHTML(b, l.Code)
		b = append(b, "\" lang=\""...)
		b = appendHTML(b, l.Code)
		b = append(b, "\" dir=\""...)
		b = appendHTML(b, l.Dir)
		b = append(b, '"')
		if l.Current {
			b = append(b, " aria-current=\"page\""...)
		}
		b = append(b, '>')
		b = appendHTML(b, l.Name)
		b = append(b, "</a></li>"...)
	}
	return append(b, "\n</ul>\n</details>"...)
}

// appendAlternates is base.html's hreflang links.
func appendAlternates(b []byte, v *PageView) []byte {
	for _, l := range v.Alternates {
		b = append(b, "\n<link rel=\"alternate\" hreflang=\""...)
		b = appendHTML(b, l.Code)
		b = append(b, "\" href=\""...)
		b = appendURL(b, cmp.Or(l.Abs, l.URL))
		b = append(b, "\">"...)
	}
	if v.XDefault != "" {
		b = append(b, "\n<link rel=\"alternate\" hreflang=\"x-default\" href=\""...)
		b = appendURL(b, v.XDefault)
		b = append(b, "\">"...)
	}
	return b
}

// appendFallback is article.html's notice on an untranslated article.
func appendFallback(b []byte, v *PageView) []byte {
	f := v.Fallback
	if f == nil {
		return b
	}
	t := v.Site.T
	b = append(b, "\n<p class=\"fallback-notice\" role=\"note\">"...)
	b = appendHTML(b, cmp.Or(t["fallback_notice"], "This article is not yet translated."))
	b = append(b, " <a href=\""...)
	b = appendURL(b, f.URL)
	b = append(b, "\" hreflang=\""...)
	b = appendHTML(b, f.Code)
	b = append(b, "\" lang=\""...)
	b = appendHTML(b, f.Code)
	b = append(b, "\">"...)
	b = appendHTML(b, cmp.Or(t["fallback_original"], "Read the original"))
	b = append(b, " ("...)
	b = appendHTML(b, f.Name)
	return append(b, ")</a></p>"...)
}

// defaultURL is the default language's URL of a page of this language
// at site URL u: the same path below the default's base path.
func (lb *langBuild) defaultURL(u string) string {
	return lb.bases[lb.All[0].Code] + strings.TrimPrefix(u, lb.bases[lb.Code])
}

// siteFilesConfig is the Config whose language the site files of a build
// go to: this build's, also when the files were made by an earlier one.
func (b *Builder) siteFilesConfig(cfg *Config) *Config {
	if c := b.opts.Config; c != nil && c.lang != nil {
		return c
	}
	return cfg
}

// sumChildren makes the cache's Stats those of all its languages.
func (c *Cache) sumChildren() {
	c.mu.Lock()
	defer c.mu.Unlock()
	var s CacheStats
	for _, ch := range c.children {
		ch.mu.Lock()
		cs := ch.Stats
		ch.mu.Unlock()
		s.Read += cs.Read
		s.Parsed += cs.Parsed
		s.Rendered += cs.Rendered
		s.ReusedParses += cs.ReusedParses
		s.Reused += cs.Reused
		s.Patched += cs.Patched
	}
	c.Stats = s
}

// stableString is the Config as text for cache keys: the same for the
// same settings, build after build (a language's langBuild and the
// messages are new pointers each build; what they say is written out).
func (c *Config) stableString() string {
	cc := *c
	cc.lang, cc.msgs = nil, nil // pointers, new each build: what they hold is written out
	s := fmt.Sprintf("%#v", cc)
	if c.msgs != nil {
		s += fmt.Sprintf("%#v", c.msgs.m) // maps print sorted
	}
	if lb := c.lang; lb != nil {
		s += fmt.Sprintf("%#v %q %#v", lb.Language, lb.Out, lb.All)
	}
	return s
}

// homeTwin is the name under which a language's home twin is handed to
// the merge, which puts it at /de.md (sharedFiles.put).
const homeTwin = "\x00home.md"

// homeTwin hands the twin of the home of a language below a folder to
// the merge. lb may be nil: a site in one language.
func (lb *langBuild) homeTwin(site *Site, twins map[*Page][]byte) {
	if lb != nil && lb.Out != "" {
		if t, ok := twins[site.Home]; ok {
			lb.shared.put(lb.Code, homeTwin, t)
		}
	}
}
