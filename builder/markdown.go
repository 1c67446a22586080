package builder

// This file is the only one that configures goldmark and chroma. It lists
// every extension and option, and the custom nodes and renderers kb adds:
// alerts (GitHub's "> [!NOTE]" callouts), sanitised raw HTML, headings
// with anchors, tables in a scrolling wrapper, links whose href was
// resolved by the site model, and code blocks highlighted by chroma with
// CSS classes (the tokenising itself is in highlight.go).

import (
	"bytes"
	"cmp"
	"fmt"
	"html"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// newMarkdown returns the one goldmark instance a Builder shares between
// goroutines: its parser and renderer keep no per-document state.
func newMarkdown() goldmark.Markdown {
	return newGoldmark(true)
}

// newGoldmark is kb's markdown, with or without GFM's autolinks.
func newGoldmark(linkify bool) goldmark.Markdown {
	exts := []goldmark.Extender{extension.Table, extension.Strikethrough, extension.TaskList, footnotes, extension.DefinitionList}
	if linkify {
		exts = slices.Insert(exts, 0, goldmark.Extender(extension.Linkify)) // first, as extension.GFM adds it
	}
	return goldmark.New(
		goldmark.WithExtensions(exts...),
		goldmark.WithParserOptions(
			parser.WithASTTransformers(util.Prioritized(kbTransformer{}, 100)),
			parser.WithBlockParsers(util.Prioritized(depthGuard{}, 0)), // before every other
		),
		goldmark.WithRendererOptions(
			renderer.WithNodeRenderers(util.Prioritized(&htmlRenderer{}, 100), util.Prioritized(detailsRenderer{}, 100)),
		),
	)
}

// mayLinkify reports whether GFM's autolinks (goldmark's Linkify) could
// find anything in a markdown body. Linkify looks at every space of
// every paragraph, and that is a fifth of goldmark's parsing time; it can
// only make a link where a line goes on with "http:", "https:", "ftp:" or
// "www.", or where an email address has its "@". A body with none of
// those parses the same without it (TestLinkifyUnneeded).
func mayLinkify(body []byte) bool {
	return bytes.IndexByte(body, '@') >= 0 || bytes.Contains(body, []byte("www.")) ||
		bytes.Contains(body, []byte("http:")) || bytes.Contains(body, []byte("https:")) || bytes.Contains(body, []byte("ftp:"))
}

// ---------------------------------------------------------------- nesting

// maxNesting is how deep blocks may nest: lists in lists, quotes in
// quotes, footnotes and definitions in either. Help articles rarely go
// past five; goldmark pays for every open block on every line (and
// lists for every column of indentation), so a file nested 2,000 deep
// takes minutes, while one nested maxNesting deep parses in well under a
// second at the size limit (BenchmarkWorstCase).
const maxNesting = 32

// tooDeepKey holds, in a document's parser.Context, the offset of the
// first block that would have nested deeper than maxNesting.
var tooDeepKey = parser.NewContextKey()

// depthGuard is a block parser tried before every other on every line.
// Below maxNesting it declines and the others parse as usual. At that
// depth it takes the rest of the line as plain text, so no block opens
// deeper, and notes where in the context: parseDoc reports it as an
// error. It keeps no state of its own.
type depthGuard struct{}

var _ parser.BlockParser = depthGuard{}

// allBytes makes depthGuard one of the parsers tried for every first
// character of a line (a nil Trigger would put it after all the others).
var allBytes = func() []byte {
	b := make([]byte, 0, 256)
	for c := range 256 {
		if c != '\n' {
			b = append(b, byte(c))
		}
	}
	return b
}()

func (depthGuard) Trigger() []byte { return allBytes }

func (depthGuard) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	switch parent.Kind() {
	case ast.KindList, east.KindDefinitionList: // only their items may open here
		return nil, parser.NoChildren
	}
	d := 0 // containers parent is in, itself included: a list and its item count one
	for n := parent; n.Parent() != nil && d <= maxNesting; n = n.Parent() {
		if n.Kind() != ast.KindListItem {
			d++
		}
	}
	line, seg := reader.PeekLine()
	if d <= maxNesting || util.IsBlank(line) {
		return nil, parser.NoChildren
	}
	if pc.Get(tooDeepKey) == nil {
		pc.Set(tooDeepKey, seg.Start+max(pc.BlockOffset(), 0))
	}
	tb := ast.NewTextBlock()
	tb.Lines().Append(seg)
	reader.AdvanceToEOL()
	return tb, parser.NoChildren
}

func (depthGuard) Continue(ast.Node, text.Reader, parser.Context) parser.State { return parser.Close }
func (depthGuard) Close(ast.Node, text.Reader, parser.Context)                 {}
func (depthGuard) CanInterruptParagraph() bool                                 { return true }
func (depthGuard) CanAcceptIndentedLine() bool                                 { return true }

// ---------------------------------------------------------------- nodes

// KindAlert is a GitHub alert: a blockquote whose first line is [!NOTE],
// [!TIP], [!IMPORTANT], [!WARNING] or [!CAUTION].
var KindAlert = ast.NewNodeKind("Alert")

// Alert is a callout block; its children are the blockquote's content
// without the marker line.
type Alert struct {
	ast.BaseBlock
	AlertType string // "note", "tip", "important", "warning" or "caution"
	Title     string // shown above it, in the page's language ("Note", "Hinweis")
}

func (n *Alert) Kind() ast.NodeKind { return KindAlert }
func (n *Alert) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Type": n.AlertType}, nil)
}

// KindSafeHTML is raw HTML from an article after sanitising (sanitize.go).
var KindSafeHTML = ast.NewNodeKind("SafeHTML")

// SafeHTML replaces a RawHTML or HTMLBlock node. HTML is what may be
// written out, MD its twin's markdown and Plain its plain text; Dropped
// says whether anything was removed, Removed what, at body offsets.
type SafeHTML struct {
	ast.BaseInline
	HTML, MD, Plain []byte
	Block           bool
	Dropped         bool
	Removed         []removal
	Problem         string     // a marker kb could not use, reported as a warning
	Images          []rawImage // the site's own images, placeholders in HTML and MD
	blockHTML       bool       // HTML holds a block element: no <p> around it
}

// HTMLAsWritten is HTML with each of the site's images at its src as the
// article wrote it, for checks of the source (kb check's missing-alt).
func (n *SafeHTML) HTMLAsWritten() []byte {
	return n.fill(n.HTML, func(im *rawImage) string { return html.EscapeString(im.Src) })
}

// fill is text (HTML or MD) with each image placeholder replaced by
// what addr says for the image.
func (n *SafeHTML) fill(text []byte, addr func(im *rawImage) string) []byte {
	if len(n.Images) == 0 {
		return text
	}
	out := string(text)
	for i := range n.Images {
		out = strings.Replace(out, imgPlaceholder(i), addr(&n.Images[i]), 1)
	}
	return []byte(out)
}

func (n *SafeHTML) Kind() ast.NodeKind { return KindSafeHTML }
func (n *SafeHTML) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"HTML": string(n.HTML)}, nil)
}

// KindAudience is a run of blocks for one audience only, written between
// "<!-- kb:agents -->" and "<!-- /kb:agents -->" (or kb:people) lines.
// Agent-only blocks appear only in markdown twins and llms files;
// people-only blocks only in HTML.
var KindAudience = ast.NewNodeKind("Audience")

// Audience holds the blocks between an audience marker and its end.
type Audience struct {
	ast.BaseBlock
	For string // "agents" or "people"
}

func (n *Audience) Kind() ast.NodeKind { return KindAudience }
func (n *Audience) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"For": n.For}, nil)
}

var alertTitles = map[string]string{"note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution"}

// bodyTextsKey holds the parse's *bodyTexts, the words of the site's
// language that a body's HTML has (messages.go); without it, English.
var bodyTextsKey = parser.NewContextKey()

// ---------------------------------------------------------------- transformer

// kbTransformer turns alert blockquotes into Alert nodes and raw HTML into
// SafeHTML nodes, right after parsing.
type kbTransformer struct{}

var _ parser.ASTTransformer = kbTransformer{}

func (kbTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var quotes []*ast.Blockquote
	var raws []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Blockquote:
			quotes = append(quotes, n)
		case *ast.RawHTML, *ast.HTMLBlock:
			raws = append(raws, n)
		}
		return ast.WalkContinue, nil
	})
	var titles map[string]string
	if bt, ok := pc.Get(bodyTextsKey).(*bodyTexts); ok {
		titles = bt.alerts
	}
	for _, q := range quotes {
		toAlert(q, src, titles)
	}
	groupTabs(doc, src)
	problems := map[ast.Node]string{}
	raws = groupAudiences(raws, src, problems)
	raws, unclosed := groupDetails(raws, src)
	open := openTags{}
	for _, n := range raws {
		_, block := n.(*ast.HTMLBlock)
		s := safeHTMLNode(n, src, open)
		s.Problem = problems[n]
		if r, ok := unclosed[n]; ok {
			s.Removed = append(s.Removed, r)
		}
		if block {
			var p ast.Node = ast.NewParagraph()
			if len(bytes.TrimSpace(s.HTML)) == 0 || s.blockHTML {
				p = ast.NewTextBlock() // nothing left to show: no empty <p>
			}
			p.AppendChild(p, s)
			n.Parent().ReplaceChild(n.Parent(), n, p)
		} else {
			n.Parent().ReplaceChild(n.Parent(), n, s)
		}
	}
}

// audienceMarker reads an HTML block that is an audience marker:
// "<!-- kb:agents -->" opens, "<!-- /kb:agents -->" closes.
func audienceMarker(n ast.Node, src []byte) (who string, closing bool, ok bool) {
	hb, isBlock := n.(*ast.HTMLBlock)
	if !isBlock || hb.HTMLBlockType != ast.HTMLBlockType2 {
		return "", false, false
	}
	var raw []byte
	for i := 0; i < hb.Lines().Len(); i++ {
		seg := hb.Lines().At(i)
		raw = append(raw, seg.Value(src)...)
	}
	t := strings.TrimSpace(string(raw))
	// len 7 at least: "<!-->" and "<!--->" have the prefix and suffix overlap
	if len(t) < len("<!---->") || !strings.HasPrefix(t, "<!--") || !strings.HasSuffix(t, "-->") {
		return "", false, false
	}
	t = strings.TrimSpace(t[4 : len(t)-3])
	if strings.HasPrefix(t, "/") {
		closing, t = true, t[1:]
	}
	switch t {
	case "kb:agents":
		return "agents", closing, true
	case "kb:people":
		return "people", closing, true
	}
	return "", false, false
}

// groupAudiences moves the blocks between audience markers into Audience
// nodes and removes the markers. Markers without a partner stay in raws
// with a problem noted. It returns the raw HTML nodes still to sanitise.
func groupAudiences(raws []ast.Node, src []byte, problems map[ast.Node]string) []ast.Node {
	removed := map[ast.Node]bool{}
	for _, n := range raws {
		who, closing, ok := audienceMarker(n, src)
		if !ok || removed[n] {
			continue
		}
		if closing {
			if !removed[n] {
				problems[n] = "<!-- /kb:" + who + " --> without an opening <!-- kb:" + who + " -->"
			}
			continue
		}
		var end ast.Node
		for c := n.NextSibling(); c != nil; c = c.NextSibling() {
			if w, cl, ok := audienceMarker(c, src); ok {
				if cl && w == who {
					end = c
				}
				break
			}
		}
		if end == nil {
			problems[n] = "<!-- kb:" + who + " --> is not closed by <!-- /kb:" + who + " --> in the same block"
			continue
		}
		a := &Audience{For: who}
		a.SetPos(nodePos(n, src))
		parent := n.Parent()
		for c := n.NextSibling(); c != end; {
			next := c.NextSibling()
			a.AppendChild(a, c)
			c = next
		}
		parent.InsertBefore(parent, n, a)
		parent.RemoveChild(parent, n)
		parent.RemoveChild(parent, end)
		removed[n], removed[end] = true, true
	}
	kept := raws[:0]
	for _, n := range raws {
		if !removed[n] {
			kept = append(kept, n)
		}
	}
	return kept
}

// toAlert replaces q by an Alert when its first line is an alert marker,
// titled from titles (alertTitles where it has none).
func toAlert(q *ast.Blockquote, src []byte, titles map[string]string) {
	p, ok := q.FirstChild().(*ast.Paragraph)
	if !ok || p.Lines().Len() == 0 {
		return
	}
	line := p.Lines().At(0)
	first := strings.TrimSpace(string(line.Value(src)))
	if len(first) < 4 || first[0] != '[' || first[1] != '!' || first[len(first)-1] != ']' {
		return
	}
	typ := strings.ToLower(first[2 : len(first)-1])
	if _, ok := alertTitles[typ]; !ok {
		return
	}
	// Drop the inline nodes of the marker line, up to its line break.
	end := p.Lines().At(0).Stop
	for c := p.FirstChild(); c != nil; {
		next := c.NextSibling()
		t, isText := c.(*ast.Text)
		if isText && t.Segment.Start >= end {
			break
		}
		if !isText && c.Pos() >= end {
			break
		}
		p.RemoveChild(p, c)
		if isText && (t.SoftLineBreak() || t.HardLineBreak()) {
			break
		}
		c = next
	}
	a := &Alert{AlertType: typ, Title: cmp.Or(titles[typ], alertTitles[typ])}
	a.SetPos(q.Pos())
	if p.ChildCount() == 0 {
		q.RemoveChild(q, p)
	}
	for c := q.FirstChild(); c != nil; {
		next := c.NextSibling()
		a.AppendChild(a, c)
		c = next
	}
	q.Parent().ReplaceChild(q.Parent(), q, a)
}

// nodePos returns a byte offset for any node: its own position, or its
// first line's or first segment's start.
func nodePos(n ast.Node, src []byte) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	if t, ok := n.(*ast.Text); ok {
		return t.Segment.Start
	}
	if r, ok := n.(*ast.RawHTML); ok && r.Segments.Len() > 0 {
		return r.Segments.At(0).Start
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if p := nodePos(c, src); p >= 0 {
			return p
		}
	}
	if p := n.Parent(); p != nil {
		return nodePos(p, src)
	}
	return 0
}

// ---------------------------------------------------------------- renderer

// htmlRenderer renders kb's nodes and overrides goldmark's renderers for
// headings, links, images, autolinks, tables and code blocks.
type htmlRenderer struct{}

func (r *htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindAlert, r.renderAlert)
	reg.Register(KindSafeHTML, r.renderSafeHTML)
	reg.Register(KindAudience, r.renderAudience)
	reg.Register(KindTabs, r.renderTabs)
	reg.Register(KindTab, r.renderTab)
	reg.Register(ast.KindHeading, r.renderHeading)
	reg.Register(ast.KindLink, r.renderLink)
	reg.Register(ast.KindImage, r.renderImage)
	reg.Register(ast.KindAutoLink, r.renderAutoLink)
	reg.Register(ast.KindFencedCodeBlock, r.renderCode)
	reg.Register(ast.KindCodeBlock, r.renderCode)
	reg.Register(east.KindTable, r.renderTable)
	reg.Register(east.KindFootnoteBacklink, r.renderFootnoteBacklink)
}

// renderFootnoteBacklink writes goldmark's footnote back-link without its
// text: the theme's CSS shows the ↩ (.footnote-backref::after) and
// aria-label names it, so text extractors and parity checkers do not read
// "Note text.↩︎" where the twin has "Note text.". goldmark's renderer
// (extension.FootnoteHTMLRenderer) writes the rest of the footnotes.
func (r *htmlRenderer) renderFootnoteBacklink(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	b := n.(*east.FootnoteBacklink)
	ref := "fnref"
	if b.RefIndex > 0 {
		ref += strconv.Itoa(b.RefIndex)
	}
	label := "Back to reference " + strconv.Itoa(b.Index)
	if l, ok := b.AttributeString("aria-label"); ok { // in the site's language (footnoteTransformer)
		label = string(l.([]byte))
	}
	fmt.Fprintf(w, "&#160;<a href=\"#%s:%d\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"%s\"></a>", ref, b.Index, template.HTMLEscapeString(label))
	return ast.WalkContinue, nil
}

func (r *htmlRenderer) renderAlert(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	a := n.(*Alert)
	if entering {
		fmt.Fprintf(w, "<div class=\"callout callout-%s\" role=\"note\"><p class=\"callout-title\">", a.AlertType)
		w.WriteString(template.HTMLEscapeString(cmp.Or(a.Title, alertTitles[a.AlertType])))
		w.WriteString("</p>\n")
	} else {
		w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}

func (r *htmlRenderer) renderAudience(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if n.(*Audience).For == "agents" {
		return ast.WalkSkipChildren, nil
	}
	return ast.WalkContinue, nil
}

func (r *htmlRenderer) renderSafeHTML(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		n := n.(*SafeHTML)
		w.Write(n.fill(n.HTML, func(im *rawImage) string {
			if im.href == "" { // not resolved (links: warn): as written
				return html.EscapeString(im.Src)
			}
			return html.EscapeString(im.href)
		}))
	}
	return ast.WalkSkipChildren, nil
}

func (r *htmlRenderer) renderHeading(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	h := n.(*ast.Heading)
	id, _ := h.AttributeString("id")
	ids, _ := id.([]byte)
	if entering {
		fmt.Fprintf(w, "<h%d id=\"%s\">", h.Level, html.EscapeString(string(ids)))
	} else {
		// The permalink has no text: the theme's CSS shows its "#"
		// (.anchor::after), so that text extractors and parity checkers
		// (textContent, afdocs, Readability) do not read "Title#" as the
		// heading; aria-hidden keeps it from screen readers too.
		fmt.Fprintf(w, "<a class=\"anchor\" href=\"#%s\" aria-hidden=\"true\" tabindex=\"-1\"></a></h%d>\n", html.EscapeString(string(ids)), h.Level)
	}
	return ast.WalkContinue, nil
}

// attrHref is the attribute a resolved link or image carries: the href to
// write. A link without it is written as its text alone.
const attrHref = "kb-href"

func hrefOf(n ast.Node) (string, bool) {
	v, ok := n.AttributeString(attrHref)
	if !ok {
		return "", false
	}
	s, _ := v.(string)
	return s, true
}

func (r *htmlRenderer) renderLink(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	l := n.(*ast.Link)
	href, ok := hrefOf(n)
	if !ok {
		return ast.WalkContinue, nil // unsafe or unresolved: text only
	}
	if entering {
		w.WriteString(`<a href="`)
		w.WriteString(html.EscapeString(href))
		w.WriteByte('"')
		if len(l.Title) > 0 {
			w.WriteString(` title="`)
			w.WriteString(html.EscapeString(string(unescapeMD(l.Title))))
			w.WriteByte('"')
		}
		w.WriteByte('>')
	} else {
		w.WriteString("</a>")
	}
	return ast.WalkContinue, nil
}

func (r *htmlRenderer) renderImage(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	img := n.(*ast.Image)
	href, ok := hrefOf(n)
	w.WriteString(`<img src="`)
	if ok {
		w.WriteString(html.EscapeString(href))
	}
	w.WriteString(`" alt="`)
	w.WriteString(html.EscapeString(plainText(img, src)))
	w.WriteByte('"')
	if len(img.Title) > 0 {
		w.WriteString(` title="`)
		w.WriteString(html.EscapeString(string(unescapeMD(img.Title))))
		w.WriteByte('"')
	}
	w.WriteString(` loading="lazy">`)
	return ast.WalkSkipChildren, nil
}

func (r *htmlRenderer) renderAutoLink(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	a := n.(*ast.AutoLink)
	label := string(a.Label(src))
	href, ok := hrefOf(n)
	if !ok {
		w.WriteString(html.EscapeString(label))
		return ast.WalkContinue, nil
	}
	fmt.Fprintf(w, `<a href="%s">%s</a>`, html.EscapeString(href), html.EscapeString(label))
	return ast.WalkContinue, nil
}

func (r *htmlRenderer) renderTable(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		w.WriteString("<div class=\"table-wrap\"><table>\n")
	} else {
		w.WriteString("</table></div>\n")
	}
	return ast.WalkContinue, nil
}

// codeLang returns a code block's language as written and chroma's name
// for it ("" when chroma has no lexer for it).
func codeLang(n ast.Node, src []byte) (written, lexer string) {
	fc, ok := n.(*ast.FencedCodeBlock)
	if !ok || fc.Info == nil {
		return "", ""
	}
	info := string(fc.Info.Segment.Value(src))
	if i := strings.IndexAny(info, " \t{"); i >= 0 {
		info = info[:i]
	}
	written = strings.ToLower(info)
	name := written
	if a, ok := langAliases[name]; ok {
		name = a
	}
	if name == "" || name == "text" || name == "plain" || name == "txt" {
		return written, ""
	}
	if l := lexers.Get(name); l != nil {
		return written, name
	}
	return written, ""
}

var langAliases = map[string]string{
	"js": "javascript", "ts": "typescript", "sh": "bash", "shell": "bash", "zsh": "bash", "console": "bash",
	"yml": "yaml", "py": "python", "rb": "ruby", "golang": "go", "ps": "powershell", "ps1": "powershell",
	"jsonc": "json", "html": "html", "htm": "html", "md": "markdown", "cs": "csharp", "kt": "kotlin",
}

func codeText(n ast.Node, src []byte) []byte {
	var b bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		b.Write(seg.Value(src))
	}
	return b.Bytes()
}

func (r *htmlRenderer) renderCode(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	written, lang := codeLang(n, src)
	code := codeText(n, src)
	w.WriteString(`<pre class="chroma" tabindex="0"`) // focusable, so a reader can scroll a long line with the keyboard
	if written != "" {
		w.WriteString(` data-lang="`)
		w.WriteString(html.EscapeString(written))
		w.WriteByte('"')
	}
	w.WriteString("><code>")
	if _, plain := n.AttributeString(attrPlain); plain {
		lang = ""
	}
	if lang == "" || !highlight(w, lang, code) {
		w.WriteString(html.EscapeString(string(code)))
	}
	w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}

// Chroma styles for the two stylesheets.
const (
	lightStyle = "github"
	darkStyle  = "github-dark"
)

var chromaCSS struct {
	once        sync.Once
	light, dark []byte
}

// syntaxCSS returns the light and dark highlighting stylesheets. The dark
// one applies under a dark system preference unless the reader chose
// light, and whenever the reader chose dark.
func syntaxCSS() (light, dark []byte) {
	chromaCSS.once.Do(func() {
		f := chromahtml.New(chromahtml.WithClasses(true))
		var l, d bytes.Buffer
		_ = f.WriteCSS(&l, styles.Get(lightStyle))
		_ = f.WriteCSS(&d, styles.Get(darkStyle))
		chromaCSS.light = scopeCSS(l.String(), "light")
		chromaCSS.dark = scopeCSS(d.String(), "dark")
	})
	return chromaCSS.light, chromaCSS.dark
}

// scopeCSS makes a chroma stylesheet apply in one theme only: when the
// reader chose it, or when the system prefers it and the reader chose
// nothing. Each theme's rules stay out of the other, so a token the dark
// style leaves uncoloured never keeps its light colour. Chroma's .bg rule
// (for its standalone pages) is dropped.
func scopeCSS(rules, theme string) []byte {
	other := map[string]string{"light": "dark", "dark": "light"}[theme]
	var kept strings.Builder
	for line := range strings.SplitSeq(rules, "\n") {
		if strings.Contains(line, ".chroma") {
			kept.WriteString(line + "\n")
		}
	}
	r := kept.String()
	var out bytes.Buffer
	fmt.Fprintf(&out, "/* %s highlighting on screens: chosen by the reader, or by the system unless the reader chose %s. */\n", theme, other)
	out.WriteString("@media screen {\n")
	out.WriteString(strings.ReplaceAll(r, ".chroma", `html[data-theme="`+theme+`"] .chroma`))
	out.WriteString("}\n")
	fmt.Fprintf(&out, "@media screen and (prefers-color-scheme: %s) {\n", theme)
	out.WriteString(strings.ReplaceAll(r, ".chroma", `html:not([data-theme="`+other+`"]) .chroma`))
	out.WriteString("}\n")
	if theme == "light" { // paper is light whatever the screen shows
		out.WriteString("@media print {\n" + r + "}\n")
	}
	return out.Bytes()
}

// ---------------------------------------------------------------- text helpers

// plainText is the text of n's inline content, as a reader sees it.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	writePlain(&b, n, src)
	return b.String()
}

// textWriter is where the builder's text writers write: a
// strings.Builder or a bytes.Buffer.
type textWriter interface {
	io.Writer
	io.StringWriter
	io.ByteWriter
}

func writePlain(b textWriter, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			if c.IsRaw() {
				b.Write(c.Segment.Value(src))
			} else {
				b.Write(unescapeMD(c.Segment.Value(src)))
			}
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			writePlain(b, c, src)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *SafeHTML:
			b.Write(c.Plain)
		default:
			writePlain(b, c, src)
		}
	}
}

// unescapeMD resolves backslash escapes and character references in a
// link destination or title, as CommonMark defines them.
func unescapeMD(b []byte) []byte {
	b = util.UnescapePunctuations(b)
	b = util.ResolveNumericReferences(b)
	return util.ResolveEntityNames(b)
}

// ---------------------------------------------------------------- inline

// inlineMarkdown renders one line of markdown for site.yaml's theme
// (the announcement): emphasis, code and links, as goldmark's
// CommonMark with raw HTML escaped. Text that makes anything but one
// paragraph (a heading, a list, two paragraphs) is refused.
func inlineMarkdown(s string) (template.HTML, error) {
	var b bytes.Buffer
	if err := goldmark.New().Convert([]byte(strings.TrimSpace(s)), &b); err != nil {
		return "", err
	}
	out := strings.TrimSuffix(b.String(), "\n")
	inner, ok := strings.CutPrefix(out, "<p>")
	if ok {
		inner, ok = strings.CutSuffix(inner, "</p>")
	}
	if !ok || strings.Contains(inner, "<p>") || strings.Contains(inner, "<!-- raw HTML omitted -->") {
		return "", fmt.Errorf("expected one line of text with inline markdown (**bold**, *emphasis*, `code`, [links](/path/)), without headings, lists or HTML")
	}
	return template.HTML(inner), nil
}
