package agentcheck

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	xhtml "golang.org/x/net/html"
)

// Parity compares the words of an article's twin with those of its HTML.
//
// Words are runs of letters, digits and marks, lowercased; everything
// else separates them, so punctuation, markdown syntax (**, [, ](url),
// table pipes, fences and their info strings, list markers) and HTML
// tags never count. From the HTML it takes the text of the element with
// class bodyClass, image alt texts, and not heading anchors (or anything
// aria-hidden), footnote reference numbers or elements marked
// data-kb-audience="people". From the twin it takes the text of the
// markdown as CommonMark reads it, after the agent notice, the "# Title",
// the "> description" and the "Breadcrumb:" and "Updated:" lines, and
// not footnote labels, task checkboxes or blocks between
// <!-- kb:agents --> and <!-- /kb:agents --> lines.
// The twin's title is compared with the page's first <h1>.
//
// Limitation: agent-only blocks are checked only when the twin keeps
// their markers, and people-only blocks only when the HTML marks them
// with data-kb-audience; otherwise their words are a difference.

// ParityResult is the comparison of one article's HTML body and twin.
type ParityResult struct {
	Checked              bool // the HTML has a body element to compare
	HTMLWords, TwinWords int
	// Finding is the first difference, positioned in the twin; nil
	// when the words agree.
	Finding *Finding
}

// Parity compares the HTML page htmlSrc (named htmlName) with its twin
// (named twinName). bodyClass is "article-body" when empty. It is safe
// for concurrent use.
func Parity(htmlName string, htmlSrc []byte, twinName string, twin []byte, bodyClass string) ParityResult {
	if bodyClass == "" {
		bodyClass = "article-body"
	}
	return parity(newMarkdown(), htmlName, htmlSrc, twinName, twin, bodyClass)
}

func parity(md goldmark.Markdown, htmlName string, htmlSrc []byte, twinName string, twin []byte, bodyClass string) ParityResult {
	hp := htmlText(htmlSrc, bodyClass)
	if !hp.found {
		return ParityResult{}
	}
	tp := twinText(md, twin, hp.description)
	res := ParityResult{Checked: true, HTMLWords: len(hp.body), TwinWords: len(tp.body)}
	report := func(off int, msg string) {
		l, c := lineCol(twin, off)
		res.Finding = &Finding{Path: twinName, Line: l, Col: c, Rule: "twin/parity", Msg: msg}
	}
	switch {
	case tp.titleOff < 0:
		report(0, "the twin has no \"# Title\" after its notice")
		return res
	case !sameWords(tp.title, hp.title):
		report(tp.titleOff, fmt.Sprintf("twin title %q differs from the page's <h1> %q", joinWords(tp.title), joinWords(hp.title)))
		return res
	}
	i := 0
	for i < len(tp.body) && i < len(hp.body) && tp.body[i].text == hp.body[i].text {
		i++
	}
	if i == len(tp.body) && i == len(hp.body) {
		return res
	}
	off, hoff := len(twin), len(htmlSrc)
	if i < len(tp.body) {
		off = tp.body[i].off
	}
	if i < len(hp.body) {
		hoff = hp.body[i].off
	}
	hl, hc := lineCol(htmlSrc, hoff)
	report(off, fmt.Sprintf("word %d of %d differs from the HTML article body (word %d of %d, %s:%d:%d): twin has %s, HTML has %s",
		i+1, len(tp.body), i+1, len(hp.body), htmlName, hl, hc, context(tp.body, i), context(hp.body, i)))
	return res
}

// word is a normalised word and the byte offset it starts at (-1 when
// unknown).
type word struct {
	text string
	off  int
}

func sameWords(a, b []word) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].text != b[i].text {
			return false
		}
	}
	return true
}

func joinWords(ws []word) string {
	s := make([]string, len(ws))
	for i, w := range ws {
		s[i] = w.text
	}
	return strings.Join(s, " ")
}

// context quotes up to five words from i, or says the text ended.
func context(ws []word, i int) string {
	if i >= len(ws) {
		return "nothing more"
	}
	end := min(i+5, len(ws))
	s := fmt.Sprintf("%q", joinWords(ws[i:end]))
	if end < len(ws) {
		s += "…"
	}
	return s
}

// textBuf collects text with the source offset of each byte, so words
// can span inline elements (**Set**up) and still be positioned.
type textBuf struct {
	b   []byte
	pos []int
}

// add appends s, which starts at offset off; when exact, s is the
// source's bytes and each byte gets its own offset.
func (t *textBuf) add(s []byte, off int, exact bool) {
	for i := range s {
		p := off
		if exact && off >= 0 {
			p = off + i
		}
		t.pos = append(t.pos, p)
	}
	t.b = append(t.b, s...)
}

// brk separates words, at block boundaries.
func (t *textBuf) brk() {
	t.b = append(t.b, ' ')
	t.pos = append(t.pos, -1)
}

func (t *textBuf) words() []word {
	var out []word
	for i := 0; i < len(t.b); {
		r, size := utf8.DecodeRune(t.b[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		j := i
		for j < len(t.b) {
			r, size := utf8.DecodeRune(t.b[j:])
			if !isWordRune(r) {
				break
			}
			j += size
		}
		out = append(out, word{text: strings.ToLower(string(t.b[i:j])), off: t.pos[i]})
		i = j
	}
	// Words without an offset of their own take the previous one's.
	last := 0
	for k := range out {
		if out[k].off < 0 {
			out[k].off = last
		}
		last = out[k].off
	}
	return out
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
}

// ---------------------------------------------------------------- HTML

type htmlWords struct {
	found       bool
	title, body []word
	description string
}

var voidTags = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true}

// blockTags end words: text on either side of them never joins.
var blockTags = map[string]bool{"address": true, "article": true, "aside": true, "blockquote": true, "caption": true,
	"dd": true, "details": true, "dialog": true, "div": true, "dl": true, "dt": true, "fieldset": true, "figcaption": true,
	"figure": true, "footer": true, "form": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"header": true, "hr": true, "br": true, "img": true, "li": true, "main": true, "nav": true, "ol": true, "p": true,
	"pre": true, "section": true, "summary": true, "table": true, "tbody": true, "td": true, "tfoot": true, "th": true,
	"thead": true, "tr": true, "ul": true}

var hiddenTags = map[string]bool{"script": true, "style": true, "template": true, "noscript": true}

// htmlText reads the page's first <h1>, its meta description and the
// words of its body element.
func htmlText(src []byte, bodyClass string) htmlWords {
	var res htmlWords
	type frame struct {
		tag  string
		skip bool
		root bool
	}
	var stack []frame
	var body, title textBuf
	inTitle, titleDone, bodyDone := false, false, false
	z := xhtml.NewTokenizer(bytes.NewReader(src))
	off := 0
	for {
		tt := z.Next()
		start := off
		raw := z.Raw()
		off += len(raw)
		if tt == xhtml.ErrorToken {
			break
		}
		inBody := len(stack) > 0
		skipping := inBody && stack[len(stack)-1].skip
		switch tt {
		case xhtml.TextToken:
			t := z.Text()
			switch {
			case inBody && !skipping:
				body.add(t, start, len(t) == len(raw))
			case inTitle:
				title.add(t, start, false)
			}
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			tok := z.Token()
			attr := func(k string) (string, bool) {
				for _, a := range tok.Attr {
					if a.Key == k {
						return a.Val, true
					}
				}
				return "", false
			}
			if tok.Data == "meta" {
				if n, _ := attr("name"); strings.EqualFold(n, "description") {
					res.description, _ = attr("content")
				}
			}
			if !inBody {
				switch {
				case tok.Data == "h1" && !titleDone && tt == xhtml.StartTagToken:
					inTitle = true
				case !bodyDone && tt == xhtml.StartTagToken && !voidTags[tok.Data] && hasClass(tok, bodyClass):
					res.found = true
					stack = append(stack, frame{tag: tok.Data, root: true})
				}
				continue
			}
			skip := skipping || hiddenTags[tok.Data]
			if v, ok := attr("aria-hidden"); ok && v == "true" {
				skip = true
			}
			if _, ok := attr("hidden"); ok {
				skip = true
			}
			if v, _ := attr("data-kb-audience"); v == "people" {
				skip = true
			}
			// A callout's title is the theme's word for its kind, in the
			// page's language; the twin keeps GitHub's [!NOTE] instead.
			// Neither counts.
			if hasClass(tok, "footnote-ref") || hasClass(tok, "footnote-backref") || hasClass(tok, "callout-title") {
				skip = true
			}
			if blockTags[tok.Data] && !skipping {
				body.brk()
			}
			if tok.Data == "img" && !skip {
				if alt, ok := attr("alt"); ok {
					body.add([]byte(alt), start, false)
					body.brk()
				}
			}
			if tt == xhtml.StartTagToken && !voidTags[tok.Data] {
				stack = append(stack, frame{tag: tok.Data, skip: skip})
			}
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if !inBody {
				if tag == "h1" && inTitle {
					inTitle, titleDone = false, true
				}
				continue
			}
			if blockTags[tag] && !skipping {
				body.brk()
			}
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].tag == tag {
					if stack[i].root {
						bodyDone = true
					}
					stack = stack[:i]
					break
				}
			}
		}
	}
	res.title, res.body = title.words(), body.words()
	return res
}

func hasClass(t xhtml.Token, class string) bool {
	for _, a := range t.Attr {
		if a.Key == "class" {
			for _, c := range strings.Fields(a.Val) {
				if c == class {
					return true
				}
			}
		}
	}
	return false
}

// ---------------------------------------------------------------- twin

type twinWords struct {
	title    []word
	titleOff int // -1 when the twin has no H1
	body     []word
}

// twinText reads a twin: the agent notice (a blockquote before the H1),
// the H1, the description (a blockquote right after the H1 whose words
// are those of the page's meta description), then the body.
func twinText(md goldmark.Markdown, src []byte, description string) twinWords {
	doc := md.Parser().Parse(text.NewReader(src))
	res := twinWords{titleOff: -1}
	n := doc.FirstChild()
	if _, ok := n.(*ast.Blockquote); ok {
		if h, ok := n.NextSibling().(*ast.Heading); ok && h.Level == 1 {
			n = h
		}
	}
	if h, ok := n.(*ast.Heading); ok && h.Level == 1 {
		w := &twinWalker{src: src}
		w.inlines(h)
		res.title, res.titleOff = w.buf.words(), nodeOffset(h)
		n = h.NextSibling()
		if q, ok := n.(*ast.Blockquote); ok && description != "" {
			qw := &twinWalker{src: src}
			qw.node(q)
			d := &textBuf{}
			d.add([]byte(description), -1, false)
			if sameWords(qw.buf.words(), d.words()) {
				n = q.NextSibling()
			}
		}
		if isTwinMeta(n, src) {
			n = n.NextSibling()
		}
	}
	w := &twinWalker{src: src}
	for ; n != nil; n = n.NextSibling() {
		w.node(n)
	}
	res.body = w.buf.words()
	return res
}

// isTwinMeta reports whether n is the paragraph of a twin's header that
// the page shows outside its body: "Breadcrumb: …" and "Updated: …".
func isTwinMeta(n ast.Node, src []byte) bool {
	p, ok := n.(*ast.Paragraph)
	if !ok || p.Lines().Len() == 0 {
		return false
	}
	seg := p.Lines().At(0)
	first := seg.Value(src)
	return bytes.HasPrefix(first, []byte("Breadcrumb: ")) || bytes.HasPrefix(first, []byte("Updated: "))
}

type twinWalker struct {
	src    []byte
	buf    textBuf
	agents bool // inside <!-- kb:agents --> … <!-- /kb:agents -->
}

func (w *twinWalker) inlines(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		w.node(c)
	}
}

func (w *twinWalker) node(n ast.Node) {
	if hb, ok := n.(*ast.HTMLBlock); ok {
		var raw []byte
		for i := 0; i < hb.Lines().Len(); i++ {
			seg := hb.Lines().At(i)
			raw = append(raw, seg.Value(w.src)...)
		}
		switch strings.TrimSpace(string(raw)) {
		case "<!-- kb:agents -->":
			w.agents = true
			return
		case "<!-- /kb:agents -->":
			w.agents = false
			return
		}
		if !w.agents {
			w.buf.brk()
			w.html(raw, nodeOffset(hb))
			w.buf.brk()
		}
		return
	}
	if w.agents {
		return
	}
	switch n := n.(type) {
	case *ast.Text:
		v := n.Segment.Value(w.src)
		if alertMarker(w.src, n.Segment.Start, n.Segment.Stop) {
			return // "> [!NOTE]": the callout's kind, as its HTML title is (skipped there)
		}
		if n.IsRaw() {
			w.buf.add(v, n.Segment.Start, true)
		} else {
			d := util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			w.buf.add(d, n.Segment.Start, bytes.Equal(d, v))
		}
		if n.SoftLineBreak() || n.HardLineBreak() {
			w.buf.add([]byte(" "), -1, false)
		}
	case *ast.String:
		w.buf.add(n.Value, nodeOffset(n), false)
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		w.buf.brk()
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			w.buf.add(seg.Value(w.src), seg.Start, true)
		}
		w.buf.brk()
	case *ast.Image:
		w.buf.brk()
		alt := &twinWalker{src: w.src}
		alt.inlines(n)
		w.buf.add(alt.buf.b, nodeOffset(n), false)
		w.buf.brk()
	case *ast.AutoLink:
		w.buf.add(n.Label(w.src), nodeOffset(n), false)
	case *ast.RawHTML:
		var raw []byte
		start := -1
		for i := 0; i < n.Segments.Len(); i++ {
			if i == 0 {
				start = n.Segments.At(0).Start
			}
			seg := n.Segments.At(i)
			raw = append(raw, seg.Value(w.src)...)
		}
		w.html(raw, start)
	case *east.FootnoteLink, *east.FootnoteBacklink, *east.TaskCheckBox:
	default:
		block := n.Type() == ast.TypeBlock
		if block {
			w.buf.brk()
		}
		w.inlines(n)
		if block {
			w.buf.brk()
		}
	}
}

// html adds the text and image alt texts of raw HTML in the twin.
func (w *twinWalker) html(raw []byte, off int) {
	z := xhtml.NewTokenizer(bytes.NewReader(raw))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return
		case xhtml.TextToken:
			w.buf.add([]byte(html.UnescapeString(string(z.Raw()))), off, false)
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken, xhtml.EndTagToken:
			tok := z.Token()
			if blockTags[tok.Data] {
				w.buf.brk()
			}
			if tok.Data == "img" && tok.Type != xhtml.EndTagToken {
				for _, a := range tok.Attr {
					if a.Key == "alt" {
						w.buf.add([]byte(a.Val), off, false)
						w.buf.brk()
					}
				}
			}
		}
	}
}

// alertMarkerLine is a blockquote's first line that makes it a GitHub
// alert.
var alertMarkerLine = regexp.MustCompile(`^(?:[ \t]*>)+[ \t]*\[!(?i:note|tip|important|warning|caution)\][ \t]*$`)

// alertMarker reports whether src[start:stop] lies on the marker line of
// an alert.
func alertMarker(src []byte, start, stop int) bool {
	if start < 0 || stop > len(src) || start >= stop {
		return false
	}
	ls := bytes.LastIndexByte(src[:start], '\n') + 1
	le := bytes.IndexByte(src[stop:], '\n')
	if le < 0 {
		le = len(src)
	} else {
		le += stop
	}
	return alertMarkerLine.Match(src[ls:le])
}
