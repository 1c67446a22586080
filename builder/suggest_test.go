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
