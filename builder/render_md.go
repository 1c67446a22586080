package builder

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// The markdown twin of a page is rendered from the same parsed document as
// its HTML, by this serializer over the goldmark AST. Internal links point
// at the absolute URL of the target's twin, images at absolute URLs,
// alerts stay in "> [!NOTE]" form, code fences are closed and labelled,
// tables stay pipe tables, and raw HTML the site does not allow is gone
// (it was dropped at parse time).

// mdWriter serializes one page's AST.
type mdWriter struct {
	src   []byte
	site  *Site
	page  *Page
	links map[ast.Node]*Link
	notes map[int][]byte // footnote index → label

	// slots, when not nil, makes links' destinations slots (slots.go):
	// the index of each link in page.Links. cell is set within a table
	// cell, whose pipes are escaped.
	slots map[*Link]int
	cell  bool

	free []*bytes.Buffer // inlines' buffers, reused within the page
}

// absURL makes a site path absolute when the site has a base URL.
func (s *Site) absURL(sitePath string) string {
	if a := s.Config.abs(sitePath); a != "" {
		return a
	}
	return sitePath
}

// twinAbs is the absolute URL of page p's twin.
func (s *Site) twinAbs(p *Page) string { return s.absURL(twinURL(p, s.Config)) }

// markdownBody renders p's body as markdown, without title or notice.
func (s *Site) markdownBody(p *Page, doc ast.Node) string {
	if doc == nil {
		return ""
	}
	w := newMDWriter(p, doc)
	w.site = s
	return w.body(doc)
}

// markdownSlots renders p's body as markdown with a slot for each link's
// destination (slots.go), before links are resolved.
func markdownSlots(p *Page, doc ast.Node) string {
	w := newMDWriter(p, doc)
	w.slots = make(map[*Link]int, len(p.Links))
	for i, l := range p.Links {
		w.slots[l] = i
	}
	return w.body(doc)
}

func newMDWriter(p *Page, doc ast.Node) *mdWriter {
	w := &mdWriter{src: p.body(), page: p, links: map[ast.Node]*Link{}, notes: map[int][]byte{}}
	for _, l := range p.Links {
		if l.Node != nil {
			w.links[l.Node] = l
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if f, ok := n.(*east.Footnote); ok && entering {
			w.notes[f.Index] = f.Ref
		}
		return ast.WalkContinue, nil
	})
	return w
}

func (w *mdWriter) body(doc ast.Node) string {
	return strings.TrimSpace(w.blocks(doc)) + "\n"
}

// blocks renders the block children of n, separated by blank lines.
func (w *mdWriter) blocks(n ast.Node) string {
	var parts []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if s := w.block(c); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "\n\n")
}

// prefixLines puts first before the first line and rest before the others
// (blank lines get rest without trailing spaces).
func prefixLines(s, first, rest string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		p := rest
		if i == 0 {
			p = first
		}
		if l == "" {
			lines[i] = strings.TrimRight(p, " ")
		} else {
			lines[i] = p + l
		}
	}
	return strings.Join(lines, "\n")
}

func (w *mdWriter) block(n ast.Node) string {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		return strings.TrimSpace(w.inlines(n))
	case *ast.Heading:
		return strings.Repeat("#", n.Level) + " " + strings.TrimSpace(w.inlines(n))
	case *ast.ThematicBreak:
		return "---"
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		written, _ := codeLang(n, w.src)
		if written == "" {
			written = "text"
		}
		code := string(codeText(n, w.src))
		fence := "```"
		if strings.Contains(written, "`") {
			fence = "~~~" // a backtick fence's info string may not hold a backtick
		}
		for strings.Contains(code, fence) {
			fence += fence[:1]
		}
		return fence + written + "\n" + strings.TrimRight(code, "\n") + "\n" + fence
	case *ast.Blockquote:
		return prefixLines(w.blocks(n), "> ", "> ")
	case *Alert:
		return prefixLines("[!"+strings.ToUpper(n.AlertType)+"]\n"+w.blocks(n), "> ", "> ")
	case *TabSet:
		level := 2
		if h := prevHeading(n); h != nil {
			level = min(6, h.Level+1)
		}
		// A reader needs one of the panels: the line before them says so.
		var parts []string
		if choice := n.Choice(); choice != "" {
			parts = append(parts, escapeMDLine(choice))
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			t := c.(*Tab)
			parts = append(parts, strings.Repeat("#", level)+" "+t.Label+"\n\n"+w.blocks(t))
		}
		return strings.Join(parts, "\n\n")
	case *Audience:
		if n.For == "people" {
			return ""
		}
		return w.blocks(n)
	case *ast.List:
		var items []string
		num := n.Start
		if num == 0 {
			num = 1
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			marker := "- "
			if n.IsOrdered() {
				marker = strconv.Itoa(num) + ". "
				num++
			}
			body := w.blocks(c)
			if n.IsTight {
				body = strings.ReplaceAll(body, "\n\n", "\n")
			}
			items = append(items, prefixLines(body, marker, strings.Repeat(" ", len(marker))))
		}
		sep := "\n"
		if !n.IsTight {
			sep = "\n\n"
		}
		return strings.Join(items, sep)
	case *east.Table:
		return w.table(n)
	case *east.DefinitionList:
		// One builder, not a string per term grown by each description:
		// a term with 100,000 descriptions copied its text 100,000 times.
		var out strings.Builder
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c.(type) {
			case *east.DefinitionTerm:
				if c != n.FirstChild() {
					out.WriteString("\n\n")
				}
				out.WriteString(strings.TrimSpace(w.inlines(c)))
			case *east.DefinitionDescription:
				out.WriteString("\n" + prefixLines(w.blocks(c), ": ", "  "))
			}
		}
		return out.String()
	case *east.FootnoteList:
		var out []string
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			f := c.(*east.Footnote)
			out = append(out, prefixLines(w.blocks(f), "[^"+string(f.Ref)+"]: ", "    "))
		}
		return strings.Join(out, "\n")
	case *Details:
		return detailsMD(n, w.blocks(n))
	case *ast.HTMLBlock:
		return "" // replaced by SafeHTML at parse time; nothing unsafe is kept
	case *ast.Document:
		return w.blocks(n)
	}
	if n.Type() == ast.TypeInline {
		return strings.TrimSpace(w.inlines(n.Parent()))
	}
	return w.blocks(n)
}

func (w *mdWriter) table(t *east.Table) string {
	var rows [][]string
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		var cells []string
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			w.cell = true
			cell := strings.TrimSpace(w.inlines(c))
			w.cell = false
			cell = strings.ReplaceAll(cell, "\n", " ")
			cells = append(cells, escapePipes(cell))
		}
		rows = append(rows, cells)
	}
	if len(rows) == 0 {
		return ""
	}
	var b strings.Builder
	line := func(cells []string) {
		b.WriteString("|")
		for i := range t.Alignments {
			c := ""
			if i < len(cells) {
				c = cells[i]
			}
			b.WriteString(" " + c + " |")
		}
		b.WriteString("\n")
	}
	line(rows[0])
	b.WriteString("|")
	for _, a := range t.Alignments {
		switch a {
		case east.AlignLeft:
			b.WriteString(" :--- |")
		case east.AlignRight:
			b.WriteString(" ---: |")
		case east.AlignCenter:
			b.WriteString(" :---: |")
		default:
			b.WriteString(" --- |")
		}
	}
	b.WriteString("\n")
	for _, r := range rows[1:] {
		line(r)
	}
	return strings.TrimRight(b.String(), "\n")
}

// escapePipes escapes the | that are not already escaped.
func escapePipes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '|' && (i == 0 || s[i-1] != '\\') {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// inlines renders the inline children of n.
func (w *mdWriter) inlines(n ast.Node) string {
	var b *bytes.Buffer
	if k := len(w.free); k > 0 {
		b, w.free = w.free[k-1], w.free[:k-1]
		b.Reset()
	} else {
		b = new(bytes.Buffer)
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		w.inline(b, c)
	}
	s := b.String()
	w.free = append(w.free, b)
	return s
}

func (w *mdWriter) inline(b *bytes.Buffer, n ast.Node) {
	switch n := n.(type) {
	case *ast.Text:
		b.Write(n.Segment.Value(w.src))
		switch {
		case n.HardLineBreak():
			b.WriteString("\\\n")
		case n.SoftLineBreak():
			b.WriteByte('\n')
		}
	case *ast.String:
		if n.IsCode() {
			b.Write(n.Value)
		} else {
			b.WriteString(escapeMDText(string(n.Value)))
		}
	case *ast.CodeSpan:
		code := w.rawText(n)
		fence := "`"
		for strings.Contains(code, fence) {
			fence += "`"
		}
		pad := ""
		if strings.HasPrefix(code, "`") || strings.HasSuffix(code, "`") {
			pad = " "
		}
		b.WriteString(fence + pad + code + pad + fence)
	case *ast.Emphasis:
		m := strings.Repeat("*", n.Level)
		b.WriteString(m + w.inlines(n) + m)
	case *east.Strikethrough:
		b.WriteString("~~" + w.inlines(n) + "~~")
	case *ast.Link:
		l := w.links[n]
		text := w.inlines(n)
		href := w.href(l)
		if href == "" {
			b.WriteString(text)
			return
		}
		b.WriteString("[" + text + "](" + mdDest(href) + mdTitle(n.Title) + ")")
	case *ast.Image:
		l := w.links[n]
		href := w.href(l)
		alt := altEscaper.Replace(w.altText(n))
		b.WriteString("![" + alt + "](" + mdDest(href) + mdTitle(n.Title) + ")")
	case *ast.AutoLink:
		url := string(n.URL(w.src))
		if l := w.links[n]; l != nil && (l.Href != "" || w.slots != nil) {
			b.WriteString("<" + url + ">")
		} else {
			b.Write(n.Label(w.src))
		}
	case *SafeHTML:
		b.Write(n.fill(n.MD, func(im *rawImage) string {
			if im.link != nil {
				if href := w.href(im.link); href != "" {
					return mdDest(href)
				}
			}
			return mdDest(im.Src)
		}))
	case *east.FootnoteLink:
		b.WriteString("[^" + string(w.notes[n.Index]) + "]")
	case *east.FootnoteBacklink:
	case *east.TaskCheckBox:
		if n.IsChecked {
			b.WriteString("[x] ")
		} else {
			b.WriteString("[ ] ")
		}
	default:
		b.WriteString(w.inlines(n))
	}
}

// altText is an image's description as a reader sees it: escapes and
// character references resolved, except in code spans. (plainText keeps
// the source's escapes, which the alt text then escaped again would not
// read back as.)
func (w *mdWriter) altText(n ast.Node) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(unescapeMD(c.Segment.Value(w.src)))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			b.WriteString(w.rawText(c))
		case *ast.AutoLink:
			b.Write(c.Label(w.src))
		case *SafeHTML:
		default:
			b.WriteString(w.altText(c))
		}
	}
	return b.String()
}

// rawText is a code span's text as written.
func (w *mdWriter) rawText(n ast.Node) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(w.src))
		case *ast.String:
			b.Write(c.Value)
		}
	}
	return b.String()
}

// href is where a link of the twin points: internal pages at their twin,
// files and images at absolute URLs, external links as written. With
// slots, it is the link's slot.
func (w *mdWriter) href(l *Link) string {
	if l != nil && w.slots != nil {
		kind := byte(slotMD)
		if w.cell {
			kind = slotMDCell
		}
		return slotMarker(kind, w.slots[l])
	}
	return w.site.twinHref(l)
}

// twinHref is where link l points in a twin ("" for none).
func (s *Site) twinHref(l *Link) string {
	if l == nil || l.Href == "" && l.Target == nil {
		return ""
	}
	switch {
	case l.Target != nil && l.ToDefault:
		return s.absURL(s.Config.lang.defaultURL(twinURL(l.Target, s.Config))) + "#" + l.Anchor
	case l.Target != nil:
		u := s.twinAbs(l.Target)
		if l.Anchor != "" {
			u += "#" + l.Anchor
		}
		return u
	case l.Asset != "":
		return s.absURL(l.Href)
	}
	return l.Href
}

// mdDest writes a link destination so that it always parses back: angle
// brackets when it has spaces, parentheses percent-encoded.
func mdDest(u string) string {
	u = destEscaper.Replace(u)
	return u
}

func mdTitle(t []byte) string {
	if len(t) == 0 {
		return ""
	}
	return " " + strconv.Quote(string(unescapeMD(t)))
}

// escapeMDText escapes text that was not in the source (a link's filled-in
// title) so it reads back as the same text.
func escapeMDText(s string) string {
	return textEscaper.Replace(s)
}

// escapeMDLine makes plain text safe as one line of markdown: the
// characters markdown reads as syntax are escaped, and a trailing # (which
// a heading would drop) too.
func escapeMDLine(s string) string {
	s = textEscaper.Replace(oneLine(s))
	if strings.HasSuffix(s, "#") {
		s = s[:len(s)-1] + `\#`
	}
	return s
}

// troubleMD is the "Applies to", symptoms and error messages of a
// troubleshooting article, with the same words as the HTML page shows.
func troubleMD(p *Page, m *messages) string {
	fm := &p.FM
	label := func(key, en string) string { // the page's words, as its HTML has them
		if m == nil {
			return en
		}
		return escapeMDLine(m.text(key))
	}
	var b strings.Builder
	if len(fm.AppliesTo) > 0 {
		b.WriteString("**" + label("applies_to", "Applies to:") + "** ")
		for i, a := range fm.AppliesTo {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(escapeMDLine(titleFromName(a.Key)) + ": " + escapeMDLine(strings.Join(a.Values, ", ")))
		}
		b.WriteString("\n\n")
	}
	if len(fm.Symptoms) > 0 {
		b.WriteString("**" + label("symptoms", "Symptoms") + "**\n\n")
		for _, s := range fm.Symptoms {
			b.WriteString("- " + escapeMDLine(s) + "\n")
		}
		b.WriteString("\n")
	}
	if len(fm.ErrorMessages) > 0 {
		b.WriteString("**" + label("error_messages", "Error messages") + "**\n\n")
		for _, e := range fm.ErrorMessages {
			b.WriteString("- " + codeSpan(oneLine(e)) + "\n")
		}
		b.WriteString("\n")
	}
	if b.Len() == 0 {
		return ""
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// codeSpan writes s as an inline code span, with a fence longer than any
// run of backticks inside it.
func codeSpan(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + s + pad + fence
}

// agentNotice opens every twin.
func (s *Site) agentNotice(p *Page) string {
	return fmt.Sprintf("> For AI agents: this is the markdown version of %s. "+
		"An index of the whole site is at %s and its full text at %s. "+
		"Append llms.txt to any page URL for a page-level index, or use .md in place of the trailing slash for its markdown.\n",
		s.absURL(p.URL), s.absURL(s.Config.BasePath+"llms.txt"), s.absURL(s.Config.BasePath+"llms-full.txt"))
}

// twin is the whole markdown twin of page p, around its body: the
// slots' text filled when slots is not nil, else body (as markdownBody
// makes it).
func (s *Site) twin(p *Page, body string, slots *bodySlots) []byte {
	var b bytes.Buffer
	if slots != nil {
		b.Grow(len(slots.md) + len(slots.md)/8 + 1<<10)
	} else {
		b.Grow(len(body) + 1<<10)
	}
	b.WriteString(s.agentNotice(p))
	b.WriteString("\n# " + escapeMDLine(p.Title) + "\n")
	if p.Description != "" {
		b.WriteString("\n> " + escapeMDLine(p.Description) + "\n")
	}
	if m := s.twinMeta(p); m != "" {
		b.WriteString("\n" + m)
	}
	if t := troubleMD(p, s.Config.msgs); t != "" {
		b.WriteString("\n" + t)
	}
	switch {
	case slots != nil && strings.TrimSpace(slots.md) != "": // a slot is never blank
		b.WriteByte('\n')
		slots.writeMD(&b, s, p)
	case slots == nil && strings.TrimSpace(body) != "":
		b.WriteString("\n" + body)
	}
	if p.Kind != KindArticle {
		if list := s.childList(p); list != "" {
			b.WriteString("\n" + list)
		}
	}
	return b.Bytes()
}

// twinMeta is the part of a twin's header that the page shows around its
// body: where the page is, as links to its ancestors' twins from the home
// page down, and when it was updated, each on a line of its own ("" for
// the home page without an updated date). llms-full.txt has them too, as
// it holds the twins.
func (s *Site) twinMeta(p *Page) string {
	var b strings.Builder
	if p.Parent != nil {
		var up []*Page
		for a := p.Parent; a != nil; a = a.Parent {
			up = append(up, a)
		}
		b.WriteString("Breadcrumb: ")
		for i := len(up) - 1; i >= 0; i-- {
			b.WriteString("[" + escapeMDLine(up[i].Title) + "](" + mdDest(s.twinAbs(up[i])) + ")")
			if i > 0 {
				b.WriteString(" › ")
			}
		}
		b.WriteString("\n")
	}
	if !p.FM.Updated.IsZero() {
		b.WriteString("Updated: " + p.FM.Updated.Format("2006-01-02") + "\n")
	}
	return b.String()
}

// childList lists a folder page's children for its twin.
func (s *Site) childList(p *Page) string {
	var b strings.Builder
	for _, c := range p.Children {
		if !c.listed() {
			continue
		}
		if c.Kind == KindArticle {
			writeLLMSItem(&b, c.Title, s.twinAbs(c), c.Description)
			continue
		}
		b.WriteString("\n## " + c.Title + "\n\n")
		if c.Description != "" {
			b.WriteString(oneLine(c.Description) + "\n\n")
		}
		for _, gc := range c.Children {
			if gc.listed() {
				writeLLMSItem(&b, gc.Title, s.twinAbs(gc), gc.Description)
			}
		}
	}
	return strings.TrimLeft(b.String(), "\n")
}

func oneLine(s string) string {
	if isOneLine(s) {
		return s // most titles and descriptions: no copy
	}
	return strings.Join(strings.Fields(s), " ")
}

// isOneLine reports whether s is already as oneLine makes it: ASCII
// words separated by single spaces.
func isOneLine(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x80:
			return false // strings.Fields also splits at Unicode spaces
		case c == ' ':
			if i == 0 || i == len(s)-1 || s[i+1] == ' ' {
				return false
			}
		case c == '\t', c == '\n', c == '\v', c == '\f', c == '\r':
			return false
		}
	}
	return true
}

// writeLLMSItem writes one "- [Title](url): note" line to b, safe for
// llms.txt parsers: no ] in the text, no unencoded ) in the URL.
func writeLLMSItem(b textWriter, title, url, note string) {
	b.WriteString("- [")
	b.WriteString(titleEscaper.Replace(oneLine(title))) // a \ before the ] would escape it
	b.WriteString("](")
	b.WriteString(mdDest(url))
	b.WriteString(")")
	if note = oneLine(note); note != "" {
		b.WriteString(": ")
		b.WriteString(note)
	}
	b.WriteString("\n")
}

// Escapers are built once: a strings.Replacer is safe for concurrent use,
// and building one per call showed up in profiles.
var (
	altEscaper   = strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`)
	destEscaper  = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E")
	textEscaper  = strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`, "*", `\*`, "_", `\_`, "`", "\\`", "<", `\<`)
	titleEscaper = strings.NewReplacer("[", "(", "]", ")", `\`, `\\`) // a \ before the ] would escape it
)
