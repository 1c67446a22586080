package builder

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// foreignOf builds files (content/a.md and the others given) and returns
// the syntax/foreign findings as "path:line:col: [warning: ]message",
// and every other diagnostic apart.
func foreignOf(t *testing.T, files map[string]string) (foreign, other []string) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	_, diags, err := New(Options{}).Analyze(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diags {
		if d.Rule == ruleForeign {
			foreign = append(foreign, d.String())
		} else {
			other = append(other, d.String())
		}
	}
	return foreign, other
}

// Each syntax: a file that uses it (fail), the findings it must give,
// each "line:col: [warning: ]start of the message…kb equivalent", and a
// file written the kb way or with a near miss that gives none (pass).
// content/a.md is "# A\n\n" and then the text, so the text starts on
// line 3.
var foreignCases = []struct {
	name       string
	fail, pass string
	want       []string
}{
	{"docusaurus admonition", ":::note Title\nText of the note.\n:::\n\n- :::tip\n  Text\n  :::\n\n:::\n",
		"> [!NOTE]\n> Text of the note.\n\nA ratio of 3:::4 in text.\n",
		[]string{
			`3:1: warning: Docusaurus admonition ":::note Title" is not kb markdown and shows as text; write an alert: "> [!NOTE]"`,
			`7:3: warning: Docusaurus admonition ":::tip" … "> [!TIP]"`,
			`11:1: warning: ":::" closes no admonition and shows as text; remove it`,
		}},
	{"vitepress admonition", "::: warning\nCareful.\n:::\n", "> [!WARNING]\n> Careful.\n",
		[]string{`3:1: warning: Docusaurus admonition "::: warning" … "> [!WARNING]"`}},
	{"mkdocs admonition", "!!! tip \"\"\n    Text of the tip.\n\n??? danger \"Deleting\"\n    Gone.\n",
		"> [!TIP]\n> Text of the tip.\n\nWow!!! tip of the day.\n",
		[]string{
			`3:1: warning: MkDocs admonition "!!! tip" is not kb markdown and shows as text; write an alert: "> [!TIP]"`,
			`6:1: warning: MkDocs collapsible admonition "??? danger" … (kb has no collapsible block): "> [!CAUTION]"`,
		}},
	{"liquid tag", "Read this: {% include note.html content=\"Careful\" %}\n\n{% if site.beta %}Beta{% endif %}\n\n{% endunless %}\n",
		"{!note.md!}\n\nA 100% sure {%d} value.\n",
		[]string{
			`3:12: Liquid tag "{% include note.html content="Careful" %}" … include it with a line {!note.md!}`,
			`5:1: Liquid tag "{% if site.beta %}" is not kb markdown and shows as text; kb runs no template code`,
			`7:1: Liquid tag "{% endunless %}" is not kb markdown`,
		}},
	{"liquid comment", "{% comment %}\nNot for readers.\n\n{% include secret.md %}\n{% endcomment %}\n\nAfter.\n",
		"<!-- Not for readers. -->\n\nAfter.\n",
		[]string{`3:1: Liquid comment "{% comment %}" is not kb markdown: its text is published, up to {% endcomment %}; write an HTML comment`}},
	{"liquid raw and highlight", "{% raw %}{{ site.x }}{% endraw %}\n\n{% highlight ruby %}\nputs {% x %}\n{% endhighlight %}\n",
		"```ruby\nputs 1\n```\n",
		[]string{
			`3:1: Liquid tag "{% raw %}" … remove it and its {% endraw %}`,
			"5:1: Liquid tag \"{% highlight ruby %}\" … write a fenced code block: ```ruby",
		}},
	{"liquid variable", "[Home]({{ site.baseurl }}/billing/) and {{ page.title }}, ![x]({{ \"/a.png\" | relative_url }})\n\nMail {{ support_email }}.\n",
		"Send {{url}}/users and {{$randomInt}} as Postman writes them.\n",
		[]string{
			`3:8: Liquid variable "{{ site.baseurl }}" … remove it: kb adds the base path`,
			`3:41: Liquid variable "{{ page.title }}" … write the value itself`,
			`3:64: Liquid variable "{{ "/a.png" | relative_url }}" … remove it`,
			`5:6: warning: template variable "{{ support_email }}" is not kb markdown and shows as text; write the value itself`,
		}},
	{"hugo shortcode", "{{< figure src=\"a.png\" >}}\n\n{{% notice tip %}}\nText.\n{{% /notice %}}\n\nSee {{< ref \"b.md\" >}}. {{< /tabs >}}\n\n{{</* youtube x */>}}\n",
		"![What it shows](a.png)\n\n> [!TIP]\n> Text.\n\n{{ not hugo }}x\n",
		[]string{
			`3:1: Hugo shortcode "{{< figure src="a.png" >}}" … write an image: ![what it shows](image.png)`,
			`5:1: Hugo shortcode "{{% notice tip %}}" … write an alert: "> [!TIP]"`,
			`9:5: Hugo shortcode "{{< ref "b.md" >}}" … link to the file by its path`,
			`9:25: Hugo shortcode "{{< /tabs >}}"`,
			`11:1: escaped Hugo shortcode "{{</* youtube x */>}}" … write it in a code span`,
		}},
	{"kramdown", "[Docs](https://example.com/){:target=\"_blank\"}\n\n* TOC\n{:toc}\n\nText\n{: .note}\n\n{::comment}\nHidden.\n{:/comment}\n\n{::options parse_block_html=\"true\" /}\n",
		"[Docs](https://example.com/)\n\nA map {:a 1} in Clojure.\n",
		[]string{
			`3:29: warning: kramdown attribute list "{:target="_blank"}" … links open in the same tab`,
			`6:1: warning: kramdown table of contents "{:toc}" … kb shows "On this page"`,
			`9:1: warning: kramdown attribute list "{: .note}"`,
			`11:1: kramdown comment "{::comment}" is not kb markdown: its text is published`,
			`15:1: warning: kramdown extension "{::options parse_block_html="true" /}"`,
		}},
	{"attribute list", "## Install {#install-now}\n\n[Start](https://example.com/){ .md-button }\n\n![Menu](https://example.com/a.png){ width=\"300\" }\n",
		"## Install\n\nSets {x=1} and {#} in prose.\n",
		[]string{
			`3:12: warning: attribute list "{#install-now}" … kb makes each heading's id from its words`,
			`5:30: warning: attribute list "{ .md-button }" … kb sets no classes or attributes`,
			`7:35: warning: attribute list "{ width="300" }"`,
		}},
	{"mdx", "import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\nexport const toc = [];\n\n{/* not for readers */}\n",
		"import your contacts from a CSV file.\n\nexport the report as PDF.\n",
		[]string{
			`3:1: MDX import "import Tabs from '@theme/Tabs';" … remove it`,
			`4:1: MDX import "import TabItem from '@theme/TabItem';"`,
			`6:1: MDX export "export const toc = [];"`,
			`8:1: MDX comment "{/* not for readers */}" is not kb markdown: its text is published`,
		}},
	{"jsx", "<Tabs>\n<TabItem value=\"mac\" label=\"macOS\">\n\nOpen the app.\n\n</TabItem>\n</Tabs>\n\nPress <Kbd.Key>K</Kbd.Key> or <Admonition type=\"tip\">x</Admonition>.\n\n<Tabs values={[{label: 'A', value: 'a'}]}>\n",
		"{start_tabs}\n\n{tab|mac|macOS}\n\nOpen the app.\n\n{end_tabs}\n",
		[]string{
			`3:1: warning: JSX component "<Tabs>" is not kb markdown and is removed, like other raw HTML; write kb tabs`,
			`8:1: warning: JSX component "</TabItem>"`,
			`11:7: warning: JSX component "<Kbd.Key>"`,
			`11:31: warning: JSX component "<Admonition>" … write an alert`,
			`13:1: warning: JSX component "<Tabs>"`,
		}},
	{"toc", "[TOC]\n\n# More\n\n[[_TOC_]]\n", "The [TOC] marker, in a sentence.\n",
		[]string{
			`3:1: warning: table of contents marker "[TOC]" … kb shows "On this page" beside every article`,
			`7:1: warning: table of contents marker "[[_TOC_]]"`,
		}},
	{"tab markers", "{start_tabs}\n\n{tab|Mac OS}\n\nOpen.\n\n{tab}\n\n{end_tabs}\n\n{start_tab}\n\n{tab|linux}\n\n{end_tabs}\n\n{start_tabs}\n{tab|web}\nOpen.\n\n{end_tabs}\n",
		"{start_tabs}\n\n{tab|mac-os|Mac OS}\n\nOpen.\n\n{end_tabs}\n",
		[]string{
			`5:1: warning: tab marker "{tab|Mac OS}" is not one kb knows and shows as text; write {tab|mac-os|Mac OS}`,
			`9:1: warning: tab marker "{tab}" … {tab|key}`,
			`13:1: warning: tab marker "{start_tab}" is not one kb knows and shows as text; write {start_tabs}`,
			`15:1: warning: tab marker "{tab|linux}" is not between {start_tabs} and {end_tabs}`,
			`17:1: warning: {end_tabs} has no {start_tabs} before it`,
			`19:1: warning: tab marker "{start_tabs}" must be a paragraph of its own`,
			`20:1: warning: tab marker "{tab|web}" must be a paragraph of its own`,
			`23:1: warning: {end_tabs} has no {start_tabs} before it`,
		}},
	{"unclosed tabs", "{start_tabs}\n\n{tab|a}\n\nText.\n", "{start_tabs}\n\n{tab|a}\n\nText.\n\n{end_tabs}\n",
		[]string{
			`3:1: warning: {start_tabs} has no {end_tabs} after it`,
			`5:1: warning: tab marker "{tab|a}" is not between {start_tabs} and {end_tabs}`,
		}},
	{"zulip macro", "1. Go to {settings_tab|notifications}.\n2. Click {relative|gear|settings}.\n",
		"1. Go to **Settings → Notifications**.\n",
		[]string{
			`3:10: warning: Zulip macro "{settings_tab|notifications}" … write what it stands for`,
			`4:10: warning: Zulip macro "{relative|gear|settings}"`,
		}},
	{"mkdocs tabs and snippets", "=== \"macOS\"\n\n    Open.\n\n--8<-- \"includes/note.md\"\n",
		"{start_tabs}\n\n{tab|macos}\n\nOpen.\n\n{end_tabs}\n\n=== \n",
		[]string{
			`3:1: warning: MkDocs tab "=== "macOS"" … {tab|macos|macOS}`,
			`7:1: MkDocs snippet "--8<-- "includes/note.md"" … include it with a line {!note.md!}`,
		}},
}

func TestForeignSyntaxReported(t *testing.T) {
	for _, tc := range foreignCases {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := foreignOf(t, map[string]string{"content/a.md": "# A\n\n" + tc.fail, "content/_snippets/note.md": "A note.\n"})
			if len(got) != len(tc.want) {
				t.Errorf("%d findings, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i, w := range tc.want {
				if i >= len(got) {
					break
				}
				if !matchFinding(got[i], "content/a.md:"+w) {
					t.Errorf("finding %d:\n got %s\nwant %s", i, got[i], w)
				}
			}
			if got, _ := foreignOf(t, map[string]string{"content/a.md": "# A\n\n" + tc.pass, "content/_snippets/note.md": "A note.\n"}); len(got) > 0 {
				t.Errorf("pass gives findings:\n%s", strings.Join(got, "\n"))
			}
		})
	}
}

// matchFinding reports whether got is want, where " … " in want stands
// for any text and want may stop before got does.
func matchFinding(got, want string) bool {
	for i, part := range strings.Split(want, " … ") {
		j := strings.Index(got, part)
		if j < 0 || (i == 0 && j != 0) {
			return false
		}
		got = got[j+len(part):]
	}
	return true
}

// Inside fenced and indented code blocks and code spans nothing is
// foreign, and a backslash asks for the text as written.
func TestForeignSyntaxInCodeIsExempt(t *testing.T) {
	var all strings.Builder
	for _, tc := range foreignCases {
		all.WriteString(tc.fail)
		all.WriteString("\n")
	}
	var fenced, indented, spans strings.Builder
	fenced.WriteString("```\n" + all.String() + "```\n\n~~~md\n" + all.String() + "~~~\n")
	indented.WriteString("Code:\n\n")
	for line := range strings.SplitSeq(all.String(), "\n") {
		indented.WriteString("    " + line + "\n")
	}
	for line := range strings.SplitSeq(all.String(), "\n") {
		if strings.TrimSpace(line) != "" && !strings.Contains(line, "`") {
			spans.WriteString("Write `` " + line + " `` here.\n\n")
		}
	}
	for name, body := range map[string]string{
		"fenced":   fenced.String(),
		"indented": indented.String(),
		"spans":    spans.String(),
		"escaped":  "\\{% include x %} \\{{< figure >}} \\{{ site.baseurl }} \\{:target=\"_blank\"} \\{#id} \\<Tabs>\n",
		"list":     "- item\n\n      {% include x %}\n      :::note\n",
	} {
		if got, _ := foreignOf(t, map[string]string{"content/a.md": "# A\n\n" + body}); len(got) > 0 {
			t.Errorf("%s: %d findings in code:\n%s", name, len(got), strings.Join(got, "\n"))
		}
	}
}

// A JSX component is reported once, as foreign syntax, not also as raw
// HTML; other capitalised tags stay raw HTML, and keys in angle brackets
// are shown as keys (sanitize.go).
func TestJSXIsNotAlsoRawHTML(t *testing.T) {
	foreign, other := foreignOf(t, map[string]string{"content/a.md": "# A\n\n<Tabs>\n\nType <Username> or press <Tab>.\n"})
	if len(foreign) != 1 || !strings.HasPrefix(foreign[0], "content/a.md:3:1: warning: JSX component \"<Tabs>\"") {
		t.Errorf("foreign:\n%s", strings.Join(foreign, "\n"))
	}
	want := "content/a.md:5:6: warning: raw HTML removed: <Username>: kb does not publish it; if it is text, write it in backticks (`<Username>`) or as \\<Username>"
	if got := strings.Join(other, "\n"); got != want {
		t.Errorf("other:\n%s\nwant:\n%s", got, want)
	}
}

// Foreign syntax in a snippet is reported at the snippet's own line, once
// however many articles include it; a .mdx file is reported, not
// published.
func TestForeignSyntaxInSnippetsAndFiles(t *testing.T) {
	got, _ := foreignOf(t, map[string]string{
		"content/a.md":              "# A\n\n{!warn.md!}\n",
		"content/b.md":              "# B\n\nText.\n\n{!warn.md!}\n",
		"content/_snippets/warn.md": "Some text.\n\n!!! warn \"\"\n    Careful.\n",
		"content/intro.mdx":         "# Intro\n",
	})
	want := []string{
		`content/_snippets/warn.md:3:1: warning: MkDocs admonition "!!! warn"`,
		`content/intro.mdx:1:1: warning: MDX file is not built: kb reads markdown (.md) only`,
	}
	if len(got) != len(want) {
		t.Fatalf("findings:\n%s", strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("got %s\nwant %s", got[i], want[i])
		}
	}
	out := NewMemSink()
	if _, err := New(Options{}).Build(context.Background(), fstest.MapFS{
		"content/a.md":      {Data: []byte("# A\n")},
		"content/intro.mdx": {Data: []byte("# Intro\n")},
	}, out); err != nil {
		t.Fatal(err)
	}
	for o := range out.Files() {
		if strings.Contains(o, "intro") {
			t.Errorf("%s: an .mdx file is published", o)
		}
	}
}

// FuzzScanForeign: the scanner never panics, and every finding is inside
// the body, with a message.
func FuzzScanForeign(f *testing.F) {
	for _, tc := range foreignCases {
		f.Add([]byte(tc.fail))
		f.Add([]byte(tc.pass))
	}
	files, _ := filepath.Glob("../content/*/*.md")
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	f.Add([]byte("{%"))
	f.Add([]byte("{{<"))
	f.Add([]byte("<T"))
	f.Add([]byte("{:"))
	md := newMarkdown()
	f.Fuzz(func(t *testing.T, body []byte) {
		doc := md.Parser().Parse(text.NewReader(body))
		scanForeign(doc, body, func(off int, warning bool, msg string) {
			if off < 0 || off >= len(body) {
				t.Fatalf("finding at %d, outside [0,%d): %s", off, len(body), msg)
			}
			if msg == "" {
				t.Fatalf("finding at %d without a message", off)
			}
		})
	})
}

func ExampleDiagnostic_foreign() {
	_, diags, _ := New(Options{}).Analyze(context.Background(), fstest.MapFS{
		"content/a.md": {Data: []byte("# Refunds\n\n:::tip\nRefunds take 5 days.\n:::\n")},
	})
	for _, d := range diags {
		fmt.Println(d.Rule, d)
	}
	// Output:
	// syntax/foreign content/a.md:3:1: warning: Docusaurus admonition ":::tip" is not kb markdown and shows as text; write an alert: "> [!TIP]", then each line of the note starting with "> " (and no closing :::)
}

// BenchmarkScanForeign is the scan alone over the example site's
// articles, parsed once; BenchmarkScanForeignParse is their parsing, for
// scale.
func BenchmarkScanForeign(b *testing.B) {
	docs, bodies := exampleDocs(b)
	b.ResetTimer()
	for b.Loop() {
		for i, doc := range docs {
			scanForeign(doc, bodies[i], func(int, bool, string) {})
		}
	}
}

func BenchmarkScanForeignParse(b *testing.B) {
	_, bodies := exampleDocs(b)
	md := newMarkdown()
	b.ResetTimer()
	for b.Loop() {
		for _, body := range bodies {
			md.Parser().Parse(text.NewReader(body))
		}
	}
}

func exampleDocs(b *testing.B) ([]ast.Node, [][]byte) {
	files, _ := filepath.Glob("../content/*/*/*.md")
	md := newMarkdown()
	var docs []ast.Node
	var bodies [][]byte
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			b.Fatal(err)
		}
		_, off, _ := splitFrontMatter(src)
		bodies = append(bodies, src[off:])
		docs = append(docs, md.Parser().Parse(text.NewReader(src[off:])))
	}
	if len(docs) == 0 {
		b.Skip("no example articles")
	}
	return docs, bodies
}
