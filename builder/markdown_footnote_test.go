package builder

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// TestFootnotesAsGoldmark checks that kb's footnote parsers, made linear,
// give the HTML goldmark's footnote extension gives, on every shape of
// note and reference.
func TestFootnotesAsGoldmark(t *testing.T) {
	var many strings.Builder
	for i := range 300 {
		fmt.Fprintf(&many, "Text[^%d] and[^%d].\n\n[^%d]: Note %d.\n\n", (i*7)%300, i, i, i)
	}
	docs := []string{
		"One[^1] and two[^2].\n\n[^1]: First.\n[^2]: Second.\n",
		"Referenced in reverse[^b] then[^a].\n\n[^a]: A.\n\n[^b]: B.\n",
		"Twice[^1], thrice[^2][^2][^2], again[^1].\n\n[^1]: One.\n\n[^2]: Two.\n",
		"[^early]: Defined before its reference.\n\nLater[^early].\n",
		"Duplicate label[^d].\n\n[^d]: First wins.\n\n[^d]: Second is dropped.\n",
		"Unused note.\n\n[^u]: Nobody refers to me.\n",
		"Undefined[^nope] reference.\n",
		"Bang![^1] and ![^1] not an image.\n\n[^1]: Note.\n",
		"Long note[^long].\n\n[^long]: First paragraph.\n\n    Second paragraph, indented.\n\n    ```\n    code\n    ```\n\nAfter.\n",
		"> Quoted[^q].\n>\n> [^q]: Note in a quote.\n\nOutside[^o].\n\n[^o]: Outside note.\n",
		"Nested[^1].\n\n[^1]: Refers on[^2].\n\n[^2]: Second.\n",
		"- item[^i]\n\n  [^i]: In a list.\n",
		"Blank label[^ ] and [^]: x.\n\n[^ ]: blank\n",
		"Empty note[^e].\n\n[^e]:\n",
		"Case[^A] differs[^a].\n\n[^a]: lower\n\n[^A]: upper\n",
		many.String(),
	}
	theirs := goldmark.New(goldmark.WithExtensions(extension.Footnote))
	ours := goldmark.New(goldmark.WithExtensions(footnotes))
	for _, doc := range docs {
		var want, got bytes.Buffer
		if err := theirs.Convert([]byte(doc), &want); err != nil {
			t.Fatal(err)
		}
		if err := ours.Convert([]byte(doc), &got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%.60q:\ngot:\n%s\nwant (goldmark's):\n%s", doc, got.String(), want.String())
		}
	}
}
