package builder

import (
	"context"
	"errors"
	"fmt"
	"github.com/kbhelp/kb/internal/sitetest"
	"strings"
	"testing"
)

// TestSnippetErrors: a missing snippet and an include cycle are errors at
// the include line that name the chain; a problem inside a snippet points
// into the snippet's own file and line.
func TestSnippetErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{
			name: "missing snippet, with a suggestion",
			files: map[string]string{
				"content/_snippets/contact.md": "Write to us.\n",
				"content/a/x.md":               "---\ntitle: X\n---\nIntro.\n\n{!contcat.md!}\n",
			},
			want: `content/a/x.md:6:1: snippet "contcat.md" not found (did you mean "contact.md"?)`,
		},
		{
			name: "missing snippet inside a snippet names the chain",
			files: map[string]string{
				"content/_snippets/outer.md": "Outer.\n\n{!inner.md!}\n",
				"content/a/x.md":             "---\ntitle: X\n---\n{!outer.md!}\n",
			},
			want: `content/a/x.md:4:1: snippet "inner.md" not found (via content/_snippets/outer.md:3:1)`,
		},
		{
			name: "include cycle",
			files: map[string]string{
				"content/_snippets/a.md": "A.\n{!b.md!}\n",
				"content/_snippets/b.md": "B.\n\n{!a.md!}\n",
				"content/a/x.md":         "---\ntitle: X\n---\n\n{!a.md!}\n",
			},
			want: `content/a/x.md:5:1: include cycle: content/a/x.md:5:1 → content/_snippets/a.md:2:1 → content/_snippets/b.md:3:1 → content/_snippets/a.md (via content/_snippets/a.md:2:1 → content/_snippets/b.md:3:1)`,
		},
		{
			name: "a broken link inside a snippet points into the snippet",
			files: map[string]string{
				"content/_snippets/help.md": "Some text.\n\nSee [the guide](/nope/).\n",
				"content/a/x.md":            "---\ntitle: X\n---\nLine one.\n\n  {!help.md!}\n",
			},
			want: `content/_snippets/help.md:3:5: broken link: no page or file at /nope/`,
		},
		{
			name: "a snippet used twice reports its problem once",
			files: map[string]string{
				"content/_snippets/help.md": "See [the guide](/nope/).\n",
				"content/a/x.md":            "---\ntitle: X\n---\n{!help.md!}\n",
				"content/a/y.md":            "---\ntitle: Y\n---\n{!help.md!}\n",
			},
			want: `content/_snippets/help.md:1:5: broken link: no page or file at /nope/`,
		},
		{
			name:  "an expansion bomb stops at the size limit",
			files: bombSite("Ten lines of text, fifteen words each, make a snippet that grows fast.\n"),
			want:  `content/a/x.md:4:1: snippets make the article more than the 4 MiB an article may have (via content/_snippets/s0.md:1:1 → content/_snippets/s1.md:1:1 → content/_snippets/s2.md:6:1 → content/_snippets/s3.md:2:1 → content/_snippets/s4.md:1:1 → content/_snippets/s5.md:9:1)`,
		},
		{
			name: "a missing snippet included a million times is reported once",
			files: func() map[string]string {
				f := bombSite("")
				f["content/_snippets/s6.md"] = "{!nope.md!}\n"
				return f
			}(),
			want: `content/a/x.md:4:1: snippet "nope.md" not found (via content/_snippets/s0.md:1:1 → content/_snippets/s1.md:1:1 → content/_snippets/s2.md:1:1 → content/_snippets/s3.md:1:1 → content/_snippets/s4.md:1:1 → content/_snippets/s5.md:1:1 → content/_snippets/s6.md:1:1)
content/a/x.md:4:1: snippets make the article more than the 4 MiB an article may have (via content/_snippets/s0.md:2:1 → content/_snippets/s1.md:9:1 → content/_snippets/s2.md:2:1 → content/_snippets/s3.md:5:1 → content/_snippets/s4.md:9:1 → content/_snippets/s5.md:3:1)`,
		},
		{
			name:  "a bomb of empty snippets stops too",
			files: bombSite(""),
			want:  `content/a/x.md:4:1: snippets make the article more than the 4 MiB an article may have (via content/_snippets/s0.md:1:1 → content/_snippets/s1.md:4:1 → content/_snippets/s2.md:8:1 → content/_snippets/s3.md:8:1 → content/_snippets/s4.md:5:1 → content/_snippets/s5.md:9:1 → content/_snippets/s6.md:3:1)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(Options{}).Build(context.Background(), sitetest.FS(tt.files), newMemSink())
			var ds Diagnostics
			if !errors.As(err, &ds) {
				t.Fatalf("build: %v, want diagnostics", err)
			}
			var got []string
			for _, d := range ds {
				got = append(got, d.String())
			}
			if g := strings.Join(got, "\n"); g != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", g, tt.want)
			}
		})
	}
}

// bombSite is an expansion bomb: an article includes s0, and each of s0
// to s6 includes the next one ten times, so the article would be 10^7
// copies of s7 (last) long.
func bombSite(last string) map[string]string {
	files := map[string]string{
		"content/_snippets/s7.md": last,
		"content/a/x.md":          "---\ntitle: X\n---\n{!s0.md!}\n",
	}
	for i := range 7 {
		files[fmt.Sprintf("content/_snippets/s%d.md", i)] = strings.Repeat(fmt.Sprintf("{!s%d.md!}\n", i+1), 10)
	}
	return files
}

// TestSnippetIncluded: an included snippet renders in the page and its
// twin, indented into a list item, with its links resolved relative to
// the including article.
func TestSnippetIncluded(t *testing.T) {
	files := map[string]string{
		"content/_snippets/step.md": "Open [settings](settings.md).\n",
		"content/a/settings.md":     "---\ntitle: Settings\n---\nS.\n",
		"content/a/x.md":            "---\ntitle: X\n---\n1. First.\n\n   {!step.md!}\n",
	}
	sink := newMemSink()
	if _, err := New(Options{}).Build(context.Background(), sitetest.FS(files), sink); err != nil {
		t.Fatal(err)
	}
	html := string(sink.files["a/x/index.html"])
	if !strings.Contains(html, `<li>
<p>First.</p>
<p>Open <a href="/a/settings/">settings</a>.</p>
</li>`) {
		t.Errorf("snippet not in the list item:\n%s", html)
	}
	if twin := string(sink.files["a/x.md"]); !strings.Contains(twin, "1. First.\n\n   Open [settings](/a/settings.md).") {
		t.Errorf("twin:\n%s", twin)
	}
}
