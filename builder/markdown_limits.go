package builder

// Limits on how much markup one article may hold, so that any file under
// the size limit builds or fails in well under 2 s (BenchmarkWorstCase,
// BENCHMARKS.md "Worst cases at the size limit"). goldmark's time, and
// that of kb's walks, the HTML sanitiser and the search index, grows with
// the number of links, brackets, tags, emphasis runs, table cells,
// headings and definitions, and with the quotes and lists open on each
// line, some of it faster than linearly (one paragraph of 4 MB of
// "[" took 12 s, 260,000 headings 11 s). The largest articles of the
// two real help centres kb is tried on (postman-docs, zulip-help) hold
// under 1,200 such marks in all; the limit is over fifteen times that.

import (
	"bytes"
	"fmt"

	"github.com/yuin/goldmark/ast"
)

// maxMarkup is how many marks of markup an article may hold: "[", "<"
// and "|" each, each run of "*", "_" or "~", and each line that starts
// (after indentation and quote markers) with "#" or ":". Fenced code is
// not counted, and a backslash-escaped character is not a mark.
const maxMarkup = 20000

// maxNested is how many levels of nesting an article's lines may start
// with in all: each quote marker, list marker and level of indentation
// (two spaces; a tab is two), up to maxNesting a line, as goldmark never
// has more open. goldmark pays for every open quote and list on every
// line, and reads the line's indentation again for each: 4 MB of lines
// 32 deep took 2.5 s, 2,900 lines nested ever deeper (past maxNesting,
// so an error already) 1.4 s. The real articles hold under 400.
const maxNested = 20000

// maxHighlighted is how many bytes of code an article may have
// highlighted by chroma, which takes about 1.5 µs a byte; code blocks
// past it are written plain, with one warning.
const maxHighlighted = 128 << 10

// markupOverflow scans body once and returns the offset of the first
// mark past maxMarkup or level past maxNested, the offset of the start
// of its line, and the message; the offsets are -1 when the body is
// within the limits.
func markupOverflow(body []byte) (at, line int, msg string) {
	marks, nested := 0, 0
	var fence byte // '`' or '~' inside fenced code
	fenceLen := 0
	for start := 0; start < len(body); {
		end := bytes.IndexByte(body[start:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += start
		}
		l := body[start:end]
		i := containerPrefix(l)
		if c, k := fenceRun(l[i:]); k > 0 && (fence == 0 || c == fence && k >= fenceLen && len(bytes.TrimSpace(l[i+k:])) == 0) {
			if fence == 0 {
				fence, fenceLen = c, k
			} else {
				fence = 0
			}
		} else if fence == 0 {
			levels, width := 0, 0
			for j, c := range l[:i] {
				switch c {
				case '>', '-', '+', '*', '.', ')': // a quote, or a list marker ("1." ends with its ".")
					levels++
				case ' ':
					if width++; width%2 == 0 {
						levels++
					}
				case '\t':
					width += 4
					levels += 2
				}
				if levels > maxNesting {
					break
				}
				if nested+levels > maxNested {
					return start + j, start, tooNested()
				}
			}
			nested += min(levels, maxNesting)
			if i < len(l) && (l[i] == '#' || l[i] == ':') {
				if marks++; marks > maxMarkup {
					return start + i, start, tooMuchMarkup()
				}
			}
			for j := i; j < len(l); j++ {
				switch c := l[j]; c {
				case '\\':
					j++
				case '[', '<', '|':
					if marks++; marks > maxMarkup {
						return start + j, start, tooMuchMarkup()
					}
				case '*', '_', '~':
					for j+1 < len(l) && l[j+1] == c {
						j++
					}
					if marks++; marks > maxMarkup {
						return start + j, start, tooMuchMarkup()
					}
				}
			}
		}
		start = end + 1
	}
	return -1, -1, ""
}

// containerPrefix is the length of the quote markers, list markers
// ("-", "+", "*", "1.", "1)") and indentation that l starts with.
func containerPrefix(l []byte) int {
	i := 0
	for i < len(l) {
		switch c := l[i]; {
		case c == ' ' || c == '\t' || c == '>':
			i++
		case c == '-' || c == '+' || c == '*':
			if i+1 < len(l) && l[i+1] != ' ' && l[i+1] != '\t' {
				return i
			}
			i++
		case c >= '0' && c <= '9':
			k := i
			for k < len(l) && k-i < 9 && l[k] >= '0' && l[k] <= '9' {
				k++
			}
			if k == len(l) || l[k] != '.' && l[k] != ')' || k+1 < len(l) && l[k+1] != ' ' && l[k+1] != '\t' {
				return i
			}
			i = k + 1
		default:
			return i
		}
	}
	return i
}

// fenceRun returns the fence character and the length of the run of
// three or more "`" or "~" that l starts with, or 0.
func fenceRun(l []byte) (byte, int) {
	if len(l) < 3 || (l[0] != '`' && l[0] != '~') {
		return 0, 0
	}
	k := 1
	for k < len(l) && l[k] == l[0] {
		k++
	}
	if k < 3 {
		return 0, 0
	}
	return l[0], k
}

// tooMuchMarkup is the markdown/too-complex message.
func tooMuchMarkup() string {
	return fmt.Sprintf("more than %d marks of markup in one article (each [, < or |, each run of *, _ or ~, each # or : starting a line); the rest of the file is not read: split the article", maxMarkup)
}

// tooNested is the markdown/too-complex message for maxNested.
func tooNested() string {
	return fmt.Sprintf("more than %d levels of nesting in one article (each quote marker, list marker and level of indentation starting a line, up to %d a line); the rest of the file is not read: split the article", maxNested, maxNesting)
}

// attrPlain marks a code block written without highlighting: it came
// after the article's first maxHighlighted bytes of code.
const attrPlain = "kb-plain"

// codeBudget counts an article's code blocks against maxHighlighted.
type codeBudget struct {
	size   int  // bytes of code so far
	passed bool // whether a block went past maxHighlighted
}

// add counts code block n, marks it attrPlain once past the limit, and
// reports whether n is the first block past it.
func (c *codeBudget) add(n ast.Node) (first bool) {
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		c.size += seg.Len()
	}
	if c.size <= maxHighlighted {
		return false
	}
	n.SetAttributeString(attrPlain, true)
	first, c.passed = !c.passed, true
	return first
}

// codeNotHighlighted is the code/not-highlighted message.
func codeNotHighlighted() string {
	return fmt.Sprintf("code past the article's first %d KiB of code is not highlighted", maxHighlighted>>10)
}
