package builder

import (
	"context"
	"github.com/kbhelp/kb/internal/sitetest"
	"strings"
	"testing"
)

// rawHTMLCases are the raw HTML of help centers exported from Zendesk,
// Docusaurus or Jekyll, each between the paragraphs START and END of an
// article (content/a/x.md, whose body starts on line 4). html, twin and
// search are what the page, the markdown twin (and so llms-full.txt) and
// the search text hold between START and END; diags every warning.
var rawHTMLCases = []struct {
	name, md           string
	html, twin, search string
	diags              []string
}{
	{name: "br", md: "Line one<br>line two",
		html: "<p>Line one<br>line two</p>", twin: "Line one<br>line two", search: "Line one line two"},
	{name: "kbd", md: "Press <kbd>Ctrl</kbd>+<kbd>K</kbd>.",
		html: "<p>Press <kbd>Ctrl</kbd>+<kbd>K</kbd>.</p>", twin: "Press <kbd>Ctrl</kbd>+<kbd>K</kbd>.", search: "Press Ctrl+K."},
	{name: "key in angle brackets", md: "Press <Enter>.",
		html: "<p>Press <kbd>Enter</kbd>.</p>", twin: "Press <kbd>Enter</kbd>.", search: "Press Enter."},
	{name: "sup and sub", md: "E = mc<sup>2</sup> and H<sub>2</sub>O",
		html: "<p>E = mc<sup>2</sup> and H<sub>2</sub>O</p>", twin: "E = mc<sup>2</sup> and H<sub>2</sub>O", search: "E = mc2 and H2O"},
	{name: "img", md: `<img src="https://example.com/a.png" alt="Settings menu" style="border:0">`,
		html:   `<p><img src="https://example.com/a.png" alt="Settings menu" loading="lazy"></p>`,
		twin:   `![Settings menu](https://example.com/a.png)`,
		search: "Settings menu",
		diags:  []string{"6:58: warning: raw HTML removed: attribute style of <img>: only src, alt, title, width and height are kept"}},
	{name: "img with title", md: `See <img src="https://example.com/b (1).png" alt="The [Share] menu" title="Share menu" width="40">.`,
		html:   `<p>See <img src="https://example.com/b (1).png" alt="The [Share] menu" title="Share menu" width="40" loading="lazy">.</p>`,
		twin:   `See ![The \[Share\] menu](https://example.com/b%20%281%29.png "Share menu").`,
		search: "See  The [Share] menu ."},
	{name: "img without a src kb keeps", md: `<img src="javascript:alert(1)" alt="Export *all*">`,
		html:   `<p><img alt="Export *all*" loading="lazy"></p>`,
		twin:   `Export \*all\*`,
		search: "Export *all*",
		diags:  []string{`6:6: warning: raw HTML removed: src "javascript:alert(1)" of <img>: only relative, http, https, mailto and tel addresses are allowed`}},
	{name: "a href", md: `See <a href="https://example.com/guide" target="_blank">the guide</a>.`,
		html: "<p>See the guide.</p>", twin: "See the guide.", search: "See the guide.",
		diags: []string{`6:5: warning: raw HTML removed: <a href="https://example.com/guide">, its text kept: write the link in markdown: [text](url)`}},
	{name: "span style", md: `Fields in <span style="color:red">red</span> are required.`,
		html: "<p>Fields in red are required.</p>", twin: "Fields in red are required.", search: "Fields in red are required.",
		diags: []string{`6:11: warning: raw HTML removed: <span style="color:red">, its text kept: write the text in markdown (kb publishes no styles)`}},
	{name: "strong", md: "This is <strong>important</strong>.",
		html: "<p>This is important.</p>", twin: "This is important.", search: "This is important.",
		diags: []string{"6:9: warning: raw HTML removed: <strong>, its text kept: write **text**"}},
	{name: "div note", md: `<div class="note">Back up *first*.</div>`,
		html: "<p>Back up *first*.</p>", twin: `Back up \*first\*.`, search: "Back up *first*.",
		diags: []string{`6:1: warning: raw HTML removed: <div class="note">, its text kept: write it in markdown, a note as an alert (> [!NOTE])`}},
	{name: "p", md: "<p>Zendesk paragraph.</p>",
		html: "<p>Zendesk paragraph.</p>", twin: "Zendesk paragraph.", search: "Zendesk paragraph.",
		diags: []string{"6:1: warning: raw HTML removed: <p>, its text kept: separate paragraphs with a blank line"}},
	{name: "html table", md: "<table>\n<tr><td>Plan</td><td><i class=\"fa fa-check\"></i></td></tr>\n</table>",
		html: `<p>Plan <span role="img" aria-label="Yes">✓</span></p>`, twin: "Plan ✓", search: "Plan ✓",
		diags: []string{"6:1: warning: raw HTML removed: <table>, its text kept: write a markdown table (| a | b |)"}},
	{name: "video", md: `<video src="https://example.com/v.mp4" controls></video>`,
		html: "<p></p>", twin: "", search: "",
		diags: []string{`6:1: warning: raw HTML removed: <video src="https://example.com/v.mp4">: write a link to the video instead: [Video: title](url)`}},
	{name: "video block", md: "<video controls>\n  <source src=\"https://example.com/v.mp4\">\n  Your browser cannot play it.\n</video>",
		html: "", twin: "", search: "",
		diags: []string{`6:1: warning: raw HTML removed: <video> and its content: write a link to the video instead: [Video: title](url)`}},
	{name: "comments", md: "<!-- internal note -->\n\nText <!-- note --> more.",
		html: "<p>Text  more.</p>", twin: "Text  more.", search: "Text  more."},
	{name: "details with markdown", md: "<details open>\n<summary>More <b>options</b></summary>\n\n- Hidden **text**.\n\n</details>",
		html:   "<details open>\n<summary>More options</summary>\n<ul>\n<li>Hidden <strong>text</strong>.</li>\n</ul>\n</details>",
		twin:   "<details open>\n<summary>More options</summary>\n\n- Hidden **text**.\n\n</details>",
		search: "More options\nHidden text.",
		diags:  []string{"7:15: warning: raw HTML removed: <b>, its text kept: write **text**"}},
	{name: "details in one block", md: "<details><summary>More</summary>Inline body</details>",
		html: "<details><summary>More</summary>Inline body</details>", twin: "<details><summary>More</summary>Inline body</details>",
		search: "More Inline body"},
	{name: "details not closed", md: "<details>\n<summary>More</summary>\n\nShown anyway.",
		html: "<details> <summary>More</summary> </details>\n<p>Shown anyway.</p>", twin: "<details> <summary>More</summary> </details>\n\nShown anyway.",
		search: "More\nShown anyway.",
		diags: []string{"6:1: warning: raw HTML removed: <details> without a </details> line after its content (in the same list or quote), " +
			"so the content is not inside it: end it with </details> on a line of its own"}},
	{name: "icons in table cells", md: "| Feature | Pro |\n| --- | --- |\n| SSO | <i class=\"fa fa-check\"></i> |\n| Audit | <span class=\"bi bi-x-circle\"></span> |",
		html: "<div class=\"table-wrap\"><table>\n<thead>\n<tr>\n<th>Feature</th>\n<th>Pro</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n" +
			"<td>SSO</td>\n<td><span role=\"img\" aria-label=\"Yes\">✓</span></td>\n</tr>\n<tr>\n" +
			"<td>Audit</td>\n<td><span role=\"img\" aria-label=\"No\">✗</span></td>\n</tr>\n</tbody>\n</table></div>",
		twin:   "| Feature | Pro |\n| --- | --- |\n| SSO | ✓ |\n| Audit | ✗ |",
		search: "Feature · Pro\nSSO · ✓\nAudit · ✗"},
	{name: "unknown icon", md: `Click <i class="fa fa-gear"></i> Settings.`,
		html: "<p>Click  Settings.</p>", twin: "Click  Settings.", search: "Click  Settings.",
		diags: []string{`6:7: warning: raw HTML removed: icon <i class="fa fa-gear">: kb does not know the word it stands for; write the word, or a mark such as ✓ or ✗`}},
	{name: "youtube", md: `<iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/abc123" title="Reset your password" allowfullscreen></iframe>`,
		html:   `<p><a href="https://www.youtube.com/watch?v=abc123">Video: Reset your password</a></p>`,
		twin:   "[Video: Reset your password](https://www.youtube.com/watch?v=abc123)",
		search: "Video: Reset your password"},
	{name: "vimeo", md: `<iframe src="https://player.vimeo.com/video/76979871?h=8272103f6e" title="vimeo video player"></iframe>`,
		html:   `<p><a href="https://vimeo.com/76979871">Video: Vimeo</a></p>`,
		twin:   "[Video: Vimeo](https://vimeo.com/76979871)",
		search: "Video: Vimeo"},
	{name: "loom", md: `<iframe src="https://www.loom.com/embed/0281766fa2d04bb788eaf19e65135184" title="Export a report"></iframe>`,
		html:   `<p><a href="https://www.loom.com/share/0281766fa2d04bb788eaf19e65135184">Video: Export a report</a></p>`,
		twin:   "[Video: Export a report](https://www.loom.com/share/0281766fa2d04bb788eaf19e65135184)",
		search: "Video: Export a report"},
	{name: "other iframe", md: `<iframe src="https://forms.example.com/f"></iframe>`,
		diags: []string{`6:1: warning: raw HTML removed: <iframe src="https://forms.example.com/f"> and its content: only YouTube, Vimeo and Loom embeds become a link; write a link instead: [Title](url)`}},
	{name: "script", md: "<script>alert(1)</script>",
		diags: []string{"6:1: warning: raw HTML removed: <script> and its content: kb publishes no scripts"}},
}

// between is what s holds between START and END, trimmed, and whether
// both were found.
func between(s string) (string, bool) {
	_, after, ok := strings.Cut(s, "START")
	in, _, ok2 := strings.Cut(after, "END")
	in = strings.TrimSpace(in)
	in = strings.TrimPrefix(strings.TrimSuffix(in, "<p>"), "</p>") // the HTML page: START's and END's paragraphs
	return strings.TrimSpace(in), ok && ok2
}

// TestRawHTMLKeepsMeaning: what kb removes of raw HTML does not change
// what the page says without a word. Icons, video embeds, collapsible
// blocks, <sup> and <sub> keep their meaning in the page, the twin,
// llms-full.txt and the search text; every other removal that changes
// the text is an html/raw warning at the element (or attribute) with
// what to write instead.
func TestRawHTMLKeepsMeaning(t *testing.T) {
	for _, tt := range rawHTMLCases {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{
				"site.yaml":         "title: T\nbase_url: https://h.example/\n",
				"content/_index.md": "---\ntitle: Home\n---\n",
				"content/a/x.md":    "---\ntitle: X\n---\nSTART\n\n" + tt.md + "\n\nEND\n",
			}
			sink, res, ds := buildFS(t, Options{}, sitetest.FS(files))
			if res == nil {
				t.Fatalf("build failed: %v", ds)
			}
			sink.check(t)
			if got, ok := between(string(sink.files["a/x/index.html"])); !ok || got != tt.html {
				t.Errorf("page:\n%s\nwant:\n%s", got, tt.html)
			}
			twin, _ := between(string(sink.files["a/x/index.md"]))
			if twin != tt.twin {
				t.Errorf("twin:\n%s\nwant:\n%s", twin, tt.twin)
			}
			if full, _ := between(string(sink.files["llms-full.txt"])); full != twin {
				t.Errorf("llms-full.txt:\n%s\nwant the twin's:\n%s", full, twin)
			}
			var got []string
			for _, d := range ds {
				if d.Pos.File == "content/a/x.md" {
					got = append(got, strings.TrimPrefix(d.String(), "content/a/x.md:"))
					if d.Rule != ruleRawHTML {
						t.Errorf("%s: rule %q, want %q", d, d.Rule, ruleRawHTML)
					}
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.diags, "\n") {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.diags, "\n"))
			}
			site, _, err := New(Options{}).Analyze(context.Background(), sitetest.FS(files))
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range site.Pages {
				if p.Src != nil && p.Src.Path == "content/a/x.md" {
					body, _ := between(articleText(p.Doc, p.body(), headTexts{}).Body)
					if body != tt.search {
						t.Errorf("search text:\n%s\nwant:\n%s", body, tt.search)
					}
				}
			}
		})
	}
}
