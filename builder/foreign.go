package builder

// This file finds the syntax of other generators that kb does not render
// (rule syntax/foreign): teams bring help centers written for Docusaurus,
// VitePress, MkDocs, Jekyll, Hugo, GitBook or Zulip, and what kb does not
// understand must be reported at its position, never published silently.
//
// It reads the parsed document, not the raw file: only the text of
// paragraphs, headings and table cells is looked at, so code blocks
// (fenced or indented) and code spans are exempt by construction, and
// every offset is one goldmark gave.
//
// Severity, by what a reader would see:
//
//   - error: template code shown instead of what it stood for, or text
//     the writer meant to hide published: Liquid tags ({% include %},
//     {% if %}, {% comment %} blocks), Liquid variables ({{ site.baseurl }},
//     filters), Hugo shortcodes ({{< figure >}}, {{% notice %}}), MDX
//     import and export lines and {/* comments */}, kramdown's
//     {::comment}, MkDocs' --8<-- includes;
//   - warning: markup whose text still reads, only its marker is left
//     over or removed: admonitions (:::note, !!! tip, ??? note),
//     attribute lists ({:target="_blank"}, {#custom-id}), [TOC], MkDocs
//     tabs (=== "macOS"), JSX components (<Tabs>, removed like other raw
//     HTML), tab markers kb cannot use, Zulip macros ({settings_tab|…})
//     and bare template variables ({{ support_email }}).
//
// Whether a syntax is reported at all never depends on the site: one
// finding per construct, at its first byte; a block's closing marker
// (:::, {% endif %}, {{< /tabs >}}, </TabItem>) is part of its opener's
// finding unless nothing opened it.

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// ruleForeign is the rule id of every finding of this file.
const ruleForeign = "syntax/foreign"

// foreignFinding is one construct found, before pairing.
type foreignFinding struct {
	off, end int // the construct's bytes in the body
	warning  bool
	msg      string
	// Pairing: an opener with a key makes the next closer with the same
	// key part of its finding; a closer with no opener is reported.
	key    string
	closer bool
	// hides is the end of a region whose text belongs to this construct
	// (a comment's or raw block's body): nothing in it is reported again.
	hides int
}

// foreignScan is the state of one document's scan.
type foreignScan struct {
	body  []byte
	end   int // end of the block being read: constructs do not cross blocks
	found []foreignFinding
	next  int // offsets before this one are inside a construct already found
}

// scanForeign reports each construct of another generator's syntax in
// doc, a document parsed from body, by its byte offset in body. It runs
// after kb's own transformer, so tab markers still in the document are
// markers kb could not use.
func scanForeign(doc ast.Node, body []byte, report func(off int, warning bool, msg string)) {
	s := &foreignScan{body: body}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.CodeSpan:
			return ast.WalkSkipChildren, nil
		case *SafeHTML:
			if n.Dropped {
				if name, closing, ok := jsxTag(body[min(n.Pos(), len(body)):]); ok {
					s.jsx(n.Pos(), name, closing)
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			s.text(n.Segment)
			return ast.WalkContinue, nil
		}
		if n.Type() == ast.TypeBlock {
			if l := n.Lines(); l.Len() > 0 {
				s.end = l.At(l.Len() - 1).Stop
				s.next = 0
			}
			switch n.Kind() {
			case ast.KindParagraph, ast.KindTextBlock:
				for i := 0; i < n.Lines().Len(); i++ {
					s.line(n.Lines().At(i), n.Lines().Len())
				}
			}
		}
		return ast.WalkContinue, nil
	})
	s.pair(report)
}

// pair reports the findings in order of position: closers of a reported
// opener and anything inside a hidden region are dropped.
func (s *foreignScan) pair(report func(off int, warning bool, msg string)) {
	sort.SliceStable(s.found, func(i, j int) bool { return s.found[i].off < s.found[j].off })
	open := map[string]int{}
	hidden, last := -1, -1
	for _, f := range s.found {
		if f.off < hidden || f.off == last {
			continue
		}
		last = f.off
		if f.hides > 0 {
			hidden = f.hides
		}
		switch {
		case f.closer && open[f.key] > 0:
			open[f.key]--
			continue
		case f.key != "" && !f.closer:
			open[f.key]++
		}
		report(f.off, f.warning, f.msg)
	}
}

// add records an inline construct: the text scan goes on after it.
func (s *foreignScan) add(f foreignFinding) {
	s.found = append(s.found, f)
	s.next = max(s.next, f.end)
}

// addLine records a construct of a whole line. Lines are read before
// their paragraph's text, so it leaves the text scan where it is.
func (s *foreignScan) addLine(f foreignFinding) { s.found = append(s.found, f) }

// ---------------------------------------------------------------- lines

var (
	mdxImportRE = regexp.MustCompile(`^import\s+(?:(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*\s+as\s+[\w$]+)?\s*from\s+)?['"][^'"]+['"];?\s*$`)
	mdxExportRE = regexp.MustCompile(`^export\s+(?:const|let|var|function|default|class|async|\{)`)
	colonsRE    = regexp.MustCompile(`^:{3,}\s*(\{[^}]*\}|[A-Za-z][\w-]*)?`)
	mkdocsAdmRE = regexp.MustCompile(`^(!!!|\?\?\?\+?)[ \t]+([A-Za-z][\w-]*)`)
	mkdocsTabRE = regexp.MustCompile(`^===\+?[ \t]+"([^"]*)"`)
	snippetRE   = regexp.MustCompile(`^-{1,2}8<-{1,2}\s+['"]?([^'"\s]+)`)
	tabLikeRE   = regexp.MustCompile(`(?i)^\{\s*(start[_-]?tabs?|begin[_-]?tabs?|end[_-]?tabs?|tabs?)\s*(?:\|([^{}]*))?\}$`)
)

// line looks at one line of a paragraph (n lines long) for the block
// syntaxes that start a line.
func (s *foreignScan) line(seg text.Segment, n int) {
	raw := s.body[seg.Start:seg.Stop]
	t := bytes.TrimRight(raw, " \t\n")
	if len(t) == 0 {
		return
	}
	off, end := seg.Start, seg.Start+len(t)
	switch t[0] {
	case ':':
		m := colonsRE.FindSubmatch(t)
		if m == nil {
			return
		}
		if len(bytes.TrimSpace(bytes.TrimLeft(t, ":"))) == 0 {
			s.addLine(foreignFinding{off: off, end: end, warning: true, key: ":::", closer: true,
				msg: fmt.Sprintf("%s closes no admonition and shows as text; remove it", quote(t))})
			return
		}
		kind := strings.Trim(string(m[1]), "{}. ")
		s.addLine(foreignFinding{off: off, end: end, warning: true, key: ":::",
			msg: fmt.Sprintf("Docusaurus admonition %s is not kb markdown and shows as text; write an alert: %q, then each line of the note starting with \"> \" (and no closing :::)",
				quote(t), "> [!"+AlertFor(kind)+"]")})
	case '!', '?':
		m := mkdocsAdmRE.FindSubmatch(t)
		if m == nil {
			return
		}
		what, extra := "MkDocs admonition", ""
		if m[1][0] == '?' {
			what, extra = "MkDocs collapsible admonition", " (kb has no collapsible block)"
		}
		s.addLine(foreignFinding{off: off, end: end, warning: true,
			msg: fmt.Sprintf("%s %s is not kb markdown and shows as text; write an alert%s: %q, then each line of its text starting with \"> \" instead of indented",
				what, quote(m[0]), extra, "> [!"+AlertFor(string(m[2]))+"]")})
	case '[', '$':
		switch strings.ToLower(string(t)) {
		case "[toc]", "[[_toc_]]", "[[toc]]", "${toc}":
			s.addLine(foreignFinding{off: off, end: end, warning: true,
				msg: fmt.Sprintf("table of contents marker %s is not kb markdown and shows as text; remove it: kb shows \"On this page\" beside every article", quote(t))})
		}
	case 'i':
		if mdxImportRE.Match(t) {
			s.addLine(foreignFinding{off: off, end: end,
				msg: fmt.Sprintf("MDX import %s is not kb markdown and shows as text; remove it (kb has its own tabs, alerts and snippets: {start_tabs}, > [!NOTE], {!name.md!})", quote(t))})
		}
	case 'e':
		if mdxExportRE.Match(t) {
			s.addLine(foreignFinding{off: off, end: end,
				msg: fmt.Sprintf("MDX export %s is not kb markdown and shows as text; remove it (kb runs no code; front matter holds a page's data)", quote(t))})
		}
	case '-':
		if m := snippetRE.FindSubmatch(t); m != nil {
			name := strings.TrimSuffix(baseName(string(m[1])), ".md") + ".md"
			s.addLine(foreignFinding{off: off, end: end,
				msg: fmt.Sprintf("MkDocs snippet %s is not kb markdown and shows as text; put the file in content/_snippets/ and include it with a line {!%s!}", quote(t), name)})
		}
	case '=':
		if m := mkdocsTabRE.FindSubmatch(t); m != nil {
			label := string(m[1])
			key := slugify(label)
			if key == "" {
				key = "key"
			}
			s.addLine(foreignFinding{off: off, end: end, warning: true,
				msg: fmt.Sprintf("MkDocs tab %s is not kb markdown and shows as text; write kb tabs: {start_tabs}, then {tab|%s|%s} before each tab's text (not indented), then {end_tabs}", quote(t), key, label)})
		}
	case '{':
		s.tabMarker(off, end, t, n)
	}
}

// tabMarker reports a line that is, or looks like, one of kb's tab
// markers, when kb could not use it: a marker still in the document after
// groupTabs has no partner, and one sharing its paragraph with other
// lines is not a marker at all.
func (s *foreignScan) tabMarker(off, end int, t []byte, n int) {
	f := foreignFinding{off: off, end: end, warning: true}
	if m := tabMarkerRE.FindSubmatch(t); m != nil {
		switch {
		case n > 1:
			f.msg = fmt.Sprintf("tab marker %s must be a paragraph of its own, or it shows as text; put a blank line before and after it", quote(t))
		case string(m[1]) == "start_tabs":
			f.msg = "{start_tabs} has no {end_tabs} after it in the same list, quote or document level, so the tabs show as text; add {end_tabs} after the last tab"
		case string(m[1]) == "end_tabs":
			f.msg = "{end_tabs} has no {start_tabs} before it in the same list, quote or document level, and shows as text; add {start_tabs} before the first tab, or remove it"
		default:
			f.msg = fmt.Sprintf("tab marker %s is not between {start_tabs} and {end_tabs} and shows as text; put the tabs between them", quote(t))
		}
		s.addLine(f)
		return
	}
	m := tabLikeRE.FindSubmatch(t)
	if m == nil {
		return
	}
	name := strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(string(m[1])))
	args := string(m[2])
	var want string
	switch {
	case strings.HasPrefix(name, "start") || strings.HasPrefix(name, "begin"):
		want = "{start_tabs}"
	case strings.HasPrefix(name, "end"):
		want = "{end_tabs}"
	case name == "tabs" && args == "":
		want = "{start_tabs} (and {end_tabs} after the last tab)"
	default:
		key, label, _ := strings.Cut(args, "|")
		key, label = strings.TrimSpace(key), strings.TrimSpace(label)
		switch {
		case key == "" && label == "":
			want = "{tab|key} with the tab's key, such as {tab|macos}, or {tab|key|Label}"
		case label == "" && slugify(key) != "":
			want = fmt.Sprintf("{tab|%s|%s}: the key is lowercase letters, digits, - and _, and the label may be anything", tabKey(key), key)
		case slugify(key) != "":
			want = fmt.Sprintf("{tab|%s|%s}: the key is lowercase letters, digits, - and _", tabKey(key), label)
		default:
			want = "{tab|key|Label}, with a key of lowercase letters, digits, - and _"
		}
	}
	f.msg = fmt.Sprintf("tab marker %s is not one kb knows and shows as text; write %s", quote(t), want)
	s.addLine(f)
}

// tabKey makes a tab key from what was written: "Mac OS" → "mac-os".
func tabKey(s string) string {
	k := slugify(s)
	if k == "" {
		return "key"
	}
	return k
}

// ---------------------------------------------------------------- inline

// text looks at the braces and angle brackets of one text node. Code
// spans are never walked into, so only prose gets here.
func (s *foreignScan) text(seg text.Segment) {
	s.end = max(s.end, seg.Stop)
	for i := max(seg.Start, s.next); i < seg.Stop; i++ {
		c := s.body[i]
		if c != '{' && c != '<' {
			continue
		}
		if i < s.next || escaped(s.body, i) {
			continue
		}
		if c == '<' {
			if name, closing, ok := jsxTag(s.body[i:s.end]); ok {
				s.jsx(i, name, closing)
			}
			continue
		}
		s.brace(i)
	}
}

// escaped reports whether the byte at i follows an odd number of
// backslashes: the writer asked for it literally.
func escaped(b []byte, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && b[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// attrToken is one attribute of an attribute list: #id, .class or key=value.
const attrToken = `(?:[#.][A-Za-z_][\w-]*|[A-Za-z_][\w-]*=(?:"[^"\n]*"|'[^'\n]*'|[^\s}]+))`

var (
	liquidTagRE   = regexp.MustCompile(`^\{%-?\s*(/?[A-Za-z_][\w-]*)([^%]*(?:%[^}][^%]*)*)-?%\}`)
	hugoRE        = regexp.MustCompile(`^\{\{([<%])\s*(/?)\s*(\*?/?[A-Za-z_][\w./-]*)?[^\n]*?([>%])\}\}`)
	liquidOutRE   = regexp.MustCompile(`^\{\{-?(\s*)([^{}]*?)(\s*)-?\}\}`)
	liquidObjRE   = regexp.MustCompile(`^(site|page|layout|include|content|paginator|jekyll|forloop|post|theme)\b`)
	bareVarRE     = regexp.MustCompile(`^\$?[A-Za-z_][\w]*(\.[A-Za-z_$][\w]*)*$`)
	kramdownExtRE = regexp.MustCompile(`^\{::\s*([a-z]+)[^}\n]*/?\}`)
	kramdownIALRE = regexp.MustCompile(`^\{:(?:[ \t.#]|[A-Za-z_][\w-]*[=:])[^}\n]*\}`)
	kramdownTOCRE = regexp.MustCompile(`^\{:\s*(\.no_)?toc\s*\}`)
	attrListRE    = regexp.MustCompile(`^\{[ \t]*([#.][A-Za-z_][\w-]*)([ \t]+(?:[#.][A-Za-z_][\w-]*|[A-Za-z_][\w-]*=(?:"[^"\n]*"|'[^'\n]*'|[^\s}]+)))*[ \t]*\}`)
	attrAnyRE     = regexp.MustCompile(`^\{[ \t]*` + attrToken + `(?:[ \t]+` + attrToken + `)*[ \t]*\}`)
	zulipMacroRE  = regexp.MustCompile(`^\{([a-z][a-z_]*)\|[^{}\n]*\}`)
	mdxCommentRE  = regexp.MustCompile(`^\{/\*[\s\S]*?\*/\}`)
	kramdownEndRE = regexp.MustCompile(`\{:/(comment)?\}`)
)

// brace reads a construct starting with "{" at i.
func (s *foreignScan) brace(i int) {
	b := s.body[i:s.end]
	if len(b) < 2 {
		return
	}
	switch b[1] {
	case '%':
		if m := liquidTagRE.FindSubmatchIndex(b); m != nil {
			s.liquidTag(i, b[:m[1]], string(b[m[2]:m[3]]), string(b[m[4]:m[5]]))
		}
	case '{':
		if m := hugoRE.FindSubmatch(b); m != nil && (m[1][0] == '<') == (m[4][0] == '>') {
			s.hugo(i, m[0], string(m[2]) == "/", string(m[3]))
			return
		}
		if m := liquidOutRE.FindSubmatch(b); m != nil {
			s.liquidOut(i, m[0], string(m[2]), len(m[1]) > 0 && len(m[3]) > 0)
		}
	case '/':
		if m := mdxCommentRE.Find(b); m != nil {
			s.add(foreignFinding{off: i, end: i + len(m),
				msg: fmt.Sprintf("MDX comment %s is not kb markdown: its text is published; write an HTML comment, <!-- … -->, which kb never publishes, or delete it", quote(m))})
		}
	case ':':
		if m := kramdownExtRE.FindSubmatch(b); m != nil {
			s.kramdownExt(i, m[0], string(m[1]))
			return
		}
		if m := kramdownTOCRE.Find(b); m != nil {
			s.add(foreignFinding{off: i, end: i + len(m), warning: true,
				msg: fmt.Sprintf("kramdown table of contents %s is not kb markdown and shows as text; remove it and the list item before it: kb shows \"On this page\" beside every article", quote(m))})
			return
		}
		if m := kramdownIALRE.Find(b); m != nil {
			s.add(foreignFinding{off: i, end: i + len(m), warning: true,
				msg: fmt.Sprintf("kramdown attribute list %s is not kb markdown and shows as text; remove it (kb sets no classes, ids or targets, and links open in the same tab)", quote(m))})
		}
	default:
		m := attrListRE.Find(b)
		if m == nil && i > 0 && s.body[i-1] == ')' {
			m = attrAnyRE.Find(b) // [link](url){ target=_blank }, ![image](a.png){ width="300" }
		}
		if m != nil {
			fix := "remove it: kb sets no classes or attributes"
			if bytes.Contains(m, []byte("#")) {
				fix = "remove it: kb makes each heading's id from its words (\"Card declined\" → #card-declined)"
			}
			s.add(foreignFinding{off: i, end: i + len(m), warning: true,
				msg: fmt.Sprintf("attribute list %s is not kb markdown and shows as text; %s", quote(m), fix)})
			return
		}
		if m := zulipMacroRE.FindSubmatch(b); m != nil && !strings.HasPrefix(string(m[1]), "tab") &&
			!strings.HasPrefix(string(m[1]), "start_tab") && !strings.HasPrefix(string(m[1]), "end_tab") {
			s.add(foreignFinding{off: i, end: i + len(m[0]), warning: true,
				msg: fmt.Sprintf("Zulip macro %s is not kb markdown and shows as text; write what it stands for (kb expands only {!name.md!} includes and tab markers)", quote(m[0]))})
		}
	}
}

// liquidTag reports {% name args %}. Comments, raw blocks and highlight
// blocks hide what they enclose: their text is the construct's.
func (s *foreignScan) liquidTag(i int, tag []byte, name, args string) {
	f := foreignFinding{off: i, end: i + len(tag)}
	lower := strings.ToLower(name)
	f.key = "liquid:" + lower // its end tag, if any, is part of it
	if end, ok := strings.CutPrefix(lower, "end"); ok && end != "" {
		f.key, f.closer = "liquid:"+end, true
	}
	what := "Liquid tag " + quote(tag)
	fix := "kb runs no template code: write the text readers should see"
	switch lower {
	case "comment":
		f.hides = s.endTag(f.end, "endcomment")
		f.msg = fmt.Sprintf("Liquid comment %s is not kb markdown: its text is published, up to {%% endcomment %%}; write an HTML comment, <!-- … -->, which kb never publishes, or delete it", quote(tag))
		s.add(f)
		return
	case "raw":
		f.hides = s.endTag(f.end, "endraw")
		fix = "remove it and its {% endraw %}: kb shows {{ }} and {% %} as written"
	case "highlight":
		f.hides = s.endTag(f.end, "endhighlight")
		lang := strings.Fields(args)
		fix = "write a fenced code block: ``` then the code, then ```"
		if len(lang) > 0 {
			fix = fmt.Sprintf("write a fenced code block: ```%s then the code, then ```", lang[0])
		}
	case "include", "include_relative", "render", "partial":
		file := strings.Fields(strings.Trim(args, " \"'"))
		name := "name.md"
		if len(file) > 0 {
			p := strings.Trim(file[0], "\"'")
			name = strings.TrimSuffix(baseName(p), path.Ext(p)) + ".md"
		}
		fix = fmt.Sprintf("put the text in content/_snippets/%s and include it with a line {!%s!}", name, name)
	case "link", "post_url", "url":
		fix = "link to the file by its path: [text](../page.md)"
	case "hint", "callout", "note", "alert", "info", "warning", "tip", "important", "caution", "danger":
		fix = fmt.Sprintf("write an alert: %q, then each line of its text starting with \"> \"", "> [!"+AlertFor(lower)+"]")
	case "tabs", "tab":
		fix = "write kb tabs: {start_tabs}, {tab|key|Label} before each tab's text, and {end_tabs}"
	case "image", "img", "figure":
		fix = "write an image: ![what it shows](image.png)"
	case "embed", "youtube", "video", "vimeo":
		fix = "write a link: [Video: title](https://…)"
	}
	f.msg = fmt.Sprintf("%s is not kb markdown and shows as text; %s", what, fix)
	s.add(f)
}

var endTagREs = map[string]*regexp.Regexp{
	"endcomment":   regexp.MustCompile(`\{%-?\s*endcomment\s*-?%\}`),
	"endraw":       regexp.MustCompile(`\{%-?\s*endraw\s*-?%\}`),
	"endhighlight": regexp.MustCompile(`\{%-?\s*endhighlight\s*-?%\}`),
}

// endTag returns the end of the first {% name %} after from, in the whole
// body (a comment may span blocks), or from when there is none.
func (s *foreignScan) endTag(from int, name string) int {
	if loc := endTagREs[name].FindIndex(s.body[from:]); loc != nil {
		return from + loc[1]
	}
	return from
}

// hugo reports a shortcode, {{< name >}} or {{% name %}}.
func (s *foreignScan) hugo(i int, code []byte, closing bool, name string) {
	f := foreignFinding{off: i, end: i + len(code)}
	if bytes.HasPrefix(bytes.TrimLeft(code[3:], " \t\n"), []byte("/*")) {
		f.msg = fmt.Sprintf("escaped Hugo shortcode %s is not kb markdown and shows as text; to show a shortcode as an example, write it in a code span", quote(code))
		s.add(f)
		return
	}
	lower := strings.ToLower(name)
	if closing {
		f.key, f.closer = "hugo:"+lower, true
	}
	fix := "kb runs no shortcodes: write what it stands for in markdown"
	switch lower {
	case "ref", "relref":
		fix = "link to the file by its path: [text](../page.md)"
	case "figure", "img", "image":
		fix = "write an image: ![what it shows](image.png)"
	case "youtube", "vimeo", "video", "gist", "tweet", "x", "instagram":
		fix = "write a link: [Video: title](https://…)"
	case "highlight", "code":
		fix = "write a fenced code block: ``` then the code, then ```"
	case "notice", "hint", "alert", "callout", "note", "tip", "warning", "info", "admonition", "important", "caution", "danger":
		kind := lower
		if args := strings.Fields(strings.Trim(string(code[3:len(code)-3]), " \t\n")); len(args) > 1 && strings.Contains("notice hint alert callout admonition", lower) {
			kind = strings.Trim(args[1], "\"'") // {{% notice tip %}}: the type is the argument
			kind = strings.TrimPrefix(kind, "type=")
			kind = strings.Trim(kind, "\"'")
		}
		fix = fmt.Sprintf("write an alert: %q, then each line of its text starting with \"> \"", "> [!"+AlertFor(kind)+"]")
	case "expand", "details", "collapse":
		fix = "kb has no collapsible block: write a heading and the text under it"
	case "tabs", "tab", "tabpane":
		fix = "write kb tabs: {start_tabs}, {tab|key|Label} before each tab's text, and {end_tabs}"
	case "include", "readfile", "snippet", "partial":
		fix = "put the text in content/_snippets/ and include it with a line {!name.md!}"
	case "param":
		fix = "write the value itself"
	}
	if !closing && lower != "" && !bytes.HasSuffix(bytes.TrimSpace(code[:len(code)-3]), []byte("/")) {
		f.key = "hugo:" + lower // its closing {{< /name >}}, if any, is part of it
	}
	f.msg = fmt.Sprintf("Hugo shortcode %s is not kb markdown and shows as text; %s", quote(code), fix)
	s.add(f)
}

// liquidOut reports {{ expression }}: Liquid's objects and filters are
// template code; a bare {{ name }} written with spaces is a template
// variable of some tool. {{name}} without spaces is left alone: it is
// also Postman's and Mustache's variable syntax, which help centers
// about those tools write in prose.
func (s *foreignScan) liquidOut(i int, code []byte, expr string, spaced bool) {
	f := foreignFinding{off: i, end: i + len(code)}
	switch {
	case liquidObjRE.MatchString(expr) || strings.Contains(expr, " | ") || strings.Contains(expr, "relative_url") || strings.Contains(expr, "absolute_url"):
		fix := "write the value itself"
		if strings.Contains(expr, "baseurl") || strings.Contains(expr, "site.url") || strings.Contains(expr, "relative_url") || strings.Contains(expr, "absolute_url") {
			fix = "remove it: kb adds the base path to site URLs and file paths itself ([text](/billing/refunds/), ![alt](image.png))"
		}
		f.msg = fmt.Sprintf("Liquid variable %s is not kb markdown and shows as text; %s", quote(code), fix)
	case spaced && bareVarRE.MatchString(expr):
		f.warning = true
		f.msg = fmt.Sprintf("template variable %s is not kb markdown and shows as text; write the value itself", quote(code))
	default:
		return
	}
	s.add(f)
}

// kramdownExt reports {::name …}: {::comment} hides its text up to
// {:/comment} (or {:/}) in kramdown, and kb would publish it.
func (s *foreignScan) kramdownExt(i int, code []byte, name string) {
	f := foreignFinding{off: i, end: i + len(code), warning: true}
	if name == "comment" {
		f.warning = false
		if loc := kramdownEndRE.FindIndex(s.body[f.end:]); loc != nil {
			f.hides = f.end + loc[1]
		}
		f.msg = fmt.Sprintf("kramdown comment %s is not kb markdown: its text is published; write an HTML comment, <!-- … -->, which kb never publishes, or delete it", quote(code))
		s.add(f)
		return
	}
	f.msg = fmt.Sprintf("kramdown extension %s is not kb markdown and shows as text; remove it", quote(code))
	s.add(f)
}

// ---------------------------------------------------------------- JSX

var jsxRE = regexp.MustCompile(`^<(/?)([A-Z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)*)(?:[ \t\n/>]|$)`)

// jsxNames are capitalised tag names that are components of MDX sites
// (Docusaurus, Nextra, Starlight, Mintlify) and not words a writer puts
// in angle brackets: <Tab>, <Enter> and <Esc> are keys, and stay raw
// HTML.
var jsxNames = map[string]bool{"Tabs": true, "Admonition": true, "Details": true, "Callout": true, "Steps": true,
	"Aside": true, "Cards": true, "Card": true, "Badge": true, "Figure": true, "Video": true, "Columns": true,
	"Accordion": true, "Hint": true, "Frame": true, "Tip": true, "Note": true, "Warning": true, "Info": true, "Check": true}

// jsxTag reads a JSX component's tag at the start of b: a capitalised
// name that is CamelCase (TabItem), dotted (Tabs.Tab), a known component,
// self-closing (<Foo />) or with a {…} attribute (<Tabs values={[…]}>).
func jsxTag(b []byte) (name string, closing, ok bool) {
	if len(b) < 3 || b[0] != '<' || b[1] < 'A' && b[1] != '/' {
		return "", false, false
	}
	m := jsxRE.FindSubmatch(b)
	if m == nil {
		return "", false, false
	}
	name, closing = string(m[2]), len(m[1]) > 0
	inner := strings.ContainsFunc(name[1:], func(r rune) bool { return r >= 'A' && r <= 'Z' })
	if inner || strings.Contains(name, ".") || jsxNames[name] {
		return name, closing, true
	}
	tag := b
	if j := bytes.IndexByte(b, '>'); j >= 0 {
		tag = b[:j+1]
	}
	if bytes.Contains(tag, []byte("={")) || bytes.HasSuffix(tag, []byte("/>")) {
		return name, closing, true
	}
	return "", false, false
}

func (s *foreignScan) jsx(i int, name string, closing bool) {
	fix := "write its content in markdown"
	switch base, _, _ := strings.Cut(name, "."); base {
	case "Tabs", "TabItem", "Tab", "TabPanel", "CodeGroup":
		fix = "write kb tabs: {start_tabs}, {tab|key|Label} before each tab's text, and {end_tabs}"
	case "Admonition", "Callout", "Aside", "Hint", "Note", "Tip", "Warning", "Info", "Check":
		fix = "write an alert: \"> [!NOTE]\", then each line of its text starting with \"> \""
	case "Details", "Accordion", "AccordionItem":
		fix = "kb has no collapsible block: write a heading and the text under it"
	case "CodeBlock":
		fix = "write a fenced code block: ``` then the code, then ```"
	case "Figure", "Image", "Img":
		fix = "write an image: ![what it shows](image.png)"
	}
	tag := "<" + name + ">"
	if closing {
		tag = "</" + name + ">"
	}
	f := foreignFinding{off: i, end: i + len(tag), warning: true, key: "jsx:" + name, closer: closing,
		msg: fmt.Sprintf("JSX component %s is not kb markdown and is removed, like other raw HTML; %s", quote([]byte(tag)), fix)}
	s.add(f)
}

// ---------------------------------------------------------------- helpers

// AlertFor names the GitHub alert closest to another generator's
// admonition type (kb import converts with it).
func AlertFor(kind string) string {
	switch strings.ToLower(kind) {
	case "tip", "hint", "success", "check", "done", "tips":
		return "TIP"
	case "important":
		return "IMPORTANT"
	case "warning", "warn", "attention":
		return "WARNING"
	case "caution", "danger", "error", "failure", "fail", "missing", "bug":
		return "CAUTION"
	}
	return "NOTE"
}

// quote shows what was written, on one line and at most 60 bytes long.
func quote(b []byte) string {
	t := strings.Join(strings.Fields(string(b)), " ")
	if len(t) > 60 {
		cut := 57
		for cut > 0 && t[cut]&0xC0 == 0x80 {
			cut--
		}
		t = t[:cut] + "…"
	}
	return "\"" + t + "\""
}
