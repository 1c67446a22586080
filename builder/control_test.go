package builder

import (
	"github.com/kbhelp/kb/internal/sitetest"
	"strings"
	"testing"
)

// TestControlCharactersRemoved: C0 and C1 control characters (ESC, BEL,
// CSI…) in a title, description or tags (YAML escapes let them in) and
// in the body (headings, text) reach no output: not the HTML, the twin
// or llms.txt. Each is a text/control warning at its position; tab and
// newline stay.
func TestControlCharactersRemoved(t *testing.T) {
	files := map[string]string{
		"site.yaml":         "title: T\n",
		"content/_index.md": "---\ntitle: Home\n---\n",
		"content/a/x.md": "---\ntitle: \"Red \\e[31malert\"\ndescription: \"Ring \\a bell\"\ntags: [\"t\\x1bag\", ok]\n---\n" +
			"## Head\x1b[2Jing\n\nText\x07 with\ta tab and \u009b C1.\n\n```\ncode\x1b\n```\n",
	}
	sink, res, ds := buildFS(t, Options{}, sitetest.FS(files))
	if res == nil {
		t.Fatalf("build failed: %v", ds)
	}
	want := strings.Join([]string{
		"content/a/x.md:2:8: warning: control character U+001B removed",
		"content/a/x.md:3:14: warning: control character U+0007 removed",
		"content/a/x.md:4:8: warning: control character U+001B removed",
		"content/a/x.md:6:8: warning: control character U+001B removed",
		"content/a/x.md:8:5: warning: control character U+0007 removed",
		"content/a/x.md:8:22: warning: control character U+009B removed",
		"content/a/x.md:11:5: warning: control character U+001B removed",
	}, "\n")
	var got []string
	for _, d := range ds {
		if strings.Contains(d.Msg, "control character") {
			got = append(got, d.String())
		}
	}
	if g := strings.Join(got, "\n"); g != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", g, want)
	}
	for name, data := range sink.files {
		if !isTextOutput(name) {
			continue
		}
		for i, c := range string(data) {
			if isControl(c) {
				t.Errorf("%s: control character U+%04X at byte %d", name, c, i)
				break
			}
		}
	}
	if html := string(sink.files["a/x/index.html"]); !strings.Contains(html, "Red [31malert") || !strings.Contains(html, "with\ta tab") {
		t.Errorf("page lost its text:\n%s", html)
	}
}
