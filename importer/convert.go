package importer

// This file is the line converter all generators share: it turns the
// block syntaxes of other generators (admonitions, tabs, includes,
// Liquid and Hugo blocks, MDX lines) into kb's, line by line, and hands
// every other line to the inline converter (inline.go). Code blocks are
// copied as they are. Each output line keeps the source line it came
// from and how far its columns moved, so what kb still reports in the
// converted site is shown at its place in SRC.

import (
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/kbhelp/kb/builder"
)

// line is one line of markdown and where it came from.
type line struct {
	s     string
	n     int // source line, 1-based
	shift int // source column = column here + shift
}

var (
	fenceRE        = regexp.MustCompile("^([ \\t]*)(`{3,}|~{3,})(.*)$")
	admRE          = regexp.MustCompile(`^([ \t]*)(!!!|\?\?\?\+?)[ \t]+([A-Za-z][\w-]*)(?:[ \t]+(?:inline|end))*(?:[ \t]+"([^"]*)")?[ \t]*$`)
	mkTabRE        = regexp.MustCompile(`^([ \t]*)===\+?[ \t]+"([^"]*)"[ \t]*$`)
	colonOpenRE    = regexp.MustCompile(`^([ \t]*)(:{3,})[ \t]*([A-Za-z][\w-]*)(?:\[([^\]]*)\]|[ \t]*\{[^}]*title=["']([^"']*)["'][^}]*\}|[ \t]+(\S.*?))?[ \t]*$`)
	colonCloseRE   = regexp.MustCompile(`^[ \t]*:{3,}[ \t]*$`)
	tabsOpenRE     = regexp.MustCompile(`^([ \t]*)<Tabs\b([^>]*)>[ \t]*$`)
	tabsCloseRE    = regexp.MustCompile(`^[ \t]*</Tabs>[ \t]*$`)
	tabItemRE      = regexp.MustCompile(`^([ \t]*)<TabItem\b([^>]*)>[ \t]*$`)
	tabItemCloseRE = regexp.MustCompile(`^[ \t]*</TabItem>[ \t]*$`)
	jsxAttrRE      = regexp.MustCompile(`(\w+)=(?:"([^"]*)"|'([^']*)'|\{["']([^"']*)["']\})`)
	tabsValuesRE   = regexp.MustCompile(`\{\s*label:\s*['"]([^'"]*)['"],\s*value:\s*['"]([^'"]*)['"]\s*\}|\{\s*value:\s*['"]([^'"]*)['"],\s*label:\s*['"]([^'"]*)['"]\s*\}`)
	liquidBlockRE  = regexp.MustCompile(`^([ \t]*)\{%-?\s*(comment|endcomment|raw|endraw|highlight|endhighlight)\b\s*([^%]*?)\s*-?%\}[ \t]*$`)
	hugoBlockRE    = regexp.MustCompile(`^([ \t]*)\{\{([<%])\s*(/?)\s*([A-Za-z][\w-]*)\s*(.*?)\s*[>%]\}\}[ \t]*$`)
	kbIncludeRE    = regexp.MustCompile(`^([ \t]*)\{!([^!{}\n]+)!\}[ \t]*$`)
	mkSnippetRE    = regexp.MustCompile(`^([ \t]*)-{1,2}8<-{1,2}[ \t]+["']?([^"'\s]+)["']?[ \t]*$`)
	liquidInclRE   = regexp.MustCompile(`^([ \t]*)\{%-?\s*include(_relative)?\s+["']?([^\s"'%]+)["']?\s*([^%]*?)\s*-?%\}[ \t]*$`)
	mdxImportRE    = regexp.MustCompile(`^import\s+(?:([\w$]+)\s+from\s+)?(?:[^'"]*\s+from\s+)?['"]([^'"]+)['"];?\s*$`)
	mdxExportRE    = regexp.MustCompile(`^export\s+(?:const|let|var|function|default|class|async|\{)`)
	jsxPartialRE   = regexp.MustCompile(`^([ \t]*)<([A-Z][\w]*)\s*/>[ \t]*$`)
	tocRE          = regexp.MustCompile(`(?i)^[ \t]*(\[TOC\]|\[\[_TOC_\]\]|\[\[toc\]\]|\{:\s*toc\s*\})[ \t]*$`)
	kramdownTOCRE  = regexp.MustCompile(`^[ \t]*[*-][ \t]+(TOC|Table of contents)[ \t]*$`)
	jtdCalloutRE   = regexp.MustCompile(`^([ \t]*)\{:\s*\.(note|tip|warning|important|caution|danger|highlight|new)\s*\}[ \t]*$`)
	kbTabMarkerRE  = regexp.MustCompile(`^[ \t]*\{(start_tabs|end_tabs|tab\|[^{}]*)\}[ \t]*$`)
	hugoAttrRE     = regexp.MustCompile(`(\w+)=(?:"([^"]*)"|'([^']*)'|(\S+))`)
)

// convert converts a block of lines (a file's body, or the body of an
// admonition or tab, already dedented).
func (c *fileCtx) convert(in []line) []line {
	var out []line
	emit := func(ls ...line) { out = append(out, ls...) }
	sep := func(_ string, at line) { separate(&out, at) }
	for i := 0; i < len(in); i++ {
		l := in[i]
		s := l.s
		if m := fenceRE.FindStringSubmatch(s); m != nil && (m[2][0] != '`' || !strings.Contains(m[3], "`")) {
			end := closeFence(in, i, m[1], m[2])
			emit(in[i : end+1]...)
			i = end
			continue
		}
		if m := admRE.FindStringSubmatch(s); m != nil && c.fl.mkdocs {
			body, next := indented(in, i+1, indentWidth(m[1])+4)
			body = dedent(body, indentWidth(m[1])+4)
			sep(m[1], l)
			if m[2][0] == '?' {
				c.count("collapsible admonition → collapsible block")
				title := m[4]
				if title == "" {
					title = titleFromName(m[3])
				}
				emit(c.details(m[1], title, strings.HasSuffix(m[2], "+"), body, l)...)
			} else {
				c.count("admonition → alert")
				emit(c.alert(m[1], m[3], m[4], body, l)...)
			}
			i = next - 1
			continue
		}
		if m := mkTabRE.FindStringSubmatch(s); m != nil && c.fl.mkdocs {
			var tabs []tab
			j := i
			for j < len(in) {
				mm := mkTabRE.FindStringSubmatch(in[j].s)
				if mm == nil || mm[1] != m[1] {
					break
				}
				body, next := indented(in, j+1, indentWidth(m[1])+4)
				tabs = append(tabs, tab{label: mm[2], body: dedent(body, indentWidth(m[1])+4), at: in[j]})
				j = skipBlank(in, next)
			}
			c.count("tabs → kb tabs")
			sep(m[1], l)
			emit(c.tabs(m[1], tabs, l)...)
			i = lastNonBlank(in, i, j) // blank lines between tab sets stay
			continue
		}
		if m := colonOpenRE.FindStringSubmatch(s); m != nil && c.fl.colons {
			end := findClose(in, i, func(t string) bool { return colonOpenRE.MatchString(t) }, colonCloseRE.MatchString)
			if end > 0 {
				title := m[4] + m[5] + m[6]
				c.count("admonition → alert")
				sep(m[1], l)
				emit(c.alert(m[1], m[3], title, dedent(in[i+1:end], indentWidth(m[1])), l)...)
				i = end
				continue
			}
		}
		if m := tabsOpenRE.FindStringSubmatch(s); m != nil && c.fl.mdx {
			if tabs, end, ok := c.jsxTabs(in, i, m[2]); ok {
				c.count("tabs → kb tabs")
				sep(m[1], l)
				emit(c.tabs(m[1], tabs, l)...)
				i = end
				continue
			}
		}
		if m := liquidBlockRE.FindStringSubmatch(s); m != nil && c.fl.liquid {
			if n, ok := c.liquidBlock(in, i, m, &out); ok {
				i = n
				continue
			}
		}
		if m := hugoBlockRE.FindStringSubmatch(s); m != nil && c.fl.hugo && m[3] == "" {
			if n, ok := c.hugoBlock(in, i, m, &out); ok {
				i = n
				continue
			}
		}
		if m := jtdCalloutRE.FindStringSubmatch(s); m != nil && c.fl.liquid && i+1 < len(in) && strings.TrimSpace(in[i+1].s) != "" {
			// Just the Docs: "{: .note }" before a paragraph makes it a callout.
			end := i + 1
			for end < len(in) && strings.TrimSpace(in[end].s) != "" {
				end++
			}
			c.count("callout → alert")
			sep(m[1], l)
			emit(c.alert(m[1], m[2], "", dedent(in[i+1:end], indentWidth(m[1])), l)...)
			i = end - 1
			continue
		}
		if inc, ok := c.includeLine(s, l); ok {
			emit(inc)
			continue
		}
		if c.fl.mdx && strings.TrimLeft(s, " \t") == s {
			if m := mdxImportRE.FindStringSubmatch(s); m != nil {
				c.mdxImport(m[1], m[2])
				continue
			}
			if mdxExportRE.MatchString(s) {
				if end, ok := exportEnd(in, i); ok {
					c.count("MDX export removed")
					i = end
					continue
				}
			}
		}
		if tocRE.MatchString(s) {
			c.count("table of contents marker removed")
			if len(out) > 0 && kramdownTOCRE.MatchString(out[len(out)-1].s) {
				out = out[:len(out)-1]
			}
			continue
		}
		if kbTabMarkerRE.MatchString(s) {
			// kb's own tab markers, as Zulip writes them: each must be a
			// paragraph of its own.
			fixed := false
			if len(out) > 0 && strings.TrimSpace(out[len(out)-1].s) != "" {
				emit(line{s: "", n: l.n})
				fixed = true
			}
			emit(c.inline(l))
			if i+1 < len(in) && strings.TrimSpace(in[i+1].s) != "" {
				emit(line{s: "", n: l.n})
				fixed = true
			}
			if fixed {
				c.count("tab marker given its own paragraph")
			}
			continue
		}
		emit(c.inline(l))
	}
	return out
}

// closeFence returns the index of the line closing the fence opened at i
// (the last line when it is not closed).
func closeFence(in []line, i int, ind, fence string) int {
	for j := i + 1; j < len(in); j++ {
		t := strings.TrimSpace(in[j].s)
		if strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" {
			return j
		}
	}
	return len(in) - 1
}

// indentWidth counts the columns of leading blanks, a tab as 4.
func indentWidth(s string) int {
	n := 0
	for _, r := range s {
		switch r {
		case ' ':
			n++
		case '\t':
			n += 4
		default:
			return n
		}
	}
	return n
}

// indented returns the lines from i that are blank or indented by at
// least w columns, without trailing blank lines, and the index after them.
func indented(in []line, i, w int) ([]line, int) {
	j := i
	last := i
	for j < len(in) {
		t := in[j].s
		if strings.TrimSpace(t) == "" {
			j++
			continue
		}
		if indentWidth(t) < w {
			break
		}
		j++
		last = j
	}
	return in[i:last], last
}

// dedent removes w columns of leading blanks from each line.
func dedent(in []line, w int) []line {
	out := make([]line, len(in))
	for k, l := range in {
		cut, col := 0, 0
		for cut < len(l.s) && col < w && (l.s[cut] == ' ' || l.s[cut] == '\t') {
			if l.s[cut] == '\t' {
				col += 4
			} else {
				col++
			}
			cut++
		}
		out[k] = line{s: l.s[cut:], n: l.n, shift: l.shift + cut}
	}
	return out
}

// minIndent is the smallest indentation of the non-blank lines.
func minIndent(in []line) int {
	m := -1
	for _, l := range in {
		if strings.TrimSpace(l.s) == "" {
			continue
		}
		if w := indentWidth(l.s); m < 0 || w < m {
			m = w
		}
	}
	return max(m, 0)
}

func skipBlank(in []line, i int) int {
	for i < len(in) && strings.TrimSpace(in[i].s) == "" {
		i++
	}
	return i
}

// lastNonBlank returns the index of the last non-blank line in [from, to).
func lastNonBlank(in []line, from, to int) int {
	for k := to - 1; k > from; k-- {
		if strings.TrimSpace(in[k].s) != "" {
			return k
		}
	}
	return from
}

// findClose returns the index of the line that closes the block opened
// at i, counting nested openers, or -1.
func findClose(in []line, i int, open, close func(string) bool) int {
	depth := 0
	for j := i + 1; j < len(in); j++ {
		s := in[j].s
		if m := fenceRE.FindStringSubmatch(s); m != nil {
			j = closeFence(in, j, m[1], m[2])
			continue
		}
		switch {
		case close(s):
			if depth == 0 {
				return j
			}
			depth--
		case open(s):
			depth++
		}
	}
	return -1
}

// alert writes an admonition of kind with an optional title as a kb
// alert at indentation ind. body is converted first, so alerts may hold
// tabs, code blocks and includes.
func (c *fileCtx) alert(ind, kind, title string, body []line, at line) []line {
	body = trimBlank(c.convert(body))
	out := []line{{s: ind + "> [!" + alertFor(kind) + "]", n: at.n, shift: at.shift}}
	if t := strings.TrimSpace(title); t != "" && !strings.EqualFold(t, kind) {
		out = append(out, line{s: ind + "> **" + t + "**", n: at.n, shift: at.shift}, line{s: ind + ">", n: at.n})
	}
	for _, l := range body {
		if strings.TrimSpace(l.s) == "" {
			out = append(out, line{s: ind + ">", n: l.n, shift: l.shift})
			continue
		}
		out = append(out, line{s: ind + "> " + l.s, n: l.n, shift: l.shift - len(ind) - 2})
	}
	return append(out, line{s: "", n: at.n})
}

// details writes a collapsible block, which kb renders from
// <details> and <summary> on lines of their own with markdown inside.
func (c *fileCtx) details(ind, summary string, open bool, body []line, at line) []line {
	tag := "<details>"
	if open {
		tag = "<details open>"
	}
	out := []line{{s: ind + tag, n: at.n, shift: at.shift},
		{s: ind + "<summary>" + html.EscapeString(strings.TrimSpace(summary)) + "</summary>", n: at.n, shift: at.shift},
		{s: "", n: at.n}}
	for _, l := range trimBlank(c.convert(body)) {
		if strings.TrimSpace(l.s) == "" {
			out = append(out, line{s: "", n: l.n})
			continue
		}
		out = append(out, line{s: ind + l.s, n: l.n, shift: l.shift - len(ind)})
	}
	return append(out, line{s: "", n: at.n}, line{s: ind + "</details>", n: at.n, shift: at.shift}, line{s: "", n: at.n})
}

// tab is one tab of a tab set, before conversion.
type tab struct {
	label, key string
	body       []line // dedented
	at         line
}

// tabs writes a tab set as kb tabs at indentation ind.
func (c *fileCtx) tabs(ind string, tabs []tab, at line) []line {
	out := []line{{s: ind + "{start_tabs}", n: at.n, shift: at.shift}, {s: "", n: at.n}}
	seen := map[string]int{}
	for k, t := range tabs {
		label := strings.TrimSpace(strings.NewReplacer("{", "", "}", "", "|", "/").Replace(t.label))
		key := tabKey(t.key)
		if key == "" {
			key = tabKey(label)
		}
		if key == "" {
			key = fmt.Sprintf("tab-%d", k+1)
		}
		if seen[key]++; seen[key] > 1 {
			key = fmt.Sprintf("%s-%d", key, seen[key])
		}
		if label == "" {
			label = key
		}
		out = append(out, line{s: ind + "{tab|" + key + "|" + label + "}", n: t.at.n, shift: t.at.shift}, line{s: "", n: t.at.n})
		for _, l := range trimBlank(c.convert(t.body)) {
			if strings.TrimSpace(l.s) == "" {
				out = append(out, line{s: "", n: l.n})
				continue
			}
			out = append(out, line{s: ind + l.s, n: l.n, shift: l.shift - len(ind)})
		}
		out = append(out, line{s: "", n: t.at.n})
	}
	return append(out, line{s: ind + "{end_tabs}", n: at.n, shift: at.shift}, line{s: "", n: at.n})
}

// tabKey makes a kb tab key: lowercase ASCII letters, digits, - and _.
func tabKey(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_':
			b.WriteRune(r)
			dash = false
		case b.Len() > 0 && !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.Trim(b.String(), "-_")
}

func trimBlank(ls []line) []line {
	for len(ls) > 0 && strings.TrimSpace(ls[0].s) == "" {
		ls = ls[1:]
	}
	for len(ls) > 0 && strings.TrimSpace(ls[len(ls)-1].s) == "" {
		ls = ls[:len(ls)-1]
	}
	return ls
}

// jsxTabs reads Docusaurus's <Tabs>…</Tabs> starting at i: each
// <TabItem value label> on a line of its own, up to its </TabItem>.
func (c *fileCtx) jsxTabs(in []line, i int, attrs string) ([]tab, int, bool) {
	labels := map[string]string{}
	for _, m := range tabsValuesRE.FindAllStringSubmatch(attrs, -1) {
		if m[2] != "" {
			labels[m[2]] = m[1]
		} else {
			labels[m[3]] = m[4]
		}
	}
	var tabs []tab
	for j := i + 1; j < len(in); j++ {
		s := in[j].s
		switch {
		case strings.TrimSpace(s) == "":
		case tabsCloseRE.MatchString(s):
			return tabs, j, len(tabs) > 0
		case tabItemRE.MatchString(s):
			m := tabItemRE.FindStringSubmatch(s)
			a := jsxAttrs(m[2])
			end := findClose(in, j, tabItemRE.MatchString, tabItemCloseRE.MatchString)
			if end < 0 {
				return nil, 0, false
			}
			body := in[j+1 : end]
			label := a["label"]
			if label == "" {
				label = labels[a["value"]]
			}
			if label == "" {
				label = a["value"]
			}
			tabs = append(tabs, tab{label: label, key: a["value"], body: dedent(body, minIndent(body)), at: in[j]})
			j = end
		default:
			return nil, 0, false // text between tabs: leave it to the writer
		}
	}
	return nil, 0, false
}

func jsxAttrs(s string) map[string]string {
	a := map[string]string{}
	for _, m := range jsxAttrRE.FindAllStringSubmatch(s, -1) {
		a[m[1]] = m[2] + m[3] + m[4]
	}
	return a
}

func hugoAttrs(s string) (named map[string]string, pos []string) {
	named = map[string]string{}
	rest := hugoAttrRE.ReplaceAllStringFunc(s, func(t string) string {
		m := hugoAttrRE.FindStringSubmatch(t)
		named[m[1]] = m[2] + m[3] + m[4]
		return ""
	})
	for _, f := range splitArgs(rest) {
		pos = append(pos, f)
	}
	return named, pos
}

// splitArgs splits shortcode arguments on blanks, keeping quoted ones whole.
func splitArgs(s string) []string {
	var out []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		if s[0] == '"' || s[0] == '\'' {
			if j := strings.IndexByte(s[1:], s[0]); j >= 0 {
				out = append(out, s[1:j+1])
				s = s[j+2:]
				continue
			}
		}
		j := strings.IndexAny(s, " \t")
		if j < 0 {
			j = len(s)
		}
		out = append(out, s[:j])
		s = s[j:]
	}
	return out
}

// liquidBlock converts {% comment %}, {% raw %} and {% highlight %}
// blocks whose tags stand on lines of their own.
func (c *fileCtx) liquidBlock(in []line, i int, m []string, out *[]line) (int, bool) {
	ind, name, args := m[1], m[2], m[3]
	l := in[i]
	isTag := func(want string) func(string) bool {
		return func(s string) bool { mm := liquidBlockRE.FindStringSubmatch(s); return mm != nil && mm[2] == want }
	}
	switch name {
	case "comment":
		end := findClose(in, i, isTag("comment"), isTag("endcomment"))
		if end < 0 {
			return 0, false
		}
		c.count("Liquid comment → HTML comment")
		*out = append(*out, line{s: ind + "<!--", n: l.n, shift: l.shift})
		for _, b := range in[i+1 : end] {
			b.s = strings.ReplaceAll(b.s, "--", "- -")
			*out = append(*out, b)
		}
		*out = append(*out, line{s: ind + "-->", n: in[end].n, shift: in[end].shift})
		return end, true
	case "raw", "endraw":
		c.count("Liquid raw tag removed")
		return i, true
	case "highlight":
		end := findClose(in, i, isTag("highlight"), isTag("endhighlight"))
		if end < 0 {
			return 0, false
		}
		c.count("Liquid highlight → code block")
		lang := ""
		if f := strings.Fields(args); len(f) > 0 {
			lang = f[0]
		}
		*out = append(*out, fenced(ind, lang, in[i:end+1])...)
		return end, true
	}
	return 0, false
}

// hugoBlock converts Hugo's block shortcodes standing on lines of their
// own: notices and hints into alerts, tabs into kb tabs, highlight into a
// code block.
func (c *fileCtx) hugoBlock(in []line, i int, m []string, out *[]line) (int, bool) {
	ind, name, args := m[1], strings.ToLower(m[4]), m[5]
	l := in[i]
	isOpen := func(want string) func(string) bool {
		return func(s string) bool {
			mm := hugoBlockRE.FindStringSubmatch(s)
			return mm != nil && mm[3] == "" && strings.EqualFold(mm[4], want)
		}
	}
	isClose := func(want string) func(string) bool {
		return func(s string) bool {
			mm := hugoBlockRE.FindStringSubmatch(s)
			return mm != nil && mm[3] == "/" && strings.EqualFold(mm[4], want)
		}
	}
	named, pos := hugoAttrs(args)
	switch name {
	case "notice", "hint", "alert", "callout", "admonition", "note", "tip", "warning", "info", "important", "caution", "danger":
		end := findClose(in, i, isOpen(name), isClose(name))
		if end < 0 {
			return 0, false
		}
		kind, title := name, named["title"]
		switch name {
		case "notice", "hint", "alert", "callout", "admonition":
			kind = "note"
			if t := named["type"] + named["style"] + named["context"]; t != "" {
				kind = t
			} else if len(pos) > 0 {
				kind = pos[0]
				pos = pos[1:]
			}
			if title == "" && len(pos) > 0 {
				title = pos[0]
			}
		}
		c.count("shortcode admonition → alert")
		separate(out, l)
		*out = append(*out, c.alert(ind, kind, title, dedent(in[i+1:end], indentWidth(ind)), l)...)
		return end, true
	case "tabs", "tabpane":
		end := findClose(in, i, isOpen(name), isClose(name))
		if end < 0 {
			return 0, false
		}
		var tabs []tab
		child := "tab"
		for j := i + 1; j < end; j++ {
			s := in[j].s
			if strings.TrimSpace(s) == "" {
				continue
			}
			mm := hugoBlockRE.FindStringSubmatch(s)
			if mm == nil || mm[3] != "" || !strings.EqualFold(mm[4], child) {
				return 0, false
			}
			te := findClose(in, j, isOpen(child), isClose(child))
			if te < 0 || te > end {
				return 0, false
			}
			tn, tp := hugoAttrs(mm[5])
			label := tn["name"] + tn["title"] + tn["header"]
			if label == "" && len(tp) > 0 {
				label = tp[0]
			}
			body := in[j+1 : te]
			tabs = append(tabs, tab{label: label, body: dedent(body, minIndent(body)), at: in[j]})
			j = te
		}
		if len(tabs) == 0 {
			return 0, false
		}
		c.count("tabs → kb tabs")
		separate(out, l)
		*out = append(*out, c.tabs(ind, tabs, l)...)
		return end, true
	case "details", "expand", "collapse":
		end := findClose(in, i, isOpen(name), isClose(name))
		if end < 0 {
			return 0, false
		}
		summary := named["title"] + named["summary"]
		if summary == "" && len(pos) > 0 {
			summary = pos[0]
		}
		if summary == "" {
			summary = "Details"
		}
		c.count("shortcode details → collapsible block")
		separate(out, l)
		*out = append(*out, c.details(ind, summary, named["open"] == "true", dedent(in[i+1:end], indentWidth(ind)), l)...)
		return end, true
	case "highlight", "code":
		end := findClose(in, i, isOpen(name), isClose(name))
		if end < 0 {
			return 0, false
		}
		lang := named["lang"]
		if lang == "" && len(pos) > 0 {
			lang = pos[0]
		}
		c.count("shortcode highlight → code block")
		*out = append(*out, fenced(ind, lang, in[i:end+1])...)
		return end, true
	}
	return 0, false
}

// fenced makes a block whose first and last lines are a template's
// opening and closing tags a fenced code block of lang.
func fenced(ind, lang string, block []line) []line {
	first, last := block[0], block[len(block)-1]
	out := []line{{s: ind + "```" + lang, n: first.n, shift: first.shift}}
	out = append(out, block[1:len(block)-1]...)
	return append(out, line{s: ind + "```", n: last.n, shift: last.shift})
}

// separate adds a blank line to out unless it ends with one, so a block
// written next does not join the paragraph before it.
func separate(out *[]line, at line) {
	if len(*out) > 0 && strings.TrimSpace((*out)[len(*out)-1].s) != "" {
		*out = append(*out, line{s: "", n: at.n})
	}
}

// includeLine converts a line that includes another file into kb's
// snippet include, {!name.md!}, when the file is found.
func (c *fileCtx) includeLine(s string, l line) (line, bool) {
	var ind, target, kind string
	relative := false
	switch {
	case kbIncludeRE.MatchString(s):
		m := kbIncludeRE.FindStringSubmatch(s)
		ind, target, kind = m[1], m[2], ""
	case c.fl.mkdocs && mkSnippetRE.MatchString(s):
		m := mkSnippetRE.FindStringSubmatch(s)
		ind, target, kind = m[1], m[2], "snippet include → kb include"
	case c.fl.liquid && liquidInclRE.MatchString(s):
		m := liquidInclRE.FindStringSubmatch(s)
		if strings.TrimSpace(m[4]) != "" {
			return line{}, false // parameters: kb's snippets take none
		}
		ind, target, kind, relative = m[1], m[3], "Liquid include → kb include", m[2] != ""
	case c.fl.hugo && hugoBlockRE.MatchString(s):
		m := hugoBlockRE.FindStringSubmatch(s)
		switch strings.ToLower(m[4]) {
		case "include", "readfile", "snippet":
		default:
			return line{}, false
		}
		named, pos := hugoAttrs(m[5])
		target = named["file"]
		if target == "" && len(pos) > 0 {
			target = pos[0]
		}
		ind, kind = m[1], "shortcode include → kb include"
	case c.fl.mdx && jsxPartialRE.MatchString(s):
		m := jsxPartialRE.FindStringSubmatch(s)
		name, ok := c.partials[m[2]]
		if !ok {
			return line{}, false
		}
		c.count("MDX partial → kb include")
		return line{s: m[1] + "{!" + name + "!}", n: l.n, shift: l.shift}, true
	default:
		return line{}, false
	}
	name, ok := c.pl.include(c.d, target, relative)
	if !ok {
		return line{}, false
	}
	if kind != "" {
		c.count(kind)
	}
	return line{s: ind + "{!" + name + "!}", n: l.n, shift: l.shift}, true
}

// mdxImport removes an MDX import line; an import of a markdown file is
// a partial, and its component becomes a snippet include.
func (c *fileCtx) mdxImport(name, from string) {
	if name != "" && (strings.HasSuffix(from, ".md") || strings.HasSuffix(from, ".mdx")) {
		if sn, ok := c.pl.include(c.d, from, true); ok {
			c.partials[name] = sn
		}
	}
	c.count("MDX import removed")
}

// exportEnd returns the last line of the export statement starting at i:
// the line itself, or the line closing its braces.
func exportEnd(in []line, i int) (int, bool) {
	depth := 0
	for j := i; j < len(in) && j < i+50; j++ {
		depth += strings.Count(in[j].s, "{") + strings.Count(in[j].s, "[") - strings.Count(in[j].s, "}") - strings.Count(in[j].s, "]")
		if depth <= 0 {
			return j, true
		}
	}
	return 0, false
}

// alertFor names the kb alert closest to another generator's admonition
// type: builder's, which syntax/foreign's messages name, and Just the
// Docs' highlight and new as tips.
func alertFor(kind string) string {
	if k := strings.ToLower(kind); k == "highlight" || k == "new" {
		return "TIP"
	}
	return builder.AlertFor(kind)
}
