package builder

// Raw HTML that kb does not publish as such but whose meaning it keeps:
// icons that stand for a word, video embeds, and collapsible blocks
// written <details><summary>. The sanitiser (sanitize.go) calls the
// first two; the transformer (markdown.go) groups the third.

import (
	"bytes"
	"html"
	"net/url"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	xhtml "golang.org/x/net/html"
)

// ---------------------------------------------------------------- icons

// An iconWord is what an icon stands for: the mark shown and the word a
// screen reader says.
type iconWord struct{ Mark, Word string }

func (m iconWord) html() string {
	return `<span role="img" aria-label="` + m.Word + `">` + m.Mark + `</span>`
}

// iconWords maps an icon's name, without its set's prefix (fa-, bi-…)
// and variant suffixes (-circle, -o…), to its meaning. These are the
// icons of comparison tables and status columns: Font Awesome,
// Bootstrap Icons, Glyphicons, Material Design Icons, Feather, Octicons.
var iconWords = map[string]iconWord{
	"check": {"✓", "Yes"}, "ok": {"✓", "Yes"}, "tick": {"✓", "Yes"}, "done": {"✓", "Yes"}, "yes": {"✓", "Yes"},
	"checkmark": {"✓", "Yes"}, "check-lg": {"✓", "Yes"}, "check2": {"✓", "Yes"},
	"times": {"✗", "No"}, "close": {"✗", "No"}, "xmark": {"✗", "No"}, "x": {"✗", "No"}, "remove": {"✗", "No"},
	"cross": {"✗", "No"}, "no": {"✗", "No"}, "x-lg": {"✗", "No"}, "ban": {"✗", "No"},
	"minus": {"–", "None"}, "dash": {"–", "None"}, "dash-lg": {"–", "None"},
	"exclamation-triangle": {"⚠", "Warning"}, "triangle-exclamation": {"⚠", "Warning"}, "warning": {"⚠", "Warning"},
	"alert": {"⚠", "Warning"}, "alert-triangle": {"⚠", "Warning"},
	"info": {"ℹ", "Information"}, "info-circle": {"ℹ", "Information"},
	"star": {"★", "Star"}, "question": {"?", "Question"},
}

// iconPrefixes are the icon sets' class prefixes; a class with one of
// them makes an element an icon.
var iconPrefixes = []string{"fa-", "bi-", "glyphicon-", "icon-", "mdi-", "ti-", "la-", "feather-", "octicon-", "fe-", "ion-", "ri-"}

// iconSuffixes are variants of one icon: fa-check-circle is fa-check.
var iconSuffixes = []string{"-circle", "-square", "-o", "-fill", "-filled", "-solid", "-outline", "-alt", "-sign", "-mark", "-lg", "-large", "-small", "-sm", "-2", "-line"}

// iconMark reads an icon: an empty <i> or <span> whose class names one.
// ok says whether tok is an icon at all; known whether kb knows its word.
func iconMark(tok xhtml.Token) (m iconWord, known, ok bool) {
	if tok.Data != "i" && tok.Data != "span" {
		return iconWord{}, false, false
	}
	class, _ := attr(tok, "class")
	for _, c := range strings.Fields(strings.ToLower(class)) {
		for _, p := range iconPrefixes {
			name, found := strings.CutPrefix(c, p)
			if !found || name == "" || iconSizes[name] {
				continue
			}
			ok = true
			if m, known := iconWordOf(name); known {
				return m, true, true
			}
		}
	}
	return iconWord{}, false, ok
}

// iconSizes are Font Awesome's classes that are not icons (fa-lg, fa-fw…).
var iconSizes = map[string]bool{"lg": true, "xs": true, "sm": true, "fw": true, "2x": true, "3x": true, "4x": true, "5x": true,
	"spin": true, "pulse": true, "border": true, "pull-left": true, "pull-right": true, "inverse": true, "stack": true}

func iconWordOf(name string) (iconWord, bool) {
	for range 3 {
		if m, ok := iconWords[name]; ok {
			return m, true
		}
		cut := false
		for _, s := range iconSuffixes {
			if n, ok := strings.CutSuffix(name, s); ok && n != "" {
				name, cut = n, true
				break
			}
		}
		if !cut {
			break
		}
	}
	return iconWord{}, false
}

// ---------------------------------------------------------------- videos

// A video is an embedded player replaced by a link to the video.
type video struct {
	URL, Title string
}

func (v video) text() string { return "Video: " + v.Title }

func (v video) html() string {
	return `<a href="` + html.EscapeString(v.URL) + `">` + html.EscapeString(v.text()) + `</a>`
}

func (v video) markdown() string {
	return "[" + mdHTMLEscaper.Replace(html.EscapeString(v.text())) + "](" + mdDest(v.URL) + ")"
}

// videoLink reads an <iframe> embedding a YouTube, Vimeo or Loom player,
// and gives the video's own page: the watch URL, titled from the
// iframe's title attribute (or the service's name).
func videoLink(tok xhtml.Token) (video, bool) {
	if tok.Data != "iframe" {
		return video{}, false
	}
	src, _ := attr(tok, "src")
	src = strings.TrimSpace(html.UnescapeString(src))
	if strings.HasPrefix(src, "//") {
		src = "https:" + src
	}
	u, err := url.Parse(src)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || !safeURL(src) {
		return video{}, false
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	seg := strings.Split(strings.Trim(u.Path, "/"), "/")
	id := func(i int) string { // the services' ids are letters, digits, - and _
		if i >= len(seg) || seg[i] == "" || strings.Trim(seg[i], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != "" {
			return ""
		}
		return seg[i]
	}
	var v video
	switch {
	case (host == "youtube.com" || host == "youtube-nocookie.com" || host == "m.youtube.com") && seg[0] == "embed" && id(1) != "":
		v = video{URL: "https://www.youtube.com/watch?v=" + id(1), Title: "YouTube"}
	case host == "player.vimeo.com" && seg[0] == "video" && id(1) != "":
		v = video{URL: "https://vimeo.com/" + id(1), Title: "Vimeo"}
	case host == "loom.com" && seg[0] == "embed" && id(1) != "":
		v = video{URL: "https://www.loom.com/share/" + id(1), Title: "Loom"}
	default:
		return video{}, false
	}
	if t, _ := attr(tok, "title"); strings.TrimSpace(t) != "" && !genericVideoTitle[strings.ToLower(strings.TrimSpace(t))] {
		v.Title = collapseSpace(strings.TrimSpace(t))
	}
	return v, true
}

// genericVideoTitle are the titles players' copied embed code carries,
// which say nothing about the video.
var genericVideoTitle = map[string]bool{"youtube video player": true, "youtube": true, "vimeo": true,
	"vimeo video player": true, "loom": true, "loom video": true, "video": true, "video player": true}

// ---------------------------------------------------------------- details

// KindDetails is a collapsible block: "<details>" and "<summary>…</summary>"
// on lines of their own, then markdown, then "</details>".
var KindDetails = ast.NewNodeKind("Details")

// Details holds the blocks between <details> and </details>.
type Details struct {
	ast.BaseBlock
	Open    bool
	Summary cleanHTML // empty without a <summary>: the browser shows "Details"
}

func (n *Details) Kind() ast.NodeKind { return KindDetails }
func (n *Details) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Summary": string(n.Summary.HTML)}, nil)
}

// detailsRenderer renders Details nodes as HTML.
type detailsRenderer struct{}

var _ renderer.NodeRenderer = detailsRenderer{}

func (detailsRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindDetails, renderDetails)
}

func renderDetails(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	d := n.(*Details)
	if !entering {
		w.WriteString("</details>\n")
		return ast.WalkContinue, nil
	}
	w.WriteString("<details")
	if d.Open {
		w.WriteString(" open")
	}
	w.WriteString(">\n")
	if len(d.Summary.HTML) > 0 {
		w.WriteString("<summary>")
		w.Write(d.Summary.HTML)
		w.WriteString("</summary>\n")
	}
	return ast.WalkContinue, nil
}

// detailsMD is a Details block in the twin: the same HTML lines around
// the blocks' markdown, which GitHub and agents read as a collapsible
// block.
func detailsMD(d *Details, inner string) string {
	var b strings.Builder
	b.WriteString("<details")
	if d.Open {
		b.WriteString(" open")
	}
	b.WriteString(">\n")
	if len(d.Summary.HTML) > 0 {
		b.WriteString("<summary>" + string(d.Summary.HTML) + "</summary>\n")
	}
	if inner != "" {
		b.WriteString("\n" + inner + "\n")
	}
	b.WriteString("\n</details>")
	return b.String()
}

// rawBlockText is the text of an HTML block, with where each of its
// lines starts in the source.
func rawBlockText(n *ast.HTMLBlock, src []byte) (raw []byte, segs []text.Segment) {
	for i := 0; i < n.Lines().Len(); i++ {
		segs = append(segs, n.Lines().At(i))
	}
	if n.HasClosure() {
		segs = append(segs, n.ClosureLine)
	}
	for _, s := range segs {
		raw = append(raw, s.Value(src)...)
	}
	return raw, segs
}

// srcOffset turns an offset in raw, the concatenation of segs, into an
// offset in the source.
func srcOffset(segs []text.Segment, off int) int {
	for _, s := range segs {
		if n := s.Stop - s.Start; off < n {
			return s.Start + off
		} else {
			off -= n
		}
	}
	if len(segs) == 0 {
		return 0
	}
	return segs[len(segs)-1].Stop
}

// detailsOpener reads an HTML block that opens a Details block:
// "<details>" or "<details open>", optionally "<summary>…</summary>",
// and nothing else. summary is the offset in raw of the summary's text.
func detailsOpener(raw []byte) (open bool, summary []byte, summaryAt int, ok bool) {
	z := xhtml.NewTokenizer(bytes.NewReader(raw))
	off, state := 0, 0 // 0 before <details>, 1 after it, 2 in <summary>, 3 after </summary>
	for {
		tt := z.Next()
		at := off
		off += len(z.Raw())
		switch tt {
		case xhtml.ErrorToken:
			return open, summary, summaryAt, state == 1 || state == 3
		case xhtml.TextToken:
			if state == 2 {
				continue
			}
			if len(bytes.TrimSpace(z.Raw())) > 0 {
				return false, nil, 0, false
			}
		case xhtml.CommentToken:
		case xhtml.StartTagToken:
			tok := z.Token()
			name := tok.Data
			switch {
			case state == 0 && name == "details":
				_, open = attr(tok, "open")
				state = 1
			case state == 1 && name == "summary":
				state, summaryAt = 2, off
			case state == 2:
			default:
				return false, nil, 0, false
			}
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			switch {
			case state == 2 && string(name) == "summary":
				summary, state = raw[summaryAt:at], 3
			case state == 2:
			default:
				return false, nil, 0, false
			}
		default:
			return false, nil, 0, false
		}
	}
}

// isDetailsCloser reports whether an HTML block is "</details>" alone.
func isDetailsCloser(n ast.Node, src []byte) bool {
	hb, ok := n.(*ast.HTMLBlock)
	if !ok {
		return false
	}
	raw, _ := rawBlockText(hb, src)
	return string(bytes.ToLower(bytes.TrimSpace(raw))) == "</details>"
}

func isDetailsOpener(n ast.Node, src []byte) bool {
	hb, ok := n.(*ast.HTMLBlock)
	if !ok {
		return false
	}
	raw, _ := rawBlockText(hb, src)
	_, _, _, ok = detailsOpener(raw)
	return ok
}

// groupDetails moves the blocks between a details opener and its
// "</details>" (a later block of the same parent) into a Details node
// and removes both HTML blocks. It returns the raw HTML nodes still to
// sanitise. An opener without its closer stays among them, where the
// sanitiser closes it at once; unclosed says so, at its position.
func groupDetails(raws []ast.Node, src []byte) (kept []ast.Node, unclosed map[ast.Node]removal) {
	gone := map[ast.Node]bool{}
	for _, n := range raws {
		hb, ok := n.(*ast.HTMLBlock)
		if !ok || gone[n] {
			continue
		}
		raw, segs := rawBlockText(hb, src)
		open, summary, summaryAt, ok := detailsOpener(raw)
		if !ok {
			continue
		}
		var end ast.Node
		depth := 0
		for c := n.NextSibling(); c != nil && end == nil; c = c.NextSibling() {
			switch {
			case isDetailsOpener(c, src):
				depth++
			case isDetailsCloser(c, src) && depth == 0:
				end = c
			case isDetailsCloser(c, src):
				depth--
			}
		}
		if end == nil {
			if unclosed == nil {
				unclosed = map[ast.Node]removal{}
			}
			unclosed[n] = removal{Off: nodePos(n, src), Msg: "raw HTML removed: <details> without a </details> line after " +
				"its content (in the same list or quote), so the content is not inside it: end it with </details> on a line of its own"}
			continue
		}
		d := &Details{Open: open}
		d.SetPos(nodePos(n, src))
		if summary != nil {
			d.Summary = sanitizeRaw(summary, false, nil)
			for i, r := range d.Summary.Removed {
				d.Summary.Removed[i].Off = srcOffset(segs, summaryAt+r.Off)
			}
		}
		parent := n.Parent()
		for c := n.NextSibling(); c != end; {
			next := c.NextSibling()
			d.AppendChild(d, c)
			c = next
		}
		parent.InsertBefore(parent, n, d)
		parent.RemoveChild(parent, n)
		parent.RemoveChild(parent, end)
		gone[n], gone[end] = true, true
	}
	for _, n := range raws {
		if !gone[n] {
			kept = append(kept, n)
		}
	}
	return kept, unclosed
}

// safeHTMLNode sanitises one raw HTML node of a document.
func safeHTMLNode(n ast.Node, src []byte, open openTags) *SafeHTML {
	var raw []byte
	var segs []text.Segment
	block := false
	switch n := n.(type) {
	case *ast.RawHTML:
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			segs = append(segs, seg)
			raw = append(raw, seg.Value(src)...)
		}
	case *ast.HTMLBlock:
		block = true
		raw, segs = rawBlockText(n, src)
	}
	c := sanitizeImages(raw, !block, open, true)
	for i := range c.Removed {
		c.Removed[i].Off = srcOffset(segs, c.Removed[i].Off)
	}
	for i := range c.Images {
		c.Images[i].Off = srcOffset(segs, c.Images[i].Off)
	}
	s := &SafeHTML{HTML: c.HTML, MD: c.MD, Plain: c.Text, Block: block, Dropped: len(c.Removed) > 0, Removed: c.Removed, Images: c.Images}
	s.SetPos(nodePos(n, src))
	s.blockHTML = c.Block
	return s
}

// ruleRawHTML is the kb check rule of raw HTML removed from a page.
const ruleRawHTML = "html/raw"

// rawHTMLRemoved reports each removal, at its offset in the body (the
// body starts at base in the file), as an html/raw warning.
func (p *Page) rawHTMLRemoved(base int, rs []removal) {
	for _, r := range rs {
		p.Diags = append(p.Diags, Diagnostic{Pos: p.pos(base + r.Off), Warning: true, Msg: r.Msg, Rule: ruleRawHTML})
	}
}
