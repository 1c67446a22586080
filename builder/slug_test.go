package builder

import (
	"strings"
	"testing"
)

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"refunds", "refunds"},
		{"Reset Your Password", "reset-your-password"},
		{"  --Hello,  World!--  ", "hello-world"},
		{"sign_in-help", "sign-in-help"},
		{"1.2.3", "1-2-3"},
		{"C++", "c"},
		{"Café crème", "cafe-creme"},
		{"Straße", "strasse"},
		{"ÆØÅ æøå", "aeoa-aeoa"},
		{"İstanbul", "istanbul"},
		{"Łódź", "lodz"},
		{"x\u0301y", "xy"},                 // a combining accent on a Latin letter is folded away
		{"Настройки", "настройки"},         // other scripts are kept, lowercased
		{"日本語 ガイド", "日本語-ガイド"},             // ガ is カ plus a combining mark: the mark stays
		{"\u30ab\u3099", "\u30ac"},         // and the result is NFC
		{"हिन्दी", "हिन्दी"},               // virama and vowel signs are part of the word
		{"emoji 🎉 party", "emoji-party"},   // symbols separate words
		{"A\u00adB", "a-b"},                // soft hyphen
		{"a/b", "a-b"},                     // never a path
		{"../../etc/passwd", "etc-passwd"}, // never a path
		{`a\b`, "a-b"},                     // never a path
		{"a\x00b", "a-b"},                  // never a control character
		{"\u202egnp.exe", "gnp-exe"},       // bidi override dropped
		{"..", ""},                         // no letters: the caller reports it
		{".", ""},                          // no letters: the caller reports it
		{"", ""},                           // no letters: the caller reports it
		{"!!!", ""},                        // no letters: the caller reports it
		{"2024", "2024"},                   // digits alone are fine
		{"CON", "con"},                     // a Windows device name, but on the web a fine segment
		{"index.html", "index-html"},       // never a file name
		{strings.Repeat("ab ", 3), "ab-ab-ab"},
	}
	for _, tt := range tests {
		if got := slugify(tt.in); got != tt.want {
			t.Errorf("slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := slugify(tt.want); got != tt.want {
			t.Errorf("slugify not idempotent: slugify(%q) = %q", tt.want, got)
		}
	}
}

// TestHeadingID checks GitHub's heading-id algorithm (github-slugger):
// lowercase; keep letters, digits, marks, "_" and "-"; spaces become "-";
// a repeated id gets -1, -2… skipping ids already taken.
func TestHeadingID(t *testing.T) {
	tests := []struct {
		name  string
		texts []string // headings of one page, in order
		want  []string
	}{
		{"plain", []string{"Hello World"}, []string{"hello-world"}},
		{"punctuation", []string{"What's new? (v2.0)"}, []string{"whats-new-v20"}},
		{"symbols leave their spaces", []string{"C++ & C#"}, []string{"c--c"}},
		{"hyphens and underscores kept", []string{"foo_bar-baz"}, []string{"foo_bar-baz"}},
		{"double space", []string{"a  b"}, []string{"a--b"}},
		{"trimmed", []string{"  Trim me  "}, []string{"trim-me"}},
		{"accents kept", []string{"Café crème"}, []string{"café-crème"}},
		{"other scripts", []string{"Настройки профиля", "日本語"}, []string{"настройки-профиля", "日本語"}},
		{"marks, numbers and connectors kept", []string{"हिन्दी", "x² Ⅻ", "a‿b"}, []string{"हिन्दी", "x²-ⅻ", "a‿b"}},
		{"emoji dropped", []string{"🎉 Party"}, []string{"-party"}},
		{"empty", []string{"", "!!!"}, []string{"section", "section-1"}},
		{"duplicates", []string{"Steps", "Steps", "Steps"}, []string{"steps", "steps-1", "steps-2"}},
		{"duplicate of a suffixed id", []string{"A", "A-1", "A", "A-2", "A"}, []string{"a", "a-1", "a-2", "a-2-1", "a-3"}},
		{"case folds to one id", []string{"Install", "install", "INSTALL"}, []string{"install", "install-1", "install-2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids := map[string]int{}
			for i, text := range tt.texts {
				if got := headingID(text, ids); got != tt.want[i] {
					t.Errorf("heading %d %q: id %q, want %q", i, text, got, tt.want[i])
				}
			}
		})
	}
	t.Run("long headings are cut at a character boundary", func(t *testing.T) {
		id := headingID(strings.Repeat("é", 150), map[string]int{})
		if len(id) > 200 || !strings.HasPrefix(id, "éé") || !utf8Valid(id) {
			t.Errorf("id of %d bytes: %q", len(id), id)
		}
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }
