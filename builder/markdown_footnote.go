package builder

// Footnotes: goldmark's footnote extension with its two quadratic steps
// made linear. goldmark finds the note a reference points to by walking
// the list of every note, for every reference, and puts the notes in
// order with an insertion sort: a file of 60,000 notes and references
// took 207 s (BENCHMARKS.md, "Worst cases"). kb registers its own block
// parser, inline parser and transformer in their place; they are
// goldmark's (v1.8.7, extension/footnote.go) but for a map from label to
// note, kept in the document's parser.Context, and a sort of the list.
// The AST they build, and so the HTML goldmark's footnote renderer
// writes, is the same (TestFootnotesAsGoldmark).

import (
	"slices"
	"strconv"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// footnotes is kb's footnote extension: goldmark's priorities, kb's
// parsers, goldmark's renderer.
var footnotes goldmark.Extender = footnoteExt{}

type footnoteExt struct{}

func (footnoteExt) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(footnoteBlockParser{}, 999)),
		parser.WithInlineParsers(util.Prioritized(footnoteRefParser{}, 101)),
		parser.WithASTTransformers(util.Prioritized(footnoteTransformer{}, 999)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(extension.NewFootnoteHTMLRenderer(), 500),
	))
}

// footnoteLabelLimit is goldmark's: the longest label, as for links.
const footnoteLabelLimit = 999

// footnotesKey holds a document's *footnoteState.
var footnotesKey = parser.NewContextKey()

// footnoteState is one document's notes: the list they are moved into
// as each closes, each label's first note, and every reference.
type footnoteState struct {
	list  *ast.FootnoteList
	byRef map[string]*ast.Footnote
	links []*ast.FootnoteLink
}

func footnotesOf(pc parser.Context) *footnoteState {
	if s, ok := pc.Get(footnotesKey).(*footnoteState); ok {
		return s
	}
	return nil
}

// footnoteBlockParser parses "[^label]: text" and what is indented under it.
type footnoteBlockParser struct{}

var _ parser.BlockParser = footnoteBlockParser{}

func (footnoteBlockParser) Trigger() []byte { return []byte{'['} }

func (footnoteBlockParser) Open(parent gast.Node, reader text.Reader, pc parser.Context) (gast.Node, parser.State) {
	line, segment := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || line[pos] != '[' {
		return nil, parser.NoChildren
	}
	pos++
	if pos > len(line)-1 || line[pos] != '^' {
		return nil, parser.NoChildren
	}
	open := pos + 1
	labelBytes := line[pos+1 : min(len(line), pos+1+footnoteLabelLimit)]
	closure := util.FindClosure(labelBytes, '[', ']', false, false) //nolint:staticcheck // as goldmark does
	closes := pos + 1 + closure
	next := closes + 1
	if closure < 0 || next >= len(line) || line[next] != ':' {
		return nil, parser.NoChildren
	}
	padding := segment.Padding
	label := reader.Value(text.NewSegment(segment.Start+open-padding, segment.Start+closes-padding))
	if util.IsBlank(label) {
		return nil, parser.NoChildren
	}
	item := ast.NewFootnote(label)
	pos = next + 1 - padding
	if pos >= len(line) {
		reader.Advance(pos)
		return item, parser.NoChildren
	}
	reader.AdvanceAndSetPadding(pos, padding)
	return item, parser.HasChildren
}

func (footnoteBlockParser) Continue(node gast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, _ := reader.PeekLine()
	if util.IsBlank(line) {
		return parser.Continue | parser.HasChildren
	}
	childpos, padding := util.IndentPosition(line, reader.LineOffset(), 4)
	if childpos < 0 {
		return parser.Close
	}
	reader.AdvanceAndSetPadding(childpos, padding)
	return parser.Continue | parser.HasChildren
}

// Close moves the note into the document's list, which takes the place
// of the first note, and indexes it by label unless an earlier note has
// the label (goldmark's references find the first).
func (footnoteBlockParser) Close(node gast.Node, reader text.Reader, pc parser.Context) {
	s := footnotesOf(pc)
	if s == nil {
		s = &footnoteState{list: ast.NewFootnoteList(), byRef: map[string]*ast.Footnote{}}
		pc.Set(footnotesKey, s)
		node.Parent().InsertBefore(node.Parent(), node, s.list)
	}
	node.Parent().RemoveChild(node.Parent(), node)
	s.list.AppendChild(s.list, node)
	f := node.(*ast.Footnote)
	if _, ok := s.byRef[string(f.Ref)]; !ok {
		s.byRef[string(f.Ref)] = f
	}
}

func (footnoteBlockParser) CanInterruptParagraph() bool { return true }
func (footnoteBlockParser) CanAcceptIndentedLine() bool { return false }

// footnoteRefParser parses a reference, "[^label]", to a note defined
// anywhere in the document; notes are numbered in the order first referenced.
type footnoteRefParser struct{}

var _ parser.InlineParser = footnoteRefParser{}

// Trigger includes '!' because "![^1]" is a reference after a '!', not an image.
func (footnoteRefParser) Trigger() []byte { return []byte{'!', '['} }

func (footnoteRefParser) Parse(parent gast.Node, block text.Reader, pc parser.Context) gast.Node {
	line, segment := block.PeekLine()
	pos := 1
	if len(line) > 0 && line[0] == '!' {
		pos++
	}
	if pos >= len(line) || line[pos] != '^' {
		return nil
	}
	pos++
	if pos >= len(line) {
		return nil
	}
	open := pos
	labelBytes := line[pos:min(len(line), pos+footnoteLabelLimit)]
	closure := util.FindClosure(labelBytes, '[', ']', false, false) //nolint:staticcheck // as goldmark does
	if closure < 0 {
		return nil
	}
	closes := pos + closure
	value := block.Value(text.NewSegment(segment.Start+open, segment.Start+closes))
	block.Advance(closes + 1)

	s := footnotesOf(pc)
	if s == nil {
		return nil
	}
	d := s.byRef[string(value)]
	if d == nil {
		return nil
	}
	if d.Index < 0 {
		s.list.Count++
		d.Index = s.list.Count
	}
	fnlink := ast.NewFootnoteLink(d.Index)
	s.links = append(s.links, fnlink)
	if line[0] == '!' {
		parent.AppendChild(parent, gast.NewTextSegment(text.NewSegment(segment.Start, segment.Start+1)))
	}
	return fnlink
}

// footnoteTransformer numbers each reference among its note's, gives
// each note a back link per reference, drops the notes nothing refers
// to, and moves the list, in order of first reference, to the end.
type footnoteTransformer struct{}

var _ parser.ASTTransformer = footnoteTransformer{}

func (footnoteTransformer) Transform(doc *gast.Document, reader text.Reader, pc parser.Context) {
	s := footnotesOf(pc)
	pc.Set(footnotesKey, nil)
	if s == nil {
		return
	}
	back := ""
	if bt, ok := pc.Get(bodyTextsKey).(*bodyTexts); ok {
		back = bt.footnoteBack
	}
	list := s.list
	counter := map[int]int{}
	for _, l := range s.links {
		if l.Index >= 0 {
			counter[l.Index]++
		}
	}
	refIndex := map[int]int{}
	for _, l := range s.links {
		l.RefCount = counter[l.Index]
		l.RefIndex = refIndex[l.Index]
		refIndex[l.Index]++
	}
	var kept []*ast.Footnote
	for n := list.FirstChild(); n != nil; {
		next := n.NextSibling()
		fn := n.(*ast.Footnote)
		list.RemoveChild(list, fn)
		if fn.Index >= 0 {
			var container gast.Node = fn
			if fc := fn.LastChild(); fc != nil && gast.IsParagraph(fc) {
				container = fc
			}
			refCount := counter[fn.Index]
			for i := range max(refCount, 1) {
				b := ast.NewFootnoteBacklink(fn.Index)
				b.RefCount = refCount
				b.RefIndex = i
				if back != "" {
					b.SetAttributeString("aria-label", []byte(fillIn(back, "index", strconv.Itoa(fn.Index))))
				}
				container.AppendChild(container, b)
			}
			kept = append(kept, fn)
		}
		n = next
	}
	if list.Count <= 0 {
		list.Parent().RemoveChild(list.Parent(), list)
		return
	}
	// Every kept note has its own index, so any sort gives goldmark's order.
	slices.SortFunc(kept, func(a, b *ast.Footnote) int { return a.Index - b.Index })
	for _, fn := range kept {
		list.AppendChild(list, fn)
	}
	doc.AppendChild(doc, list)
}
