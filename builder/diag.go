package builder

import (
	"bytes"
	"cmp"
	"fmt"
	"sort"
	"strings"
)

// Pos is a position shown to people: Line and Col are 1-based, Col counts
// bytes, as in go/token. File is slash-separated, relative to the site root.
type Pos struct {
	File      string
	Line, Col int
}

// Compare orders positions by file, line, then column, returning -1, 0
// or +1. Every sorted list of problems (builder, kb check) starts with it.
func (p Pos) Compare(q Pos) int {
	if c := strings.Compare(p.File, q.File); c != 0 {
		return c
	}
	if c := cmp.Compare(p.Line, q.Line); c != 0 {
		return c
	}
	return cmp.Compare(p.Col, q.Col)
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	default:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	}
}

// A Diagnostic is one problem found while building.
type Diagnostic struct {
	Pos     Pos
	Warning bool // false: the build fails
	Msg     string
	// Rule is the kb check rule id when the code that found the problem
	// names it (syntax/foreign); otherwise kb check gives one from the
	// message (lint.Classify).
	Rule string
}

func (d Diagnostic) String() string {
	if d.Warning {
		return d.Pos.String() + ": warning: " + d.Msg
	}
	return d.Pos.String() + ": " + d.Msg
}

// Diagnostics is every problem a build found. It implements error, so a
// failed build returns all of its problems at once.
type Diagnostics []Diagnostic

func (ds Diagnostics) Error() string {
	var b strings.Builder
	for i, d := range ds {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// Sort orders diagnostics by file, line, column, then message, so output
// never depends on goroutine timing.
func (ds Diagnostics) Sort() {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if c := a.Pos.Compare(b.Pos); c != 0 {
			return c < 0
		}
		if a.Warning != b.Warning {
			return !a.Warning
		}
		return a.Msg < b.Msg
	})
}

// Compact removes repeated diagnostics from a sorted list: a problem in
// a snippet is found once per article that includes it, at the same
// place, and is reported once.
func (ds Diagnostics) Compact() Diagnostics {
	out := ds[:0]
	for i, d := range ds {
		if i > 0 && d == ds[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// Errors counts the diagnostics that fail a build.
func (ds Diagnostics) Errors() int {
	n := 0
	for _, d := range ds {
		if !d.Warning {
			n++
		}
	}
	return n
}

// Warnings counts the diagnostics that do not fail a build.
func (ds Diagnostics) Warnings() int { return len(ds) - ds.Errors() }

// lineIndex turns byte offsets of one file into lines and columns. It is
// built lazily, only when a problem in that file is reported.
type lineIndex struct {
	file   string
	starts []int // byte offset of each line's first byte
}

func newLineIndex(file string, src []byte) *lineIndex {
	li := &lineIndex{file: file, starts: []int{0}}
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		li.starts = append(li.starts, i)
	}
	return li
}

// pos returns the position of byte offset off (clamped to the file).
func (li *lineIndex) pos(off int) Pos {
	if off < 0 {
		off = 0
	}
	line := sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > off }) // first line starting after off
	return Pos{File: li.file, Line: line, Col: off - li.starts[line-1] + 1}
}

// offset returns the byte offset of a 1-based line and column.
func (li *lineIndex) offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(li.starts) {
		line = len(li.starts)
	}
	return li.starts[line-1] + col - 1
}
