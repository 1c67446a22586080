package builder

import (
	"bufio"
	"bytes"
	"html"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"
)

// A build parses each markdown body once. parse renders the body right
// away, as HTML and as the markdown of the twin, with a slot where each
// link's resolved destination goes; render fills the slots once links
// are resolved. The AST can then be dropped at parse time instead of
// being parsed again at render.
//
// A slot is NUL, a kind byte, the link's index in Page.Links and NUL. No
// body holds a NUL: load rejects sources that do, and goldmark writes
// "&#0;" as U+FFFD.
//
// Filling is exact only when every link of the body has a destination:
// a link without one (an unsafe URL, or a broken link with -links warn)
// is written as its text alone, and the twin's writer trims and drops
// around that text in ways a filled slot could not follow. Pages with
// such a link, or with a link whose empty text takes its target's title,
// are parsed again at render as before (Builder.document); they are few.

// bodySlots is a page's body rendered at parse time.
type bodySlots struct {
	html string // slots of kind slotHTML
	md   string // slots of kind slotMD or slotMDCell
}

const (
	slotHTML   = 'h' // the href, HTML-escaped
	slotMD     = 'm' // the twin's destination (mdDest)
	slotMDCell = 'c' // the same in a table cell, pipes escaped
)

func slotMarker(kind byte, i int) string {
	return "\x00" + string(kind) + strconv.Itoa(i) + "\x00"
}

// slotBody renders p's body with slots, or returns nil when the page's
// links need the AST at render (see above). It sets attributes on doc's
// link nodes: call it only when doc is dropped afterwards.
func (b *Builder) slotBody(p *Page, doc ast.Node, body []byte) *bodySlots {
	for _, l := range p.Links {
		if l.Empty && !l.FrontMatter {
			return nil
		}
	}
	for i, l := range p.Links {
		if !l.FrontMatter && l.Node != nil {
			l.setHref(slotMarker(slotHTML, i))
		}
	}
	w := renderBufs.Get().(*renderBuf)
	defer renderBufs.Put(w)
	w.buf.Reset()
	w.Writer.Reset(&w.buf)
	if err := b.md.Renderer().Render(w, body, doc); err != nil || w.Flush() != nil {
		return nil
	}
	// Strings of the exact size: every page's are kept until render.
	return &bodySlots{html: w.buf.String(), md: markdownSlots(p, doc)}
}

// renderBuf is what goldmark renders a body into: goldmark wraps any
// other writer in a new bufio.Writer, and a fresh buffer grows a few
// times per page. Both are reused from page to page.
type renderBuf struct {
	*bufio.Writer
	buf bytes.Buffer
}

var renderBufs = sync.Pool{New: func() any {
	w := &renderBuf{}
	w.Writer = bufio.NewWriterSize(&w.buf, 16<<10)
	return w
}}

// unsafeLinks reports whether a link of p's body is written as its text
// alone whatever the site holds: an empty or unsafe destination.
func (p *Page) unsafeLinks() bool {
	for _, l := range p.Links {
		if l.FrontMatter {
			continue
		}
		if dest := strings.TrimSpace(l.Dest); dest == "" || isExternal(dest) && !safeURL(dest) {
			return true
		}
	}
	return false
}

// release drops the text of a source whose page parse has rendered with
// slots, keeping its line index for messages. kb build (Builder.lean)
// does it when broken links are errors: every link then has a
// destination at render, or the build stops before it, so the body is
// never parsed again. A 10,000-article site's sources are 50 MB.
func (s *Source) release() {
	s.lineIndex()
	s.lines.starts = slices.Clip(s.lines.starts)
	s.Src, s.fm, s.expanded = nil, nil, nil
}

// fillable reports whether every link of the body has a destination.
func (s *bodySlots) fillable(p *Page) bool {
	if s == nil {
		return false
	}
	for _, l := range p.Links {
		if !l.FrontMatter && l.Href == "" {
			return false
		}
	}
	return true
}

// fillHTML is the page's HTML body with its links' hrefs.
func (s *bodySlots) fillHTML(p *Page) string {
	var out strings.Builder
	out.Grow(len(s.html) + len(s.html)/8)
	writeSlots(&out, s.html, p.Links, func(_ byte, l *Link) string { return html.EscapeString(l.Href) })
	return out.String()
}

// writeMD writes the page's twin body with its links' destinations.
func (s *bodySlots) writeMD(out *bytes.Buffer, site *Site, p *Page) {
	writeSlots(out, s.md, p.Links, func(kind byte, l *Link) string {
		d := mdDest(site.twinHref(l))
		if kind == slotMDCell {
			d = escapePipes(d)
		}
		return d
	})
}

// writeSlots writes tmpl to out with each slot replaced by val of its
// link.
func writeSlots(out textWriter, tmpl string, links []*Link, val func(kind byte, l *Link) string) {
	for {
		i := strings.IndexByte(tmpl, 0)
		if i < 0 {
			out.WriteString(tmpl)
			return
		}
		out.WriteString(tmpl[:i])
		j := strings.IndexByte(tmpl[i+1:], 0)
		if j < 2 { // not a slot (cannot happen): keep the byte
			out.WriteByte(0)
			tmpl = tmpl[i+1:]
			continue
		}
		kind, num := tmpl[i+1], tmpl[i+2:i+1+j]
		n, err := strconv.Atoi(num)
		if err != nil || n < 0 || n >= len(links) {
			out.WriteByte(0)
			tmpl = tmpl[i+1:]
			continue
		}
		out.WriteString(val(kind, links[n]))
		tmpl = tmpl[i+2+j:]
	}
}
