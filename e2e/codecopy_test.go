package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// TestCodeCopyButtonsCopyTheirBlock clicks the Copy button of each code
// block of an article: the clipboard holds that block's code, without a
// trailing newline, and the button says it copied.
func TestCodeCopyButtonsCopyTheirBlock(t *testing.T) {
	t.Parallel()
	s := startSite(t)
	tb := newTab(t, s)
	tb.grantClipboard()
	tb.open(webhooks)
	n := evalJS[int](tb, `document.querySelectorAll(".prose .code-block").length`)
	if blocks := evalJS[int](tb, `document.querySelectorAll(".prose pre").length`); n == 0 || n != blocks {
		t.Fatalf("%s: %d code blocks, %d with a Copy button", webhooks, blocks, n)
	}
	for i := 1; i <= n; i++ {
		block := fmt.Sprintf(`document.querySelectorAll(".prose .code-block")[%d]`, i-1)
		want := strings.TrimSuffix(evalJS[string](tb, block+`.querySelector("pre").textContent`), "\n")
		evalJS[bool](tb, `navigator.clipboard.writeText("").then(() => true)`)
		evalJS[bool](tb, `(`+block+`.querySelector(".code-copy").click(), true)`)
		waitJS(tb, block+`.querySelector(".code-copy").innerText.trim() !== "Copy"`)
		if label := evalJS[string](tb, block+`.querySelector(".code-copy").innerText.trim()`); label != "Copied" {
			t.Errorf("code block %d: after the click its button says %q", i, label)
		}
		if got := evalJS[string](tb, `navigator.clipboard.readText()`); got != want || want == "" {
			t.Errorf("code block %d: the clipboard holds %q, want %q", i, head(got), head(want))
		}
	}
}
