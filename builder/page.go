package builder

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"strings"
	"time"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/kbhelp/kb/search"
)

// Kind is what a page is.
type Kind int

const (
	KindHome     Kind = iota // the site root: content/_index.md
	KindCategory             // a top-level folder
	KindSection              // a deeper folder
	KindArticle              // a markdown file
)

func (k Kind) String() string {
	return [...]string{"home", "category", "section", "article"}[k]
}

// Page is an article or a folder (home, category, section). Pages are
// created by parse (articles and _index.md files) and newSite (folders),
// linked into a tree by newSite, and read-only once the site is built.
type Page struct {
	Kind Kind
	Src  *Source // nil for a folder without _index.md
	Dir  string  // content-relative folder of a folder page ("" for home); of an article, its folder

	FM          FrontMatter
	Title       string
	Description string

	Doc      ast.Node  // the markdown body; nil for a folder without _index.md, and after parse when the build drops ASTs to save memory
	Headings []Heading // in document order
	Links    []*Link   // links and images of the body, then of front matter
	Diags    Diagnostics
	slots    *bodySlots // the body rendered at parse (slots.go), when the build drops ASTs

	// Set by newSite.
	URL      string  // site path with the base path: "/help/billing/refunds/"
	Parent   *Page   // nil for home
	Children []*Page // sorted by order, then title
	Depth    int     // home 0, category 1
	NavIndex int     // position among listed articles, -1 when not listed

	// Fallback is set on a page of a language's build that is read from
	// the default language's file: the article is not translated
	// (languages.go).
	Fallback bool
	langs    []LangLink // the page in every language of the site, for the switcher; nil on a site in one language

	// Set by resolveLinks.
	Backlinks []*Page
	Related   []*Page

	text    *search.Doc // the article's words for the search index (Body, Sections, Headings, Code)
	hasCode bool        // the body has a code block: the page loads the highlighting stylesheets
	headKey uint64      // hash of the headings' ids and texts (cache.go: linkUniverse)
	urlKey  uint64      // hash of URL (cache.go: renderKeys)
	// Render keys' parts (cache.go: renderKeys), for one build.
	cardKey, listKey, subKey uint64
	titleKey, navKey         uint64
	navItems                 []uint64 // titleKeys of the listed children (folders)
	navIdx                   int      // index among the parent's listed children, -1 when not listed
	slug                     string   // articleSlug, when slugged (cache.go: computed once, at parse)
	slugged                  bool
	linksKey                 uint64           // hash of what Links and Related resolved to (cache.go)
	navHTML                  [2]template.HTML // sidebar entry, elsewhere and on its own page (render)
}

// Heading is a heading of an article body.
type Heading struct {
	Level int
	Text  string
	ID    string
	Off   int // byte offset in the source
}

// Link is a link or image in an article, or a path in its front matter.
type Link struct {
	Node        ast.Node // *ast.Link, *ast.Image or *ast.AutoLink; nil for front matter, and between parse and render when ASTs are dropped
	Dest        string   // as written, escapes resolved
	Off         int      // byte offset in the source, for messages
	Image       bool
	FrontMatter bool // a related: path
	Empty       bool // a link without text: the target's title is filled in
	raw         int  // an <img> of raw HTML: its index in Node's SafeHTML.Images, plus one

	// Set by resolveLinks.
	Target *Page // the page linked to, or nil
	// ToDefault: an untranslated article's link to a heading that only
	// the default language's version of Target has; it goes there.
	ToDefault bool
	Anchor    string // fragment, without '#'
	Asset     string // output path of a file linked to, or ""
	Href      string // what HTML writes
}

// setHref gives the link's node what its HTML writes (the href, or a
// slot): an attribute, or for an <img> of raw HTML its image's.
func (l *Link) setHref(href string) {
	if sh, ok := l.Node.(*SafeHTML); ok && l.raw > 0 {
		sh.Images[l.raw-1].href = href
		return
	}
	l.Node.SetAttributeString(attrHref, href)
}

// navTitle is the page's title in the sidebar: its sidebar_label, or
// its title.
func (p *Page) navTitle() string {
	if p.FM.NavTitle != "" {
		return p.FM.NavTitle
	}
	return p.Title
}

// listed reports whether the page appears in the sidebar, lists and
// previous/next. Drafts never reach the site model unless the build
// includes drafts, and then they are listed like any page.
func (p *Page) listed() bool {
	return !p.FM.Hidden
}

// Updated is the article's updated date, zero when not given.
func (p *Page) Updated() time.Time { return p.FM.Updated }

// pos gives the position of a byte offset in the page's source.
func (p *Page) pos(off int) Pos {
	if p.Src == nil {
		return Pos{File: p.Dir}
	}
	return p.Src.pos(off)
}

// body is the markdown body the AST's segments point into.
func (p *Page) body() []byte {
	if p.Src == nil {
		return nil
	}
	return p.Src.body()
}

func (p *Page) errorf(off int, msg string) {
	p.Diags = append(p.Diags, Diagnostic{Pos: p.pos(off), Msg: msg})
}

func (p *Page) warnf(off int, msg string) {
	p.Diags = append(p.Diags, Diagnostic{Pos: p.pos(off), Warning: true, Msg: msg})
}

// parse reads an article or _index.md: front matter, the markdown AST,
// headings with ids, links, and the title. Problems go in Diags.
func (b *Builder) parse(src *Source, snippets map[string]*Snippet) *Page {
	p := &Page{Kind: KindArticle, Src: src, NavIndex: -1}
	p.Dir = parentDir(src.Rel)
	name := baseName(src.Rel)
	if isIndexFile(name) {
		p.Kind = KindSection // refined by newSite
	}
	var ignore []string
	if b.cfg != nil {
		ignore = b.cfg.FrontMatterIgnore
	}
	fm, diags := parseFrontMatter(src.Path, src.fm, ignore...)
	p.FM, p.Diags = fm, diags
	p.Title, p.Description = fm.Title, fm.Description
	if exp, spans, sdiags := expandSnippets(src.Path, src.lineIndex, src.Src[src.BodyOffset:], src.BodyOffset, snippets); spans != nil || sdiags != nil {
		src.expanded, src.spans = exp, spans
		p.Diags = append(p.Diags, sdiags...)
	}

	if b := p.body(); len(b) > 0 {
		clean := blankControls(b, src.expanded != nil, func(off int, msg string) { p.warnf(src.BodyOffset+off, msg) })
		if &clean[0] != &b[0] {
			src.expanded = clean
		}
	}
	body := p.body()
	if at, line, msg := markupOverflow(body); at >= 0 {
		p.errorf(src.BodyOffset+at, msg)
		body = body[:line] // the error fails the build; what it reads stays bounded
	}
	var code codeBudget
	doc, h1, heads, deep := b.parseDoc(body, p.Title == "")
	p.Doc = doc
	if deep >= 0 {
		p.errorf(src.BodyOffset+deep, fmt.Sprintf("lists, quotes or footnotes nested more than %d deep; the rest of the line is kept as text", maxNesting))
	}
	if h1 != "" {
		p.Title = h1
	}
	scanForeign(doc, body, func(off int, warning bool, msg string) {
		p.Diags = append(p.Diags, Diagnostic{Pos: p.pos(src.BodyOffset + off), Warning: warning, Msg: msg, Rule: ruleForeign})
	})
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			ids, _ := id.([]byte)
			off := src.BodyOffset + nodePos(n, body)
			p.Headings = append(p.Headings, Heading{Level: n.Level, Text: heads.text(n, body), ID: string(ids), Off: off})
			return ast.WalkContinue, nil
		case *ast.Link:
			p.Links = append(p.Links, &Link{Node: n, Dest: string(unescapeMD(n.Destination)), Off: src.BodyOffset + nodePos(n, body), Empty: n.ChildCount() == 0})
		case *ast.Image:
			p.Links = append(p.Links, &Link{Node: n, Dest: string(unescapeMD(n.Destination)), Off: src.BodyOffset + nodePos(n, body), Image: true})
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			p.hasCode = true
			if code.add(n) {
				p.warnf(src.BodyOffset+nodePos(n, body), codeNotHighlighted())
			}
		case *ast.AutoLink:
			url := string(n.URL(body))
			if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
				url = "mailto:" + url
			}
			p.Links = append(p.Links, &Link{Node: n, Dest: url, Off: src.BodyOffset + nodePos(n, body)})
		case *SafeHTML:
			for i := range n.Images { // the site's own images, checked as markdown's
				l := &Link{Node: n, Dest: n.Images[i].Src, Off: src.BodyOffset + n.Images[i].Off, Image: true, raw: i + 1}
				n.Images[i].link = l
				p.Links = append(p.Links, l)
			}
			if n.Problem != "" {
				p.warnf(src.BodyOffset+n.Pos(), n.Problem)
			}
			if _, _, jsx := jsxTag(body[n.Pos():]); !jsx { // a JSX component is syntax/foreign (foreign.go)
				p.rawHTMLRemoved(src.BodyOffset, n.Removed)
			}
		case *Details:
			p.rawHTMLRemoved(src.BodyOffset, n.Summary.Removed)
		}
		return ast.WalkContinue, nil
	})
	// Front matter that is not YAML, or a title of the wrong type, is
	// reported already; "missing title" would only repeat it.
	reported := fm.invalid
	for _, d := range diags {
		if !d.Warning && fm.titlePos.Line > 0 && d.Pos == fm.titlePos {
			reported = true
		}
	}
	if p.Title == "" && p.Kind == KindArticle && !reported {
		p.errorf(0, "missing title: add title: to the front matter or start the article with a # heading")
		p.Diags[len(p.Diags)-1].Pos = Pos{File: src.Path, Line: 1, Col: 1}
	}
	for _, r := range fm.Related {
		p.Links = append(p.Links, &Link{Dest: r.Value, Off: src.lines0(r.Pos), FrontMatter: true})
	}
	if b.opts.Cache != nil {
		p.slug, p.slugged = articleSlug(p), true
		h := newHash()
		for _, hd := range p.Headings {
			hashStrings(h, hd.ID, hd.Text)
		}
		p.headKey = h.Sum64()
	}
	if p.Kind == KindArticle && b.dropAST { // only builds index; Analyze's callers keep the AST
		p.text = articleText(doc, body, headTexts{list: heads.list})
	}
	if b.dropAST {
		if !b.noSlots {
			p.slots = b.slotBody(p, doc, body)
		}
		if p.slots != nil && b.lean && b.cfg != nil && b.cfg.Links != "warn" && !p.unsafeLinks() {
			src.release()
		}
		p.Doc = nil
		for _, l := range p.Links {
			l.Node = nil
		}
	}
	return p
}

// parseDoc parses a markdown body into its AST, with heading ids set (as
// "id" attributes), and returns the text of its headings. When h1Title
// is true and the body starts with an H1, that heading is removed and
// returned: it is the page's title. deep is the offset of the first
// block nested deeper than maxNesting (depthGuard), or -1.
func (b *Builder) parseDoc(body []byte, h1Title bool) (doc ast.Node, h1 string, heads headTexts, deep int) {
	md := b.md
	if !b.alwaysLinkify && !mayLinkify(body) {
		md = b.mdPlain
	}
	pc := parser.NewContext()
	if b.bodyTexts != nil {
		pc.Set(bodyTextsKey, b.bodyTexts)
	}
	doc = md.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
	deep = -1
	if off, ok := pc.Get(tooDeepKey).(int); ok {
		deep = off
	}
	if h, ok := doc.FirstChild().(*ast.Heading); ok && h.Level == 1 && h1Title {
		h1 = strings.TrimSpace(plainText(h, body)) // the H1 serves as the title and is not repeated in the body
		doc.RemoveChild(doc, h)
	}
	ids := map[string]int{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if h, ok := n.(*ast.Heading); ok {
			txt := strings.TrimSpace(plainText(h, body))
			h.SetAttributeString("id", []byte(headingID(txt, ids)))
			heads.list = append(heads.list, headText{h, txt})
			return ast.WalkSkipChildren, nil
		}
		if c := n.FirstChild(); c != nil && c.Type() == ast.TypeInline {
			return ast.WalkSkipChildren, nil // a paragraph's words: no heading in them
		}
		return ast.WalkContinue, nil
	})
	return doc, h1, heads, deep
}

// headTexts are the headings of a document and their text, in document
// order, so that each heading's text is made once: for its id, the
// page's headings and the search text.
type headTexts struct {
	list []headText
	next int // where the last lookup ended: lookups go in document order
}

type headText struct {
	h    *ast.Heading
	text string
}

// text is h's plain text, trimmed.
func (hs *headTexts) text(h *ast.Heading, body []byte) string {
	for range 2 {
		for i := hs.next; i < len(hs.list); i++ {
			if hs.list[i].h == h {
				hs.next = i + 1
				return hs.list[i].text
			}
		}
		hs.next = 0 // out of order: look from the start once
	}
	return strings.TrimSpace(plainText(h, body))
}

// linkNodes lists the links, images and autolinks of doc in document
// order: the order parse recorded them in p.Links.
func linkNodes(doc ast.Node) []ast.Node {
	var out []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n := n.(type) {
			case *ast.Link, *ast.Image, *ast.AutoLink:
				out = append(out, n)
			case *SafeHTML:
				for range n.Images {
					out = append(out, n)
				}
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

// document returns the page's AST with its resolved links applied, ready
// to render: the one kept from parsing, or (when the build dropped it to
// save memory) the body parsed again. done gives the memory back.
func (b *Builder) document(p *Page) (doc ast.Node, done func()) {
	doc = p.Doc
	if doc == nil && p.Src != nil {
		doc, _, _, _ = b.parseDoc(p.body(), p.FM.Title == "")
	}
	if doc == nil {
		return nil, func() {}
	}
	nodes := linkNodes(doc)
	i := 0
	for _, l := range p.Links {
		if l.FrontMatter {
			continue
		}
		if i >= len(nodes) {
			break
		}
		n := nodes[i]
		i++
		l.Node = n
		if sh, ok := n.(*SafeHTML); ok && l.raw > 0 && l.raw <= len(sh.Images) {
			sh.Images[l.raw-1].link = l
		}
		if l.Href != "" {
			l.setHref(l.Href)
		}
		if lk, ok := n.(*ast.Link); ok && l.Empty && l.Target != nil && lk.ChildCount() == 0 {
			lk.AppendChild(lk, ast.NewString([]byte(l.Target.Title)))
		}
	}
	return doc, func() {
		if p.Doc == nil {
			for _, l := range p.Links {
				l.Node = nil
			}
		}
	}
}

// lines0 turns a position of the front matter back into an offset (front
// matter values carry positions, links carry offsets).
func (s *Source) lines0(p Pos) int {
	return s.lineIndex().offset(p.Line, p.Col)
}

func parentDir(rel string) string {
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		return rel[:i]
	}
	return ""
}

// isIndexFile reports whether a content file's name makes it its
// folder's page.
func isIndexFile(name string) bool {
	return name == "_index.md" || name == "index.md" || name == "_index.markdown"
}

func baseName(rel string) string {
	return rel[strings.LastIndexByte(rel, '/')+1:]
}

func errorsIsNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// cleanErr drops the path from a file error: messages already name the
// file relative to the site, and must never show the machine's paths.
func cleanErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
