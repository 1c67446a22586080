package builder

import (
	"testing"
)

func TestSafeURL(t *testing.T) {
	tests := []struct {
		url  string
		safe bool
	}{
		{"", true},
		{"page.md", true},
		{"../a/b.md#x", true},
		{"/abs/path/", true},
		{"#frag", true},
		{"?q=1", true},
		{"a/b:c", true}, // the colon is in the path
		{"#a:b", true},
		{"?x=y:z", true},
		{"./x:y", true},
		{"http://example.com", true},
		{"HTTPS://example.com", true},
		{"mailto:help@example.com", true},
		{"tel:+15550100", true},
		{"javascript:alert(1)", false},
		{"JaVaScRiPt:alert(1)", false},
		{" javascript:alert(1)", false},
		{"\x01javascript:alert(1)", false},
		{"\x00javascript:alert(1)", false},
		{"java\tscript:alert(1)", false},
		{"java\nscript:alert(1)", false},
		{"java&#x09;script:alert(1)", false},
		{"java&#9;script:alert(1)", false},
		{"&#106;avascript:alert(1)", false},
		{"&#x6A;avascript:alert(1)", false},
		{"&#106avascript:alert(1)", false}, // a reference without its semicolon
		{"javascript&colon;alert(1)", false},
		{"javascript&#58;alert(1)", false},
		{"\u00a0javascript:alert(1)", false},
		{"vbscript:msgbox(1)", false},
		{"VBScript:msgbox(1)", false},
		{"data:text/html;base64,PHNjcmlwdD4=", false},
		{"data:image/svg+xml;utf8,<svg onload=alert(1)>", false},
		{"file:///etc/passwd", false},
		{"ftp://example.com/", false},
		{"x:y", false}, // a browser reads x: as a scheme
	}
	for _, tt := range tests {
		if got := safeURL(tt.url); got != tt.safe {
			t.Errorf("safeURL(%q) = %v, want %v", tt.url, got, tt.safe)
		}
	}
}

func TestSanitizeHTML(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		out     string
		dropped bool
	}{
		{"kbd", "<kbd>Ctrl</kbd>", "<kbd>Ctrl</kbd>", false},
		{"kbd attributes dropped", `<kbd class="x" onclick="y">K</kbd>`, "<kbd>K</kbd>", false},
		{"kbd left open is closed", "<kbd>K", "<kbd>K</kbd>", false},
		{"br", "a<br>b<br/>", "a<br>b<br>", false},
		{"img", `<img src="a.png" alt="A &amp; B" title="t" width="10" height="5">`, `<img src="a.png" alt="A &amp; B" title="t" width="10" height="5" loading="lazy">`, false},
		{"img event handler", `<img src="a.png" onerror="alert(1)">`, `<img src="a.png" loading="lazy">`, true},
		{"img style", `<img src="a.png" style="position:fixed">`, `<img src="a.png" loading="lazy">`, true},
		{"img javascript src", `<img src="javascript:alert(1)" alt="x">`, `<img alt="x" loading="lazy">`, true},
		{"img entity javascript src", `<img src="&#106;avascript:alert(1)">`, `<img loading="lazy">`, true},
		{"img data src", `<img src="data:image/svg+xml,<svg onload=alert(1)>">`, `<img loading="lazy">`, true},
		{"img attribute breakout", `<img alt='"><script>alert(1)</script>'>`, `<img alt="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" loading="lazy">`, false},
		{"script and its text", "a<script>alert(1)</script>b", "ab", true},
		{"iframe", `<iframe src="https://evil.example/"></iframe>`, "", true},
		{"style", "<style>body{display:none}</style>x", "x", true},
		{"svg", `<svg><g onload="alert(1)"></g></svg>`, "", true},
		{"object embed base meta", `<object data="x"></object><embed src="x"><base href="//evil/"><meta http-equiv="refresh" content="0">`, "", true},
		{"nested unwrapped, text kept", "<div><p>in <b>bold</b></p></div>after", "in bold after", true},
		{"nested dropped", "<object><p>in <b>bold</b></p></object>after", "after", true},
		{"stray end tag", "</div>x", "x", true},
		{"comment", "<!-- note -->x", "x", false},
		{"text escaped", "a < b & c", "a &lt; b &amp; c", false},
		{"unterminated comment", "<!-- never closed <script>alert(1)</script>", "", false},
		{"kbd inside unwrapped", "<span><kbd>K</kbd></span>", "<kbd>K</kbd>", true},
		{"kbd inside dropped", "<svg><kbd>K</kbd></svg>", "", true},
		{"sup sub", "x<sup>2</sup> H<sub>2</sub>O", "x<sup>2</sup> H<sub>2</sub>O", false},
		{"sup attributes dropped", `<sup onclick="x" class="c">1</sup>`, "<sup>1</sup>", false},
		{"sup left open is closed", "<sup>1", "<sup>1</sup>", false},
		{"misnested kept tags", "<sup><kbd>K</sup>x</kbd>", "<sup><kbd>K</kbd></sup>x", false},
		{"details", "<details><summary>More</summary>Body</details>", "<details><summary>More</summary>Body</details>", false},
		{"details open", `<details open="" onclick="x"><summary class="s">More</summary>Body</details>`, "<details open><summary>More</summary>Body</details>", false},
		{"details left open is closed", "<details><summary>More", "<details><summary>More</summary></details>", false},
		{"summary outside details", "<summary>More</summary>", "More", true},
		{"stray details end", "x</details>", "x", true},
		{"icon check", `<i class="fa fa-check"></i>`, `<span role="img" aria-label="Yes">✓</span>`, false},
		{"icon with content", `<span class="glyphicon glyphicon-remove">gone</span>`, `<span role="img" aria-label="No">✗</span>`, false},
		{"icon unknown", `<i class="fa fa-gear"></i>`, "", true},
		{"italic is not an icon", `<i class="note">word</i>`, "word", true},
		{"youtube", `<iframe src="https://www.youtube.com/embed/abc?start=3" title="Reset &amp; retry"></iframe>`,
			`<a href="https://www.youtube.com/watch?v=abc">Video: Reset &amp; retry</a>`, false},
		{"vimeo without title", `<iframe src="//player.vimeo.com/video/42"></iframe>`, `<a href="https://vimeo.com/42">Video: Vimeo</a>`, false},
		{"loom generic title", `<iframe src="https://www.loom.com/embed/f00" title="Loom video"></iframe>`, `<a href="https://www.loom.com/share/f00">Video: Loom</a>`, false},
		{"youtube lookalike host", `<iframe src="https://youtube.com.evil.example/embed/abc"></iframe>`, "", true},
		{"youtube javascript", `<iframe src="javascript://www.youtube.com/embed/abc"></iframe>`, "", true},
		{"youtube id breakout", `<iframe src="https://www.youtube.com/embed/a%22onmouseover=x"></iframe>`, "", true},
		{"table text kept apart", "<table><tr><td>Plan</td><td>Price</td></tr></table>", "Plan Price", true},
		{"white space collapsed", "<div>\n# not a heading\n- nor a list\n</div>", "# not a heading - nor a list", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, dropped := sanitizeHTML([]byte(tt.in))
			if string(out) != tt.out || dropped != tt.dropped {
				t.Errorf("sanitizeHTML(%q) = %q, %v; want %q, %v", tt.in, out, dropped, tt.out, tt.dropped)
			}
		})
	}
}

// TestSanitizeInlineHTML covers inline raw HTML, which goldmark hands over
// one tag at a time: "<kbd>Ctrl</kbd>" is the tag, the text, the tag.
func TestSanitizeInlineHTML(t *testing.T) {
	tests := []struct {
		in, out string
		dropped bool
	}{
		{"<kbd>", "<kbd>", false},
		{"</kbd>", "</kbd>", false},
		{"<br>", "<br>", false},
		{`<img src="a.png" onerror="x">`, `<img src="a.png" loading="lazy">`, true},
		{"<script>", "", true},
		{"</script>", "", true},
		{`<a href="javascript:alert(1)">`, "", true},
		{"<!-- c -->", "", false},
		{"<sup>", "<sup>", false},
		{"</sub>", "</sub>", false},
		{"<Enter>", "<kbd>Enter</kbd>", false},
		{"<del>", "", true},
		{`<Enter class="x">`, "", true},
		{"<details>", "", true}, // only an HTML block opens one
		{`<i class="fa fa-times">`, `<span role="img" aria-label="No">✗</span>`, false},
	}
	for _, tt := range tests {
		out, dropped := sanitizeInlineHTML([]byte(tt.in))
		if string(out) != tt.out || dropped != tt.dropped {
			t.Errorf("sanitizeInlineHTML(%q) = %q, %v; want %q, %v", tt.in, out, dropped, tt.out, tt.dropped)
		}
	}
}
