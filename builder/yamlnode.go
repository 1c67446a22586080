package builder

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// This file holds the YAML helpers shared by front matter and site.yaml:
// both are decoded into a yaml.Node first, so every key and value keeps its
// line and column, and typed values are read from the nodes by hand.

// yamlDoc parses src into the root mapping node. line0 is the file line
// of src's first line, so positions are file positions. An empty document
// gives a nil node and no error.
func yamlDoc(file string, src []byte, line0 int) (root *yaml.Node, diags Diagnostics) {
	defer func() {
		if r := recover(); r != nil { // go-yaml has panicked on hostile input before (CVE-2022-28948)
			root, diags = nil, Diagnostics{{Pos: Pos{file, line0, 1}, Msg: fmt.Sprintf("invalid YAML: %v", r)}}
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line, msg := yamlErrorLine(err)
		col := 1
		if msg == "found unexpected end of stream" || msg == "found unexpected document indicator" {
			// go-yaml points at the end, or (for a quote opened on the
			// first line) nowhere useful: point at the quote instead.
			if l, c, q := unclosedQuote(src); l > 0 {
				line, col = l, c
				msg = fmt.Sprintf("the string opened with %c here is never closed (add the closing %c)", q, q)
			}
		}
		line = max(line, 1)
		if last := bytes.Count(src, []byte("\n")) + 1; line > last {
			// go-yaml puts an error at the end of a text without a final
			// newline ("{") on the line after it: point at its end.
			text := src[bytes.LastIndexByte(src, '\n')+1:]
			line, col = last, utf8.RuneCount(text)+1
		}
		return nil, Diagnostics{{Pos: Pos{file, line0 + line - 1, col}, Msg: "invalid YAML: " + msg}}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	n := doc.Content[0]
	if isNull(n) {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, Diagnostics{{Pos: Pos{file, line0 + n.Line - 1, n.Column}, Msg: "expected a mapping of keys to values, got " + yamlKind(n)}}
	}
	if bad := findAlias(n); bad != nil {
		return nil, Diagnostics{{Pos: Pos{file, line0 + bad.Line - 1, bad.Column}, Msg: "YAML anchors, aliases and tags are not allowed"}}
	}
	if dup, first := findDuplicateKey(n); dup != nil {
		// go-yaml rejects duplicate keys only when decoding into a map
		// or struct, not into a yaml.Node: without this check the last
		// value would silently win.
		return nil, Diagnostics{{Pos: Pos{file, line0 + dup.Line - 1, dup.Column},
			Msg: fmt.Sprintf("key %q already defined at line %d", dup.Value, line0+first.Line-1)}}
	}
	return n, nil
}

// findDuplicateKey returns the first key of a mapping (at any depth) that
// repeats an earlier key of the same mapping, and that earlier key.
func findDuplicateKey(n *yaml.Node) (dup, first *yaml.Node) {
	if n.Kind == yaml.MappingNode {
		seen := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				continue
			}
			if f, ok := seen[k.Value]; ok {
				return k, f
			}
			seen[k.Value] = k
		}
	}
	for _, c := range n.Content {
		if dup, first := findDuplicateKey(c); dup != nil {
			return dup, first
		}
	}
	return nil, nil
}

// findAlias returns the first node that uses an anchor, an alias or an
// explicit tag. Front matter never needs them, and refusing them closes
// the door on alias bombs.
func findAlias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode || n.Anchor != "" || n.Style&yaml.TaggedStyle != 0 {
		return n
	}
	for _, c := range n.Content {
		if bad := findAlias(c); bad != nil {
			return bad
		}
	}
	return nil
}

// unclosedQuote finds a quoted YAML string that is never closed: the
// 1-based line and column (in bytes) of its opening quote, and the quote.
// line is 0 when every quoted string is closed. A quote opens a string
// only where a value starts (after "key:", "- ", "[", "{", "," or at the
// start of a line), so the apostrophe of `title: It's` opens nothing;
// outside strings, # starts a comment.
func unclosedQuote(src []byte) (line, col int, quote byte) {
	ln, lineStart := 1, 0
	valueStart := true // at the start of a line, or after an indicator
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\n':
			ln, lineStart, valueStart = ln+1, i+1, true
		case c == ' ' || c == '\t':
		case c == '#' && (i == lineStart || src[i-1] == ' ' || src[i-1] == '\t'):
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case (c == '"' || c == '\'') && valueStart:
			openLine, openCol := ln, i-lineStart+1
			closed := false
			for i++; i < len(src); i++ {
				switch d := src[i]; {
				case d == '\n':
					ln, lineStart = ln+1, i+1
				case c == '"' && d == '\\':
					if i+1 < len(src) && src[i+1] != '\n' {
						i++
					}
				case d == c && c == '\'' && i+1 < len(src) && src[i+1] == '\'':
					i++ // '' is a quote inside a single-quoted string
				case d == c:
					closed = true
				}
				if closed {
					break
				}
			}
			if !closed {
				return openLine, openCol, c
			}
			valueStart = false
		case c == ':' || c == '-' || c == '[' || c == '{' || c == ',' || c == '?':
			valueStart = true
		default:
			valueStart = false
		}
	}
	return 0, 0, 0
}

var yamlLineRE = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// yamlErrorLine extracts the 1-based line from a go-yaml error. go-yaml
// reports syntax errors only as text ("yaml: line 2: …"); this is the one
// place that reads a position out of an error string.
func yamlErrorLine(err error) (int, string) {
	if te, ok := err.(*yaml.TypeError); ok && len(te.Errors) > 0 {
		return yamlErrorLine(fmt.Errorf("%s", te.Errors[0]))
	}
	m := yamlLineRE.FindStringSubmatch(err.Error())
	if m == nil {
		return 0, err.Error()
	}
	line, _ := strconv.Atoi(m[1])
	if line > 0 && yamlParserProblem(m[2]) {
		line++
	}
	return line, m[2]
}

// yamlParserProblem reports whether msg is one of go-yaml's parser (not
// scanner) errors. go-yaml v3 shifts the 0-based line of a scanner error
// to 1-based but prints a parser error's line unshifted (decode.go,
// parser.fail), so "line 1: did not find expected key" is the second
// line. Line 0 is never printed: such errors carry no "line N:" at all.
func yamlParserProblem(msg string) bool {
	switch msg {
	case "did not find expected <stream-start>", "did not find expected <document start>",
		"found undefined tag handle", "did not find expected node content",
		"did not find expected '-' indicator", "did not find expected key",
		"did not find expected ',' or ']'", "did not find expected ',' or '}'",
		"found duplicate %YAML directive", "found incompatible YAML document",
		"found duplicate %TAG directive":
		return true
	}
	return false
}

func yamlKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!str":
			return fmt.Sprintf("the string %q", n.Value)
		case "!!int":
			return "the number " + n.Value
		case "!!float":
			return "the number " + n.Value
		case "!!bool":
			return n.Value
		case "!!null":
			return "nothing"
		case "!!timestamp":
			return "the date " + n.Value
		}
		return strconv.Quote(n.Value)
	}
	return "an alias"
}

// yamlReader reads typed values out of nodes and records a diagnostic for
// each value of the wrong type. Positions are shifted by line0.
type yamlReader struct {
	file  string
	line0 int
	diags Diagnostics
}

func (r *yamlReader) pos(n *yaml.Node) Pos {
	return Pos{File: r.file, Line: r.line0 + n.Line - 1, Col: n.Column}
}

func (r *yamlReader) errorf(n *yaml.Node, format string, args ...any) {
	r.diags = append(r.diags, Diagnostic{Pos: r.pos(n), Msg: fmt.Sprintf(format, args...)})
}

func (r *yamlReader) warnf(n *yaml.Node, format string, args ...any) {
	r.diags = append(r.diags, Diagnostic{Pos: r.pos(n), Warning: true, Msg: fmt.Sprintf(format, args...)})
}

// str reads a scalar as its source text: `title: 2024-12-19` is the string
// "2024-12-19" and `title: no` is "no" (no date or Norway traps).
func (r *yamlReader) str(key string, n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		r.errorf(n, "key %q: expected a string, got %s", key, yamlKind(n))
		return ""
	}
	return n.Value
}

func (r *yamlReader) int(key string, n *yaml.Node) int {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		if v, err := strconv.Atoi(n.Value); err == nil {
			return v
		}
	}
	r.errorf(n, "key %q: expected a whole number, got %s", key, yamlKind(n))
	return 0
}

func (r *yamlReader) bool(key string, n *yaml.Node) bool {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		switch n.Value {
		case "true", "True", "TRUE":
			return true
		case "false", "False", "FALSE":
			return false
		}
	}
	r.errorf(n, "key %q: expected true or false, got %s", key, yamlKind(n))
	return false
}

// strPos is a string value with the position it was written at.
type strPos struct {
	Value string
	Pos   Pos
}

// strList reads a list of strings. A lone string is an error that shows
// how to write the list, so `tags: billing` is never read as one tag by
// accident of type.
func (r *yamlReader) strList(key string, n *yaml.Node) []strPos {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		if n.Kind == yaml.ScalarNode {
			r.errorf(n, "key %q: expected a list, got %s (write [%s])", key, yamlKind(n), n.Value)
		} else {
			r.errorf(n, "key %q: expected a list of strings, got %s", key, yamlKind(n))
		}
		return nil
	}
	out := make([]strPos, 0, len(n.Content))
	for _, c := range n.Content {
		if c.Kind != yaml.ScalarNode || c.Tag == "!!null" {
			r.errorf(c, "key %q: expected a string in the list, got %s", key, yamlKind(c))
			continue
		}
		out = append(out, strPos{Value: c.Value, Pos: r.pos(c)})
	}
	return out
}

// unknownKey reports a key that is not in known, suggesting the closest one.
func (r *yamlReader) unknownKey(k *yaml.Node, known []string, asError bool, what string) {
	msg := fmt.Sprintf("unknown %s key %q", what, k.Value)
	if s := closest(k.Value, known); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	if asError {
		r.errorf(k, "%s", msg)
	} else {
		r.warnf(k, "%s", msg)
	}
}

// pairs iterates over a mapping's key and value nodes. yamlDoc has
// already rejected keys that appear twice.
func pairs(m *yaml.Node) [][2]*yaml.Node {
	if m == nil {
		return nil
	}
	out := make([][2]*yaml.Node, 0, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		out = append(out, [2]*yaml.Node{m.Content[i], m.Content[i+1]})
	}
	return out
}

// isNull reports whether n is YAML's null: an empty value, ~ or null.
func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }
