package builder

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// Tabs hold alternatives of which a reader needs one: steps per operating
// system, or per programming language. The syntax (Zulip's) is three
// kinds of marker paragraphs:
//
//	{start_tabs}
//	{tab|macos}
//	Steps for macOS…
//	{tab|windows}
//	Steps for Windows…
//	{end_tabs}
//
// {tab|key|Label} sets the label; known keys have built-in labels, others
// are made from the key ("via-markdown" → "Via markdown"). In HTML every
// panel is visible with its label until the script turns them into
// accessible tabs (and remembers the reader's choice for tabs with the same
// keys); in the markdown twin each panel is a headed section, after a
// line naming the alternatives ("One of: macOS, Windows, Linux"). A
// {start_tabs} block without {tab|…} markers just groups its content.

var KindTabs = ast.NewNodeKind("Tabs")
var KindTab = ast.NewNodeKind("Tab")

// TabSet is a group of tabs; its children are Tab nodes.
type TabSet struct {
	ast.BaseBlock
	Index int // order among the page's tab sets, for unique ids
}

func (n *TabSet) Kind() ast.NodeKind { return KindTabs }
func (n *TabSet) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, nil, nil)
}

// Group is the sorted-by-appearance keys of the tabs, which identify tab
// sets offering the same choice.
func (n *TabSet) Group() string {
	var keys []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		keys = append(keys, c.(*Tab).Key)
	}
	return strings.Join(keys, " ")
}

// Choice says that the tabs are alternatives, "One of: macOS, Windows,
// Linux", or is "" for a set of one tab. The page shows it until the
// script makes the tab list, and the twin before the panels.
func (n *TabSet) Choice() string {
	var labels []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		labels = append(labels, c.(*Tab).Label)
	}
	if len(labels) < 2 {
		return ""
	}
	return "One of: " + strings.Join(labels, ", ")
}

// Tab is one alternative; its children are blocks.
type Tab struct {
	ast.BaseBlock
	Key   string
	Label string
}

func (n *Tab) Kind() ast.NodeKind { return KindTab }
func (n *Tab) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Key": n.Key, "Label": n.Label}, nil)
}

var tabMarkerRE = regexp.MustCompile(`^\{(start_tabs|end_tabs|tab\|([a-z0-9][a-z0-9_-]*)(?:\|([^{}|]+))?)\}$`)

var tabLabels = map[string]string{
	"macos": "macOS", "mac": "macOS", "windows": "Windows", "linux": "Linux", "ios": "iOS", "android": "Android",
	"web": "Web", "desktop": "Desktop", "mobile": "Mobile", "desktop-web": "Desktop/Web", "cli": "CLI", "api": "API",
	"js": "JavaScript", "javascript": "JavaScript", "ts": "TypeScript", "python": "Python", "go": "Go", "curl": "curl",
	"ruby": "Ruby", "java": "Java", "php": "PHP", "csharp": "C#", "dotnet": ".NET", "node": "Node.js",
}

func tabLabel(key string) string {
	if l, ok := tabLabels[key]; ok {
		return l
	}
	s := strings.ReplaceAll(key, "-", " ")
	s = strings.ReplaceAll(s, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// tabMarker reads a paragraph that is a tab marker.
func tabMarker(n ast.Node, src []byte) (kind, key, label string, ok bool) {
	p, isPara := n.(*ast.Paragraph)
	if !isPara || p.Lines().Len() != 1 {
		return "", "", "", false
	}
	seg := p.Lines().At(0)
	v := bytes.TrimSpace(seg.Value(src))
	if len(v) < 2 || v[0] != '{' || v[len(v)-1] != '}' {
		return "", "", "", false // most paragraphs: no string, no regexp
	}
	m := tabMarkerRE.FindStringSubmatch(string(v))
	if m == nil {
		return "", "", "", false
	}
	switch m[1] {
	case "start_tabs", "end_tabs":
		return m[1], "", "", true
	}
	label = strings.TrimSpace(m[3])
	if label == "" {
		label = tabLabel(m[2])
	}
	return "tab", m[2], label, true
}

// groupTabs turns marker paragraphs into TabSet and Tab nodes, for every
// container in doc. Unmatched markers are left as text.
func groupTabs(doc ast.Node, src []byte) {
	var parents []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if c := n.FirstChild(); c == nil || c.Type() == ast.TypeInline {
			return ast.WalkSkipChildren, nil // markers are paragraphs: not in a paragraph's inlines
		}
		if n.Type() == ast.TypeBlock || n.Type() == ast.TypeDocument {
			parents = append(parents, n)
		}
		return ast.WalkContinue, nil
	})
	index := 0
	for _, parent := range parents {
		for c := parent.FirstChild(); c != nil; {
			kind, _, _, ok := tabMarker(c, src)
			if !ok || kind != "start_tabs" {
				c = c.NextSibling()
				continue
			}
			var end ast.Node
			for d := c.NextSibling(); d != nil; d = d.NextSibling() {
				if k, _, _, ok := tabMarker(d, src); ok && k != "tab" {
					if k == "end_tabs" {
						end = d
					}
					break
				}
			}
			if end == nil {
				c = c.NextSibling()
				continue
			}
			set := &TabSet{Index: index}
			set.SetPos(nodePos(c, src))
			var cur *Tab // content before the first {tab|…} stays where it is
			for d := c.NextSibling(); d != end; {
				next := d.NextSibling()
				if k, key, label, ok := tabMarker(d, src); ok && k == "tab" {
					cur = &Tab{Key: key, Label: label}
					set.AppendChild(set, cur)
					parent.RemoveChild(parent, d)
				} else if cur != nil {
					cur.AppendChild(cur, d)
				}
				d = next
			}
			after := end.NextSibling()
			if set.HasChildren() {
				index++
				parent.InsertBefore(parent, end, set)
			}
			parent.RemoveChild(parent, c)
			parent.RemoveChild(parent, end)
			c = after
		}
	}
}

func (r *htmlRenderer) renderTabs(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	set := n.(*TabSet)
	if entering {
		fmt.Fprintf(w, "<div class=\"tabs\" id=\"tabs-%d\" data-tab-group=\"%s\">\n", set.Index, html.EscapeString(set.Group()))
		if choice := set.Choice(); choice != "" { // hidden once kb.js makes the tab list
			fmt.Fprintf(w, "<p class=\"tab-choice\">%s</p>\n", html.EscapeString(choice))
		}
	} else {
		w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}

func (r *htmlRenderer) renderTab(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	t := n.(*Tab)
	if entering {
		fmt.Fprintf(w, "<section class=\"tab-panel\" data-tab=\"%s\" data-tab-label=\"%s\"><p class=\"tab-label\">%s</p>\n",
			html.EscapeString(t.Key), html.EscapeString(t.Label), html.EscapeString(t.Label))
	} else {
		w.WriteString("</section>\n")
	}
	return ast.WalkContinue, nil
}

// prevHeading is the nearest heading before n in document order, among n's
// preceding siblings and its ancestors' preceding siblings.
func prevHeading(n ast.Node) *ast.Heading {
	for cur := n; cur != nil; cur = cur.Parent() {
		for s := cur.PreviousSibling(); s != nil; s = s.PreviousSibling() {
			if h, ok := s.(*ast.Heading); ok {
				return h
			}
		}
	}
	return nil
}
