package search

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzSearch: any text a reader sends never panics, never hangs, answers
// (all its results, or those found before the deadline, marked Partial,
// or ErrTimeout when it found none: a saturated CPU is not a failure),
// and never yields a snippet with HTML other than <mark>.
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
		// Only a hang fails here: how far past its deadline a search
		// answers depends on the machine's load (speed targets live in
		// BenchmarkQuery and scripts/load.sh).
		if d := time.Since(start); d > 10*Timeout {
			t.Fatalf("%q took %v", text, d)
		}
		switch {
		case err == nil:
		case errors.Is(err, ErrQueryTooLong) && len(text) > MaxQueryBytes:
			return
		case errors.Is(err, ErrTimeout):
			return
		default:
			t.Fatalf("%q: %v", text, err)
		}
		if res.Partial && len(res.Hits) == 0 {
			t.Fatalf("%q: partial results without hits", text)
		}
		for _, h := range res.Hits {
			if strings.ContainsAny(markup.ReplaceAllString(h.Snippet, ""), "<>") {
				t.Fatalf("%q: snippet %q", text, h.Snippet)
			}
		}
	})
}
