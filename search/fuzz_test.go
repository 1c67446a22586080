package search

import (
	"context"
	"strings"
	"testing"
	"time"
)

// FuzzSearch: any text a reader sends never panics, answers within the
// deadline, and never yields a snippet with HTML other than <mark>.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"password", "pasword rest", `"reset email"`, "passw", "later", "timezone", "title:(",
		`"unterminated`, "+-", `\`, "AND OR", "- *", "/[/", "field:", "\xff", "<script>alert(1)</script>", "a* ~2 ^9",
		"“curly” ‘quotes’", "sign in", "e-mail 2fa oauth2", strings.Repeat("(", 300)} {
		f.Add(s)
	}
	ix := testIndex(f)
	f.Fuzz(func(t *testing.T, text string) {
		ctx, cancel := context.WithTimeout(context.Background(), Timeout)
		defer cancel()
		start := time.Now()
		res, err := ix.Search(ctx, Query{Text: text})
		if d := time.Since(start); d > Timeout+250*time.Millisecond {
			t.Fatalf("%q took %v", text, d)
		}
		if err != nil {
			if len(text) > MaxQueryBytes || ctx.Err() != nil {
				return
			}
			t.Fatalf("%q: %v", text, err)
		}
		for _, h := range res.Hits {
			if strings.ContainsAny(markup.ReplaceAllString(h.Snippet, ""), "<>") {
				t.Fatalf("%q: snippet %q", text, h.Snippet)
			}
		}
	})
}
