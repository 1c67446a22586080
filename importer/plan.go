package importer

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing/fstest"
	"unicode"

	"github.com/kbhelp/kb/builder"
	"go.yaml.in/yaml/v3"
)

// flavour says which syntaxes a generator's files may hold.
type flavour struct {
	mkdocs bool // !!! admonitions, === tabs, --8<-- snippets
	colons bool // :::note admonitions
	mdx    bool // import/export lines, <Tabs>, JSX partials, {/* */}
	liquid bool // {% %} and {{ site.… }}, kramdown attribute lists
	hugo   bool // shortcodes
}

// siteConfig is what site.yaml gets from the source's config.
type siteConfig struct {
	title, baseURL string
	file           string // the config file read, relative to SRC
}

// doc is one markdown file of the source: a page or a snippet.
type doc struct {
	src      string // relative to SRC
	dest     string // relative to DEST: content/…, content/_snippets/…
	snippet  bool
	fm       *frontMatter
	body     string
	bodyLine int               // source line of the body's first line
	oldURL   string            // its URL on the old site ("" when unknown)
	anchors  map[string]string // anchors.go: other generators' heading ids → kb's
	// Translations (languages.go): lang is the doc's language, "" for
	// the default one; base names the file it is or translates in the
	// generator's layout; key is Hugo's translationKey; mirror is the
	// SRC folder of the default language where its relative links are
	// also looked for.
	lang, base, key, mirror string
}

// asset is a file copied as it is.
type asset struct{ src, dest string }

// plan is a source site as a generator's scan found it; run converts it.
type plan struct {
	from    string
	cfg     siteConfig
	fl      flavour
	src     fs.FS
	docs    []*doc
	assets  []asset
	folders map[string]*frontMatter // DEST folder → its _index.md, for folders without one
	left    []Finding               // problems the scan found
	oldBase string                  // the old site's base path: "/" or "/docs/"
	// stripNumbers: names start with an ordering number (Docusaurus).
	stripNumbers bool
	incDirs      []string // SRC folders that include names are relative to
	contentDir   string   // Hugo: the default language's content folder, which ref names are relative to

	bySrc   map[string]*doc
	assetBy map[string]string // SRC path → DEST path of assets
	byURL   map[string]string // old URL key → DEST path
	snipBy  map[string]string // snippet name → SRC path
	destDoc map[string]*doc   // DEST path → doc, made by byDest once dests are known
	kinds   map[string]int
	// underBase counts, by first path segment, the site paths that name
	// no page but would without that segment, when no base URL is known:
	// the old site was probably served under it (Zulip's /help/).
	underBase map[string]int

	langs        []language                 // the default language first; none for a site in one language
	trans        map[string]map[string]*doc // original's DEST → language → its translation
	translations []Translation
}

func newPlan(src fs.FS, fl flavour) *plan {
	return &plan{src: src, fl: fl, folders: map[string]*frontMatter{}, oldBase: "/", contentDir: "content",
		bySrc: map[string]*doc{}, assetBy: map[string]string{}, byURL: map[string]string{}, snipBy: map[string]string{}, kinds: map[string]int{},
		underBase: map[string]int{}}
}

// addDoc reads the markdown file at p (relative to SRC) as a page to be
// written at dest; its front matter is split off.
func (pl *plan) addDoc(p, dest, oldURL string) (*doc, error) {
	raw, err := fs.ReadFile(pl.src, p)
	if err != nil {
		return nil, err
	}
	d := &doc{src: p, dest: dest, oldURL: oldURL}
	fm, body, line, err := splitFrontMatter(raw)
	if err != nil {
		pl.left = append(pl.left, Finding{File: p, Line: 1, Col: 1, Rule: "import", Msg: err.Error() + "; kept as it was"})
	}
	d.fm, d.body, d.bodyLine = fm, body, line
	pl.docs = append(pl.docs, d)
	pl.bySrc[p] = d
	return d, nil
}

func (pl *plan) addAsset(p, dest string) {
	if rest, ok := strings.CutPrefix(dest, "static/assets/"); ok {
		// kb writes its theme at /assets/: a site's own assets/ moves,
		// and links to it are rewritten.
		dest = "static/site-assets/" + rest
		pl.kinds["file of assets/ → site-assets/ (kb's theme is at /assets/)"]++
	}
	pl.assets = append(pl.assets, asset{src: p, dest: dest})
	pl.assetBy[p] = dest
}

// addStatic copies a folder the old site served at its root to static/.
func (pl *plan) addStatic(dir string) {
	for _, e := range walk(pl.src, dir, nil) {
		if !e.dir {
			pl.addAsset(e.path, "static/"+strings.TrimPrefix(e.path, dir+"/"))
		}
	}
}

// ---------------------------------------------------------------- includes

// includeTarget returns the file an include line names, in any of the
// include syntaxes, to learn which files are snippets before any page is
// converted.
func (pl *plan) includeTarget(s string) (target string, relative bool) {
	if m := kbIncludeRE.FindStringSubmatch(s); m != nil {
		return m[2], false
	}
	if m := mkSnippetRE.FindStringSubmatch(s); m != nil && pl.fl.mkdocs {
		return m[2], false
	}
	if m := liquidInclRE.FindStringSubmatch(s); m != nil && pl.fl.liquid {
		return m[3], m[2] != ""
	}
	if m := mdxImportRE.FindStringSubmatch(s); m != nil && pl.fl.mdx && isMarkdown(m[2]) {
		return m[2], true
	}
	if m := hugoBlockRE.FindStringSubmatch(s); m != nil && pl.fl.hugo {
		switch strings.ToLower(m[4]) {
		case "include", "readfile", "snippet":
			named, pos := hugoAttrs(m[5])
			if named["file"] != "" {
				return named["file"], false
			}
			if len(pos) > 0 {
				return pos[0], false
			}
		}
	}
	return "", false
}

// findSnippets marks as snippets the files that other files include,
// and the files of include folders (Zulip's help/include/, Jekyll's
// _includes/): they are not pages of their own.
func (pl *plan) findSnippets() {
	for k := 0; k < len(pl.docs); k++ {
		d := pl.docs[k]
		for _, s := range strings.Split(d.body, "\n") {
			target, relative := pl.includeTarget(s)
			if target == "" {
				continue
			}
			if p := pl.findInclude(d, target, relative); p != "" {
				pl.makeSnippet(p)
			}
		}
	}
	for _, d := range pl.docs {
		for _, dir := range pl.incDirs {
			if strings.HasPrefix(d.src, dir+"/") {
				pl.makeSnippet(d.src)
			}
		}
	}
}

// findInclude returns the SRC path of an included file, "" when none.
func (pl *plan) findInclude(d *doc, target string, relative bool) string {
	target = strings.Trim(target, "\"'")
	var cands []string
	if relative || strings.HasPrefix(target, ".") {
		cands = append(cands, path.Join(path.Dir(d.src), target))
	} else {
		for _, dir := range pl.incDirs {
			cands = append(cands, path.Join(dir, target))
		}
		cands = append(cands, path.Join(path.Dir(d.src), target), path.Clean(strings.TrimPrefix(target, "/")))
	}
	for _, c := range cands {
		for _, p := range []string{c, c + ".md"} {
			if !fs.ValidPath(p) || !isMarkdown(p) {
				continue
			}
			if _, ok := pl.bySrc[p]; ok {
				return p
			}
			if fi, err := fs.Stat(pl.src, p); err == nil && fi.Mode().IsRegular() {
				if _, err := pl.addDoc(p, "", ""); err == nil {
					return p
				}
			}
		}
	}
	return ""
}

// makeSnippet turns the doc at p into a snippet with a name of its own.
func (pl *plan) makeSnippet(p string) {
	d := pl.bySrc[p]
	if d == nil || d.snippet {
		return
	}
	base := strings.TrimSuffix(path.Base(p), path.Ext(p))
	name := strings.TrimPrefix(base, "_") + ".md"
	for n := 2; pl.snipBy[name] != ""; n++ {
		name = fmt.Sprintf("%s-%d.md", strings.TrimPrefix(base, "_"), n)
	}
	pl.snipBy[name] = p
	d.snippet, d.dest, d.oldURL = true, "content/_snippets/"+name, ""
}

// include returns the snippet name of a file included from d.
func (pl *plan) include(d *doc, target string, relative bool) (string, bool) {
	p := pl.findInclude(d, target, relative)
	if p == "" {
		return "", false
	}
	pl.makeSnippet(p)
	return strings.TrimPrefix(pl.bySrc[p].dest, "content/_snippets/"), true
}

func isMarkdown(p string) bool {
	switch path.Ext(p) {
	case ".md", ".markdown", ".mdx", ".mdown", ".mkd":
		return true
	}
	return false
}

// ---------------------------------------------------------------- links

// urlKey normalises an old URL for lookup: no base path, no slashes at
// the ends, no .html or index, lowercase.
func (pl *plan) urlKey(u string) string {
	if dec, err := url.PathUnescape(u); err == nil {
		u = dec
	}
	if !strings.HasPrefix(u, "/") {
		u = "/" + u
	}
	switch {
	case pl.oldBase == "/":
	case u+"/" == pl.oldBase:
		u = "/"
	case strings.HasPrefix(u, pl.oldBase):
		u = "/" + strings.TrimPrefix(u, pl.oldBase)
	}
	u = strings.ToLower(u)
	u = strings.TrimSuffix(u, ".html")
	u = strings.TrimSuffix(u, "index")
	return strings.Trim(path.Clean(u), "/")
}

// kbURL is the URL kb gives a DEST file, without the base path.
func kbURL(dest string) string {
	p := strings.TrimPrefix(dest, "content/")
	p = strings.TrimSuffix(p, ".md")
	p = strings.TrimSuffix(p, "_index")
	p = strings.Trim(p, "/")
	if p == "" {
		return "/"
	}
	return "/" + p + "/"
}

var schemeRE = func(s string) bool {
	i := strings.IndexAny(s, ":/?#")
	return i > 0 && s[i] == ':'
}

// link rewrites a link target written in d to a form kb checks: a
// relative path to the file (a site URL in a snippet, which pages at any
// depth include). ok is false when the target is left as it is.
func (pl *plan) link(d *doc, target string, image bool) (string, bool) {
	if target != "" && target[0] == '#' {
		if t := pl.anchor(d, target); t != target {
			return t, true
		}
		return target, false
	}
	escaped := false
	if pl.from == "docusaurus" && strings.HasPrefix(target, "pathname:///") {
		// Docusaurus's way to link a path outside its router (a PDF of
		// static/): a site path to kb, which has no router.
		target, escaped = strings.TrimPrefix(target, "pathname://"), true
	}
	if target == "" || schemeRE(target) || strings.HasPrefix(target, "//") {
		return target, escaped
	}
	t, frag := target, ""
	if i := strings.IndexByte(t, '#'); i >= 0 {
		t, frag = t[:i], t[i:]
	}
	if i := strings.IndexByte(t, '?'); i >= 0 {
		t = t[:i]
	}
	dest := ""
	if strings.HasPrefix(t, "/") {
		if pl.from == "docusaurus" && pl.oldBase != "/" && !strings.HasPrefix(t+"/", pl.oldBase) {
			// Docusaurus's Link adds baseUrl to a site path written
			// without it (useBaseUrl), so none is outside the site.
			t = pl.oldBase + strings.TrimPrefix(t, "/")
		}
		// A file the old site served that SRC does not hold (Zulip's
		// screenshots), or a page of the old host outside the help
		// center (/#settings/profile): the old site's full URL keeps
		// the link working.
		outside := pl.oldBase != "/" && !strings.HasPrefix(t+"/", pl.oldBase)
		if !outside {
			dest = pl.byURL[pl.urlKey(t)]
		}
		if dest == "" {
			dest = pl.assetBy[pl.staticSrc(t)]
		}
		if dest == "" && (image || outside) && pl.cfg.baseURL != "" && !pl.staticExists(t) {
			if u, err := url.Parse(pl.cfg.baseURL); err == nil && u.Host != "" {
				if image {
					pl.kinds["image not in SRC → the old site's URL"]++
				} else {
					pl.kinds["link outside the site → the old site's URL"]++
				}
				return u.Scheme + "://" + u.Host + t + frag, true
			}
		}
		if seg, rest, ok := strings.Cut(t[1:], "/"); ok && dest == "" && pl.cfg.baseURL == "" && pl.byURL[pl.urlKey("/"+rest)] != "" {
			pl.underBase[seg]++
		}
	} else {
		p := path.Join(path.Dir(d.src), t)
		cands := []string{p, p + ".md", p + ".mdx", strings.TrimSuffix(p, ".html") + ".md", p + "/index.md", p + "/README.md", p + "/_index.md"}
		if d.mirror != "" { // a translation's link to a file it shares with the original
			m := path.Join(d.mirror, t)
			cands = append(cands, m, m+".md", m+".mdx", m+"/index.md", m+"/_index.md")
		}
		for _, c := range cands {
			if dd := pl.bySrc[c]; dd != nil {
				dest = dd.dest
				break
			}
			if a, ok := pl.assetBy[c]; ok {
				dest = a
				break
			}
		}
		if dest == "" && pl.from != "mkdocs" && d.oldURL != "" {
			// Docusaurus and Hugo resolve a relative URL against the page's URL.
			dest = pl.byURL[pl.urlKey(path.Join(d.oldURL, "..", t))]
			if dest == "" {
				dest = pl.byURL[pl.urlKey(path.Join(d.oldURL, t))]
			}
		}
	}
	if dest == "" {
		return target, escaped
	}
	t = pl.linkTo(d, dest) + pl.anchor(pl.byDest(dest), frag)
	if t != target {
		pl.kinds["link rewritten"]++
	}
	return t, true
}

// baseHint is the report's advice when many site paths would name pages
// under a base path no config gave: "" when none does.
func (pl *plan) baseHint() string {
	seg, n := "", 0
	for k, c := range pl.underBase {
		if c > n || c == n && k < seg {
			seg, n = k, c
		}
	}
	if n < 3 {
		return ""
	}
	return fmt.Sprintf("%d links start with /%s/ and name a page without it: if the old site was served under /%s/, import again with -base-url https://HOST/%s/",
		n, seg, seg, seg)
}

// byDest is the page written at dest, nil for other files.
func (pl *plan) byDest(dest string) *doc {
	if pl.destDoc == nil {
		pl.destDoc = map[string]*doc{}
		for _, d := range pl.docs {
			pl.destDoc[d.dest] = d
		}
	}
	return pl.destDoc[dest]
}

// linkTo is how a link in d names the DEST file dest: a relative path,
// or in a snippet a site URL; static files by their URL.
func (pl *plan) linkTo(d *doc, dest string) string {
	dest = pl.inLang(d, dest)
	switch {
	case strings.HasPrefix(dest, "static/"):
		return "/" + strings.TrimPrefix(dest, "static/")
	case d.snippet && strings.HasSuffix(dest, ".md"):
		return pl.siteURL(dest)
	case d.snippet:
		return "/" + strings.TrimPrefix(dest, "content/")
	}
	return relPath(path.Dir(d.dest), dest)
}

// staticSrc is the SRC path of a static file at site URL u, for
// generators whose static folder is served at the root.
func (pl *plan) staticSrc(u string) string {
	p := strings.TrimPrefix(path.Clean(u), "/")
	if pl.oldBase != "/" {
		p = strings.TrimPrefix(p, strings.Trim(pl.oldBase, "/")+"/")
	}
	for _, dir := range []string{"static", "assets", ""} {
		c := path.Join(dir, p)
		if _, ok := pl.assetBy[c]; ok {
			return c
		}
	}
	return ""
}

func (pl *plan) staticExists(u string) bool { return pl.staticSrc(u) != "" }

// hugoRef resolves {{< ref "name" >}}: a content path, or a file name
// found anywhere in content.
func (pl *plan) hugoRef(d *doc, ref string) (string, bool) {
	ref, frag, _ := strings.Cut(ref, "#")
	if frag != "" {
		frag = "#" + frag
	}
	if !strings.HasSuffix(ref, ".md") {
		ref += ".md"
	}
	cands := []string{path.Join(path.Dir(d.src), ref), path.Join(pl.contentDir, strings.TrimPrefix(ref, "/"))}
	if d.mirror != "" {
		cands = append(cands, path.Join(d.mirror, ref))
	}
	for _, c := range cands {
		if dd := pl.bySrc[c]; dd != nil {
			return pl.linkTo(d, dd.dest) + frag, true
		}
	}
	var found *doc
	for _, dd := range pl.docs {
		if path.Base(dd.src) == path.Base(ref) && strings.HasSuffix(dd.src, ref) && dd.lang == "" {
			found = dd
		}
	}
	if found == nil {
		return "", false
	}
	return pl.linkTo(d, found.dest) + frag, true
}

// relPath is the relative path from folder dir to file p.
func relPath(dir, p string) string {
	a := strings.Split(dir, "/")
	b := strings.Split(p, "/")
	i := 0
	for i < len(a) && i < len(b)-1 && a[i] == b[i] {
		i++
	}
	var parts []string
	for range a[i:] {
		parts = append(parts, "..")
	}
	parts = append(parts, b[i:]...)
	return strings.Join(parts, "/")
}

// ---------------------------------------------------------------- run

// fileCtx is the state of one file's conversion.
type fileCtx struct {
	pl       *plan
	d        *doc
	fl       flavour
	partials map[string]string // MDX component name → snippet name
	inImg    bool              // inside an <img tag that goes on to the next line
}

func (c *fileCtx) count(kind string) { c.pl.kinds[kind]++ }

// origin is where an output line came from.
type origin struct{ line, shift int }

// run converts every doc, writes site.yaml, checks the result with the
// builder and maps what it reports back to SRC.
func (pl *plan) run(ctx context.Context, src fs.FS) (*Result, error) {
	if u, err := url.Parse(pl.cfg.baseURL); err == nil && u.Path != "" && pl.oldBase == "/" {
		pl.oldBase = "/" + strings.Trim(u.Path, "/") + "/"
		if pl.oldBase == "//" {
			pl.oldBase = "/"
		}
	}
	pl.findSnippets()
	pl.matchTranslations()
	for _, d := range pl.docs {
		if !d.snippet {
			name := strings.TrimSuffix(path.Base(d.src), path.Ext(d.src))
			if pl.stripNumbers {
				name, _, _ = stripNumber(name)
			}
			pl.ensureTitle(d, titleFromName(name))
		}
	}
	for _, d := range pl.docs {
		if !d.snippet && d.oldURL != "" {
			pl.byURL[pl.urlKey(d.oldURL)] = d.dest
		}
	}
	for _, d := range pl.docs {
		if !d.snippet {
			if k := pl.urlKey(pl.siteURL(d.dest)); pl.byURL[k] == "" {
				pl.byURL[k] = d.dest
			}
		}
	}
	var files []File
	maps := map[string][]origin{}
	srcOf := map[string]string{}
	pages, snippets := 0, 0
	taken := map[string]bool{}
	for _, d := range pl.docs {
		if !d.snippet {
			taken[pl.urlKey(pl.siteURL(d.dest))] = true
		}
	}
	for k := 0; k < len(pl.docs); k++ { // includes found while converting add docs
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d := pl.docs[k]
		c := &fileCtx{pl: pl, d: d, fl: pl.fl, partials: map[string]string{}}
		var in []line
		for i, s := range strings.Split(strings.TrimSuffix(d.body, "\n"), "\n") {
			in = append(in, line{s: s, n: d.bodyLine + i})
		}
		out := c.convert(in)
		var b bytes.Buffer
		var om []origin
		if !d.snippet {
			pages++
			if d.oldURL != "" {
				k := pl.urlKey(d.oldURL)
				switch {
				case k == pl.urlKey(pl.siteURL(d.dest)) && strings.HasSuffix(d.oldURL, ".html") && !strings.HasSuffix(d.oldURL, "/index.html"):
					// kb redirects from the old file (/docs/install.html)
					// to the page's URL (/docs/install/).
					d.fm.addAlias(d.oldURL)
					pl.kinds["old .html URL kept as alias"]++
				case k == pl.urlKey(pl.siteURL(d.dest)) || taken[k] || k == "":
				case strings.ContainsFunc(d.oldURL, unicode.IsSpace):
					pl.left = append(pl.left, Finding{File: d.src, Line: 1, Col: 1, Rule: "import", Warning: true,
						Msg: fmt.Sprintf("old URL %s has a space, which kb cannot redirect from; it now is %s", d.oldURL, pl.siteURL(d.dest))})
				default:
					taken[k] = true
					d.fm.addAlias(d.oldURL)
					pl.kinds["old URL kept as alias"]++
				}
			}
			if y, lines := d.fm.yamlLines(); y != "" {
				b.WriteString("---\n" + y + "---\n")
				om = append(om, origin{line: 1})
				for _, n := range lines {
					om = append(om, origin{line: n})
				}
				om = append(om, origin{line: 1})
			}
		} else {
			snippets++
		}
		for _, l := range trimBlankTail(out) {
			b.WriteString(strings.TrimRight(l.s, " \t") + "\n")
			om = append(om, origin{line: l.n, shift: l.shift})
		}
		files = append(files, File{Path: d.dest, Data: b.Bytes()})
		maps[d.dest] = om
		srcOf[d.dest] = d.src
	}
	for dir, fm := range pl.folders {
		p := dir + "/_index.md"
		if _, ok := srcOfPath(srcOf, p); ok {
			continue
		}
		files = append(files, File{Path: p, Data: []byte("---\n" + fm.yaml() + "---\n")})
	}
	for _, a := range pl.assets {
		data, err := fs.ReadFile(src, a.src)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Path: a.dest, Data: data})
	}
	files = append(files, File{Path: "site.yaml", Data: pl.siteYAML(0)})
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	for i := 1; i < len(files); i++ {
		if files[i].Path == files[i-1].Path {
			pl.left = append(pl.left, Finding{File: files[i].Path, Rule: "import", Msg: "two source files convert to this path; the second is left out"})
			files = append(files[:i], files[i+1:]...)
			i--
		}
	}
	res := &Result{Files: files, Report: Report{From: pl.from, Config: pl.cfg.file, Pages: pages, Snippets: snippets,
		Assets: len(pl.assets), Converted: pl.kinds, Translations: pl.translations, Hint: pl.baseHint()}}
	left, err := check(ctx, files, maps, srcOf)
	if err != nil {
		return nil, err
	}
	if n := brokenLinks(left); n > 0 {
		// Links the writer must fix, listed in the report: the site builds
		// meanwhile, with links: warn, as kb mv and kb build allow.
		for i := range files {
			if files[i].Path == "site.yaml" {
				files[i].Data = pl.siteYAML(n)
			}
		}
		if left, err = check(ctx, files, maps, srcOf); err != nil {
			return nil, err
		}
	}
	res.Report.Left = append(pl.left, left...)
	sort.SliceStable(res.Report.Left, func(i, j int) bool {
		a, b := res.Report.Left[i], res.Report.Left[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return res, nil
}

func srcOfPath(m map[string]string, p string) (string, bool) { s, ok := m[p]; return s, ok }

func trimBlankTail(ls []line) []line {
	for len(ls) > 0 && strings.TrimSpace(ls[len(ls)-1].s) == "" {
		ls = ls[:len(ls)-1]
	}
	for len(ls) > 0 && strings.TrimSpace(ls[0].s) == "" {
		ls = ls[1:]
	}
	// No runs of blank lines: conversions leave some behind.
	out := ls[:0:0]
	for _, l := range ls {
		if strings.TrimSpace(l.s) == "" && len(out) > 0 && strings.TrimSpace(out[len(out)-1].s) == "" {
			continue
		}
		out = append(out, l)
	}
	return out
}

// brokenLinks counts the link errors among findings.
func brokenLinks(fs []Finding) int {
	n := 0
	for _, f := range fs {
		if !f.Warning && (strings.HasPrefix(f.Msg, "broken link") || strings.HasPrefix(f.Msg, "broken anchor") || f.Msg == "empty link") {
			n++
		}
	}
	return n
}

// siteYAML is site.yaml, from the source's config. With broken links
// left, links: warn lets the site build until they are fixed.
func (pl *plan) siteYAML(broken int) []byte {
	fm := &frontMatter{}
	title := pl.cfg.title
	if title == "" {
		title = "Help Center"
	}
	fm.setStr("title", title)
	if pl.cfg.baseURL != "" {
		fm.setStr("base_url", pl.cfg.baseURL)
	}
	from := "no config file"
	if pl.cfg.file != "" {
		from = pl.cfg.file
	}
	y := "# Written by kb import -from " + pl.from + " from " + from + ".\n" + fm.yaml() + pl.languagesYAML()
	if broken > 0 {
		y += fmt.Sprintf("# kb import left %s (listed in its report): set links to error once they are fixed.\nlinks: warn\n", plural(broken, "broken link"))
	}
	return []byte(y)
}

// check analyses the converted site as kb build would and returns what it
// reports, at SRC positions.
func check(ctx context.Context, files []File, maps map[string][]origin, srcOf map[string]string) ([]Finding, error) {
	fsys := fstest.MapFS{}
	for _, f := range files {
		fsys[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	_, diags, err := builder.New(builder.Options{NoIndex: true}).Analyze(ctx, fsys)
	if err != nil {
		return nil, err
	}
	var out []Finding
	for _, d := range diags {
		f := Finding{File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col, Rule: d.Rule, Warning: d.Warning, Msg: d.Msg}
		if s, ok := srcOf[d.Pos.File]; ok {
			f.File = s
			if om := maps[d.Pos.File]; d.Pos.Line > 0 && len(om) > 0 {
				o := om[min(d.Pos.Line, len(om))-1]
				f.Line, f.Col = o.line, max(d.Pos.Col+o.shift, 1)
			}
		} else {
			f.File = "(written) " + f.File
		}
		out = append(out, f)
	}
	return out, nil
}

// ---------------------------------------------------------------- front matter

// frontMatter is a page's front matter, keys in order.
type frontMatter struct {
	keys []string
	vals map[string]*yaml.Node
	line int // source line of the opening ---, 0 when none
	// keyLine is each source key's line within the front matter (1 is
	// the line after the opening ---).
	keyLine map[string]int
}

func (fm *frontMatter) get(k string) *yaml.Node {
	if fm == nil || fm.vals == nil {
		return nil
	}
	return fm.vals[k]
}

func (fm *frontMatter) str(k string) string {
	if n := fm.get(k); n != nil && n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return ""
}

func (fm *frontMatter) set(k string, v *yaml.Node) {
	if fm.vals == nil {
		fm.vals = map[string]*yaml.Node{}
	}
	if _, ok := fm.vals[k]; !ok {
		fm.keys = append(fm.keys, k)
	}
	fm.vals[k] = v
}

func (fm *frontMatter) setStr(k, v string) {
	fm.set(k, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v})
}

func (fm *frontMatter) setInt(k string, v int) {
	fm.set(k, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: fmt.Sprint(v)})
}

func (fm *frontMatter) del(k string) {
	if _, ok := fm.vals[k]; !ok {
		return
	}
	delete(fm.vals, k)
	for i, kk := range fm.keys {
		if kk == k {
			fm.keys = append(fm.keys[:i], fm.keys[i+1:]...)
			break
		}
	}
}

// rename moves key from to key to, keeping its place, unless to is set.
func (fm *frontMatter) rename(from, to string) bool {
	v := fm.get(from)
	if v == nil || fm.get(to) != nil {
		return false
	}
	for i, k := range fm.keys {
		if k == from {
			fm.keys[i] = to
		}
	}
	delete(fm.vals, from)
	fm.vals[to] = v
	if fm.keyLine != nil {
		fm.keyLine[to] = fm.keyLine[from]
	}
	return true
}

// addAlias adds an old URL to aliases.
func (fm *frontMatter) addAlias(u string) {
	n := fm.get("aliases")
	if n == nil || n.Kind != yaml.SequenceNode {
		n = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		fm.set("aliases", n)
	}
	for _, c := range n.Content {
		if c.Value == u {
			return
		}
	}
	n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: u})
}

// yaml writes the front matter as YAML, "" when it is empty.
func (fm *frontMatter) yaml() string {
	y, _ := fm.yamlLines()
	return y
}

// yamlLines writes the front matter as YAML, and for each line written
// the source line of the key it belongs to (the front matter's first
// line for keys kb import added), so findings about a key point at it.
func (fm *frontMatter) yamlLines() (string, []int) {
	if fm == nil || len(fm.keys) == 0 {
		return "", nil
	}
	var out strings.Builder
	var lines []int
	for _, k := range fm.keys {
		v := *fm.vals[k]
		clearStyle(&v)
		m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map",
			Content: []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, &v}}
		var b bytes.Buffer
		e := yaml.NewEncoder(&b)
		e.SetIndent(2)
		if err := e.Encode(m); err != nil {
			continue
		}
		_ = e.Close()
		src := 1
		if n := fm.keyLine[k]; n > 0 {
			src = fm.line + n
		}
		for range strings.Count(b.String(), "\n") {
			lines = append(lines, src)
		}
		out.Write(b.Bytes())
	}
	return out.String(), lines
}

// clearStyle drops the source's comments and flow styles, so the YAML
// written is plain block YAML whatever the source looked like.
func clearStyle(n *yaml.Node) {
	n.HeadComment, n.LineComment, n.FootComment = "", "", ""
	n.Anchor = ""
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
		n.Style = 0 // the encoder quotes what needs quotes
	}
	for i, c := range n.Content {
		cc := *c
		clearStyle(&cc)
		n.Content[i] = &cc
	}
}

// splitFrontMatter splits a file into its front matter (YAML between ---
// lines, or Hugo's TOML between +++ lines) and its body.
func splitFrontMatter(raw []byte) (*frontMatter, string, int, error) {
	s := strings.ReplaceAll(strings.TrimPrefix(string(raw), "\ufeff"), "\r\n", "\n")
	fm := &frontMatter{}
	for _, delim := range []string{"---", "+++"} {
		if !strings.HasPrefix(s, delim+"\n") {
			continue
		}
		rest := s[len(delim)+1:]
		end := strings.Index("\n"+rest, "\n"+delim+"\n")
		if end < 0 {
			if strings.HasSuffix(rest, "\n"+delim) || rest == delim {
				end = strings.LastIndex("\n"+rest, "\n"+delim)
			} else {
				return fm, s, 1, nil
			}
		}
		head := ""
		if end > 0 {
			head = rest[:end-1]
		}
		body := ""
		if after := end + len(delim) + 1; after <= len(rest) {
			body = rest[after:]
		}
		fm.line = 1
		bodyLine := strings.Count(s[:len(s)-len(body)], "\n") + 1
		var err error
		if delim == "---" {
			err = fm.decodeYAML(head)
		} else {
			err = fm.decodeTOML(head)
		}
		if err != nil {
			return &frontMatter{}, s, 1, err
		}
		return fm, body, bodyLine, nil
	}
	return fm, s, 1, nil
}

func (fm *frontMatter) decodeYAML(head string) error {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(head), &doc); err != nil {
		return fmt.Errorf("front matter is not valid YAML (%v)", err)
	}
	if len(doc.Content) == 0 {
		return nil
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return fmt.Errorf("front matter is not a mapping of keys to values")
	}
	fm.keyLine = map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		fm.set(m.Content[i].Value, m.Content[i+1])
		fm.keyLine[m.Content[i].Value] = m.Content[i].Line
	}
	return nil
}

// decodeTOML reads the TOML front matter Hugo sites use: key = value
// lines of strings, numbers, booleans, dates and arrays of those. A
// table ([params]) is refused.
func (fm *frontMatter) decodeTOML(head string) error {
	for i, l := range strings.Split(head, "\n") {
		t := strings.TrimSpace(l)
		if t == "" || t[0] == '#' {
			continue
		}
		if t[0] == '[' {
			return fmt.Errorf("TOML front matter line %d: tables are not converted", i+2)
		}
		k, v, ok := strings.Cut(t, "=")
		if !ok {
			return fmt.Errorf("TOML front matter line %d: not key = value", i+2)
		}
		k = strings.Trim(strings.TrimSpace(k), "\"'")
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(strings.TrimSpace(v)), &n); err != nil || len(n.Content) == 0 {
			return fmt.Errorf("TOML front matter line %d: value not converted", i+2)
		}
		fm.set(k, n.Content[0])
		if fm.keyLine == nil {
			fm.keyLine = map[string]int{}
		}
		fm.keyLine[k] = i + 1
	}
	return nil
}

// mapFrontMatter maps other generators' front matter keys to kb's:
// orders, aliases and descriptions; keys only another generator reads
// are dropped (and counted).
func (pl *plan) mapFrontMatter(fm *frontMatter) {
	for _, k := range []string{"sidebar_position", "weight", "nav_order"} {
		if n := fm.get(k); n != nil && fm.get("order") == nil {
			fm.rename(k, "order")
			pl.kinds["front matter "+k+" → order"]++
		}
	}
	if n := fm.get("redirect_from"); n != nil {
		if n.Kind == yaml.ScalarNode {
			fm.addAlias(n.Value)
		} else {
			for _, c := range n.Content {
				fm.addAlias(c.Value)
			}
		}
		fm.del("redirect_from")
		pl.kinds["front matter redirect_from → aliases"]++
	}
	if fm.get("sidebar_label") == nil && fm.rename("linkTitle", "sidebar_label") { // Hugo's sidebar title
		pl.kinds["front matter linkTitle → sidebar_label"]++
	}
	if fm.get("description") == nil {
		for _, k := range []string{"summary", "excerpt"} {
			if fm.rename(k, "description") {
				pl.kinds["front matter "+k+" → description"]++
			}
		}
	}
	if fm.get("updated") == nil {
		for _, k := range []string{"lastmod", "last_modified_at", "last_update", "date"} {
			if fm.rename(k, "updated") {
				pl.kinds["front matter "+k+" → updated"]++
			}
		}
	}
	if n := fm.get("updated"); n != nil && n.Kind == yaml.ScalarNode {
		if m := dateRE.FindString(n.Value); m != "" && m != n.Value {
			fm.setStr("updated", m) // "2024-05-01 10:00:00 +0100": kb shows the day
		}
	}
	for _, k := range []string{"unlisted", "nav_exclude"} {
		if n := fm.get(k); n != nil {
			if n.Value == "true" {
				fm.set("hidden", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
			}
			fm.del(k)
			pl.kinds["front matter "+k+" → hidden"]++
		}
	}
	for _, k := range dropKeys {
		if fm.get(k) != nil {
			fm.del(k)
			pl.kinds["front matter key dropped (read only by the old generator)"]++
		}
	}
}

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)

// dropKeys are front matter keys that only the old generator reads.
var dropKeys = []string{"id", "sidebar_class_name", "sidebar_custom_props", "displayed_sidebar",
	"hide_title", "hide_table_of_contents", "toc_min_heading_level", "toc_max_heading_level", "pagination_label",
	"pagination_next", "pagination_prev", "custom_edit_url", "keywords", "image", "layout", "permalink", "slug",
	"parent", "grand_parent", "has_children", "has_toc", "search_exclude", "toc", "toc_sticky", "hide", "search",
	"template", "menu", "linkTitle", "url", "type", "author", "comments", "categories", "nav", "sitemap"}
