package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNewArticle(t *testing.T) {
	src := t.TempDir()
	writeSite(t, src, map[string]string{
		"content/billing/refunds/_index.md":    "---\ntitle: Refunds\norder: 2\n---\n",
		"content/billing/refunds/first.md":     "---\ntitle: First\norder: 1\n---\n",
		"content/billing/refunds/second.md":    "---\ntitle: Second\norder: 3.5\n---\n",
		"content/billing/refunds/unordered.md": "# Unordered\n",
		"content/billing/refunds/later.md":     "---\ntitle: Later\norder: 2\ndraft: true\n---\n",
	})
	code, out, errOut := runKB(t, "new", "-src", src, "billing/refunds/card-declined", `My card was "declined"`)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if want := "kb new: created " + src + "/content/billing/refunds/card-declined.md"; !strings.HasPrefix(out, "kb new: created ") || !strings.Contains(out, "content/billing/refunds/card-declined.md (order 4)") {
		t.Errorf("stdout = %q, want %q…", out, want)
	}
	got, _ := os.ReadFile(filepath.Join(src, "content/billing/refunds/card-declined.md"))
	want := "---\ntitle: \"My card was \\\"declined\\\"\"\ndescription: \"\" # one sentence: shown under the title, in lists, in search results and in llms.txt\norder: 4\n---\n\n"
	if string(got) != want {
		t.Errorf("card-declined.md:\n%s\nwant:\n%s", got, want)
	}
	// It builds, and kb check only asks for the description.
	c, o := check(t, "-src", src)
	if c != 0 || !strings.Contains(o, `card-declined.md:1:1: missing-description: warning: article "My card was \"declined\"" has no description`) {
		t.Errorf("kb check: exit %d\n%s", c, o)
	}

	// Never overwrites.
	code, _, errOut = runKB(t, "new", "-src", src, "billing/refunds/card-declined.md", "Other")
	if code != 1 || !strings.Contains(errOut, "already exists") {
		t.Errorf("second kb new: exit %d: %s", code, errOut)
	}
	if again, _ := os.ReadFile(filepath.Join(src, "content/billing/refunds/card-declined.md")); string(again) != want {
		t.Errorf("overwritten")
	}
}

func TestNewSection(t *testing.T) {
	src := t.TempDir()
	writeSite(t, src, map[string]string{
		"content/billing/_index.md":         "---\ntitle: Billing\n---\n",
		"content/billing/plans/_index.md":   "---\ntitle: Plans\norder: 1\n---\n",
		"content/billing/refunds/_index.md": "---\ntitle: Refunds\norder: 7\n---\n",
		"content/billing/overview.md":       "---\ntitle: Overview\n---\n",
		"content/billing/disputes/notes.md": "# Notes\n",
	})
	code, out, errOut := runKB(t, "new", "-section", "-src", src, "content/billing/disputes", "Disputes")
	if code != 0 || !strings.Contains(out, "content/billing/disputes/_index.md (order 8)") {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	got, _ := os.ReadFile(filepath.Join(src, "content/billing/disputes/_index.md"))
	if want := "---\ntitle: \"Disputes\"\ndescription: \"\" # one sentence: shown under the title, in lists, in search results and in llms.txt\norder: 8\n---\n"; string(got) != want {
		t.Errorf("_index.md:\n%s\nwant:\n%s", got, want)
	}
	code, _, errOut = runKB(t, "new", "-section", "-src", src, "billing/disputes")
	if code != 1 || !strings.Contains(errOut, "already exists") {
		t.Errorf("second kb new -section: exit %d: %s", code, errOut)
	}
	// A new folder: its first page gets order 1, its title comes from the name.
	code, out, errOut = runKB(t, "new", "-src", src, "account/sign-in/cant-sign-in")
	if code != 0 || !strings.Contains(out, "(order 1)") {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	got, _ = os.ReadFile(filepath.Join(src, "content/account/sign-in/cant-sign-in.md"))
	if !strings.HasPrefix(string(got), "---\ntitle: \"Cant sign in\"\n") {
		t.Errorf("cant-sign-in.md:\n%s", got)
	}
}

func TestNewSiblingsWithoutOrder(t *testing.T) {
	src := t.TempDir()
	writeSite(t, src, map[string]string{"content/faq/a.md": "# A\n"})
	code, out, _ := runKB(t, "new", "-src", src, "faq/b", "B")
	if code != 0 || !strings.Contains(out, "no order") {
		t.Fatalf("exit %d: %s", code, out)
	}
	got, _ := os.ReadFile(filepath.Join(src, "content/faq/b.md"))
	if strings.Contains(string(got), "order:") {
		t.Errorf("b.md has an order, which would put it before its siblings:\n%s", got)
	}
}

func TestNewUsage(t *testing.T) {
	src := t.TempDir()
	writeSite(t, src, map[string]string{"content/billing.md": "# Billing\n", "content/faq/a.md": "# A\n"})
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"new", "-src", src}, 2},
		{[]string{"new", "-src", src, "a", "b", "c"}, 2},
		{[]string{"new", "-src", src, "../outside", "X"}, 2},
		{[]string{"new", "-src", src, "_snippets/x", "X"}, 2},
		{[]string{"new", "-src", src, "faq/---", "X"}, 2},
		{[]string{"new", "-src", src, "faq/x", " "}, 2},
		{[]string{"new", "-src", t.TempDir(), "faq/x", "X"}, 2},       // not a site
		{[]string{"new", "-src", src, "faq", "X"}, 1},                 // a folder is there
		{[]string{"new", "-section", "-src", src, "billing", "X"}, 1}, // an article has its URL
	} {
		code, _, errOut := runKB(t, c.args...)
		if code != c.code || errOut == "" {
			t.Errorf("%v: exit %d, want %d (%s)", c.args, code, c.code, errOut)
		}
	}
}
