// Package agentcheck checks, offline, what a built kb site offers AI
// agents: the llms.txt files, the markdown twins of pages and the links
// between them. It reads only the output folder, so it checks what a
// host will serve rather than what the builder meant to write.
//
// The rules, and their severities:
//
//	llms/syntax      error    an llms.txt breaks the llmstxt.org grammar (see package llmstxt)
//	llms/size        error    an llms.txt is larger than LLMSBudget bytes
//	llms/missing     error    a page has no llms.txt beside it, the site no /llms.txt or
//	                          /llms-full.txt, or a category no llms-full.txt
//	link/broken      error    a link in an llms file or twin names a file the output lacks
//	                          (a warning for bare URLs in running text)
//	link/redirect    warning  a link reaches its file only through _redirects
//	link/anchor      warning  a link's #fragment is no id of the page it names
//	twin/missing     error    a page has no markdown twin (a.md and a/index.md), or the two differ
//	twin/alternate   error    a page has no <link rel="alternate" type="text/markdown">,
//	                          or it does not lead to the page's twin
//	twin/size        error    a twin is larger than TwinBudget bytes
//	twin/fence       error    a twin or llms-full.txt leaves a code fence open
//	twin/parity      error    the words of an article's twin differ from those of its HTML
//
// What is a page: every index.html that is not a redirect (a meta
// refresh) and not kept out of search engines (robots noindex, as kb's
// search page is: it has no twin or llms.txt of its own). Which pages are articles and categories comes from the
// theme's <body class="kind-…">; the article body is the element with
// class Options.BodyClass ("article-body" in the default theme).
//
// llms-full.txt files have no size budget: they exist to hold everything.
// A folder's index.md that is byte for byte its a.md twin is checked once,
// as a.md, and llms-full.txt files, which repeat the twins, report only
// link problems no twin has reported. A file that cannot be read is an
// llms/missing error.
//
// Check is safe for concurrent use; it keeps no state between calls.
package agentcheck

import (
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/yuin/goldmark"

	"github.com/kbhelp/kb/llmstxt"
)

// Size budgets. Sizes are counted in bytes, which for English text is
// about the number of characters, and a quarter of it about the number
// of tokens.
const (
	// LLMSBudget is the size an llms.txt stays under: 50,000 bytes, the
	// same budget past which kb's builder lists a folder's subfolders
	// by their own llms.txt instead of every article.
	LLMSBudget = 50_000
	// TwinBudget is the size a page's markdown twin stays under:
	// 100,000 bytes, about 25,000 tokens, a fifth of a typical agent's
	// context. A longer page should be split for people too.
	TwinBudget = 100_000
)

// Options say how to read an output folder.
type Options struct {
	// BaseURL is the absolute URL the site is served at
	// ("https://help.example.com/docs/"). Absolute links under it are
	// checked against the output's files; other absolute links are
	// external and not checked. When empty, it is read from the
	// canonical link of the root index.html; when that is missing too,
	// only site-relative links are checked and llms.txt files may use
	// them.
	BaseURL string
	// BasePath is the path the output folder is served at ("/docs/").
	// When empty it is BaseURL's path, or "/".
	BasePath string
	// BodyClass is the class of the element holding an article's body
	// in its HTML; "article-body" when empty.
	BodyClass string
}

// Finding is one problem. Path is slash-separated and relative to the
// output folder; Line and Col are 1-based, Col counts bytes.
type Finding struct {
	Path      string
	Line, Col int
	Rule      string
	Warning   bool // false: an error
	Msg       string
}

// String formats f as "path:line:col: rule: message", with "warning: "
// before the message of a warning.
func (f Finding) String() string {
	w := ""
	if f.Warning {
		w = "warning: "
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s%s", f.Path, f.Line, f.Col, f.Rule, w, f.Msg)
}

// checker holds one run of Check.
type checker struct {
	fsys      fs.FS
	opts      Options
	base      *url.URL // nil when unknown
	basePath  string   // "/" or "/docs/"
	files     map[string]bool
	redirects map[string]bool // site paths that _redirects sends on
	pages     map[string]*htmlPage
	md        goldmark.Markdown
	findings  []Finding
	reported  map[string]bool // rule and URL of the link findings in twins
}

// Check reads the output folder fsys and returns every finding, sorted by
// path, line, column and rule.
func Check(fsys fs.FS, opts Options) []Finding {
	c := &checker{fsys: fsys, opts: opts, files: map[string]bool{}, redirects: map[string]bool{},
		pages: map[string]*htmlPage{}, md: newMarkdown(), reported: map[string]bool{}}
	if c.opts.BodyClass == "" {
		c.opts.BodyClass = "article-body"
	}
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			c.add(Finding{Path: p, Line: 1, Col: 1, Rule: "llms/missing", Msg: "cannot read: " + err.Error()})
			return nil
		}
		if !d.IsDir() {
			c.files[p] = true
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		c.add(Finding{Path: ".", Line: 1, Col: 1, Rule: "llms/missing", Msg: "cannot read the output folder: " + err.Error()})
	}
	sort.Strings(names)
	c.setBase()
	c.readRedirects()

	if !c.files["llms.txt"] {
		c.add(Finding{Path: "llms.txt", Line: 1, Col: 1, Rule: "llms/missing", Msg: "the site has no /llms.txt"})
	}
	if !c.files["llms-full.txt"] {
		c.add(Finding{Path: "llms-full.txt", Line: 1, Col: 1, Rule: "llms/missing", Msg: "the site has no /llms-full.txt"})
	}
	var full []string
	for _, name := range names {
		base := path.Base(name)
		switch {
		case base == "llms.txt":
			c.checkLLMS(name)
		case base == "llms-full.txt":
			full = append(full, name)
		case strings.HasSuffix(name, ".md"):
			c.checkTwinFile(name)
		case base == "index.html":
			c.checkPage(name)
		}
	}
	// llms-full.txt files repeat the twins: they come last, and report
	// only the link problems no twin has already reported.
	for _, name := range full {
		c.checkFull(name)
	}
	sort.SliceStable(c.findings, func(i, j int) bool {
		a, b := c.findings[i], c.findings[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Msg < b.Msg
	})
	return c.findings
}

func (c *checker) add(f Finding) { c.findings = append(c.findings, f) }

func (c *checker) read(name string) []byte {
	b, err := fs.ReadFile(c.fsys, name)
	if err != nil {
		c.add(Finding{Path: name, Line: 1, Col: 1, Rule: "llms/missing", Msg: "cannot read: " + err.Error()})
		return nil
	}
	return b
}

// setBase works out the base URL and path.
func (c *checker) setBase() {
	raw := c.opts.BaseURL
	if raw == "" && c.files["index.html"] {
		if b, err := fs.ReadFile(c.fsys, "index.html"); err == nil {
			raw = scanPage(b).canonical
		}
	}
	if u, err := url.Parse(raw); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		c.base = u
	}
	c.basePath = c.opts.BasePath
	if c.basePath == "" && c.base != nil {
		c.basePath = c.base.Path
	}
	c.basePath = "/" + strings.Trim(c.basePath, "/") + "/"
	if c.basePath == "//" {
		c.basePath = "/"
	}
}

// readRedirects reads the sources of a Netlify-style _redirects file.
func (c *checker) readRedirects() {
	if !c.files["_redirects"] {
		return
	}
	b, err := fs.ReadFile(c.fsys, "_redirects")
	if err != nil {
		return
	}
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) >= 2 && !strings.HasPrefix(f[0], "#") {
			c.redirects[f[0]] = true
		}
	}
}

// page reads and caches what the checker needs of an HTML file.
func (c *checker) page(name string) *htmlPage {
	if p, ok := c.pages[name]; ok {
		return p
	}
	var p *htmlPage
	if c.files[name] {
		if b, err := fs.ReadFile(c.fsys, name); err == nil {
			p = scanPage(b)
		}
	}
	c.pages[name] = p
	return p
}

// checkLLMS checks one llms.txt: grammar, size and links.
func (c *checker) checkLLMS(name string) {
	src := c.read(name)
	if src == nil {
		return
	}
	_, errs := llmstxt.Options{Relative: c.base == nil}.Parse(src)
	for _, e := range errs {
		c.add(Finding{Path: name, Line: e.Line, Col: e.Col, Rule: "llms/syntax", Msg: e.Msg + " [" + e.Rule + "]"})
	}
	if len(src) > LLMSBudget {
		c.add(Finding{Path: name, Line: 1, Col: 1, Rule: "llms/size",
			Msg: fmt.Sprintf("%d bytes, over the budget of %d: list subfolders by their own llms.txt", len(src), LLMSBudget)})
	}
	c.checkLinks(name, src)
}

// checkFull checks an llms-full.txt: links and fences; it has no budget.
func (c *checker) checkFull(name string) {
	src := c.read(name)
	if src == nil {
		return
	}
	c.checkFences(name, src)
	c.checkLinks(name, src)
}

// checkTwinFile checks any .md file of the output: size, fences, links.
// A folder's index.md that is the same file as its a.md twin is checked
// once, as a.md.
func (c *checker) checkTwinFile(name string) {
	src := c.read(name)
	if src == nil {
		return
	}
	if dir, ok := strings.CutSuffix(name, "/index.md"); ok && c.files[dir+".md"] {
		if b, err := fs.ReadFile(c.fsys, dir+".md"); err == nil && string(b) == string(src) {
			return
		}
	}
	if len(src) > TwinBudget {
		c.add(Finding{Path: name, Line: 1, Col: 1, Rule: "twin/size",
			Msg: fmt.Sprintf("%d bytes, over the budget of %d (about %d tokens): split the page", len(src), TwinBudget, len(src)/4)})
	}
	c.checkFences(name, src)
	c.checkLinks(name, src)
}

func (c *checker) checkFences(name string, src []byte) {
	if off := unclosedFence(src); off >= 0 {
		l, col := lineCol(src, off)
		c.add(Finding{Path: name, Line: l, Col: col, Rule: "twin/fence", Msg: "code fence opened here is never closed: the rest of the file reads as code"})
	}
}

// checkLinks resolves every link of a markdown file.
func (c *checker) checkLinks(name string, src []byte) {
	for _, l := range mdLinks(c.md, src) {
		c.checkLink(name, src, l)
	}
}

func (c *checker) checkLink(name string, src []byte, l mdLink) {
	r := c.resolve(name, l.dest)
	if r.external {
		return
	}
	f := Finding{Path: name}
	switch {
	case r.broken != "":
		f.Rule, f.Msg, f.Warning = "link/broken", fmt.Sprintf("%s: %s", l.dest, r.broken), l.bare
		if l.bare {
			f.Msg += " (a URL in running text)"
		}
	case r.redirect:
		f.Rule, f.Warning, f.Msg = "link/redirect", true, fmt.Sprintf("%s reaches its page only through _redirects: link to where it moved", l.dest)
	case r.fragment != "" && !c.hasID(r.file, r.fragment):
		f.Rule, f.Warning, f.Msg = "link/anchor", true, fmt.Sprintf("%s: no id %q in %s", l.dest, r.fragment, htmlOf(r.file))
	default:
		return
	}
	key := f.Rule + "\x00" + l.dest
	if path.Base(name) == "llms-full.txt" && c.reported[key] {
		return
	}
	c.reported[key] = true
	f.Line, f.Col = lineCol(src, l.off)
	c.add(f)
}

// htmlOf is the HTML page a file stands for: a twin's page, or itself.
func htmlOf(file string) string {
	switch {
	case file == "index.md" || file == "index.html":
		return "index.html"
	case strings.HasSuffix(file, "/index.md"):
		return strings.TrimSuffix(file, "md") + "html"
	case strings.HasSuffix(file, ".md"):
		return strings.TrimSuffix(file, ".md") + "/index.html"
	}
	return file
}

// hasID reports whether the page file stands for has the id; files that
// are not pages have every id.
func (c *checker) hasID(file, id string) bool {
	h := htmlOf(file)
	if !strings.HasSuffix(h, ".html") {
		return true
	}
	p := c.page(h)
	return p == nil || p.ids[id]
}

// checkPage checks one HTML page: its twin, alternate link, llms.txt
// and, for articles, the parity of its words with its twin's.
func (c *checker) checkPage(name string) {
	src := c.read(name)
	if src == nil {
		return
	}
	p := c.page(name)
	if p == nil || p.redirect || p.noindex {
		return
	}
	dir := strings.TrimSuffix(name, "index.html") // "" or "a/b/"
	twins := []string{dir + "index.md"}
	if dir != "" {
		twins = []string{strings.TrimSuffix(dir, "/") + ".md", dir + "index.md"}
	}
	var twin []byte
	for _, t := range twins {
		if !c.files[t] {
			c.add(Finding{Path: name, Line: 1, Col: 1, Rule: "twin/missing", Msg: fmt.Sprintf("no markdown twin %s", t)})
			continue
		}
		b, err := fs.ReadFile(c.fsys, t)
		if err != nil {
			continue
		}
		if twin == nil {
			twin = b
		} else if string(b) != string(twin) {
			c.add(Finding{Path: t, Line: 1, Col: 1, Rule: "twin/missing", Msg: fmt.Sprintf("differs from %s: the two URLs of a twin serve one file", twins[0])})
		}
	}
	if !c.files[dir+"llms.txt"] {
		c.add(Finding{Path: name, Line: 1, Col: 1, Rule: "llms/missing", Msg: fmt.Sprintf("no %sllms.txt for this page", dir)})
	}
	if p.kind == "category" && !c.files[dir+"llms-full.txt"] {
		c.add(Finding{Path: name, Line: 1, Col: 1, Rule: "llms/missing", Msg: fmt.Sprintf("no %sllms-full.txt for this category", dir)})
	}
	c.checkAlternate(name, src, p, twins)
	if twin != nil && p.kind == "article" {
		twinName := twins[0]
		if r := parity(c.md, name, src, twinName, twin, c.opts.BodyClass); r.Finding != nil {
			c.add(*r.Finding)
		}
	}
}

func (c *checker) checkAlternate(name string, src []byte, p *htmlPage, twins []string) {
	if !p.hasAlternate {
		l, col := lineCol(src, p.headOff)
		c.add(Finding{Path: name, Line: l, Col: col, Rule: "twin/alternate", Msg: `no <link rel="alternate" type="text/markdown"> to the page's twin`})
		return
	}
	l, col := lineCol(src, p.alternateOff)
	r := c.resolve(name, p.alternate)
	ok := false
	for _, t := range twins {
		ok = ok || r.file == t
	}
	switch {
	case r.external:
		c.add(Finding{Path: name, Line: l, Col: col, Rule: "twin/alternate", Msg: fmt.Sprintf("alternate link %s leaves the site", p.alternate)})
	case r.broken != "":
		c.add(Finding{Path: name, Line: l, Col: col, Rule: "twin/alternate", Msg: fmt.Sprintf("alternate link %s: %s", p.alternate, r.broken)})
	case !ok:
		c.add(Finding{Path: name, Line: l, Col: col, Rule: "twin/alternate", Msg: fmt.Sprintf("alternate link %s leads to %s, not to %s", p.alternate, r.file, twins[0])})
	}
}

// lineCol turns a byte offset of src into a 1-based line and column.
func lineCol(src []byte, off int) (line, col int) {
	if off < 0 {
		off = 0
	}
	if off > len(src) {
		off = len(src)
	}
	line, start := 1, 0
	for i := 0; i < off; i++ {
		if src[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return line, off - start + 1
}
