package agentcheck

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
)

// newMarkdown is the parser twins and llms files are read with: CommonMark
// with the extensions kb writes (GFM, footnotes, definition lists), as an
// agent's markdown reader would see them. The HTML renderer is never used.
func newMarkdown() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList))
}

// mdLink is a link, image or URL found in a markdown file.
type mdLink struct {
	dest string
	off  int  // byte offset to report: the URL itself when it can be found
	bare bool // a URL in running text (GFM's autolinking), not link syntax
}

// mdLinks returns the links, images and URLs of a markdown file, in order.
func mdLinks(md goldmark.Markdown, src []byte) []mdLink {
	doc := md.Parser().Parse(text.NewReader(src))
	var out []mdLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			out = append(out, mdLink{dest: string(n.Destination), off: destOffset(src, nodeOffset(n), n.Destination)})
		case *ast.Image:
			out = append(out, mdLink{dest: string(n.Destination), off: destOffset(src, nodeOffset(n), n.Destination)})
		case *ast.AutoLink:
			u := string(n.URL(src))
			if n.AutoLinkType != ast.AutoLinkURL {
				return ast.WalkContinue, nil // e-mail addresses
			}
			off := nodeOffset(n)
			bare := off < 0 || off >= len(src) || src[off] != '<'
			if i := bytes.Index(src[max(off, 0):], n.Label(src)); off >= 0 && i >= 0 {
				off += i
			}
			if !strings.Contains(u, "://") {
				u = "http://" + u // www. links
			}
			out = append(out, mdLink{dest: u, off: off, bare: bare})
		case *ast.RawHTML:
			var raw []byte
			start := nodeOffset(n)
			for i := 0; i < n.Segments.Len(); i++ {
				if i == 0 {
					start = n.Segments.At(0).Start
				}
				seg := n.Segments.At(i)
				raw = append(raw, seg.Value(src)...)
			}
			out = append(out, htmlLinks(raw, start)...)
		case *ast.HTMLBlock:
			start := -1
			var raw []byte
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				if start < 0 {
					start = seg.Start
				}
				raw = append(raw, seg.Value(src)...)
			}
			out = append(out, htmlLinks(raw, start)...)
		}
		return ast.WalkContinue, nil
	})
	return out
}

// htmlLinks returns the href and src attributes of a fragment of HTML
// found at offset off.
func htmlLinks(raw []byte, off int) []mdLink {
	var out []mdLink
	z := html.NewTokenizer(bytes.NewReader(raw))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		for _, a := range z.Token().Attr {
			if a.Key == "href" || a.Key == "src" {
				out = append(out, mdLink{dest: a.Val, off: off})
			}
		}
	}
}

// nodeOffset is the byte offset of n in the source: its own position,
// its first descendant's, or the nearest ancestor's; -1 when none is
// known.
func nodeOffset(n ast.Node) int {
	for p := n; p != nil && p.Type() != ast.TypeDocument; p = p.Parent() {
		if off := ownOffset(p); off >= 0 {
			return off
		}
	}
	return -1
}

// ownOffset is the offset of n or of its first descendant that has one.
func ownOffset(n ast.Node) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	if t, ok := n.(*ast.Text); ok {
		return t.Segment.Start
	}
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if off := ownOffset(c); off >= 0 {
			return off
		}
	}
	return -1
}

// destOffset finds the destination of the link that starts at off, on
// the same line, so a broken URL is reported where it is written.
func destOffset(src []byte, off int, dest []byte) int {
	if off < 0 || off >= len(src) {
		return max(off, 0)
	}
	end := bytes.IndexByte(src[off:], '\n')
	if end < 0 {
		end = len(src) - off
	}
	if i := bytes.Index(src[off:off+end], append([]byte("]("), dest...)); i >= 0 && len(dest) > 0 {
		return off + i + 2
	}
	return off
}

// unclosedFence returns the byte offset of the first code fence that is
// never closed, or -1. It reads lines as CommonMark does, ignoring the
// blockquote markers and indentation of containers: kb's twins indent
// fences inside list items, and the markdown serializer never writes
// indented code blocks.
func unclosedFence(src []byte) int {
	var ch byte
	var n, open int
	inFence := false
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src) - off
		}
		line := string(src[off : off+end])
		s := strings.TrimLeft(line, " \t>")
		run := 0
		if s != "" && (s[0] == '`' || s[0] == '~') {
			for run < len(s) && s[run] == s[0] {
				run++
			}
		}
		switch {
		case inFence:
			if run >= n && s[0] == ch && strings.Trim(s[run:], " \t\r") == "" {
				inFence = false
			}
		case run >= 3 && (s[0] == '~' || !strings.Contains(s[run:], "`")):
			inFence, ch, n, open = true, s[0], run, off+len(line)-len(s)
		}
		off += end + 1
	}
	if inFence {
		return open
	}
	return -1
}
