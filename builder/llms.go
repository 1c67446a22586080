package builder

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// llms.txt files follow llmstxt.org: "# Title", a one-line "> summary",
// optional paragraphs, then "## Section" lists of "- [Title](url): note",
// with "## Optional" last when used. H2 names are unique within a file.

// llmsBudget is the size an llms.txt file stays under: past it, a folder's
// file lists its subfolders' llms.txt files instead of every article.
const llmsBudget = 50_000

// llmsListed reports whether an article appears in llms files at all.
func llmsListed(p *Page) bool { return p.listed() && p.FM.LLMS != "false" && !p.Fallback }

// llmsDoc builds one llms.txt file.
type llmsDoc struct {
	b        bytes.Buffer
	sections map[string]int
}

func newLLMSDoc(title, summary, intro string) *llmsDoc {
	d := &llmsDoc{sections: map[string]int{}}
	d.b.Grow(2 << 10) // a page-level file is about 1 KB
	d.b.WriteString("# " + oneLine(title) + "\n")
	if summary != "" {
		d.b.WriteString("\n> " + oneLine(summary) + "\n")
	}
	if intro != "" {
		d.b.WriteString("\n" + intro + "\n")
	}
	return d
}

// section opens an H2, suffixing a number when the name is taken (the
// reference parser keeps only the last of two equal names).
func (d *llmsDoc) section(name string) {
	name = oneLine(name)
	if name == "" {
		name = "Articles"
	}
	n := d.sections[name]
	d.sections[name]++
	if n > 0 || name == "Optional" {
		for {
			n++
			cand := fmt.Sprintf("%s (%d)", name, n)
			if d.sections[cand] == 0 {
				d.sections[cand]++
				name = cand
				break
			}
		}
	}
	d.b.WriteString("\n## " + name + "\n\n")
}

func (d *llmsDoc) item(title, url, note string) { writeLLMSItem(&d.b, title, url, note) }

func (d *llmsDoc) bytes() []byte { return d.b.Bytes() }

// articlesBelow lists the llms-listed articles at or below p in sidebar
// order, split into the regular ones and those marked llms: optional.
func articlesBelow(p *Page) (regular, optional []*Page) {
	for _, c := range p.Children {
		regular, optional = listedUnder(c, false, regular, optional)
	}
	return regular, optional
}

// entriesBelow is what a folder's llms.txt lists under the H2 of its
// child folder c: c's own twin, then in sidebar order each folder below c
// (just before its articles) and each llms-listed article, with the
// optional articles apart. A folder with no regular article at or below
// it is left out, as its articles are.
func entriesBelow(c *Page) (entries, optional []*Page) {
	return listedUnder(c, true, nil, nil)
}

// listedUnder appends q, when it is an llms-listed article, or what is
// listed below it, when it is a folder, to regular or optional, in
// sidebar order; nothing hidden or draft, nor anything below it. With
// folders, each folder goes to regular just before its articles, when
// it has a regular one.
func listedUnder(q *Page, folders bool, regular, optional []*Page) ([]*Page, []*Page) {
	switch {
	case q.FM.Hidden || q.FM.Draft:
	case q.Kind == KindArticle && !llmsListed(q):
	case q.Kind == KindArticle && q.FM.LLMS == "optional":
		optional = append(optional, q)
	case q.Kind == KindArticle:
		regular = append(regular, q)
	default:
		at := len(regular)
		for _, k := range q.Children {
			regular, optional = listedUnder(k, folders, regular, optional)
		}
		if folders && len(regular) > at {
			regular = slices.Insert(regular, at, q)
		}
	}
	return regular, optional
}

// llmsIntro explains the conventions once, at the top of the root file.
func (s *Site) llmsIntro() string {
	return fmt.Sprintf("Every page of this help center has a markdown version: replace the trailing slash of its URL with .md "+
		"(for example [the home page](%s)). Append llms.txt to any folder or page URL for an index of just that part. "+
		"The full text of every article is at %s, and each category's at its URL followed by llms-full.txt "+
		"(in parts of about 100k tokens each when larger, listed in that file).",
		mdDest(s.absURL(s.Config.BasePath+"index.md")), s.absURL(s.Config.BasePath+"llms-full.txt"))
}

// folderLLMS is the llms.txt of a folder page (home, category, section):
// one H2 per child folder listing it, the folders below it and its
// articles, the folder's own articles under one H2, optional articles
// last. When that passes the budget, each child folder is listed by its
// twin and its own llms.txt instead and the folder's own
// articles lose their notes; when even that is too long, the list of its
// own articles stops at the budget and points at the folder's markdown
// twin, which lists them all.
func (s *Site) folderLLMS(f *Page) []byte {
	// Every folder file has a line of text after its summary: the
	// reference parser loses the summary (or fails) without one.
	intro := "The articles below are listed in reading order; each link is the article's markdown version, and the folder's own index is " + s.twinAbs(f) + "."
	if f.Kind == KindCategory {
		intro += " The full text of its articles is at " + s.absURL(f.URL+"llms-full.txt") + "."
	}
	if f.Kind == KindHome {
		intro = s.llmsIntro()
	}
	summary := f.Description
	if summary == "" {
		// The "> summary" is optional in llmstxt.org's format, but
		// checkers (afdocs's llms-txt-valid) warn without one.
		summary = "The articles of " + oneLine(f.Title) + ", each linked to its markdown version."
	}
	for _, level := range []int{llmsFull, llmsCompact} {
		if out := s.folderLLMSWith(f, summary, intro, level); len(out) < llmsBudget {
			return out
		}
	}
	return s.folderLLMSWith(f, summary, intro, llmsCapped)
}

// How much a folder's llms.txt lists.
const (
	llmsFull    = iota // every article below, with notes
	llmsCompact        // child folders by their llms.txt; own articles without notes
	llmsCapped         // as compact, own articles cut off at the budget
)

func (s *Site) folderLLMSWith(f *Page, summary, intro string, level int) []byte {
	compact := level != llmsFull
	d := newLLMSDoc(f.Title, summary, intro)
	var direct, optional []*Page
	for _, c := range f.Children {
		if c.FM.Hidden || c.FM.Draft {
			continue
		}
		if c.Kind == KindArticle {
			if !llmsListed(c) {
				continue
			}
			if c.FM.LLMS == "optional" {
				optional = append(optional, c)
			} else {
				direct = append(direct, c)
			}
			continue
		}
		reg, opt := articlesBelow(c)
		optional = append(optional, opt...)
		if len(reg) == 0 && !compact {
			continue
		}
		d.section(c.Title)
		if compact {
			// The folder's twin as well as its llms.txt: every page
			// of the sitemap is then one link away from the root.
			d.item(c.Title, s.twinAbs(c), c.Description)
			d.item(c.Title+" (index)", s.absURL(c.URL+"llms.txt"), fmt.Sprintf("%s %d articles.", strings.TrimSpace(c.Description), len(reg)))
			continue
		}
		// Folders (the category, its sections) are listed too, each
		// before its articles: their twins list what they hold, and
		// a check of llms.txt against the sitemap finds every page.
		entries, _ := entriesBelow(c)
		for _, a := range entries {
			d.item(a.Title, s.twinAbs(a), a.Description)
		}
	}
	if len(direct) > 0 {
		name := "Articles"
		if f.Kind == KindHome {
			name = "General"
		}
		d.section(name)
		for i, a := range direct {
			note := a.Description
			if compact {
				note = ""
			}
			if level == llmsCapped && d.b.Len() > llmsBudget-1000 {
				d.item(fmt.Sprintf("All %d articles of %s", len(direct), f.Title), s.twinAbs(f),
					fmt.Sprintf("the %d not listed here, with the rest", len(direct)-i))
				break
			}
			d.item(a.Title, s.twinAbs(a), note)
		}
	}
	if f.Kind == KindHome {
		s.languagesNote(d)
	}
	if len(optional) > 0 && !compact {
		d.b.WriteString("\n## Optional\n\n")
		for _, a := range optional {
			d.item(a.Title, s.twinAbs(a), a.Description)
		}
	}
	return d.bytes()
}

// articleLLMS is an article's page-level index: its headings as links to
// anchors of its twin, then related articles and backlinks.
func (s *Site) articleLLMS(p *Page) []byte {
	d := newLLMSDoc(p.Title, p.Description, "The full article is at "+s.twinAbs(p)+".")
	twin := s.twinAbs(p)
	if len(p.Headings) > 0 {
		d.section("Contents")
		for _, h := range p.Headings {
			if h.Level <= 3 {
				title := h.Text
				if h.Level == 3 {
					title = "· " + title // keeps the outline visible without nesting, which the format has no syntax for
				}
				d.item(title, twin+"#"+h.ID, "")
			}
		}
	}
	if rel := filterLLMS(p.Related); len(rel) > 0 {
		d.section("Related articles")
		for _, r := range rel {
			d.item(r.Title, s.twinAbs(r), r.Description)
		}
	}
	if back := filterLLMS(p.Backlinks); len(back) > 0 {
		d.section("Articles that link here")
		for _, r := range back {
			d.item(r.Title, s.twinAbs(r), r.Description)
		}
	}
	return d.bytes()
}

func filterLLMS(ps []*Page) []*Page {
	var out []*Page
	for _, p := range ps {
		if llmsListed(p) {
			out = append(out, p)
		}
	}
	return out
}

// llmsFullBudget is about 100k tokens, at the four bytes a token the
// build summary counts: a category whose full text would pass it is
// split below, one file per child folder, so that each part fits an
// agent's context. The site's own llms-full.txt stays whole: by
// llmstxt.org's convention it is everything.
const llmsFullBudget = 400_000

// fullFile is one llms-full.txt: the folder it is for, its output path
// below the base path and, when the folder's text passes the budget, the
// child folders whose own files hold the rest (the folder's file then has
// its own articles and a list of those parts). Top is the category's
// path for a part, "" for the root and the categories.
type fullFile struct {
	page  *Page
	name  string
	parts []fullPart
	top   string
}

// fullPart is a folder whose own llms-full.txt holds part of a split
// one: how many articles, and how many bytes of entries, it has.
type fullPart struct {
	page            *Page
	articles, bytes int
}

// fullTextFiles plans the llms-full.txt files from the twins' sizes:
// the root's, each category's in site order, each followed by its parts,
// depth first. A folder's size comes from the walk its file is made
// from (articlesBelow).
func (s *Site) fullTextFiles(twins map[*Page][]byte) []fullFile {
	return s.fullTextFilesSized(func(a *Page) int { return s.fullEntrySize(a, twins) })
}

// fullTextFilesSized is fullTextFiles with size giving the bytes an
// article adds to an llms-full.txt (fullEntrySize; patch keeps the
// headers' sizes).
func (s *Site) fullTextFilesSized(size func(a *Page) int) []fullFile {
	measure := func(f *Page) fullPart {
		reg, opt := articlesBelow(f)
		m := fullPart{page: f, articles: len(reg) + len(opt)}
		for _, a := range append(reg, opt...) {
			m.bytes += size(a)
		}
		return m
	}
	files := []fullFile{{page: s.Home, name: "llms-full.txt"}}
	var visit func(m fullPart, top string)
	visit = func(m fullPart, top string) {
		f := m.page
		ff := fullFile{page: f, name: strings.TrimPrefix(f.URL, s.Config.BasePath) + "llms-full.txt", top: top}
		if top == "" {
			top = ff.name
		}
		if m.bytes > llmsFullBudget {
			for _, c := range f.Children {
				if c.Kind != KindArticle && !c.FM.Hidden && !c.FM.Draft {
					if part := measure(c); part.articles > 0 {
						ff.parts = append(ff.parts, part)
					}
				}
			}
		}
		files = append(files, ff)
		for _, part := range ff.parts {
			visit(part, top)
		}
	}
	for _, f := range s.Pages {
		if f.Kind == KindCategory {
			visit(measure(f), "")
		}
	}
	return files
}

// fullText concatenates the twins of every llms-listed article at or below
// the folder, in sidebar order, each preceded by its title and absolute
// URL; a split folder's file lists its parts first and then holds only
// its own articles.
func (s *Site) fullText(ff fullFile, twins map[*Page][]byte) []byte {
	f := ff.page
	var all, opt []*Page
	for _, c := range f.Children {
		if ff.parts == nil || c.Kind == KindArticle {
			all, opt = listedUnder(c, false, all, opt)
		}
	}
	all = append(all, opt...)
	size := 256
	for _, a := range all {
		size += len(twins[a]) + 256
	}
	b := bytes.NewBuffer(make([]byte, 0, size)) // one allocation: these files are the largest a build writes
	b.WriteString("# " + oneLine(f.Title) + " (full text)\n")
	if f.Description != "" {
		b.WriteString("\n> " + oneLine(f.Description) + "\n")
	}
	if ff.parts != nil {
		own := "It has no articles of its own."
		if len(all) > 0 {
			own = "The articles directly in it follow the list."
		}
		fmt.Fprintf(b, "\nThe full text of %s passes about %dk tokens, so it is in parts, one for each of its folders below. %s\n\n",
			oneLine(f.Title), llmsFullBudget/4000, own)
		for _, part := range ff.parts {
			c := part.page
			writeLLMSItem(b, c.Title, s.absURL(c.URL+"llms-full.txt"), fmt.Sprintf("%d articles, about %s tokens", part.articles, approxK(part.bytes/4)))
		}
	}
	for _, a := range all {
		b.WriteString(s.fullEntryHeader(a))
		b.Write(stripNotice(twins[a]))
	}
	return b.Bytes()
}

// fullEntryHeader starts an article's entry in an llms-full.txt.
func (s *Site) fullEntryHeader(a *Page) string {
	return fmt.Sprintf("\n---\n\nTitle: %s\nURL: %s\nMarkdown: %s\n\n", oneLine(a.Title), s.absURL(a.URL), s.twinAbs(a))
}

// fullEntrySize is the bytes an article adds to an llms-full.txt.
func (s *Site) fullEntrySize(a *Page, twins map[*Page][]byte) int {
	return len(s.fullEntryHeader(a)) + len(stripNotice(twins[a]))
}

// approxK is a token count as the parts list gives it: 950, 12k.
func approxK(n int) string {
	if n < 1000 {
		return strconv.Itoa(n)
	}
	return strconv.Itoa((n+500)/1000) + "k"
}

// stripNotice drops the agent notice from a twin, for llms-full.txt.
func stripNotice(t []byte) []byte {
	if bytes.HasPrefix(t, []byte("> For AI agents:")) {
		if i := bytes.Index(t, []byte("\n\n")); i >= 0 {
			return t[i+2:]
		}
	}
	return t
}
