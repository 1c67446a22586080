package builder

import (
	"bytes"
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"
	"unicode"

	xhtml "golang.org/x/net/html"
)

// Raw HTML in an article is sanitised, not passed through: only what is
// listed here reaches a page, and what is removed is reported where it
// was written unless the page still says the same thing.
//
//   - kept, without attributes: <kbd>, <sup>, <sub>, <br>; in an HTML
//     block also <details> (with open) and <summary> inside it;
//   - kept with checked attributes: <img> (src, alt, title, width, height);
//   - turned into what they mean: an icon (<i class="fa fa-check">) into
//     its mark (✓), a YouTube, Vimeo or Loom <iframe> into a link to the
//     video (rawmeaning.go);
//   - unwrapped, text kept: formatting and structure (<span>, <div>, <p>,
//     <strong>, <a>, <table>…), reported once, at the outermost element,
//     with what to write instead;
//   - dropped with their content: everything else (<script>, <style>,
//     <svg>, other <iframe>s, <video>…), reported;
//   - dropped silently: comments and doctypes, which readers never see.

// A cleanHTML is one piece of raw HTML as kb publishes it.
type cleanHTML struct {
	HTML    []byte    // for the page
	MD      []byte    // for the twin: kept tags as HTML, text escaped as markdown, a video as a markdown link
	Text    []byte    // for search and other plain text
	Block   bool      // HTML holds a block element (<details>): no <p> around it
	Removed []removal // in the order written
	// Images are the <img> of the site's own files (a path, not a URL):
	// HTML and MD hold imgPlaceholder(i) where image i's address goes,
	// which is resolved and checked like a markdown image's.
	Images []rawImage
}

// rawImage is an <img src> of raw HTML that names a file of the site.
type rawImage struct {
	Src  string // as written
	Off  int    // of the src attribute, in the raw HTML (then the body)
	link *Link  // its resolved link, once the page's links are bound
	href string // what the page's HTML writes: the link's href, or its slot
}

// imgPlaceholder marks where raw image i's address goes in SafeHTML's
// HTML and MD. No body holds U+0001: load blanks control characters.
func imgPlaceholder(i int) string { return "\x01" + strconv.Itoa(i) + "\x01" }

// A removal is something taken out of raw HTML that changes what the page
// says, at its byte offset in the raw HTML.
type removal struct {
	Off int
	Msg string
}

// openTags counts, per tag name, the inline start tags removed or turned
// into something else whose end tag has not been seen. goldmark hands
// inline HTML over one tag at a time, so "<span>x</span>" is reported
// once, at <span>, and the </span> is taken quietly.
type openTags map[string]int

// sanitizeHTML sanitises an HTML block. It reports whether anything was
// removed that changes the text.
func sanitizeHTML(raw []byte) (safe []byte, dropped bool) {
	c := sanitizeRaw(raw, false, nil)
	return c.HTML, len(c.Removed) > 0
}

// sanitizeInlineHTML sanitises one inline raw HTML tag. goldmark gives
// "<kbd>Ctrl</kbd>" as three nodes, the tags apart from the text, so a
// lone <kbd> is not closed here and a lone </kbd> is kept (the browser
// ignores an unmatched end tag).
func sanitizeInlineHTML(raw []byte) (safe []byte, dropped bool) {
	c := sanitizeRaw(raw, true, openTags{})
	return c.HTML, len(c.Removed) > 0
}

// sanitize is sanitizeHTML or sanitizeInlineHTML.
func sanitize(raw []byte, inline bool) (safe []byte, dropped bool) {
	if inline {
		return sanitizeInlineHTML(raw)
	}
	return sanitizeHTML(raw)
}

// keptInline are the elements kept without attributes wherever they are.
var keptInline = map[string]bool{"kbd": true, "sup": true, "sub": true}

// unwrapped are the elements whose text is kept when they are removed;
// the value is what to write instead.
var unwrapped = map[string]string{
	"a": "write the link in markdown: [text](url)",
	"b": "write **text**", "strong": "write **text**",
	"i": "write *text*", "em": "write *text*", "cite": "write *text*", "dfn": "write *text*", "var": "write *text*",
	"u": "use **bold** or *emphasis*", "mark": "use **bold**", "ins": "use **bold**", "big": "use **bold**",
	"s": "write ~~text~~", "strike": "write ~~text~~", "del": "write ~~text~~",
	"code": "write `code`", "tt": "write `code`", "samp": "write `code`",
	"pre":  "write a fenced code block (```)",
	"span": "write the text in markdown (kb publishes no styles)", "font": "write the text in markdown (kb publishes no styles)",
	"small": "write the text in markdown (kb publishes no styles)", "abbr": "write the words in full", "q": `write "text"`,
	"time": "write the text", "label": "write the text", "center": "write the text (kb centres nothing)",
	"p":   "separate paragraphs with a blank line",
	"div": "write it in markdown, a note as an alert (> [!NOTE])", "section": "write it in markdown", "article": "write it in markdown",
	"aside": "write an alert (> [!NOTE])", "header": "write it in markdown", "footer": "write it in markdown",
	"main": "write it in markdown", "nav": "write a list of links", "address": "write the text",
	"figure": "write ![description](image.png) and its caption as text", "figcaption": "write the caption as text",
	"blockquote": "write > quoted text",
	"h1":         "write # Heading", "h2": "write ## Heading", "h3": "write ### Heading", "h4": "write #### Heading",
	"h5": "write ##### Heading", "h6": "write ###### Heading",
	"ul": "write a list (- item)", "ol": "write a numbered list (1. item)", "li": "write a list (- item)",
	"dl": "write a definition list (term, then : definition)", "dt": "write a definition list (term, then : definition)",
	"dd":    "write a definition list (term, then : definition)",
	"table": "write a markdown table (| a | b |)", "thead": "write a markdown table (| a | b |)",
	"tbody": "write a markdown table (| a | b |)", "tfoot": "write a markdown table (| a | b |)",
	"tr": "write a markdown table (| a | b |)", "td": "write a markdown table (| a | b |)",
	"th": "write a markdown table (| a | b |)", "caption": "write the caption as text above the table",
	"details": "put <details> and <summary> on lines of their own, in an HTML block",
	"summary": "put <summary> right after <details>",
}

// blockLevel are unwrapped elements whose text is kept apart from the
// text around it ("<td>Plan</td><td>Price</td>" is "Plan Price").
var blockLevel = map[string]bool{"p": true, "div": true, "section": true, "article": true, "aside": true, "header": true,
	"footer": true, "main": true, "nav": true, "address": true, "figure": true, "figcaption": true, "blockquote": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "ul": true, "ol": true, "li": true,
	"dl": true, "dt": true, "dd": true, "table": true, "thead": true, "tbody": true, "tfoot": true, "tr": true,
	"td": true, "th": true, "caption": true, "pre": true, "details": true, "summary": true}

// droppedFix says what to write instead of elements dropped with their
// content; others get the default.
var droppedFix = map[string]string{
	"script": "kb publishes no scripts", "noscript": "kb publishes no scripts", "style": "kb publishes no styles",
	"iframe": "only YouTube, Vimeo and Loom embeds become a link; write a link instead: [Title](url)",
	"video":  "write a link to the video instead: [Video: title](url)", "audio": "write a link to the recording instead: [Recording: title](url)",
	"svg": "use an image: ![description](icon.svg)", "math": "write the formula as text or an image",
	"form": "link to the form instead: [Title](url)", "input": "describe the field in words", "button": "write the button's label in **bold**",
	"select": "list the choices in text", "textarea": "describe the field in words", "hr": "write --- on a line of its own",
	"object": "write a link instead: [Title](url)", "embed": "write a link instead: [Title](url)",
}

var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// openElem is an element of an HTML block that is open.
type openElem struct {
	name     string
	keep     bool // its end tag is written
	drop     bool // its content is not shown
	reported bool // its removal was reported, so what is inside is not
}

// sanitizer is the state of one sanitizeRaw call.
type sanitizer struct {
	inline bool
	open   openTags   // inline only
	stack  []openElem // blocks only
	drop   int        // elements of stack with drop set
	quiet  int        // elements of stack with reported set
	out    cleanHTML
	images bool // the site's own images become placeholders (cleanHTML.Images)
	html   bytes.Buffer
	md     bytes.Buffer
	text   bytes.Buffer
}

// sanitizeRaw sanitises raw HTML: an HTML block, or one inline tag
// (inline, with open the document's inline tags so far).
func sanitizeRaw(raw []byte, inline bool, open openTags) cleanHTML {
	return sanitizeImages(raw, inline, open, false)
}

// sanitizeImages is sanitizeRaw, with images set for a node of a page, whose
// own images it resolves.
func sanitizeImages(raw []byte, inline bool, open openTags, images bool) cleanHTML {
	s := &sanitizer{inline: inline, open: open, images: images}
	z := xhtml.NewTokenizer(bytes.NewReader(raw))
	off := 0
	for {
		tt := z.Next()
		at := off
		written := string(z.Raw()) // before Token, which lowercases names in place
		off += len(written)
		switch tt {
		case xhtml.ErrorToken:
			for len(s.stack) > 0 {
				s.pop()
			}
			s.out.HTML, s.out.MD, s.out.Text = s.html.Bytes(), s.md.Bytes(), s.text.Bytes()
			if !inline {
				s.out.HTML, s.out.MD, s.out.Text = trimSpace(s.out.HTML), trimSpace(s.out.MD), trimSpace(s.out.Text)
			}
			return s.out
		case xhtml.CommentToken, xhtml.DoctypeToken:
			// not shown to readers either way
		case xhtml.TextToken:
			if s.drop == 0 {
				s.write(string(z.Text()))
			}
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			s.start(z.Token(), written, tt == xhtml.SelfClosingTagToken, at)
		case xhtml.EndTagToken:
			s.end(z.Token().Data, at)
		}
	}
}

// write adds text: escaped for the page, escaped as markdown for the
// twin. Runs of white space are one space, as a browser shows them, so
// that a line of an HTML block cannot start a heading or a list in the
// twin.
func (s *sanitizer) write(t string) {
	if t = collapseSpace(t); t == "" {
		return
	}
	e := html.EscapeString(t)
	s.html.WriteString(e)
	s.md.WriteString(mdHTMLEscaper.Replace(e))
	s.text.WriteString(t)
}

// collapseSpace makes each run of white space in t one space and drops
// the other control characters, which a character reference such as
// &#1; can still bring in after load has blanked the raw ones.
func collapseSpace(t string) string {
	var b strings.Builder
	space := false
	for _, r := range t {
		if isHTMLSpace(r) {
			space = true
			continue
		}
		if unicode.IsControl(r) {
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

func isHTMLSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' }

// mdHTMLEscaper escapes, in text already HTML-escaped, what markdown
// would read as syntax.
var mdHTMLEscaper = strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`, "*", `\*`, "_", `\_`, "`", "\\`")

func (s *sanitizer) tag(h, md string) {
	s.html.WriteString(h)
	s.md.WriteString(md)
}

// space keeps the text of a block element apart from the text before.
func (s *sanitizer) space() {
	if b := s.text.Bytes(); len(b) > 0 && !isHTMLSpace(rune(b[len(b)-1])) {
		s.html.WriteByte(' ')
		s.md.WriteByte(' ')
		s.text.WriteByte(' ')
	}
}

func (s *sanitizer) report(at int, msg string) {
	if s.quiet == 0 {
		s.out.Removed = append(s.out.Removed, removal{Off: at, Msg: "raw HTML removed: " + msg})
	}
}

// push opens an element that is not kept as such.
func (s *sanitizer) push(e openElem) {
	if s.inline {
		s.open[e.name]++
		return
	}
	s.stack = append(s.stack, e)
	if e.drop {
		s.drop++
	}
	if e.reported {
		s.quiet++
	}
}

func (s *sanitizer) pop() {
	e := s.stack[len(s.stack)-1]
	s.stack = s.stack[:len(s.stack)-1]
	if e.drop {
		s.drop--
	}
	if e.reported {
		s.quiet--
	}
	switch {
	case e.keep:
		s.tag("</"+e.name+">", "</"+e.name+">")
		if blockLevel[e.name] { // </summary>: its words apart from the next
			s.text.WriteByte(' ')
		}
	case blockLevel[e.name] && s.drop == 0:
		s.space()
	}
}

// trimSpace removes the white space around a block's output: the
// newline that ends an HTML block, and the spaces kept between elements.
func trimSpace(b []byte) []byte {
	return bytes.TrimFunc(b, isHTMLSpace)
}

func (s *sanitizer) start(tok xhtml.Token, written string, selfClosing bool, at int) {
	name := tok.Data
	for i, a := range tok.Attr { // &#1; in a value, as in text
		tok.Attr[i].Val = strings.Map(func(r rune) rune {
			if unicode.IsControl(r) && !isHTMLSpace(r) {
				return -1
			}
			return r
		}, a.Val)
	}
	if s.drop > 0 { // inside an element dropped with its content
		if !selfClosing && !voidElements[name] {
			s.push(openElem{name: name, drop: true})
		}
		return
	}
	switch {
	case name == "br":
		s.tag("<br>", "<br>")
		s.text.WriteByte(' ')
		return
	case name == "img":
		src, _ := attr(tok, "src")
		if src = strings.TrimSpace(src); s.images && src != "" && !isExternal(src) && !strings.HasPrefix(src, "#") {
			// The site's own file: written where the link resolves it
			// to, and in the twin as a markdown image.
			i := len(s.out.Images)
			s.out.Images = append(s.out.Images, rawImage{Src: src, Off: at + attrOffset(written, "src")})
			tok.Attr = slices.DeleteFunc(slices.Clone(tok.Attr), func(a xhtml.Attribute) bool { return a.Key == "src" })
			img := safeImg(tok, func(key, msg string) { s.report(at+attrOffset(written, key), msg) })
			alt, _ := attr(tok, "alt")
			s.tag(`<img src="`+imgPlaceholder(i)+`"`+strings.TrimPrefix(img, "<img"), "!["+altEscaper.Replace(collapseSpace(alt))+"]("+imgPlaceholder(i)+")")
		} else {
			img := safeImg(tok, func(key, msg string) { s.report(at+attrOffset(written, key), msg) })
			md := img // in a <summary>, which stays HTML in the twin
			if s.images {
				md = mdImage(tok)
			}
			s.tag(img, md)
		}
		if alt, ok := attr(tok, "alt"); ok {
			s.text.WriteString(" " + alt + " ")
		}
		return
	case keptInline[name] && !selfClosing:
		s.tag("<"+name+">", "<"+name+">")
		if !s.inline {
			s.stack = append(s.stack, openElem{name: name, keep: true})
		}
		return
	case keptInline[name]:
		return // <kbd/> shows nothing
	case name == "details" && !s.inline && !selfClosing:
		t := "<details>"
		if _, open := attr(tok, "open"); open {
			t = "<details open>"
		}
		s.space()
		s.tag(t, t)
		s.stack = append(s.stack, openElem{name: name, keep: true})
		s.out.Block = true
		return
	case name == "summary" && !s.inline && !selfClosing && s.inDetails():
		s.tag("<summary>", "<summary>")
		s.stack = append(s.stack, openElem{name: name, keep: true})
		return
	}
	if k, ok := keyName(tok, written); ok && s.inline {
		s.tag("<kbd>"+k+"</kbd>", "<kbd>"+k+"</kbd>")
		s.text.WriteString(k)
		return
	}
	if v, ok := videoLink(tok); ok {
		s.tag(v.html(), v.markdown())
		s.text.WriteString(v.text())
		if !selfClosing {
			s.push(openElem{name: name, drop: true})
		}
		return
	}
	if m, known, ok := iconMark(tok); ok {
		if known {
			s.tag(m.html(), m.Mark)
			s.text.WriteString(m.Mark)
		} else {
			s.report(at, fmt.Sprintf("icon %s: kb does not know the word it stands for; write the word, or a mark such as ✓ or ✗", startTag(tok, written)))
		}
		if !selfClosing {
			s.push(openElem{name: name, drop: true, reported: !known})
		}
		return
	}
	if fix, ok := unwrapped[name]; ok {
		s.report(at, startTag(tok, written)+", its text kept: "+fix)
		if blockLevel[name] {
			s.space()
		}
		if !selfClosing {
			s.push(openElem{name: name, reported: true})
		}
		return
	}
	fix := droppedFix[name]
	if fix == "" {
		fix = "kb does not publish it; if it is text, write it in backticks (`<" + writtenName(tok, written) + ">`) or as \\<" + writtenName(tok, written) + ">"
	}
	if voidElements[name] || selfClosing || s.inline { // inline, what follows is markdown, kept
		s.report(at, startTag(tok, written)+": "+fix)
		if !voidElements[name] && !selfClosing {
			s.push(openElem{name: name, drop: true, reported: true})
		}
		return
	}
	if voidElements[name] || selfClosing {
		s.report(at, startTag(tok, written)+": "+fix)
		return
	}
	s.report(at, startTag(tok, written)+" and its content: "+fix)
	s.push(openElem{name: name, drop: true, reported: true})
}

func (s *sanitizer) inDetails() bool {
	for i := len(s.stack) - 1; i >= 0; i-- {
		if e := s.stack[i]; e.keep && e.name == "details" {
			return true
		} else if e.keep && e.name == "summary" {
			return false
		}
	}
	return false
}

func (s *sanitizer) end(name string, at int) {
	if s.inline {
		switch {
		case keptInline[name]:
			s.tag("</"+name+">", "</"+name+">")
		case name == "img" || name == "br":
		case s.open[name] > 0:
			s.open[name]--
		default:
			s.report(at, "</"+name+"> without its start tag")
		}
		return
	}
	for i := len(s.stack) - 1; i >= 0; i-- {
		if s.stack[i].name == name {
			for len(s.stack) > i {
				s.pop()
			}
			return
		}
	}
	switch {
	case s.drop > 0 || voidElements[name] || keptInline[name]:
	case name == "details":
		s.report(at, "</details> without a <details> before it in the same list or quote")
	default:
		s.report(at, "</"+name+"> without its start tag")
	}
}

func attr(tok xhtml.Token, key string) (string, bool) {
	for _, a := range tok.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// startTag shows a start tag in a message: its name and the attributes
// that say what it was for (class, href, src, style), shortened.
// writtenName is a tag's name as written: <Username>, not <username>.
func writtenName(tok xhtml.Token, written string) string {
	if n := written[1:min(1+len(tok.Data), len(written))]; strings.EqualFold(n, tok.Data) {
		return strings.ToValidUTF8(n, "\uFFFD")
	}
	return tok.Data
}

func startTag(tok xhtml.Token, written string) string {
	var b strings.Builder
	b.WriteString("<" + writtenName(tok, written))
	for _, a := range tok.Attr {
		switch a.Key {
		case "class", "href", "src", "style":
			v := a.Val
			if len(v) > 60 {
				v = v[:57] + "..."
			}
			fmt.Fprintf(&b, " %s=%q", a.Key, v)
		}
	}
	b.WriteString(">")
	return strings.ToValidUTF8(b.String(), "\uFFFD")
}

// attrOffset is where attribute key starts in a start tag as written,
// or 0 (the tag's start) when it cannot be told.
func attrOffset(written, key string) int {
	lower := strings.ToLower(written)
	for i := 1; i+len(key) <= len(lower); i++ {
		if isHTMLSpace(rune(lower[i-1])) || lower[i-1] == '/' || lower[i-1] == '"' || lower[i-1] == '\'' {
			if strings.HasPrefix(lower[i:], key) {
				if j := i + len(key); j == len(lower) || strings.ContainsRune(" \t\n\r\f=/>", rune(lower[j])) {
					return i
				}
			}
		}
	}
	return 0
}

// keyNames are keyboard keys that writers put in angle brackets ("press
// <Enter>"), which HTML reads as unknown elements: kb shows them as
// <kbd>, as written.
var keyNames = map[string]bool{"enter": true, "return": true, "tab": true, "esc": true, "escape": true, "shift": true,
	"ctrl": true, "control": true, "alt": true, "option": true, "cmd": true, "command": true, "meta": true, "win": true,
	"delete": true, "del": true, "backspace": true, "space": true, "spacebar": true, "home": true, "end": true,
	"pageup": true, "pagedown": true, "pgup": true, "pgdn": true, "up": true, "down": true, "left": true, "right": true,
	"insert": true, "ins": true, "fn": true, "f1": true, "f2": true, "f3": true, "f4": true, "f5": true, "f6": true,
	"f7": true, "f8": true, "f9": true, "f10": true, "f11": true, "f12": true}

// keyName reads "<Enter>": a start tag without attributes naming a key
// that HTML has no element for (not <del>, <ins>), as written.
func keyName(tok xhtml.Token, written string) (string, bool) {
	if len(tok.Attr) > 0 || !keyNames[tok.Data] || tok.Data == "del" || tok.Data == "ins" {
		return "", false
	}
	k := strings.TrimSuffix(strings.TrimPrefix(written, "<"), ">")
	if !strings.EqualFold(k, tok.Data) {
		return "", false
	}
	return k, true
}

func safeImg(tok xhtml.Token, report func(key, msg string)) string {
	var b strings.Builder
	b.WriteString("<img")
	for _, a := range tok.Attr {
		switch a.Key {
		case "src":
			if !safeURL(a.Val) {
				report(a.Key, fmt.Sprintf("src %q of <img>: only relative, http, https, mailto and tel addresses are allowed", shorten(a.Val)))
				continue
			}
		case "alt", "title", "width", "height":
		default:
			report(a.Key, fmt.Sprintf("attribute %s of <img>: only src, alt, title, width and height are kept", a.Key))
			continue
		}
		b.WriteString(" " + a.Key + `="` + html.EscapeString(a.Val) + `"`)
	}
	b.WriteString(` loading="lazy">`)
	return b.String()
}

// mdImage is an <img> of raw HTML in the twin, as a markdown image:
// ![alt](src "title"), or its alt text alone when it has no src kb keeps.
func mdImage(tok xhtml.Token) string {
	alt, _ := attr(tok, "alt")
	alt = collapseSpace(alt)
	src, _ := attr(tok, "src")
	if src = strings.TrimSpace(src); src == "" || !safeURL(src) {
		return escapeMDText(alt)
	}
	md := "![" + altEscaper.Replace(alt) + "](" + mdDest(src)
	if title, _ := attr(tok, "title"); strings.TrimSpace(title) != "" {
		md += " " + strconv.Quote(collapseSpace(title))
	}
	return md + ")"
}

func shorten(s string) string {
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// safeURL reports whether a URL, as the browser will read it (character
// references decoded, control characters and whitespace removed), is
// relative or uses an allowed scheme: http, https, mailto or tel.
func safeURL(u string) bool {
	u = html.UnescapeString(u)
	u = strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, u)
	colon := strings.IndexByte(u, ':')
	if colon < 0 {
		return true
	}
	if i := strings.IndexAny(u, "/?#"); i >= 0 && i < colon {
		return true // the colon is in the path, query or fragment
	}
	switch strings.ToLower(u[:colon]) {
	case "http", "https", "mailto", "tel":
		return true
	}
	return false
}
