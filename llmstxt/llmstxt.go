// Package llmstxt parses llms.txt files strictly, by the grammar of
// https://llmstxt.org:
//
//	# Title                                     required, the first line
//
//	> Short summary                             optional, one line
//
//	Details: paragraphs, lists, code …          optional, no headings
//
//	## Section                                  zero or more, names unique
//
//	- [Link title](https://url): Optional notes one line each
//
//	## Optional                                 optional, last
//
//	- [Link title](https://url)
//
// Strict means that Parse reports, with its line and column, everything
// a markdown reader and the reference parser (llms_txt's miniparse.py,
// which splits the file with regular expressions) would read
// differently: headings other than the H1 and H2s, content other than
// link items in a section, "]" in link text, "(", ")" or spaces in URLs,
// two sections with one name (the reference parser keeps only the last),
// "## Optional" before another section, relative URLs, and lines
// starting with "##" that the reference parser would take for a section.
// Trailing whitespace is fine.
//
// Parse never stops at the first problem: it returns the File as well
// as it could read it together with every Error, sorted by position.
// Parse is safe for concurrent use; it keeps no state between calls.
package llmstxt

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"
)

// File is an llms.txt file, parsed.
type File struct {
	Title    string    // the H1's text
	Summary  string    // the blockquote's text, "" when there is none
	Details  string    // the markdown between the summary and the first H2, as written, blank lines trimmed
	Sections []Section // in file order
}

// Section is an H2 and its file list.
type Section struct {
	Name  string
	Line  int // 1-based line of the "## Name" heading
	Links []Link
}

// Optional reports whether the section is the "Optional" one, whose
// links readers may skip when context is short.
func (s Section) Optional() bool { return s.Name == "Optional" }

// Link is one "- [Title](URL): Notes" item.
type Link struct {
	Title string
	URL   string // as written
	Notes string // "" when the item has none
	Line  int    // 1-based line of the item
	Col   int    // 1-based byte column of the URL's first byte
}

// Error is one problem found by Parse. Line and Col are 1-based, Col
// counts bytes, as in go/token.
type Error struct {
	Line, Col int
	Rule      string // a rule id such as "section/duplicate"; see Rules
	Msg       string
}

func (e Error) Error() string { return fmt.Sprintf("%d:%d: %s: %s", e.Line, e.Col, e.Rule, e.Msg) }

// Rules lists every rule id Parse reports, with what it checks.
var Rules = map[string]string{
	"text/encoding":         "the file is UTF-8 without a byte order mark or control characters other than tab",
	"h1/missing":            "the file has an H1 (# Title)",
	"h1/first":              "nothing but blank lines comes before the H1",
	"h1/empty":              "the H1 has text",
	"h1/multiple":           "there is one H1",
	"heading/level":         "there are no headings other than the H1 and H2s (no H3 to H6)",
	"heading/indent":        "headings start at column 1, where the reference parser looks for them",
	"heading/space":         "a line starting with # is a heading with a space after the #s; the reference parser reads ##x as a section",
	"heading/setext":        "no underlined (setext) headings, which markdown readers see and the reference parser does not",
	"summary/empty":         "the summary blockquote has text",
	"summary/lines":         "the summary is one line; the reference parser keeps only the first",
	"fence/unclosed":        "every code fence is closed",
	"fence/h2":              "no line of a code fence starts with ##, which the reference parser reads as a section",
	"section/empty":         "every H2 has a name",
	"section/duplicate":     "H2 names are unique; the reference parser keeps only the last of two equal names",
	"section/optional-last": "## Optional, when present, is the last section",
	"section/content":       "sections hold only link items and blank lines",
	"link/form":             "a section item is one line: - [title](url) or - [title](url): notes",
	"link/text":             "link text is not empty and has no [ or ] and does not end in a backslash",
	"link/url-empty":        "the URL is not empty",
	"link/url-chars":        "the URL has no unencoded (, ), spaces, backslashes or leading <",
	"link/url-scheme":       "the URL is absolute http or https (or, when Options.Relative is set, has no scheme)",
}

// Options configure a Parser.
type Options struct {
	// Relative accepts URLs without a scheme ("/billing.md",
	// "refunds.md"), for sites that do not know their own address.
	Relative bool
}

// Parse parses src with the default Options: only absolute http(s) URLs.
func Parse(src []byte) (*File, []Error) { return Options{}.Parse(src) }

// Parse parses src. It always returns a File, possibly incomplete, and
// every problem found, sorted by position.
func (o Options) Parse(src []byte) (*File, []Error) {
	p := &parser{opts: o, src: src, f: &File{}, names: map[string]int{}}
	p.run()
	sort.SliceStable(p.errs, func(i, j int) bool {
		a, b := p.errs[i], p.errs[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return p.f, p.errs
}

// line is one line of the source: [start,end) excludes the newline and a
// carriage return before it.
type line struct {
	n          int // 1-based
	start, end int
	text       string
}

type mode int

const (
	modePre     mode = iota // before the H1
	modeTitle               // after the H1, before the summary or details
	modeDetails             // details, up to the first H2
	modeSection             // inside an H2 section
)

type parser struct {
	opts  Options
	src   []byte
	f     *File
	errs  []Error
	lines []line

	mode     mode
	titled   bool
	preLine  int // first line of content before the H1, 0 when none
	details  []string
	names    map[string]int // section name → line of its first H2
	fence    *fenceOpen     // the open code fence, nil outside fences
	lastItem bool           // the previous non-blank line of the section was a link item
	inJunk   bool           // inside a run of non-item lines in a section, already reported
	paraPrev bool           // the previous details line was paragraph text (for setext underlines)
	skipTo   int            // lines up to this one were consumed by the summary
}

type fenceOpen struct {
	ch   byte
	n    int
	line line
}

func (p *parser) errorf(ln line, off int, rule, format string, args ...any) {
	col := off - ln.start + 1
	if col < 1 {
		col = 1
	}
	p.errs = append(p.errs, Error{Line: ln.n, Col: col, Rule: rule, Msg: fmt.Sprintf(format, args...)})
}

func (p *parser) split() {
	n := 1
	for start := 0; start <= len(p.src); n++ {
		end := start
		for end < len(p.src) && p.src[end] != '\n' {
			end++
		}
		next := end + 1
		if end > start && p.src[end-1] == '\r' {
			end--
		}
		p.lines = append(p.lines, line{n: n, start: start, end: end, text: string(p.src[start:end])})
		if next > len(p.src) {
			break
		}
		start = next
		if start == len(p.src) {
			break // a final newline ends the last line; it does not start one
		}
	}
}

func (p *parser) run() {
	p.split()
	for _, ln := range p.lines {
		p.checkEncoding(ln)
	}
	for _, ln := range p.lines {
		p.line(ln)
	}
	if p.fence != nil {
		p.errorf(p.fence.line, p.fence.line.start, "fence/unclosed", "code fence opened here is never closed")
	}
	d := p.details
	for len(d) > 0 && blank(d[0]) {
		d = d[1:]
	}
	for len(d) > 0 && blank(d[len(d)-1]) {
		d = d[:len(d)-1]
	}
	p.f.Details = strings.Join(d, "\n")
	if !p.titled {
		first := p.lines[0]
		p.errorf(first, first.start, "h1/missing", "the file has no H1; it must start with \"# Title\"")
	}
	for i, s := range p.f.Sections {
		if s.Optional() && i < len(p.f.Sections)-1 {
			ln := p.lines[s.Line-1]
			p.errorf(ln, ln.start, "section/optional-last", "## Optional is followed by ## %s (line %d); Optional must be the last section",
				p.f.Sections[i+1].Name, p.f.Sections[i+1].Line)
		}
	}
}

// checkEncoding reports the first encoding problem of a line.
func (p *parser) checkEncoding(ln line) {
	if ln.n == 1 && strings.HasPrefix(ln.text, "\ufeff") {
		p.errorf(ln, ln.start, "text/encoding", "byte order mark: the reference parser would not find the H1")
		return
	}
	for i := 0; i < len(ln.text); {
		r, size := utf8.DecodeRuneInString(ln.text[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			p.errorf(ln, ln.start+i, "text/encoding", "invalid UTF-8")
			return
		case r < 0x20 && r != '\t' || r == 0x7f:
			p.errorf(ln, ln.start+i, "text/encoding", "control character %U", r)
			return
		}
		i += size
	}
}

// heading is an ATX heading line.
type heading struct {
	level  int
	indent int
	text   string // trimmed, closing #s removed
	off    int    // byte offset of the first #
}

// atx reads an ATX heading: up to 3 spaces, 1 to 6 #, then a space, a
// tab or the end of the line.
func atx(ln line) (heading, bool) {
	s := ln.text
	ind := 0
	for ind < len(s) && ind < 4 && s[ind] == ' ' {
		ind++
	}
	if ind > 3 {
		return heading{}, false
	}
	n := 0
	for ind+n < len(s) && s[ind+n] == '#' {
		n++
	}
	if n == 0 || n > 6 {
		return heading{}, false
	}
	rest := s[ind+n:]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return heading{}, false
	}
	return heading{level: n, indent: ind, text: headingText(rest), off: ln.start + ind}, true
}

// headingText trims a heading's text and removes its closing sequence
// of #s, which CommonMark allows when a space or tab precedes it.
func headingText(s string) string {
	s = strings.Trim(s, " \t")
	t := strings.TrimRight(s, "#")
	if t == "" {
		return ""
	}
	if t != s && (t[len(t)-1] == ' ' || t[len(t)-1] == '\t') {
		return strings.TrimRight(t, " \t")
	}
	return s
}

func blank(s string) bool { return strings.Trim(s, " \t") == "" }

// fenceStart reads an opening code fence: up to 3 spaces, then 3 or more
// backticks or tildes; a backtick fence's info string has no backtick.
func fenceStart(s string) (ch byte, n int, ok bool) {
	ind := 0
	for ind < len(s) && ind < 4 && s[ind] == ' ' {
		ind++
	}
	if ind > 3 || ind >= len(s) || (s[ind] != '`' && s[ind] != '~') {
		return 0, 0, false
	}
	ch = s[ind]
	for ind+n < len(s) && s[ind+n] == ch {
		n++
	}
	if n < 3 || ch == '`' && strings.IndexByte(s[ind+n:], '`') >= 0 {
		return 0, 0, false
	}
	return ch, n, true
}

// fenceEnd reports whether s closes a fence of n ch characters.
func fenceEnd(s string, ch byte, n int) bool {
	ind := 0
	for ind < len(s) && ind < 4 && s[ind] == ' ' {
		ind++
	}
	if ind > 3 {
		return false
	}
	k := 0
	for ind+k < len(s) && s[ind+k] == ch {
		k++
	}
	return k >= n && blank(s[ind+k:])
}

// setextUnderline reports whether s is a line of = or - that would turn
// the paragraph line above it into a heading.
func setextUnderline(s string) bool {
	t := strings.TrimLeft(s, " ")
	if len(s)-len(t) > 3 {
		return false
	}
	t = strings.TrimRight(t, " \t")
	if t == "" {
		return false
	}
	return strings.Trim(t, "=") == "" || strings.Trim(t, "-") == ""
}

// paragraphText reports whether s continues or starts a paragraph, as
// opposed to a list item, quote, fence, table delimiter and so on; used
// only to recognise setext underlines.
func paragraphText(s string) bool {
	t := strings.TrimLeft(s, " ")
	if blank(s) || len(s)-len(t) > 3 {
		return false
	}
	switch t[0] {
	case '>', '-', '*', '+', '#', '`', '~', '|', '<', '=':
		return false
	}
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i > 0 && i < len(t) && (t[i] == '.' || t[i] == ')') {
		return false
	}
	return true
}

func (p *parser) line(ln line) {
	if ln.n <= p.skipTo {
		return
	}
	// Inside a code fence: only its end, and lines the reference
	// parser would take for sections, matter.
	if p.fence != nil {
		if fenceEnd(ln.text, p.fence.ch, p.fence.n) {
			p.fence = nil
		} else if strings.HasPrefix(ln.text, "##") {
			p.errorf(ln, ln.start, "fence/h2", "line in a code fence starts with ##: the reference parser reads it as a section")
		}
		if p.mode == modeDetails {
			p.details = append(p.details, ln.text)
		}
		return
	}
	h, isHeading := atx(ln)
	if isHeading && h.indent > 0 {
		p.errorf(ln, ln.start, "heading/indent", "indented heading: the reference parser only sees headings that start at column 1")
	}
	if !isHeading && strings.HasPrefix(ln.text, "#") {
		if strings.HasPrefix(ln.text, "##") {
			p.errorf(ln, ln.start, "heading/space", "line starts with ## but is not a heading: the reference parser reads it as a section; put a space after the #s or escape the first #")
		} else if p.mode == modePre {
			p.errorf(ln, ln.start, "heading/space", "line starts with # but is not a heading: put a space after the #")
		}
	}
	if isHeading && h.level == 2 && p.mode != modePre && h.indent == 0 {
		p.startSection(ln, h)
		return
	}
	switch p.mode {
	case modePre:
		p.pre(ln, h, isHeading)
	case modeTitle:
		if blank(ln.text) {
			return
		}
		if t := strings.TrimLeft(ln.text, " "); strings.HasPrefix(t, ">") && len(ln.text)-len(t) <= 3 {
			p.summary(ln)
			return
		}
		p.mode = modeDetails
		p.detailsLine(ln, h, isHeading)
	case modeDetails:
		p.detailsLine(ln, h, isHeading)
	case modeSection:
		p.sectionLine(ln, h, isHeading)
	}
}

func (p *parser) pre(ln line, h heading, isHeading bool) {
	if blank(ln.text) {
		return
	}
	if isHeading && h.level == 1 {
		if p.preLine > 0 {
			first := p.lines[p.preLine-1]
			p.errorf(first, first.start, "h1/first", "content before the H1 (line %d): the file must start with \"# Title\"", ln.n)
		}
		p.titled = true
		p.f.Title = h.text
		if h.text == "" {
			p.errorf(ln, h.off, "h1/empty", "the H1 has no text")
		}
		p.mode = modeTitle
		return
	}
	if isHeading && h.level == 2 {
		// A file without an H1: read the sections all the same.
		p.startSection(ln, h)
		return
	}
	if p.preLine == 0 {
		p.preLine = ln.n
	}
}

// summary reads the blockquote after the H1.
func (p *parser) summary(ln line) {
	t := strings.TrimLeft(ln.text, " ")
	t = strings.Trim(t[1:], " \t")
	if t == "" {
		p.errorf(ln, ln.start, "summary/empty", "the summary blockquote has no text")
	} else {
		p.f.Summary = t
	}
	// The lines after it, up to a blank line, belong to the blockquote
	// (lazily, in CommonMark). The reference parser keeps one line.
	i := ln.n // index of the next line
	if i < len(p.lines) && !blank(p.lines[i].text) {
		next := p.lines[i]
		p.errorf(next, next.start, "summary/lines", "the summary continues on a second line: the reference parser keeps only the first; make it one line")
		// Consume the rest of the quote so it does not become details.
		for i < len(p.lines) && !blank(p.lines[i].text) {
			i++
		}
		p.skipTo = i // line numbers are 1-based: this is the last line of the quote

	}
	p.mode = modeDetails
}

func (p *parser) detailsLine(ln line, h heading, isHeading bool) {
	p.details = append(p.details, ln.text)
	prevPara := p.paraPrev
	p.paraPrev = false
	switch {
	case isHeading && h.level == 1:
		p.errorf(ln, h.off, "h1/multiple", "second H1: a file has one H1, its title")
		return
	case isHeading && h.level == 2: // indented, reported above
		return
	case isHeading:
		p.errorf(ln, h.off, "heading/level", "H%d in the details: only the H1 and H2 sections may be headings", h.level)
		return
	}
	if ch, n, ok := fenceStart(ln.text); ok {
		p.fence = &fenceOpen{ch: ch, n: n, line: ln}
		return
	}
	if prevPara && setextUnderline(ln.text) {
		p.errorf(ln, ln.start, "heading/setext", "underlined heading: markdown readers see a heading the reference parser does not; write the text as a paragraph")
		return
	}
	p.paraPrev = paragraphText(ln.text) || prevPara && !blank(ln.text)
}

func (p *parser) startSection(ln line, h heading) {
	p.mode = modeSection
	p.lastItem, p.inJunk = false, false
	if h.text == "" {
		p.errorf(ln, h.off, "section/empty", "the H2 has no name")
	}
	if first, ok := p.names[h.text]; ok && h.text != "" {
		p.errorf(ln, h.off, "section/duplicate", "second section named %q (the first is on line %d): the reference parser keeps only the last", h.text, first)
	} else {
		p.names[h.text] = ln.n
	}
	p.f.Sections = append(p.f.Sections, Section{Name: h.text, Line: ln.n})
}

func (p *parser) sectionLine(ln line, h heading, isHeading bool) {
	if blank(ln.text) {
		p.inJunk = false
		return
	}
	switch {
	case isHeading && h.level == 1:
		p.errorf(ln, h.off, "h1/multiple", "second H1: a file has one H1, its title")
		p.lastItem, p.inJunk = false, false
		return
	case isHeading && h.level == 2: // indented, reported as heading/indent
		p.lastItem, p.inJunk = false, false
		return
	case isHeading:
		p.errorf(ln, h.off, "heading/level", "H%d inside a section: sections hold only link items", h.level)
		p.lastItem, p.inJunk = false, false
		return
	}
	if ch, n, ok := fenceStart(ln.text); ok {
		p.fence = &fenceOpen{ch: ch, n: n, line: ln}
		p.errorf(ln, ln.start, "section/content", "code block inside a section: sections hold only link items")
		p.lastItem, p.inJunk = false, true
		return
	}
	if ln.text[0] == ' ' || ln.text[0] == '\t' {
		if p.lastItem {
			p.errorf(ln, ln.start, "link/form", "indented line after a link item: an item must fit on one line")
			p.inJunk = true
			return
		}
	}
	if p.item(ln) {
		p.lastItem, p.inJunk = true, false
		return
	}
	p.lastItem = false
}

// bulletItem reports whether s starts like a markdown list item.
func bulletItem(s string) bool {
	t := strings.TrimLeft(s, " \t")
	if len(t) >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && (t[1] == ' ' || t[1] == '\t') {
		return true
	}
	if t == "-" || t == "*" || t == "+" {
		return true
	}
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	return i > 0 && i < 10 && i < len(t) && (t[i] == '.' || t[i] == ')')
}

// item reads one section line as a link item and reports whether it was
// one (even a faulty one: errors have been recorded). A line that is not
// a list item at all is reported once per paragraph as section content.
func (p *parser) item(ln line) bool {
	s := ln.text
	if !bulletItem(s) {
		if !p.inJunk {
			p.errorf(ln, ln.start, "section/content", "text inside a section: sections hold only \"- [title](url): notes\" items")
			p.inJunk = true
		}
		return false
	}
	p.inJunk = false
	if s[0] == ' ' || s[0] == '\t' {
		p.errorf(ln, ln.start, "link/form", "indented list item: items start at column 1 (markdown readers would nest it)")
		return true
	}
	if s[0] != '-' {
		p.errorf(ln, ln.start, "link/form", "list item with %q: use \"- \", which the reference parser requires", strings.SplitN(s, " ", 2)[0])
		return true
	}
	i := 1
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i >= len(s) || s[i] != '[' {
		p.errorf(ln, ln.start+i, "link/form", "expected [title](url) after \"- \"")
		return true
	}
	open := i
	rel := strings.Index(s[open:], "](")
	if rel < 0 {
		p.errorf(ln, ln.start+open, "link/form", "expected [title](url): no \"](\" on the line")
		return true
	}
	close := open + rel
	title := s[open+1 : close]
	ok := true
	switch {
	case title == "":
		p.errorf(ln, ln.start+open, "link/text", "empty link text")
		ok = false
	case strings.ContainsAny(title, "[]"):
		j := strings.IndexAny(title, "[]")
		p.errorf(ln, ln.start+open+1+j, "link/text", "%q in link text: the reference parser and markdown readers split the link differently; replace it", title[j:j+1])
		ok = false
	case trailingBackslashes(title)%2 == 1:
		p.errorf(ln, ln.start+close-1, "link/text", "link text ends in a backslash, which escapes the ]")
		ok = false
	}
	// The destination runs to the ) that balances the opening (, as in
	// CommonMark; any ( or ) inside is reported.
	us := close + 2
	depth, ue := 0, -1
	for j := us; j < len(s) && ue < 0; j++ {
		switch s[j] {
		case '\\':
			j++
		case '(':
			depth++
		case ')':
			if depth == 0 {
				ue = j
			} else {
				depth--
			}
		}
	}
	if ue < 0 {
		p.errorf(ln, ln.start+close+1, "link/form", "the ( after the link text is never closed")
		return true
	}
	u := s[us:ue]
	if !p.checkURL(ln, us, u) {
		ok = false
	}
	var notes string
	rest := s[ue+1:]
	switch {
	case blank(rest):
	case rest[0] == ':':
		notes = strings.Trim(rest[1:], " \t")
	default:
		p.errorf(ln, ln.start+ue+1, "link/form", "text after the link: write \": notes\" right after the )")
		ok = false
	}
	if ok {
		sec := &p.f.Sections[len(p.f.Sections)-1]
		sec.Links = append(sec.Links, Link{Title: title, URL: u, Notes: notes, Line: ln.n, Col: us + 1})
	}
	return true
}

func trailingBackslashes(s string) int {
	n := 0
	for n < len(s) && s[len(s)-1-n] == '\\' {
		n++
	}
	return n
}

// checkURL reports the problems of a link destination u, which starts at
// byte off of the line.
func (p *parser) checkURL(ln line, off int, u string) bool {
	at := func(j int) int { return ln.start + off + j }
	if u == "" {
		p.errorf(ln, at(0), "link/url-empty", "empty URL")
		return false
	}
	if u[0] == '<' {
		p.errorf(ln, at(0), "link/url-chars", "URL in <>: the reference parser keeps the brackets; percent-encode instead")
		return false
	}
	if j := strings.IndexAny(u, "() \t\\"); j >= 0 {
		enc := map[byte]string{'(': "%28", ')': "%29", ' ': "%20", '\t': "%09", '\\': "%5C"}[u[j]]
		p.errorf(ln, at(j), "link/url-chars", "unencoded %q in URL: write %s", u[j:j+1], enc)
		return false
	}
	pu, err := url.Parse(u)
	if err != nil {
		p.errorf(ln, at(0), "link/url-chars", "URL does not parse: %s", strings.TrimPrefix(err.Error(), "parse "+fmt.Sprintf("%q", u)+": "))
		return false
	}
	switch {
	case pu.Scheme == "http" || pu.Scheme == "https":
		if pu.Host == "" {
			p.errorf(ln, at(0), "link/url-scheme", "%s URL without a host", pu.Scheme)
			return false
		}
	case pu.Scheme == "" && p.opts.Relative:
	case pu.Scheme == "":
		p.errorf(ln, at(0), "link/url-scheme", "relative URL: llms.txt links are absolute http(s) URLs")
		return false
	default:
		p.errorf(ln, at(0), "link/url-scheme", "%s: URL: llms.txt links are http(s)", pu.Scheme)
		return false
	}
	return true
}
