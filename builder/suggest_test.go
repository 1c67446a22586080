package builder

import (
	"strings"
	"testing"
)

func TestEditDistance(t *testing.T) {
	long := strings.Repeat("a", 300)
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"abc", "abc", 0},
		{"kitten", "sitting", 3},
		{"flaw", "lawn", 2},
		{"title", "tittle", 1},
		{"title", "Title", 1}, // callers lowercase first
		{"é", "e", 2},         // bytes, not characters
		{long, long, 0},
		{long, long + "b", 301}, // bounded: beyond 256 bytes, equal or not
	} {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%.20q, %.20q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := editDistance(tt.b, tt.a); got != tt.want {
			t.Errorf("editDistance not symmetric for %.20q, %.20q", tt.a, tt.b)
		}
	}
}

func TestClosest(t *testing.T) {
	keys := []string{"title", "description", "slug", "order", "tags", "aliases", "draft", "updated", "related", "hidden", "llms"}
	for _, tt := range []struct {
		s     string
		cands []string
		want  string
	}{
		{"tittle", keys, "title"},
		{"Title", keys, "title"}, // case-insensitive
		{"desciption", keys, "description"},
		{"alias", keys, "aliases"},
		{"weight", keys, ""}, // too far from everything
		{"x", keys, ""},
		{"", keys, ""},
		{"ab", []string{"ac", "ad"}, "ac"}, // ties go to the earlier candidate
		{"ab", nil, ""},
		{"billing/refund.md", []string{"billing/invoices.md", "billing/refunds.md"}, "billing/refunds.md"},
		{"install-step", []string{"install-steps", "installation"}, "install-steps"},
	} {
		if got := closest(tt.s, tt.cands); got != tt.want {
			t.Errorf("closest(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
	// The limit grows with the length: a third of it, at least two.
	long := "a-very-long-article-name.md"
	if got := closest("a-vry-lng-artcle-nme.md", []string{long}); got != long {
		t.Errorf("closest with 5 edits in 27 bytes = %q, want %q", got, long)
	}
}

// TestSuggestionIsClose: "did you mean" offers a candidate only when it
// is close relative to the length of the part that differs, not of the
// whole path: billing/nope.md is not a typo of billing/bad.md (it used
// to be suggested, 4 edits being under a third of 15 bytes).
func TestSuggestionIsClose(t *testing.T) {
	for _, tt := range []struct {
		s, cand string
		close   bool
	}{
		{"billing/nope.md", "billing/bad.md", false},
		{"nope.md", "bad.md", false},
		{"a/nope.md", "a/ok.md", false},
		{"c.md", "a.md", false},
		{"/billing/nope/", "/billing/bad/", false},
		{"billing/cat.md", "billing/dog.md", false},
		{"docs/ab.md", "docs/cd.md", false},
		{"billing/refund.md", "billing/refunds.md", true},
		{"billing/payment/card-declined.md", "billing/payments/card-declined.md", true},
		{"billing/payments/card-decline.md", "billing/payments/card-declined.md", true},
		{"account/pasword.md", "account/password.md", true},
		{"/billing/refund/", "/billing/refunds/", true},
		{"Card-declined", "card-declined", true},
		{"titel", "title", true}, // a transposition: 2 edits in 5
		{"desciption", "description", true},
		{"base_ur", "base_url", true},
		{"still-need-help.md", "still-need-hlp.md", true},
		{"weight", "order", false},
		{"x", "y", false},
	} {
		got := closest(tt.s, []string{tt.cand}) != ""
		if got != tt.close {
			t.Errorf("closest(%q, [%q]) suggests: %v, want %v", tt.s, tt.cand, got, tt.close)
		}
	}
}

func TestDiffering(t *testing.T) {
	for _, tt := range []struct{ a, b, wantA, wantB string }{
		{"billing/nope.md", "billing/bad.md", "nope", "bad"},
		{"billing/refund.md", "billing/refunds.md", "refund", "refunds"},
		{"billing/payment/card-declined.md", "billing/payments/card-declined.md", "payment", "payments"},
		{"/billing/nope/", "/billing/bad/", "nope", "bad"},
		{"title", "tittle", "title", "tittle"},
		{"same.md", "same.md", "same", "same"},
		{"a.md", "a.md.md", "a", "a.md"},
	} {
		if a, b := differing(tt.a, tt.b); a != tt.wantA || b != tt.wantB {
			t.Errorf("differing(%q, %q) = %q, %q; want %q, %q", tt.a, tt.b, a, b, tt.wantA, tt.wantB)
		}
	}
}
