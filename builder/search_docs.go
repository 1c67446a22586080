package builder

// This file feeds the search index: it makes search.Docs from the parsed
// articles (never from HTML) and builds the index into the output
// folder's .kb-search/ on its own goroutine while pages render.

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"go.yaml.in/yaml/v3"

	"github.com/kbhelp/kb/layouts"
	"github.com/kbhelp/kb/search"
)

// SearchDir is the folder of the output that holds the search index.
// Servers never serve dot-folders, so the index ships with the site
// without being published.
const SearchDir = ".kb-search"

// folderSink is a Sink that writes into a real folder, which the search
// index (written by bleve, not through Put) can go into.
type folderSink interface {
	Dir() string
}

var _ folderSink = (*dirSink)(nil)

// indexJob is a search index being built beside rendering.
type indexJob struct {
	done     chan error                   // nil when no index is built
	version  func() string                // the static index's version, once done has answered
	client   func([]byte) (string, error) // writes the static client beside it (search.Writer.StaticClient)
	finished chan struct{}                // closed when the index is built or failed; nil when none is built
	cancel   context.CancelFunc
}

// startIndex starts building the search index of site into out's folder,
// unless Options.NoIndex is set or out is not a folder (tests, the dev
// server's memory). The goroutine only reads the site, which is
// read-only while pages render. kb build feeds its index while it
// parses instead (stream.go).
func (b *Builder) startIndex(ctx context.Context, site *Site, out Sink) *indexJob {
	fs, ok := out.(folderSink)
	if b.opts.NoIndex || !ok || fs.Dir() == "" {
		return &indexJob{}
	}
	ctx, cancel := context.WithCancel(ctx)
	j := &indexJob{done: make(chan error, 1), finished: make(chan struct{}), cancel: cancel}
	dir := filepath.Join(fs.Dir(), SearchDir)
	n := 0
	for _, p := range site.Pages {
		if p.Kind == KindArticle && !p.FM.Draft {
			n++
		}
	}
	w, err := search.NewWriter(dir, b.indexOptions(site.Config, fs.Dir(), n))
	if err != nil {
		j.done <- err
		close(j.finished)
		return j
	}
	j.version, j.client = w.StaticVersion, staticClient(w, site.Config.Language)
	go func() {
		defer close(j.finished)
		defer func() {
			if r := recover(); r != nil {
				w.Abort()
				j.done <- fmt.Errorf("search index: %v", r)
			}
		}()
		j.done <- w.AddAll(ctx, site.SearchDocs())
	}()
	return j
}

// indexOptions are the search index's settings for a build into the
// folder out: only ever searched (search.Open), never updated, so
// ReadOnly; with the static index under StaticSearchDir; analysed in
// the site's language, with its synonyms (a language's sub-build of a
// multilingual site has that language's Config).
func (b *Builder) indexOptions(cfg *Config, out string, docs int) search.BuildOptions {
	return search.BuildOptions{Language: cfg.Language, Synonyms: cfg.Synonyms, ReadOnly: true,
		Static: filepath.Join(out, filepath.FromSlash(StaticSearchDir)), StaticDocs: docs}
}

// staticClient writes the static client beside w's static index: kb's
// own, with the stemmer of the index's language (layouts.SearchClient:
// that language's, and no other's), or a site's own kb-search.js as it
// is.
func staticClient(w *search.Writer, language string) func([]byte) (string, error) {
	return func(client []byte) (string, error) {
		if bytes.Equal(client, layouts.SearchEngine()) {
			name, _ := search.AnalysisOf(language)
			client = layouts.SearchClient(name)
		}
		return w.StaticClient(client)
	}
}

// checkSearchLanguage warns, at n, when kb's search has no analysis for
// the language code: its index is then analysed by the neutral analysis,
// words lowercased, without stemming or stop words.
func (r *yamlReader) checkSearchLanguage(n *yaml.Node, code string) {
	if _, ok := search.AnalysisOf(code); ok || code == "" {
		return
	}
	var has []string
	for _, a := range search.Analyses() {
		switch a {
		case "cjk":
			has = append(has, "ja", "ko", "zh")
		case "none":
		default:
			has = append(has, a)
		}
	}
	sort.Strings(has)
	r.warnf(n, "language: search has no analysis for %q: it lowercases words, without stemming or stop words (it has %s)",
		code, strings.Join(has, ", "))
}

// StaticSearchDir is where, below the base path, kb build writes the
// static search index, in a folder per version (package search,
// static.go).
const StaticSearchDir = "assets/search"

// staticVersion is the version of the static index the job wrote; ""
// when it wrote none.
func (j *indexJob) staticVersion() string {
	if j.version == nil {
		return ""
	}
	return j.version()
}

// wait waits for the index, first cancelling it when the build failed.
func (j *indexJob) wait(failed bool) error {
	if j.done == nil {
		return nil
	}
	if failed {
		j.cancel()
	}
	err := <-j.done
	j.cancel()
	if err != nil && !failed {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

// SearchDocs makes one search.Doc per published article, in the order of
// their source files' paths, the order kb build's index adds them in as
// it parses (stream.go), which breaks ties between equal scores: listed
// and hidden articles, never drafts (not even under -drafts).
func (s *Site) SearchDocs() []search.Doc {
	arts := make([]*Page, 0, len(s.Listed))
	for _, p := range s.Pages {
		if p.Kind == KindArticle && !p.FM.Draft {
			arts = append(arts, p)
		}
	}
	slices.SortFunc(arts, func(a, b *Page) int { return strings.Compare(a.Src.Path, b.Src.Path) })
	docs := make([]search.Doc, 0, len(arts))
	for _, p := range arts {
		docs = append(docs, s.searchDoc(p))
	}
	return docs
}

// GeneralCategory and GeneralTitle are the search category of the
// articles outside every category (at the root of content/): the search
// page counts them under a chip of their own, so that its chips add up to
// All. A folder whose name starts with "_" is never a page, so no real
// category has the key. GeneralTitle is the English title; a site in
// another language gets its message search_general.
const (
	GeneralCategory = "_general"
	GeneralTitle    = "General"
)

func (s *Site) searchDoc(p *Page) search.Doc {
	bp := s.Config.BasePath
	key := func(f *Page) string { return strings.Trim(strings.TrimPrefix(f.URL, bp), "/") }
	d := search.Doc{URL: p.URL, Title: p.Title, Description: p.Description, Tags: p.FM.Tags,
		Symptoms: p.FM.Symptoms, ErrorMessages: p.FM.ErrorMessages, Fallback: p.Fallback}
	d.Slug = baseName(strings.TrimSuffix(p.URL, "/"))
	var chain []*Page
	for f := p.Parent; f != nil && f.Kind != KindHome; f = f.Parent {
		chain = append(chain, f)
	}
	for i := len(chain) - 1; i >= 0; i-- {
		f := chain[i]
		d.Breadcrumb = append(d.Breadcrumb, f.Title)
		switch f.Depth {
		case 1:
			d.Category, d.CategoryTitle = key(f), f.Title
		case 2:
			d.Section, d.SectionTitle = key(f), f.Title
		}
	}
	if d.Category == "" {
		d.Category, d.CategoryTitle = GeneralCategory, GeneralTitle
		if m := s.Config.msgs; m != nil {
			d.CategoryTitle = m.text("search_general") // in the site's language
		}
	}
	if t := p.text; t != nil {
		d.Body, d.Sections, d.Headings, d.Code = t.Body, t.Sections, t.Headings, t.Code
	}
	return d
}

// articleText collects the words of an article for the index when it is
// parsed, so the index needs no AST: intro, sections per H2, headings and
// code.
func articleText(doc ast.Node, body []byte, heads headTexts) *search.Doc {
	var d search.Doc
	w := &docText{src: body, doc: &d, heads: heads}
	w.block(doc)
	w.flush()
	d.Code = strings.Clone(strings.TrimSpace(w.code.String()))
	return &d
}

// docText collects an article's plain text: the intro, then one section
// per H2, with code apart.
type docText struct {
	src     []byte
	doc     *search.Doc
	cur     bytes.Buffer    // text of the intro or of the current section
	section *search.Section // nil while in the intro
	code    strings.Builder
	heads   headTexts
}

func (w *docText) flush() {
	// A copy of exactly the text: the buffer is reused for the next
	// section, and every article's text is kept until it is indexed.
	txt := string(bytes.TrimSpace(w.cur.Bytes()))
	w.cur.Reset()
	if w.section == nil {
		w.doc.Body = txt
		return
	}
	w.section.Text = txt
	w.doc.Sections = append(w.doc.Sections, *w.section)
}

func (w *docText) line(s string) {
	if s = strings.TrimSpace(s); s != "" {
		w.cur.WriteString(s)
		w.cur.WriteByte('\n')
	}
}

// plainLine adds n's plain text as a line, as line(plainText(n)) does,
// without making a string of it.
func (w *docText) plainLine(n ast.Node) {
	start := w.cur.Len()
	writePlain(&w.cur, n, w.src)
	b := w.cur.Bytes()
	t := bytes.TrimSpace(b[start:])
	if len(t) == 0 {
		w.cur.Truncate(start)
		return
	}
	w.cur.Truncate(start + copy(b[start:], t))
	w.cur.WriteByte('\n')
}

// block adds a block and its descendants. People-only blocks are what
// readers of the HTML see, so they are indexed; agents-only blocks are
// not.
func (w *docText) block(n ast.Node) {
	switch n := n.(type) {
	case *Audience:
		if n.For == "agents" {
			return
		}
	case *Details:
		w.line(string(n.Summary.Text)) // then its blocks, below
	case *ast.Heading:
		txt := w.heads.text(n, w.src)
		w.doc.Headings = append(w.doc.Headings, txt)
		if n.Level == 2 {
			w.flush()
			id, _ := n.AttributeString("id")
			ids, _ := id.([]byte)
			w.section = &search.Section{Anchor: string(ids), Title: txt}
			return
		}
		w.line(txt)
		return
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		w.code.Write(codeText(n, w.src))
		w.code.WriteByte('\n')
		return
	case *ast.Paragraph, *ast.TextBlock:
		if _, ok := n.Parent().(*ast.ListItem); ok && onlyLink(n, w.src) {
			return // navigation ("Related articles", tables of contents): another page's title
		}
		w.plainLine(n)
		return
	case *east.TableRow, *east.TableHeader:
		var cells []string
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, strings.TrimSpace(plainText(c, w.src)))
		}
		w.line(strings.Join(cells, " · "))
		return
	case *east.DefinitionTerm:
		w.plainLine(n)
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		w.block(c)
	}
}

// onlyLink reports whether a block's inline content is one link and
// nothing else but spaces and punctuation.
func onlyLink(n ast.Node, src []byte) bool {
	links := 0
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Link, *ast.AutoLink:
			links++
		case *ast.Text:
			if strings.Trim(string(c.Segment.Value(src)), " \t.:;,-–—") != "" {
				return false
			}
		default:
			return false
		}
	}
	return links == 1
}
