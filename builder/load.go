package builder

import (
	"bytes"
	"context"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"

	"golang.org/x/sync/errgroup"
)

// Source is one markdown file of content/, read and cleaned.
type Source struct {
	Path       string // slash-separated, relative to the site root: "content/billing/refunds.md"
	Rel        string // relative to the content folder: "billing/refunds.md"
	Src        []byte // UTF-8, LF newlines, no byte order mark
	BodyOffset int    // where the markdown body starts in Src
	fm         []byte // the YAML header, without its --- lines
	lines      *lineIndex
	hash       uint64 // of Src (cache.go)
	includes   bool   // the body has "{!": it may include snippets (cache.go)

	// The body after snippets are included, and where its bytes came
	// from; nil when the article includes nothing. Offsets past
	// BodyOffset count in this body.
	expanded []byte
	spans    []span
}

func (s *Source) lineIndex() *lineIndex {
	if s.lines == nil {
		s.lines = newLineIndex(s.Path, s.Src)
	}
	return s.lines
}

// pos turns a byte offset into a position: an offset of Src, or past
// BodyOffset, of the body with its snippets included.
func (s *Source) pos(off int) Pos {
	if s.spans != nil && off >= s.BodyOffset {
		return mapPos(s.spans, off-s.BodyOffset)
	}
	return s.lineIndex().pos(off)
}

// body is the markdown body the AST's segments point into.
func (s *Source) body() []byte {
	if s.expanded != nil {
		return s.expanded
	}
	return s.Src[s.BodyOffset:]
}

// Asset is a file copied to the output as it is: an image next to an
// article, or a file of static/.
type Asset struct {
	Path string // relative to the site root, for reading and for messages
	Out  string // output path, relative to the output root, without the base path
}

// inputs is what load found in the site folder.
type inputs struct {
	sources  []*Source
	snippets map[string]*Snippet // by name: path below the snippets folder
	assets   []Asset             // content assets and static files
	diags    Diagnostics
}

// ignored reports whether a file or folder name is editor or system junk
// (or private to kb, like _snippets), never to be built or published.
func ignored(name string) bool {
	switch {
	case name == "4913", name == ".DS_Store", name == "Thumbs.db":
		return true
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, "#"), strings.HasPrefix(name, "~"):
		return true
	case strings.HasSuffix(name, "~"), strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, ".bck"), strings.HasSuffix(name, ".tmp"), strings.HasSuffix(name, "___jb_tmp___"),
		strings.HasSuffix(name, "___jb_old___"):
		return true
	}
	return false
}

// privateFile reports whether a file of content/ is private by its name:
// it starts with "_" and is not its folder's _index.md. Private files are
// never published, whatever they hold: partials of other generators
// (Hugo's _partial.md), notes, text kept aside; only _index.md is a
// folder's page.
func privateFile(name string) bool {
	return strings.HasPrefix(name, "_") && !isIndexFile(name)
}

// load walks content/ and static/, reads every markdown file (in
// parallel) and lists the assets.
func (b *Builder) load(ctx context.Context, fsys fs.FS) (*inputs, error) {
	in := &inputs{snippets: map[string]*Snippet{}}
	contentDir := path.Clean(b.cfg.ContentDir)
	snipDir := path.Join(contentDir, b.cfg.Snippets)
	lang := b.cfg.lang // nil on a site in one language
	relOf := func(p string) string {
		if lang != nil {
			rel, _ := lang.relOf(p)
			return rel
		}
		if contentDir == "." {
			return p
		}
		return strings.TrimPrefix(p, contentDir+"/")
	}
	excluded := func(p string) bool {
		rel := relOf(p)
		for _, pat := range b.cfg.Exclude {
			if ok, _ := path.Match(pat, rel); ok {
				return true
			}
		}
		return false
	}
	var mdPaths []string
	var mdInfo []fs.FileInfo // with a cache: what the walk saw, to skip unchanged files
	cache := b.opts.Cache
	listed := false
	if cache != nil {
		if l := cache.listing(fsys, b.cfg, contentDir, snipDir, excluded); l != nil {
			mdPaths, mdInfo = l.mdPaths, l.mdInfo
			in.assets = slices.Clone(l.assets)
			in.diags = slices.Clone(l.diags)
			in.snippets = l.snippets
			listed = true
		}
	}
	if !listed {
		walk := func(root string, visit func(p string, d fs.DirEntry)) error {
			err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					if p == root && errorsIsNotExist(err) {
						return fs.SkipDir
					}
					in.diags = append(in.diags, Diagnostic{Pos: Pos{File: p}, Msg: "cannot read: " + cleanErr(err)})
					return nil
				}
				if p != root && ignored(d.Name()) {
					if d.IsDir() {
						return fs.SkipDir
					}
					return nil
				}
				if d.Type()&fs.ModeSymlink != 0 {
					in.diags = append(in.diags, Diagnostic{Pos: Pos{File: p}, Warning: true, Msg: "symbolic link not followed"})
					return nil
				}
				if p != root && (p == snipDir || excluded(p) || (lang != nil && d.IsDir() && lang.skipped(p))) {
					if d.IsDir() {
						return fs.SkipDir
					}
					return nil
				}
				if d.IsDir() {
					if p != root && strings.HasPrefix(d.Name(), "_") {
						return fs.SkipDir // private folders
					}
					return nil
				}
				visit(p, d)
				return nil
			})
			return err
		}
		visit := func(p string, d fs.DirEntry) {
			if privateFile(d.Name()) {
				return
			}
			rel := relOf(p)
			switch ext := strings.ToLower(path.Ext(p)); ext {
			case ".md", ".markdown":
				mdPaths = append(mdPaths, p)
				if cache != nil {
					info, _ := d.Info()
					mdInfo = append(mdInfo, info)
				}
			case ".mdx": // foreign.go: MDX pages are not markdown kb can read, nor assets to publish
				in.diags = append(in.diags, Diagnostic{Pos: Pos{File: p, Line: 1, Col: 1}, Warning: true, Rule: ruleForeign,
					Msg: "MDX file is not built: kb reads markdown (.md) only; rename it to .md and write its imports and JSX components in markdown (the build then reports each)"})
			case ".html", ".htm":
				in.diags = append(in.diags, Diagnostic{Pos: Pos{File: p}, Warning: true, Msg: "HTML files in content are not published; write the page in markdown"})
			default:
				in.assets = append(in.assets, Asset{Path: p, Out: rel})
			}
		}
		var err error
		if lang != nil && !lang.Default { // the language's own files, then the default language's (languages.go)
			err = walk(lang.Own, visit)
		}
		if err == nil {
			err = walk(contentDir, visit)
		}
		if err != nil {
			return nil, err
		}
		if err := walk("static", func(p string, d fs.DirEntry) {
			in.assets = append(in.assets, Asset{Path: p, Out: strings.TrimPrefix(p, "static/")})
		}); err != nil {
			return nil, err
		}
		if cache == nil {
			sort.Strings(mdPaths)
		} else {
			sort.Sort(pathsInfo{mdPaths, mdInfo})
		}
		if err := walk(snipDir, func(p string, d fs.DirEntry) {
			if ext := strings.ToLower(path.Ext(p)); ext != ".md" && ext != ".markdown" {
				return
			}
			raw, err := fs.ReadFile(fsys, p)
			if err != nil {
				in.diags = append(in.diags, Diagnostic{Pos: Pos{File: p}, Msg: "cannot read: " + cleanErr(err)})
				return
			}
			src, diag := cleanSource(p, raw)
			if diag != nil {
				in.diags = append(in.diags, *diag)
				return
			}
			_, off, _ := splitFrontMatter(src)
			in.snippets[strings.TrimPrefix(p, snipDir+"/")] = &Snippet{Path: p, Src: src[off:], off: off, li: newLineIndex(p, src)}
		}); err != nil {
			return nil, err
		}

		if cache != nil {
			cache.keepListing(b.cfg, &listing{mdPaths: mdPaths, mdInfo: mdInfo, assets: slices.Clone(in.assets),
				diags: slices.Clone(in.diags), snippets: in.snippets})
		}
	} // !listed

	if lang != nil && !lang.Default && cache == nil {
		// Not read at all: the default language's files this language
		// has its own of, which preferOwn would drop once read. (A
		// Cache keeps the originals read: languages.go.)
		mdPaths = lang.preferOwnPaths(mdPaths)
	}
	in.sources = make([]*Source, len(mdPaths))
	if cache != nil {
		cache.sources(mdPaths, mdInfo, in.sources) // the files known unchanged, on one goroutine
	}
	diags := make([]*Diagnostic, len(mdPaths))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, p := range mdPaths {
		if in.sources[i] != nil {
			continue
		}
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			var info fs.FileInfo
			if cache != nil {
				info = mdInfo[i]
			}
			raw, err := fs.ReadFile(fsys, p)
			if err != nil {
				diags[i] = &Diagnostic{Pos: Pos{File: p}, Msg: "cannot read: " + cleanErr(err)}
				return nil
			}
			src, d := cleanSource(p, raw)
			if d != nil {
				diags[i] = d
				return nil
			}
			s := &Source{Path: p, Rel: relOf(p), Src: src}
			if cache != nil {
				s.hash = hashBytes(src)
			}
			fm, off, ok := splitFrontMatter(src)
			if !ok {
				diags[i] = &Diagnostic{Pos: Pos{File: p, Line: 1, Col: 1}, Msg: "front matter opened at line 1 is not closed (add a line with --- after it)"}
				return nil
			}
			s.fm, s.BodyOffset = fm, off
			s.includes = bytes.Contains(src[off:], []byte("{!"))
			if len(bytes.TrimSpace(src)) == 0 {
				diags[i] = &Diagnostic{Pos: Pos{File: p}, Msg: "empty file"}
				return nil
			}
			if cache != nil {
				s = cache.keepSource(p, info, s)
			}
			in.sources[i] = s
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	kept := in.sources[:0]
	for i, s := range in.sources {
		if diags[i] != nil {
			in.diags = append(in.diags, *diags[i])
		}
		if s != nil {
			kept = append(kept, s)
		}
	}
	in.sources = kept
	return in, nil
}

// pathsInfo sorts paths and their file infos together.
type pathsInfo struct {
	paths []string
	infos []fs.FileInfo
}

func (s pathsInfo) Len() int           { return len(s.paths) }
func (s pathsInfo) Less(i, j int) bool { return s.paths[i] < s.paths[j] }
func (s pathsInfo) Swap(i, j int) {
	s.paths[i], s.paths[j] = s.paths[j], s.paths[i]
	s.infos[i], s.infos[j] = s.infos[j], s.infos[i]
}
