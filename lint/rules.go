package lint

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	xhtml "golang.org/x/net/html"

	"github.com/kbhelp/kb/builder"
)

// checker runs the lint rules over one site.
type checker struct {
	site   *builder.Site
	sev    map[string]Severity
	out    []Finding
	failed map[string]bool // files whose front matter is not YAML
	// fallback is the default language's files a language's model reads
	// for its untranslated articles: their findings are the default
	// language's to report, once.
	fallback map[string]bool
}

// add records a finding, unless it is about a file whose front matter
// is not YAML: its title, description and the rest are unknown, and a
// finding about them ("article \"\" has no description") would only
// follow on from the error the build reported.
func (c *checker) add(pos builder.Pos, rule, format string, args ...any) {
	s := c.sev[rule]
	if s == Off || c.failed[pos.File] || c.fallback[pos.File] {
		return
	}
	c.out = append(c.out, Finding{Pos: pos, Rule: rule, Severity: s, Msg: fmt.Sprintf(format, args...)})
}

func (c *checker) on(rule string) bool { return c.sev[rule] != Off }

func (c *checker) run(opts Options) {
	c.failed, c.fallback = map[string]bool{}, map[string]bool{}
	for _, p := range c.site.Pages {
		if p.Src != nil && p.FM.Invalid() {
			c.failed[p.Src.Path] = true
		}
		if p.Src != nil && p.Fallback {
			c.fallback[p.Src.Path] = true
		}
	}
	c.orphans()
	c.duplicateTitles()
	c.emptySections()
	for _, p := range c.site.Pages {
		if p.Src == nil {
			continue
		}
		c.description(p)
		c.titleLength(p)
		c.headings(p)
		c.images(p)
	}
	if !opts.Now.IsZero() && c.on(RuleReviewOverdue) {
		for _, o := range Overdue(c.site, opts.Now) {
			c.add(o.Page.FM.ReviewPos(), RuleReviewOverdue, "%s", o.Message(opts.Now))
		}
	}
}

// startPos is where to report a problem with a page as a whole.
func startPos(p *builder.Page) builder.Pos {
	return builder.Pos{File: p.Src.Path, Line: 1, Col: 1}
}

// titlePos is where the page's title is written: its front matter
// value, or the body's first line (its # heading).
func titlePos(p *builder.Page) builder.Pos {
	if pos := p.FM.TitlePos(); pos.Line > 0 {
		return pos
	}
	if p.FM.Title == "" && p.Src != nil {
		body := p.Src.Src[p.Src.BodyOffset:]
		off := p.Src.BodyOffset + len(body) - len(bytes.TrimLeft(body, " \t\n"))
		return p.Pos(off)
	}
	return startPos(p)
}

// orphans: articles out of the sidebar that nothing links to.
func (c *checker) orphans() {
	if !c.on(RuleOrphan) {
		return
	}
	linked := map[*builder.Page]bool{}
	for _, p := range c.site.Pages {
		for _, l := range p.Links {
			if l.Target != nil && l.Target != p {
				linked[l.Target] = true
			}
		}
	}
	featured := map[string]bool{}
	for _, f := range c.site.Config.Featured {
		featured[strings.TrimPrefix(f.Value, "/")] = true
	}
	for _, p := range c.site.Pages {
		if p.Kind != builder.KindArticle || p.NavIndex >= 0 || linked[p] || featured[p.Src.Rel] {
			continue
		}
		c.add(startPos(p), RuleOrphan, "%q is in no sidebar and no page links to it", p.Title)
	}
}

// duplicateTitles reports each article whose title an article before
// it in the sidebar already has.
func (c *checker) duplicateTitles() {
	if !c.on(RuleDuplicateTitle) {
		return
	}
	first := map[string]*builder.Page{}
	for _, p := range c.site.Pages { // sidebar order: the first is the one readers meet first
		if p.Kind != builder.KindArticle || strings.TrimSpace(p.Title) == "" {
			continue
		}
		key := strings.ToLower(strings.Join(strings.Fields(p.Title), " "))
		if f, ok := first[key]; ok {
			c.add(titlePos(p), RuleDuplicateTitle, "title %q is also the title of %s", p.Title, f.Src.Path)
			continue
		}
		first[key] = p
	}
}

// emptySections reports folders in the sidebar with no article in the
// sidebar below them.
func (c *checker) emptySections() {
	if !c.on(RuleEmptySection) {
		return
	}
	var count func(p *builder.Page) int
	count = func(p *builder.Page) int {
		n := 0
		for _, ch := range p.Children {
			if ch.Kind == builder.KindArticle {
				if ch.NavIndex >= 0 {
					n++
				}
			} else {
				n += count(ch)
			}
		}
		return n
	}
	for _, p := range c.site.Pages {
		if p.Kind != builder.KindCategory && p.Kind != builder.KindSection || hiddenFolder(p) || count(p) > 0 {
			continue
		}
		pos := builder.Pos{File: contentPath(c.site, p.Dir)}
		if p.Src != nil {
			pos = startPos(p)
		}
		what := "category"
		if p.Kind == builder.KindSection {
			what = "section"
		}
		c.add(pos, RuleEmptySection, "%s %q has no articles in the sidebar", what, p.Title)
	}
}

// hiddenFolder reports whether the folder or one above it is hidden, so
// that it is not in the sidebar at all.
func hiddenFolder(p *builder.Page) bool {
	for ; p != nil; p = p.Parent {
		if p.FM.Hidden {
			return true
		}
	}
	return false
}

func (c *checker) description(p *builder.Page) {
	if p.Kind == builder.KindHome || strings.TrimSpace(p.Description) != "" {
		return
	}
	what := "article"
	if p.Kind != builder.KindArticle {
		what = p.Kind.String()
	}
	c.add(startPos(p), RuleMissingDescription, "%s %q has no description", what, p.Title)
}

func (c *checker) titleLength(p *builder.Page) {
	if p.Kind == builder.KindHome {
		return
	}
	if n := utf8.RuneCountInString(p.Title); n > MaxTitle {
		c.add(titlePos(p), RuleTitleTooLong, "title is %d characters, more than %d", n, MaxTitle)
	}
}

// headings reports a heading more than one level below the heading
// before it; the title is level 1.
func (c *checker) headings(p *builder.Page) {
	prev := 1
	for _, h := range p.Headings {
		if h.Level > prev+1 {
			c.add(p.Pos(h.Off), RuleHeadingSkip, "heading level %d after level %d: make %q level %d (%s)",
				h.Level, prev, h.Text, prev+1, strings.Repeat("#", prev+1))
		}
		prev = h.Level
	}
}

// images reports markdown images with no alt text and raw <img> tags
// with no alt attribute (alt="" marks an image as decoration, on
// purpose).
func (c *checker) images(p *builder.Page) {
	if !c.on(RuleMissingAlt) || p.Doc == nil {
		return
	}
	body := p.Body()
	for _, l := range p.Links {
		img, ok := l.Node.(*ast.Image)
		if !ok || strings.TrimSpace(altText(img, body)) != "" {
			continue
		}
		c.add(p.Pos(l.Off), RuleMissingAlt, "image %s has no alt text", l.Dest)
	}
	if !hasImgTag(body) {
		return // no raw <img>: skip the walk, which costs more than the rest of the rules
	}
	_ = ast.Walk(p.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*builder.SafeHTML)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		for _, src := range imgsWithoutAlt(h.HTMLAsWritten()) {
			c.add(p.Pos(p.Src.BodyOffset+h.Pos()), RuleMissingAlt, "<img src=%q> has no alt attribute", src)
		}
		return ast.WalkContinue, nil
	})
}

// hasImgTag reports whether src has "<img", in any case.
func hasImgTag(src []byte) bool {
	for i := bytes.IndexByte(src, '<'); i >= 0 && i+4 <= len(src); {
		if bytes.EqualFold(src[i+1:i+4], []byte("img")) {
			return true
		}
		j := bytes.IndexByte(src[i+1:], '<')
		if j < 0 {
			return false
		}
		i += j + 1
	}
	return false
}

// altText is the text of an image's description, as a screen reader
// reads it.
func altText(n ast.Node, src []byte) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
		case *ast.String:
			b.Write(c.Value)
		default:
			b.WriteString(altText(c, src))
		}
	}
	return b.String()
}

// imgsWithoutAlt returns the src of each <img> in sanitised HTML that
// has no alt attribute.
func imgsWithoutAlt(html []byte) []string {
	if !bytes.Contains(html, []byte("<img")) {
		return nil
	}
	var out []string
	z := xhtml.NewTokenizer(bytes.NewReader(html))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return out
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			t := z.Token()
			if t.Data != "img" {
				continue
			}
			src, alt := "", false
			for _, a := range t.Attr {
				switch a.Key {
				case "src":
					src = a.Val
				case "alt":
					alt = true
				}
			}
			if !alt {
				out = append(out, src)
			}
		}
	}
}

// Stale is an article whose review is overdue.
type Stale struct {
	Page *builder.Page
	Due  time.Time
}

// Message says since when the review is due and who owns the article.
func (s Stale) Message(now time.Time) string {
	fm := &s.Page.FM
	days := int(day(now).Sub(s.Due).Hours() / 24)
	msg := fmt.Sprintf("review overdue since %s (%d days; reviewed %s, every %d days); ",
		s.Due.Format("2006-01-02"), days, fm.Reviewed.Format("2006-01-02"), fm.ReviewEvery)
	if fm.Owner == "" {
		return msg + "no owner: add owner: to the front matter"
	}
	return msg + "owner " + fm.Owner
}

// Overdue lists the published articles whose review was due before now
// (a calendar date), longest overdue first.
func Overdue(site *builder.Site, now time.Time) []Stale {
	today := day(now)
	var out []Stale
	for _, p := range site.Pages {
		if p.Src == nil {
			continue
		}
		if due := p.FM.ReviewDue(); !due.IsZero() && today.After(due) {
			out = append(out, Stale{Page: p, Due: due})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Due.Equal(out[j].Due) {
			return out[i].Due.Before(out[j].Due)
		}
		return out[i].Page.Src.Path < out[j].Page.Src.Path
	})
	return out
}

// day is t's calendar date at midnight UTC, as front matter dates are.
func day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
