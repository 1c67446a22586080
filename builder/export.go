package builder

import (
	"io/fs"
	"sort"
)

// This file holds small read-only accessors for kb check (package lint)
// and kb mv (package move): data the model keeps unexported. None of them
// changes the model.

// TitlePos is where the title is written in the front matter; zero when
// the title comes from the article's # heading or is missing.
func (fm *FrontMatter) TitlePos() Pos { return fm.titlePos }

// Invalid reports whether the front matter is not valid YAML: its values
// are unknown rather than missing, so a check of them (no description,
// no title) would only repeat the error already reported.
func (fm *FrontMatter) Invalid() bool { return fm.invalid }

// SourceOffset maps an offset of the page's source (a Link's Off, a
// Heading's Off, or BodyOffset plus an AST node's position) to the file
// whose bytes are there and the offset in that file: the page's own file,
// or the snippet the text was included from. Offsets count in the file
// as load cleaned it (no byte order mark, LF newlines). A page without a
// source gives "" and off.
func (p *Page) SourceOffset(off int) (file string, fileOff int) {
	s := p.Src
	if s == nil {
		return "", off
	}
	if s.spans == nil || off < s.BodyOffset {
		return s.Path, off
	}
	rel := off - s.BodyOffset
	i := sort.Search(len(s.spans), func(i int) bool { return s.spans[i].out > rel }) - 1
	if i < 0 {
		i = 0
	}
	sp := s.spans[i]
	d := max(rel-sp.out-sp.indent, 0)
	return sp.file.file, sp.off + d
}

// Body is the markdown the page's AST segments point into: its body, with
// snippets included. It must not be changed.
func (p *Page) Body() []byte { return p.body() }

// Suggest returns the candidate nearest to s by edit distance, or "" when
// none is near enough to be a typo: the "did you mean" of kb's messages.
func Suggest(s string, candidates []string) string { return closest(s, candidates) }

// CheckLayouts parses the site's layouts (and the built-in ones they
// replace) as Build does, and returns their problems without rendering.
func CheckLayouts(fsys fs.FS) Diagnostics {
	_, diags := loadTheme(fsys)
	return diags
}
