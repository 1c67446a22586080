// Package move plans and applies kb mv: moving an article, or a folder
// of them, inside content/ without breaking a link.
//
// Make works the whole move out in memory: the files to move, every link
// to rewrite (markdown bodies and snippets at the exact bytes of each
// destination, front matter related: entries, site.yaml featured:), and
// the old URLs to add to each moved page's aliases, so readers'
// bookmarks and search engines follow with a 301. It then runs
// builder.Analyze over the folder as it will be (an overlay of the new
// files on the real ones) and refuses the plan unless every link still
// leads to the page or file it led to before, and no other new problem
// appears. Apply writes the plan to disk: new contents first (a temporary
// file renamed over each), then the moves and deletions; a failure
// part-way puts back what it had changed.
//
// Links keep their style: a relative link stays relative (recomputed from
// the folder of the file that links), a site URL stays a site URL (with
// its base path, trailing slash or .html as written), a full URL of the
// site stays a full URL, and every #anchor and ?query is kept.
//
// A Plan is not safe for concurrent use.
package move

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"testing/fstest"

	"github.com/kbhelp/kb/builder"
	"github.com/kbhelp/kb/lint"
)

// Plan is a move worked out in memory. Nothing changes on disk until
// Apply.
type Plan struct {
	Moves   []Move  // every file that moves, sorted
	Edits   []Edit  // every link rewritten, by file and position
	Aliases []Alias // the old URLs added to moved pages
	Notes   []string
	// Kept are the errors the site already had; the move changes none.
	Kept builder.Diagnostics

	writes  map[string][]byte // site path after the move → new contents
	renames []Move            // files that move unchanged
	removes []string          // old paths of moved files that are written anew
	orig    map[string][]byte // raw contents of each file read for writes, by old path
	content string            // the content folder
	failAt  func(name string) error
}

// Move is a file moving, by site-relative path ("content/billing/a.md").
type Move struct{ From, To string }

// Edit is one link destination rewritten. Pos is where it is written
// before the move.
type Edit struct {
	Pos      builder.Pos
	Old, New string
}

// Alias is an old URL added to the aliases of a moved page; File is the
// page's path after the move.
type Alias struct {
	File string
	URL  string
}

// Error is a move that cannot be made; nothing was changed.
type Error struct {
	Msg   string
	Diags builder.Diagnostics // the problems the move would cause, if that is why
}

func (e *Error) Error() string {
	if len(e.Diags) == 0 {
		return e.Msg
	}
	return e.Msg + ":\n" + e.Diags.Error()
}

func fail(format string, args ...any) error { return &Error{Msg: fmt.Sprintf(format, args...)} }

// analyze is how every model of a move is built: drafts included, so
// their links are kept too, and broken links counted as errors.
func analyze(ctx context.Context, fsys fs.FS) (*builder.Site, builder.Diagnostics, error) {
	return builder.New(builder.Options{Drafts: true, Links: "error"}).Analyze(ctx, fsys)
}

// Make plans moving from to to. Both are paths in the content folder
// ("billing/refunds/card-declined.md", "payments/cards/"), or start with
// the content folder's name. from is an article, any other file, or a
// folder. to is a folder to move into when it exists or ends in "/" (or,
// for a file, has no extension); otherwise the new name.
func Make(ctx context.Context, fsys fs.FS, from, to string) (*Plan, error) {
	before, diags, err := analyze(ctx, fsys)
	if err != nil {
		return nil, err
	}
	if before == nil {
		return nil, &Error{Msg: "site.yaml has errors", Diags: diags}
	}
	pl := &planner{ctx: ctx, fsys: fsys, before: before, cfg: before.Config, content: path.Clean(before.Config.ContentDir),
		plan: &Plan{writes: map[string][]byte{}, orig: map[string][]byte{}}}
	pl.plan.content = pl.content
	if err := pl.resolvePaths(from, to); err != nil {
		return nil, err
	}
	if err := pl.collect(); err != nil {
		return nil, err
	}
	if err := pl.middle(); err != nil {
		return nil, err
	}
	if err := pl.rewriteLinks(); err != nil {
		return nil, err
	}
	if err := pl.addAliases(); err != nil {
		return nil, err
	}
	if err := pl.assemble(); err != nil {
		return nil, err
	}
	langSites, langBefore, err := pl.languageProblems(fsys, false)
	if err != nil {
		return nil, err
	}
	if err := pl.translations(langSites); err != nil {
		return nil, err
	}
	if err := pl.verify(diags); err != nil {
		return nil, err
	}
	if err := pl.verifyLanguages(langBefore); err != nil {
		return nil, err
	}
	return pl.plan, nil
}

// planner holds the state of one Make.
type planner struct {
	ctx     context.Context
	fsys    fs.FS
	cfg     *builder.Config
	content string
	plan    *Plan

	before *builder.Site

	src, dst string            // content-relative
	folder   bool              // src is a folder
	moved    map[string]string // content-relative old path → new, for every file that moves

	midByRel map[string]*builder.Page // after the move: Src.Rel → page
	midByDir map[string]*builder.Page // after the move: folder → folder page
	midOut   map[string]string        // after the move: asset path → output path
	outPath  map[string]string        // output path → asset path, before

	edits map[string][]edit // site path (before the move) → edits of that file
	texts map[string]*text  // site path (before the move) → its cleaned text
}

// edit replaces src[start:end] of a file with s.
type edit struct {
	start, end int
	s          string
	link       bool // a link rewrite, listed in Plan.Edits
}

// text is a file as builder reads it (no byte order mark, LF newlines),
// with what to restore on writing.
type text struct {
	src  []byte
	raw  []byte
	crlf bool
	bom  bool
}

func (pl *planner) site(rel string) string { return path.Join(pl.content, rel) }

// newRel is where a content-relative file or folder is after the move.
func (pl *planner) newRel(rel string) string {
	if v, ok := pl.moved[rel]; ok {
		return v
	}
	if pl.folder && (rel == pl.src || strings.HasPrefix(rel, pl.src+"/")) {
		return pl.dst + rel[len(pl.src):]
	}
	return rel
}

// cleanArg turns an argument into a content-relative path.
func (pl *planner) cleanArg(arg string) (string, bool, error) {
	dirLike := strings.HasSuffix(arg, "/")
	p := path.Clean(strings.ReplaceAll(arg, "\\", "/"))
	if strings.HasPrefix(p, "/") || p == ".." || strings.HasPrefix(p, "../") {
		return "", false, fail("%s: give a path inside %s", arg, pl.content)
	}
	if pl.content != "." && (p == pl.content || strings.HasPrefix(p, pl.content+"/")) {
		if _, err := fs.Stat(pl.fsys, pl.site(p)); err != nil {
			p = strings.TrimPrefix(strings.TrimPrefix(p, pl.content), "/")
		}
	}
	if p == "." {
		p = ""
	}
	for _, seg := range strings.Split(p, "/") {
		if strings.HasPrefix(seg, ".") || strings.HasPrefix(seg, "_") && seg != "_index.md" {
			return "", false, fail("%s: kb mv moves published files; %s is private or hidden", arg, seg)
		}
	}
	return p, dirLike, nil
}

// resolvePaths works out what moves where.
func (pl *planner) resolvePaths(from, to string) error {
	src, _, err := pl.cleanArg(from)
	if err != nil {
		return err
	}
	if src == "" {
		return fail("%s: cannot move the whole content folder", from)
	}
	fi, err := fs.Stat(pl.fsys, pl.site(src))
	if err != nil && path.Ext(src) == "" {
		if fi2, err2 := fs.Stat(pl.fsys, pl.site(src+".md")); err2 == nil {
			src, fi, err = src+".md", fi2, nil
		}
	}
	if err != nil {
		return fail("%s: no such file or folder in %s", from, pl.content)
	}
	if path.Base(src) == "_index.md" {
		return fail("%s: move the folder %s, which this file describes", from, path.Dir(src))
	}
	pl.folder = fi.IsDir()
	dst, dirLike, err := pl.cleanArg(to)
	if err != nil {
		return err
	}
	dfi, derr := fs.Stat(pl.fsys, pl.site(dst))
	into := derr == nil && dfi.IsDir() || dst == ""
	if !pl.folder {
		into = into || dirLike || path.Ext(dst) == ""
		if !into && isMarkdown(src) != isMarkdown(dst) {
			return fail("%s: an article's name ends in .md, another file's does not", to)
		}
	}
	if into {
		dst = path.Join(dst, path.Base(src))
	}
	switch {
	case dst == src:
		return fail("%s is already there", from)
	case pl.folder && strings.HasPrefix(dst+"/", src+"/"):
		return fail("cannot move %s into itself", from)
	}
	if _, err := fs.Stat(pl.fsys, pl.site(dst)); err == nil {
		return fail("%s already exists", pl.site(dst))
	}
	pl.src, pl.dst = src, dst
	return nil
}

// collect lists the files that move: the folder's, every one; or the
// file, with the files next to it that only it links to (its images).
func (pl *planner) collect() error {
	pl.moved = map[string]string{}
	if pl.folder {
		err := fs.WalkDir(pl.fsys, pl.site(pl.src), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				rel := strings.TrimPrefix(p, pl.content+"/")
				pl.moved[rel] = pl.dst + rel[len(pl.src):]
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("read %s: %w", pl.site(pl.src), err)
		}
	} else {
		pl.moved[pl.src] = pl.dst
		pl.companions()
	}
	for from, to := range pl.moved {
		pl.plan.Moves = append(pl.plan.Moves, Move{From: pl.site(from), To: pl.site(to)})
	}
	sort.Slice(pl.plan.Moves, func(i, j int) bool { return pl.plan.Moves[i].From < pl.plan.Moves[j].From })
	return nil
}

// companions adds to the move the files of the article's folder that it
// links to and no other page does, so an article takes its images along.
func (pl *planner) companions() {
	pl.outPath = map[string]string{}
	for _, a := range pl.before.Assets {
		pl.outPath[a.Out] = a.Path
	}
	var art *builder.Page
	users := map[string]map[*builder.Page]bool{} // asset path → pages linking to it
	for _, p := range pl.before.Pages {
		if p.Src != nil && p.Src.Rel == pl.src {
			art = p
		}
		for _, l := range p.Links {
			if a := pl.outPath[l.Asset]; l.Asset != "" && a != "" {
				if users[a] == nil {
					users[a] = map[*builder.Page]bool{}
				}
				users[a][p] = true
			}
		}
	}
	if art == nil {
		return
	}
	dir := path.Dir(pl.src)
	for _, l := range art.Links {
		a := pl.outPath[l.Asset]
		if l.Asset == "" || a == "" || !strings.HasPrefix(a, pl.content+"/") || len(users[a]) != 1 {
			continue
		}
		rel := strings.TrimPrefix(a, pl.content+"/")
		if path.Dir(rel) == dir {
			pl.moved[rel] = path.Join(path.Dir(pl.dst), path.Base(rel))
		}
	}
	for rel, to := range pl.moved {
		if rel == pl.src {
			continue
		}
		if _, err := fs.Stat(pl.fsys, pl.site(to)); err == nil {
			delete(pl.moved, rel) // leave it; the link is rewritten instead
		}
	}
}

// middle analyzes the site as the move leaves its tree, for the URLs and
// output paths everything will have. URLs depend only on the folders,
// file names and slugs, so the pages are stand-ins with their title and
// slug alone: no links, which before they are rewritten would all be
// broken, and each broken link costs the builder a search for the
// nearest path.
func (pl *planner) middle() error {
	files := fstest.MapFS{}
	for _, p := range pl.before.Pages {
		if p.Src == nil {
			continue
		}
		var b strings.Builder
		b.WriteString("---\ntitle: " + strconv.Quote(cmp.Or(p.Title, "x")) + "\n")
		if p.FM.Slug != "" {
			b.WriteString("slug: " + strconv.Quote(p.FM.Slug) + "\n")
		}
		b.WriteString("---\n")
		files[pl.site(pl.newRel(p.Src.Rel))] = &fstest.MapFile{Data: []byte(b.String())}
	}
	for _, a := range pl.before.Assets {
		files[pl.newAsset(a.Path)] = &fstest.MapFile{}
	}
	cfg := *pl.cfg
	cfg.Featured = nil
	site, diags, err := builder.New(builder.Options{Drafts: true, Config: &cfg}).Analyze(pl.ctx, files)
	if err != nil {
		return err
	}
	if site == nil {
		return &Error{Msg: "the moved site cannot be read", Diags: diags}
	}
	pl.midByRel, pl.midByDir, pl.midOut = map[string]*builder.Page{}, map[string]*builder.Page{}, map[string]string{}
	for _, p := range site.Pages {
		if p.Src != nil {
			pl.midByRel[p.Src.Rel] = p
		}
		if p.Kind != builder.KindArticle {
			pl.midByDir[p.Dir] = p
		}
	}
	for _, a := range site.Assets {
		pl.midOut[a.Path] = a.Out
	}
	if pl.outPath == nil {
		pl.outPath = map[string]string{}
		for _, a := range pl.before.Assets {
			pl.outPath[a.Out] = a.Path
		}
	}
	return nil
}

// newPage is a page of the site before the move, as it is after it.
func (pl *planner) newPage(p *builder.Page) *builder.Page {
	if p.Src != nil {
		return pl.midByRel[pl.newRel(p.Src.Rel)]
	}
	return pl.midByDir[pl.newRel(p.Dir)]
}

// newAsset is where an asset (by site path) is after the move.
func (pl *planner) newAsset(a string) string {
	if rel, ok := strings.CutPrefix(a, pl.content+"/"); ok {
		return pl.site(pl.newRel(rel))
	}
	return a
}

func (pl *planner) movedPage(p *builder.Page) bool {
	if p.Src != nil {
		return pl.newRel(p.Src.Rel) != p.Src.Rel
	}
	return pl.newRel(p.Dir) != p.Dir
}

// file returns the cleaned text of a file of the site, read once.
func (pl *planner) file(name string) (*text, error) {
	if t, ok := pl.texts[name]; ok {
		return t, nil
	}
	raw, err := fs.ReadFile(pl.fsys, name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	t := &text{raw: raw}
	src := raw
	if b, ok := bytes.CutPrefix(src, []byte("\xEF\xBB\xBF")); ok {
		src, t.bom = b, true
	}
	if bytes.IndexByte(src, '\r') >= 0 {
		t.crlf = bytes.Contains(src, []byte("\r\n"))
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	t.src = src
	if pl.texts == nil {
		pl.texts = map[string]*text{}
	}
	pl.texts[name] = t
	return t, nil
}

func (pl *planner) addEdit(file string, e edit) {
	if pl.edits == nil {
		pl.edits = map[string][]edit{}
	}
	pl.edits[file] = append(pl.edits[file], e)
}

// assemble applies the edits to each file's text and sorts out what is
// written, renamed and removed.
func (pl *planner) assemble() error {
	oldOf := map[string]string{} // site path → where it goes
	for _, m := range pl.plan.Moves {
		oldOf[m.From] = m.To
	}
	files := make([]string, 0, len(pl.edits))
	for f := range pl.edits {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		t, err := pl.file(f)
		if err != nil {
			return err
		}
		es := pl.edits[f]
		sort.SliceStable(es, func(i, j int) bool { return es[i].start > es[j].start })
		out := append([]byte(nil), t.src...)
		for i, e := range es {
			if i > 0 && e.end > es[i-1].start {
				return fail("%s: two rewrites overlap at byte %d", f, e.start)
			}
			out = append(out[:e.start], append([]byte(e.s), out[e.end:]...)...)
		}
		if t.crlf {
			out = bytes.ReplaceAll(out, []byte("\n"), []byte("\r\n"))
		}
		if t.bom {
			out = append([]byte("\xEF\xBB\xBF"), out...)
		}
		to := f
		if n, ok := oldOf[f]; ok {
			to = n
			pl.plan.removes = append(pl.plan.removes, f)
		}
		pl.plan.writes[to] = out
		pl.plan.orig[f] = t.raw
	}
	for _, m := range pl.plan.Moves {
		if _, ok := pl.edits[m.From]; !ok {
			pl.plan.renames = append(pl.plan.renames, m)
		}
	}
	sort.Slice(pl.plan.Edits, func(i, j int) bool {
		a, b := pl.plan.Edits[i].Pos, pl.plan.Edits[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return nil
}

// overlay is the site folder as the plan leaves it.
func (p *Plan) overlay(base fs.FS) (fs.FS, error) {
	files := map[string][]byte{}
	removed := map[string]bool{}
	for to, data := range p.writes {
		files[to] = data
	}
	for _, f := range p.removes {
		removed[f] = true
	}
	for _, m := range p.renames {
		data, err := fs.ReadFile(base, m.From)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", m.From, err)
		}
		files[m.To] = data
		removed[m.From] = true
	}
	return newOverlay(base, files, removed), nil
}

// verify analyzes the site as the plan leaves it: every link must lead
// where it led before, and no new problem may appear.
func (pl *planner) verify(beforeDiags builder.Diagnostics) error {
	fsys, err := pl.plan.overlay(pl.fsys)
	if err != nil {
		return err
	}
	after, afterDiags, err := analyze(pl.ctx, fsys)
	if err != nil {
		return err
	}
	if after == nil {
		return &Error{Msg: "the move would make site.yaml invalid", Diags: afterDiags}
	}
	var problems builder.Diagnostics

	// Every link leads where it did.
	byRel := map[string]*builder.Page{}
	for _, p := range after.Pages {
		if p.Src != nil {
			byRel[p.Src.Rel] = p
		}
	}
	afterAsset := map[string]string{}
	for _, a := range after.Assets {
		afterAsset[a.Out] = a.Path
	}
	for _, p := range pl.before.Pages {
		if p.Src == nil {
			continue
		}
		q := byRel[pl.newRel(p.Src.Rel)]
		if q == nil {
			problems = append(problems, builder.Diagnostic{Pos: builder.Pos{File: p.Src.Path}, Msg: "the page is missing after the move"})
			continue
		}
		if len(q.Links) != len(p.Links) {
			problems = append(problems, builder.Diagnostic{Pos: builder.Pos{File: q.Src.Path},
				Msg: fmt.Sprintf("%d links before the move, %d after", len(p.Links), len(q.Links))})
			continue
		}
		for i, l := range p.Links {
			want := pl.targetKey(l, pl.outPath, true)
			if want == "" {
				continue // broken before; still reported as before
			}
			if got := pl.targetKey(q.Links[i], afterAsset, false); got != want || q.Links[i].Anchor != l.Anchor {
				msg := fmt.Sprintf("link to %s would lead to %s after the move", want, orNothing(got))
				problems = append(problems, builder.Diagnostic{Pos: q.Pos(q.Links[i].Off), Msg: msg})
			}
		}
	}

	// No new error.
	key := func(d builder.Diagnostic) string {
		msg, _, _ := strings.Cut(d.Msg, " (did you mean")
		return d.Pos.File + "\x00" + msg
	}
	had := map[string]int{}
	for _, d := range beforeDiags {
		if d.Warning {
			continue
		}
		pl.plan.Kept = append(pl.plan.Kept, d)
		if rel, ok := strings.CutPrefix(d.Pos.File, pl.content+"/"); ok {
			d.Pos.File = pl.site(pl.newRel(rel)) // where the file is after the move
		}
		had[key(d)]++
	}
	for _, d := range afterDiags {
		if d.Warning || strings.HasPrefix(lint.Classify(d), "link/") {
			continue // links are compared above
		}
		if had[key(d)] > 0 {
			had[key(d)]--
			continue
		}
		problems = append(problems, d)
	}
	if len(problems) > 0 {
		problems.Sort()
		return &Error{Msg: "the move would break the site; nothing was changed", Diags: problems}
	}
	return nil
}

func orNothing(s string) string {
	if s == "" {
		return "nothing"
	}
	return s
}

// targetKey names what a link leads to, as a site path after the move
// ("content/billing/a.md", "content/billing" for a folder without
// _index.md, "static/x.png"), or "" when it leads nowhere in the site.
// before says whether the link is of the site before the move, whose
// paths are mapped to theirs after it.
func (pl *planner) targetKey(l *builder.Link, assets map[string]string, before bool) string {
	switch {
	case l.Target != nil && l.Target.Src != nil:
		rel := l.Target.Src.Rel
		if before {
			rel = pl.newRel(rel)
		}
		return pl.site(rel)
	case l.Target != nil:
		dir := l.Target.Dir
		if before {
			dir = pl.newRel(dir)
		}
		return pl.site(dir) + "/"
	case l.Asset != "":
		a := assets[l.Asset]
		if a == "" {
			return ""
		}
		if before {
			a = pl.newAsset(a)
		}
		return a
	}
	return ""
}

// String is the plan as kb mv -n prints it.
func (p *Plan) String() string {
	var b strings.Builder
	p.Print(&b, "")
	return b.String()
}

// Print writes the plan, one line per file moved, link rewritten (at its
// position before the move), alias added and note, each path starting
// with prefix.
func (p *Plan) Print(w io.Writer, prefix string) {
	for _, m := range p.Moves {
		fmt.Fprintf(w, "move    %s%s → %s%s\n", prefix, m.From, prefix, m.To)
	}
	for _, e := range p.Edits {
		pos := e.Pos
		pos.File = prefix + pos.File
		fmt.Fprintf(w, "rewrite %s: %s → %s\n", pos, e.Old, e.New)
	}
	for _, a := range p.Aliases {
		fmt.Fprintf(w, "alias   %s%s: %s\n", prefix, a.File, a.URL)
	}
	for _, n := range p.Notes {
		fmt.Fprintf(w, "note    %s\n", n)
	}
}

// EditedFiles counts the files whose links the plan rewrites.
func (p *Plan) EditedFiles() int {
	files := map[string]bool{}
	for _, e := range p.Edits {
		files[e.Pos.File] = true
	}
	return len(files)
}

var errChanged = errors.New("changed since the move was planned")

func isMarkdown(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	return ext == ".md" || ext == ".markdown"
}
