package builder

import (
	"github.com/kbhelp/kb/internal/sitetest"
	"strings"
	"testing"
)

// TestWorstShapesTwin checks the .md twin of the shapes BenchmarkWorstCase
// found slow, now written in one pass: what a reader of the twin gets is
// what it was.
func TestWorstShapesTwin(t *testing.T) {
	cases := []struct {
		name, body, want string
	}{
		{"a term with many definitions",
			"Term\n: One\nlazy\n: Two\n\nOther\n: Three\n\n: Four\n",
			"Term\n: One\n  lazy\n: Two\n\nOther\n: Three\n: Four\n"},
		{"an empty term",
			"Term\n: One\n\n<span></span>\n: Two\n",
			"Term\n: One\n\n\n: Two\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sink, res, ds := buildFS(t, Options{}, sitetest.FS(map[string]string{
				"site.yaml":      "title: T\n",
				"content/a/x.md": "---\ntitle: X\ndescription: D\n---\n" + c.body,
			}))
			if res == nil {
				t.Fatalf("build failed: %v", ds)
			}
			twin := string(sink.files["a/x.md"])
			if _, body, ok := strings.Cut(twin, "\n\n> D\n\nBreadcrumb: [T](/index.md) › [A](/a.md)\n\n"); !ok || body != c.want {
				t.Errorf("twin:\n%s\nwant its body:\n%s", twin, c.want)
			}
		})
	}
}
