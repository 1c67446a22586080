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
// are errors naming the chain of files and lines. So is an article that
// grows past maxArticleSize with its snippets included (snippets that each
// include the next ten times grow tenfold a level): expansion stops there.

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
	e := &expander{snippets: snippets, budget: maxArticleSize - bodyOff, chain: []string{file}}
	e.expand(body, fileLines(), bodyOff, "")
	if e.budget < 0 { // too large: the rest of the build reads the body as written
		return body, nil, e.diags
	}
	return e.out.Bytes(), e.spans, e.diags
}

type expander struct {
	snippets map[string]*Snippet
	out      bytes.Buffer
	spans    []span
	diags    Diagnostics
	reported map[problemAt]bool // a snippet included many times reports each problem once
	missing  map[string]string  // the message for each name not found
	// budget is what the expanded body may still grow by. Each include
	// line spends its own length too, so that includes of empty snippets
	// cannot run for ever either; below zero, expansion has stopped.
	budget int
	chain  []string // the files being expanded, the article first
	where  []Pos    // the include lines that led to the file being expanded
}

// expand copies src (which starts at offset base of the file li indexes)
// into the output, prefixing each line with indent and expanding includes.
func (e *expander) expand(src []byte, li *lineIndex, base int, indent string) {
	for off := 0; off < len(src) && e.budget >= 0; {
		end := bytes.IndexByte(src[off:], '\n')
		next := len(src)
		if end >= 0 {
			end += off
			next = end + 1
		} else {
			end = len(src)
		}
		line := src[off:end]
		if e.budget -= len(indent) + next - off; e.budget < 0 {
			e.where = append(e.where, li.pos(base+off))
			e.fail(fmt.Sprintf("snippets make the article more than the %d MiB an article may have", maxArticleSize>>20))
			return
		}
		if m := includeRE.FindSubmatch(line); m != nil {
			name := strings.TrimSpace(string(m[2]))
			e.where = append(e.where, li.pos(base+off+len(m[1])))
			e.include(name, indent+string(m[1]))
			if e.budget >= 0 {
				e.where = e.where[:len(e.where)-1]
			}
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

// include expands the snippet name at the include line last in e.where.
func (e *expander) include(name string, indent string) {
	s, ok := e.snippets[name]
	if !ok {
		if e.missing == nil {
			e.missing = map[string]string{}
		}
		msg, seen := e.missing[name]
		if !seen {
			msg = fmt.Sprintf("snippet %q not found", name)
			names := make([]string, 0, len(e.snippets))
			for n := range e.snippets {
				names = append(names, n)
			}
			sort.Strings(names)
			if c := closest(name, names); c != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", c)
			}
			e.missing[name] = msg
		}
		e.fail(msg)
		return
	}
	for _, c := range e.chain {
		if c == s.Path {
			e.fail("include cycle: " + cycleText(e.where, s.Path))
			return
		}
	}
	if len(e.chain) > maxIncludeDepth {
		e.fail(fmt.Sprintf("snippets nested more than %d deep", maxIncludeDepth))
		return
	}
	e.chain = append(e.chain, s.Path)
	e.expand(s.Src, s.li, s.off, indent)
	e.chain = e.chain[:len(e.chain)-1]
}

// fail reports a problem at the outermost include line (in the article),
// naming the chain of includes (e.where) that led to it.
func (e *expander) fail(msg string) {
	where := e.where
	at := problemAt{where[len(where)-1], msg}
	if e.reported[at] {
		return
	}
	if e.reported == nil {
		e.reported = map[problemAt]bool{}
	}
	e.reported[at] = true
	if len(where) > 1 {
		var via []string
		for _, p := range where[1:] {
			via = append(via, p.String())
		}
		msg += " (via " + strings.Join(via, " → ") + ")"
	}
	e.diags = append(e.diags, Diagnostic{Pos: where[0], Msg: msg})
}

// problemAt is a problem and the line it is at, in whichever file.
type problemAt struct {
	at  Pos
	msg string
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
