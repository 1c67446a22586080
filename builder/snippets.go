package builder

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Snippets are markdown kept once and included in many articles with a
// line of its own:
//
//	{!contact-support.md!}
//
// The name is a path below the snippets folder (content/_snippets by
// default; the syntax is Zulip's, so its help center builds as it is).
// The included lines take the include line's indentation, so a snippet
// can be a list item's body. Links inside a snippet resolve relative to
// the article that includes it. A missing snippet and an include cycle
// are errors naming the chain of files and lines.

// Snippet is one file of the snippets folder.
type Snippet struct {
	Path string // relative to the site root, for messages
	Src  []byte // the body: cleaned, front matter removed
	off  int    // where Src starts in the file
	li   *lineIndex
}

// span maps a run of expanded body bytes back to the file they came from.
type span struct {
	out    int        // start in the expanded body
	file   *lineIndex // the file's line index
	off    int        // start in that file
	indent int        // bytes of indentation added before the run's first byte
}

var includeRE = regexp.MustCompile(`^([ \t]*)\{!([^!{}\n]+)!\}[ \t]*$`)

const maxIncludeDepth = 16

// expandSnippets replaces include lines in body (which starts at offset
// bodyOff of src's file) and returns the expanded body with its span
// map, or body itself and nil when there is nothing to include.
func expandSnippets(file string, fileLines func() *lineIndex, body []byte, bodyOff int, snippets map[string]*Snippet) ([]byte, []span, Diagnostics) {
	if !bytes.Contains(body, []byte("{!")) {
		return body, nil, nil
	}
	e := &expander{snippets: snippets}
	e.expand(body, fileLines(), bodyOff, "", []string{file}, nil)
	return e.out.Bytes(), e.spans, e.diags
}

type expander struct {
	snippets map[string]*Snippet
	out      bytes.Buffer
	spans    []span
	diags    Diagnostics
}

// expand copies src (which starts at offset base of the file li indexes)
// into the output, prefixing each line with indent and expanding includes.
func (e *expander) expand(src []byte, li *lineIndex, base int, indent string, chain []string, where []Pos) {
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		next := len(src)
		if end >= 0 {
			end += off
			next = end + 1
		} else {
			end = len(src)
		}
		line := src[off:end]
		if m := includeRE.FindSubmatch(line); m != nil {
			name := strings.TrimSpace(string(m[2]))
			pos := li.pos(base + off + len(m[1]))
			e.include(name, pos, indent+string(m[1]), chain, where)
		} else {
			e.spans = append(e.spans, span{out: e.out.Len(), file: li, off: base + off, indent: len(indent)})
			e.out.WriteString(indent)
			e.out.Write(src[off:next])
			if next == len(src) && end == len(src) && len(src) > 0 {
				e.out.WriteByte('\n')
			}
		}
		off = next
	}
}

func (e *expander) include(name string, pos Pos, indent string, chain []string, where []Pos) {
	where = append(append([]Pos(nil), where...), pos)
	s, ok := e.snippets[name]
	if !ok {
		msg := fmt.Sprintf("snippet %q not found", name)
		names := make([]string, 0, len(e.snippets))
		for n := range e.snippets {
			names = append(names, n)
		}
		sort.Strings(names)
		if c := closest(name, names); c != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", c)
		}
		e.fail(where, msg)
		return
	}
	for _, c := range chain {
		if c == s.Path {
			e.fail(where, "include cycle: "+cycleText(where, s.Path))
			return
		}
	}
	if len(chain) > maxIncludeDepth {
		e.fail(where, fmt.Sprintf("snippets nested more than %d deep", maxIncludeDepth))
		return
	}
	e.expand(s.Src, s.li, s.off, indent, append(chain, s.Path), where)
}

// fail reports a problem at the outermost include line (in the article),
// naming the chain of includes that led to it.
func (e *expander) fail(where []Pos, msg string) {
	if len(where) > 1 {
		var via []string
		for _, p := range where[1:] {
			via = append(via, p.String())
		}
		msg += " (via " + strings.Join(via, " → ") + ")"
	}
	e.diags = append(e.diags, Diagnostic{Pos: where[0], Msg: msg})
}

func cycleText(where []Pos, back string) string {
	var parts []string
	for _, p := range where {
		parts = append(parts, p.String())
	}
	return strings.Join(parts, " → ") + " → " + back
}

// mapPos turns an offset of an expanded body into a file position.
func mapPos(spans []span, off int) Pos {
	i := sort.Search(len(spans), func(i int) bool { return spans[i].out > off }) - 1
	if i < 0 {
		i = 0
	}
	s := spans[i]
	d := off - s.out - s.indent
	if d < 0 {
		d = 0
	}
	return s.file.pos(s.off + d)
}
