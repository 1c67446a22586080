package move

import (
	"bytes"
	"fmt"
	"html"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"

	"github.com/kbhelp/kb/builder"
)

// place is where a destination is written: bytes [start, end) of a file
// (site path), as cleaned.
type place struct {
	file       string
	start, end int
}

// dest is a destination as written.
type dest struct {
	place
	raw   string // the text at place: escapes included, without <> or quotes
	angle bool   // a markdown destination written <like this>
	yaml  byte   // 0 for markdown; 'p' (plain), '"' or '\'' for a YAML scalar
}

// occurrence is a destination as one page reads it: a snippet's links
// are read by every article that includes it.
type occurrence struct {
	page   *builder.Page
	want   string // the destination to write, encoded for its place
	target string // what it leads to after the move (targetKey)
}

// rewriteLinks finds every link that the move changes (its page moves,
// or what it leads to moves, or it is in a snippet whose reader moves)
// and plans the new destination of each.
func (pl *planner) rewriteLinks() error {
	groups := map[place][]occurrence{}
	dests := map[place]dest{}
	for _, p := range pl.before.Pages {
		if p.Src == nil {
			continue
		}
		pMoved := pl.movedPage(p)
		for _, l := range p.Links {
			target := pl.targetKey(l, pl.outPath, true)
			if target == "" || strings.HasPrefix(strings.TrimSpace(l.Dest), "#") {
				continue // leads nowhere (reported by the build), or in-page
			}
			file, off := p.SourceOffset(l.Off)
			snippet := file != p.Src.Path
			tMoved := l.Target != nil && pl.movedPage(l.Target) ||
				l.Target == nil && pl.newAsset(pl.outPath[l.Asset]) != pl.outPath[l.Asset]
			if !pMoved && !tMoved && !snippet {
				continue
			}
			d, err := pl.locate(p, l, file, off)
			if err != nil {
				return err
			}
			want := d.raw
			if pMoved || tMoved {
				if want, err = pl.newDest(p, l, d); err != nil {
					return err
				}
			}
			dests[d.place] = d
			groups[d.place] = append(groups[d.place], occurrence{page: p, want: want, target: target})
		}
	}
	places := make([]place, 0, len(groups))
	for pc := range groups {
		places = append(places, pc)
	}
	sort.Slice(places, func(i, j int) bool {
		if places[i].file != places[j].file {
			return places[i].file < places[j].file
		}
		return places[i].start < places[j].start
	})
	for _, pc := range places {
		occ, d := groups[pc], dests[pc]
		want := occ[0].want
		for _, o := range occ[1:] {
			if o.want == want {
				continue
			}
			// A snippet read from folders the move makes different:
			// one relative path cannot serve them all, a site URL can.
			for _, o2 := range occ[1:] {
				if o2.target != occ[0].target {
					return fail("%s: the link %s in this snippet leads to different pages from different articles; write it as a site URL first", pl.posOf(pc), d.raw)
				}
			}
			u, err := pl.siteURLOf(occ[0].page, d)
			if err != nil {
				return err
			}
			want = u
			break
		}
		if want == d.raw {
			continue
		}
		pl.addEdit(pc.file, edit{start: pc.start, end: pc.end, s: pl.encode(d, want), link: true})
		pl.plan.Edits = append(pl.plan.Edits, Edit{Pos: pl.posOf(pc), Old: d.raw, New: want})
	}
	return pl.rewriteFeatured()
}

// rewriteFeatured rewrites site.yaml's featured: entries of moved
// articles.
func (pl *planner) rewriteFeatured() error {
	for _, f := range pl.cfg.Featured {
		rel := strings.TrimPrefix(path.Clean(f.Value), "/")
		nrel := pl.newRel(rel)
		if nrel == rel {
			continue
		}
		t, err := pl.file("site.yaml")
		if err != nil {
			return err
		}
		d, err := yamlScalar(t.src, lineOffset(t.src, f.Pos.Line, f.Pos.Col), "site.yaml", f.Value)
		if err != nil {
			return err
		}
		want := nrel
		if strings.HasPrefix(f.Value, "/") {
			want = "/" + nrel
		}
		pl.addEdit("site.yaml", edit{start: d.start, end: d.end, s: pl.encode(d, want), link: true})
		pl.plan.Edits = append(pl.plan.Edits, Edit{Pos: pl.posOf(d.place), Old: d.raw, New: want})
	}
	return nil
}

// posOf is the position of a place, for the plan and for messages.
func (pl *planner) posOf(pc place) builder.Pos {
	t, err := pl.file(pc.file)
	if err != nil {
		return builder.Pos{File: pc.file}
	}
	before := t.src[:pc.start]
	line := bytes.Count(before, []byte("\n")) + 1
	col := pc.start - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return builder.Pos{File: pc.file, Line: line, Col: col}
}

// lineOffset turns a 1-based line and column into a byte offset.
func lineOffset(src []byte, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return len(src)
		}
		off += i + 1
	}
	return min(off+col-1, len(src))
}

// ---------------------------------------------------------------- new destinations

// split cuts a destination into its path and its ?query#fragment.
func split(raw string) (p, suffix string) {
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		return raw[:i], raw[i:]
	}
	return raw, ""
}

// newDest is the destination of l, written as d is, after the move.
func (pl *planner) newDest(p *builder.Page, l *builder.Link, d dest) (string, error) {
	rawPath, suffix := split(d.raw)
	lp := rawPath
	if d.yaml == 0 {
		lp = mdUnescape(rawPath)
	}
	var np string
	var err error
	switch {
	case isExternal(lp):
		np, err = pl.ownURL(p, l, lp)
	case strings.HasPrefix(lp, "/"):
		np, err = pl.sitePath(p, l, lp)
	default:
		np, err = pl.relative(p, l, lp)
	}
	if err != nil || np == "" {
		return d.raw, err
	}
	if np == lp {
		return d.raw, nil
	}
	return np + suffix, nil
}

// siteURLOf is d's destination written as a site URL of what it leads to.
func (pl *planner) siteURLOf(p *builder.Page, d dest) (string, error) {
	for _, l := range p.Links {
		if f, off := p.SourceOffset(l.Off); f == d.file && !l.FrontMatter {
			if dd, err := pl.locate(p, l, f, off); err == nil && dd.place == d.place {
				t, err := pl.newTarget(l)
				if err != nil {
					return "", err
				}
				_, suffix := split(d.raw)
				return t.url + suffix, nil
			}
		}
	}
	return "", fail("%s: cannot rewrite %s", pl.posOf(d.place), d.raw)
}

// target is what a link leads to, after the move.
type target struct {
	page   *builder.Page // nil for a file
	oldRel string        // content path before: file, or folder of a folder page without _index.md
	newRel string
	oldKey string // URL path without the base path and slashes ("billing/refunds"), or output path of a file
	newKey string
	url    string // the new site URL, base path included
	folder bool   // a folder page: its path is the folder's
	asset  bool
}

func (pl *planner) newTarget(l *builder.Link) (target, error) {
	cfg := pl.cfg
	strip := func(u string) string { return strings.Trim(strings.TrimPrefix(u, cfg.BasePath), "/") }
	if l.Target == nil {
		a := pl.outPath[l.Asset]
		na := pl.newAsset(a)
		out, ok := pl.midOut[na]
		if !ok {
			return target{}, fail("%s: no longer published after the move", na)
		}
		return target{oldRel: strings.TrimPrefix(a, pl.content+"/"), newRel: strings.TrimPrefix(na, pl.content+"/"),
			oldKey: l.Asset, newKey: out, url: cfg.BasePath + out, asset: true}, nil
	}
	t := l.Target
	nt := pl.newPage(t)
	if nt == nil {
		return target{}, fail("%s: no longer published after the move", t.URL)
	}
	tg := target{page: t, oldKey: strip(t.URL), newKey: strip(nt.URL), url: nt.URL}
	if t.Src != nil && t.Kind == builder.KindArticle {
		tg.oldRel, tg.newRel = t.Src.Rel, pl.newRel(t.Src.Rel)
	} else {
		tg.oldRel, tg.newRel, tg.folder = t.Dir, pl.newRel(t.Dir), true
	}
	return tg, nil
}

// ownURL rewrites a full URL of the site (under base_url); other
// external links do not change.
func (pl *planner) ownURL(p *builder.Page, l *builder.Link, lp string) (string, error) {
	if pl.cfg.BaseURL == "" || l.FrontMatter {
		return "", nil
	}
	u, err := url.Parse(lp)
	b, berr := url.Parse(pl.cfg.BaseURL)
	if err != nil || berr != nil || !strings.EqualFold(u.Host, b.Host) || (u.Scheme != "http" && u.Scheme != "https") {
		return "", nil
	}
	i := strings.Index(lp, "://")
	j := strings.IndexByte(lp[i+3:], '/')
	if j < 0 {
		return "", nil // the home page, which never moves
	}
	prefix, sp := lp[:i+3+j], lp[i+3+j:]
	np, err := pl.sitePath(p, l, sp)
	if err != nil || np == "" {
		return "", err
	}
	return prefix + np, nil
}

// sitePath rewrites a site URL ("/billing/refunds/", with or without the
// base path and the trailing slash; "/billing/refunds.html"; the content
// path "/billing/refunds.md"), keeping its form. A form the move does not
// touch, such as an alias of the page, stays.
func (pl *planner) sitePath(p *builder.Page, l *builder.Link, sp string) (string, error) {
	t, err := pl.newTarget(l)
	if err != nil {
		return "", err
	}
	base := pl.cfg.BasePath
	dec, err := url.PathUnescape(sp)
	if err != nil {
		dec = sp
	}
	cleaned := path.Clean(dec)
	prefix := "/"
	if base != "/" && (cleaned+"/" == base || strings.HasPrefix(cleaned, base)) {
		cleaned = "/" + strings.TrimPrefix(cleaned+"/", base)
		prefix = base
	}
	key := strings.Trim(cleaned, "/")
	slash := strings.HasSuffix(sp, "/")
	build := func(k string, slash bool) string {
		if k == "" {
			return prefix
		}
		if slash {
			k += "/"
		}
		return prefix + k
	}
	if t.asset {
		if key == t.oldKey {
			return build(t.newKey, false), nil
		}
		return "", nil
	}
	if key == t.oldKey {
		return build(t.newKey, slash), nil
	}
	for _, suf := range []string{"/index.html", "/index.htm", "/index", ".html", ".htm"} {
		if key == strings.TrimPrefix(t.oldKey+suf, "/") {
			return build(strings.TrimPrefix(t.newKey+suf, "/"), false), nil
		}
	}
	if t.page.Src != nil && key == t.page.Src.Rel {
		return build(pl.newRel(t.page.Src.Rel), false), nil
	}
	if !t.folder && key == stripExt(t.oldRel) || t.folder && key == t.oldRel {
		nk := t.newRel
		if !t.folder {
			nk = stripExt(nk)
		}
		return build(nk, slash), nil
	}
	return "", nil
}

// relative rewrites a relative destination: a content path from the
// linking file's folder (or, in front matter, from the content folder),
// or a URL relative to the page's URL, each as it was written.
func (pl *planner) relative(p *builder.Page, l *builder.Link, lp string) (string, error) {
	t, err := pl.newTarget(l)
	if err != nil {
		return "", err
	}
	oldBase, newBase := p.Dir, parentDir(pl.newRel(p.Src.Rel))
	if l.FrontMatter {
		oldBase, newBase = "", ""
	}
	dec, err := url.PathUnescape(lp)
	if err != nil {
		dec = lp
	}
	joined := path.Join(oldBase, dec)
	if joined == "." {
		joined = ""
	}
	slash := strings.HasSuffix(lp, "/")
	var to string
	switch {
	case joined == t.oldRel: // the file, or the folder
		to = t.newRel
	case t.page != nil && t.page.Src != nil && joined == t.page.Src.Rel: // a folder's _index.md
		to = pl.newRel(t.page.Src.Rel)
	case !t.folder && !t.asset && joined == stripExt(t.oldRel):
		to = stripExt(t.newRel)
	default:
		np := pl.newPage(p)
		if np == nil {
			return "", fail("%s: no longer published after the move", p.Src.Path)
		}
		r := relPath(strings.Trim(np.URL, "/"), strings.Trim(t.url, "/"))
		if slash && !strings.HasSuffix(r, "/") {
			r += "/"
		} else if !slash && r != "./" {
			r = strings.TrimSuffix(r, "/")
		}
		// kb reads a relative destination as a file path first: when
		// that reading climbs out of the content folder or names a file
		// or folder, the URL would not be read as one; a site URL is.
		if j := path.Join(newBase, r); j == ".." || strings.HasPrefix(j, "../") || pl.midByRel[j] != nil || pl.midByDir[j] != nil {
			if !slash && t.url != pl.cfg.BasePath {
				return strings.TrimSuffix(t.url, "/"), nil
			}
			return t.url, nil
		}
		return r, nil
	}
	r := relPath(newBase, to)
	if slash && !strings.HasSuffix(r, "/") {
		r += "/"
	}
	if strings.HasPrefix(lp, "./") && !strings.HasPrefix(r, ".") {
		r = "./" + r
	}
	return r, nil
}

// relPath writes the path to, relative to the folder from (both
// slash-separated, "" for the root).
func relPath(from, to string) string {
	var f, t []string
	if from != "" {
		f = strings.Split(from, "/")
	}
	if to != "" {
		t = strings.Split(to, "/")
	}
	i := 0
	for i < len(f) && i < len(t) && f[i] == t[i] {
		i++
	}
	r := strings.Repeat("../", len(f)-i) + strings.Join(t[i:], "/")
	if r == "" {
		return "./"
	}
	return r
}

func parentDir(rel string) string {
	if i := strings.LastIndexByte(rel, '/'); i >= 0 {
		return rel[:i]
	}
	return ""
}

func stripExt(p string) string { return strings.TrimSuffix(p, path.Ext(p)) }

// isExternal reports whether a destination has a scheme or is
// protocol-relative, as the builder reads it.
func isExternal(dest string) bool {
	if strings.HasPrefix(dest, "//") {
		return true
	}
	colon := strings.IndexByte(dest, ':')
	return colon > 0 && !strings.ContainsAny(dest[:colon], "/?#")
}

// ---------------------------------------------------------------- reading and writing destinations

// locate finds where l's destination is written: at off of file for an
// inline link, an autolink or a front matter value; at its definition
// for a reference link.
func (pl *planner) locate(p *builder.Page, l *builder.Link, file string, off int) (dest, error) {
	t, err := pl.file(file)
	if err != nil {
		return dest{}, err
	}
	src := t.src
	if l.FrontMatter {
		return yamlScalar(src, off, file, l.Dest)
	}
	var d dest
	var ok bool
	switch n := l.Node.(type) {
	case nil: // Analyze keeps the AST; only Build drops it
		return dest{}, fail("%s: the link's syntax tree is gone", p.Pos(l.Off))
	case *ast.AutoLink:
		d, ok = autoLinkDest(src, off, l.Dest)
	case *ast.Link:
		if n.Reference != nil {
			return pl.definition(p, n.Reference, l)
		}
		d, ok = inlineDest(src, off)
	case *ast.Image:
		if n.Reference != nil {
			return pl.definition(p, n.Reference, l)
		}
		d, ok = inlineDest(src, off)
	}
	d.file = file
	if !ok || mdUnescape(d.raw) != strings.TrimSpace(l.Dest) && d.raw != l.Dest {
		return dest{}, fail("%s: cannot find the destination %s in the source; change it by hand", pl.posOf(place{file: file, start: min(off, len(src))}), l.Dest)
	}
	return d, nil
}

// definition finds the [label]: destination line a reference link uses.
func (pl *planner) definition(p *builder.Page, ref *ast.ReferenceLink, l *builder.Link) (dest, error) {
	label := util.ToLinkReference(ref.Value)
	var def *ast.LinkReferenceDefinition
	_ = ast.Walk(p.Doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if d, ok := n.(*ast.LinkReferenceDefinition); ok && entering && def == nil && util.ToLinkReference(d.Label) == label {
			def = d
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if def == nil || def.Pos() < 0 {
		return dest{}, fail("%s: cannot find the definition of [%s]; change it by hand", p.Pos(l.Off), ref.Value)
	}
	file, off := p.SourceOffset(p.Src.BodyOffset + def.Pos())
	t, err := pl.file(file)
	if err != nil {
		return dest{}, err
	}
	d, ok := definitionDest(t.src, off)
	d.file = file
	if !ok || mdUnescape(d.raw) != strings.TrimSpace(l.Dest) {
		return dest{}, fail("%s: cannot read the definition of [%s]; change it by hand", pl.posOf(place{file: file, start: off}), ref.Value)
	}
	return d, nil
}

// inlineDest reads [text](destination) or ![alt](destination) at off.
func inlineDest(src []byte, off int) (dest, bool) {
	i := off
	if i < len(src) && src[i] == '!' {
		i++
	}
	if i >= len(src) || src[i] != '[' {
		return dest{}, false
	}
	depth := 0
scan:
	for ; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case '`':
			n := run(src, i, '`')
			if j := closingRun(src, i+n, n); j >= 0 {
				i = j + n - 1
			} else {
				i += n - 1
			}
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				break scan
			}
		}
	}
	i++
	if i >= len(src) || src[i] != '(' {
		return dest{}, false
	}
	return destAt(src, skipSpace(src, i+1))
}

// definitionDest reads [label]: destination at off.
func definitionDest(src []byte, off int) (dest, bool) {
	i := off
	for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	if i >= len(src) || src[i] != '[' {
		return dest{}, false
	}
	for i++; i < len(src) && src[i] != ']'; i++ {
		if src[i] == '\\' {
			i++
		}
	}
	if i+1 >= len(src) || src[i+1] != ':' {
		return dest{}, false
	}
	return destAt(src, skipSpace(src, i+2))
}

// skipSpace skips spaces, tabs and at most one line break.
func skipSpace(src []byte, i int) int {
	nl := false
	for i < len(src) {
		switch {
		case src[i] == ' ' || src[i] == '\t':
		case src[i] == '\n' && !nl:
			nl = true
		default:
			return i
		}
		i++
	}
	return i
}

// destAt reads a link destination starting at i: <…> or a run without
// spaces and with balanced parentheses.
func destAt(src []byte, i int) (dest, bool) {
	if i < len(src) && src[i] == '<' {
		for j := i + 1; j < len(src); j++ {
			switch src[j] {
			case '\\':
				j++
			case '\n', '<':
				return dest{}, false
			case '>':
				return dest{place: place{start: i + 1, end: j}, raw: string(src[i+1 : j]), angle: true}, true
			}
		}
		return dest{}, false
	}
	depth, j := 0, i
loop:
	for ; j < len(src); j++ {
		switch c := src[j]; {
		case c == '\\':
			j++
		case c == '(':
			depth++
		case c == ')':
			if depth == 0 {
				break loop
			}
			depth--
		case c <= ' ':
			break loop
		}
	}
	j = min(j, len(src))
	if j == i {
		return dest{}, false
	}
	return dest{place: place{start: i, end: j}, raw: string(src[i:j])}, true
}

// autoLinkDest reads <https://…> or a bare URL at off.
func autoLinkDest(src []byte, off int, url string) (dest, bool) {
	if off < len(src) && src[off] == '<' {
		if j := bytes.IndexByte(src[off:], '>'); j > 0 {
			return dest{place: place{start: off + 1, end: off + j}, raw: string(src[off+1 : off+j])}, true
		}
		return dest{}, false
	}
	if off+len(url) <= len(src) && string(src[off:off+len(url)]) == url {
		return dest{place: place{start: off, end: off + len(url)}, raw: url}, true
	}
	return dest{}, false
}

func run(src []byte, i int, c byte) int {
	n := 0
	for i+n < len(src) && src[i+n] == c {
		n++
	}
	return n
}

// closingRun finds the next run of exactly n backticks from i, or -1.
func closingRun(src []byte, i, n int) int {
	for i < len(src) {
		if src[i] == '`' {
			m := run(src, i, '`')
			if m == n {
				return i
			}
			i += m
			continue
		}
		i++
	}
	return -1
}

// mdUnescape resolves backslash escapes and character references, as
// the builder reads destinations.
func mdUnescape(s string) string {
	if !strings.ContainsAny(s, "\\&") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && isPunct(s[i+1]) {
			i++
		}
		b.WriteByte(s[i])
	}
	return html.UnescapeString(b.String())
}

func isPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// encode writes a destination for its place.
func (pl *planner) encode(d dest, s string) string {
	switch {
	case d.yaml == '"':
		return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
	case d.yaml == '\'':
		return strings.ReplaceAll(s, "'", "''")
	case d.yaml == 'p':
		if plainSafe(s) {
			return s
		}
		return fmt.Sprintf("%q", s)
	case d.angle:
		return strings.NewReplacer("<", "%3C", ">", "%3E", "\n", "%0A").Replace(s)
	}
	return strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "\t", "%09", "\n", "%0A").Replace(s)
}

// plainSafe reports whether s can be written as a plain YAML scalar and
// read back as the same string.
func plainSafe(s string) bool {
	if s == "" || strings.TrimSpace(s) != s || strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`") {
		return false
	}
	return !strings.Contains(s, ": ") && !strings.Contains(s, " #") && !strings.ContainsAny(s, ",[]{}\n")
}

// yamlScalar reads the scalar at off of a YAML text: a plain value, or
// the inside of its quotes. want is the value the builder read there.
func yamlScalar(src []byte, off int, file, want string) (dest, error) {
	d := dest{place: place{file: file}}
	if off >= len(src) {
		return d, fail("%s: cannot find %q", file, want)
	}
	switch q := src[off]; q {
	case '"', '\'':
		for j := off + 1; j < len(src) && src[j] != '\n'; j++ {
			if q == '"' && src[j] == '\\' {
				j++
				continue
			}
			if src[j] == q {
				if q == '\'' && j+1 < len(src) && src[j+1] == '\'' {
					j++
					continue
				}
				d.start, d.end, d.raw, d.yaml = off+1, j, string(src[off+1:j]), q
				break
			}
		}
	default:
		end := off
		for end < len(src) && src[end] != '\n' && src[end] != ',' && src[end] != ']' && src[end] != '}' {
			if src[end] == '#' && end > off && (src[end-1] == ' ' || src[end-1] == '\t') {
				break
			}
			end++
		}
		raw := strings.TrimRight(string(src[off:end]), " \t")
		d.start, d.end, d.raw, d.yaml = off, off+len(raw), raw, 'p'
	}
	val := d.raw
	if d.yaml == '\'' {
		val = strings.ReplaceAll(val, "''", "'")
	}
	if d.yaml == 0 || val != want {
		return d, fail("%s: cannot find %q where the YAML has it; change it by hand", file, want)
	}
	d.raw = val
	return d, nil
}
