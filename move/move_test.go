package move

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kbhelp/kb/builder"
)

// copyExample copies the example site (site.yaml, content/, static/) to a
// new folder.
func copyExample(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"content", "static"} {
		if err := os.CopyFS(filepath.Join(dir, name), os.DirFS(filepath.Join("..", name))); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile("../site.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The moves here are of a site in one language: kb mv moves the
	// default language's files and refuses a move that would break a
	// translation (translations.go), which the example's would.
	var kept []string
	inLangs := false
	for _, l := range strings.SplitAfter(string(data), "\n") {
		if strings.HasPrefix(l, "languages:") {
			inLangs = true
			continue
		}
		if inLangs && (strings.HasPrefix(l, " ") || strings.HasPrefix(l, "-")) {
			continue
		}
		inLangs = false
		kept = append(kept, l)
	}
	for _, code := range []string{"de", "ar"} {
		if err := os.RemoveAll(filepath.Join(dir, "content", code)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte(strings.Join(kept, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// tree is every file of a folder with a hash of its contents.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = fmt.Sprintf("%x", sha256.Sum256(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameTree(t *testing.T, a, b map[string]string) {
	t.Helper()
	var diffs []string
	for k, v := range a {
		if b[k] != v {
			diffs = append(diffs, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			diffs = append(diffs, k)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Errorf("files changed: %s", strings.Join(diffs, ", "))
	}
}

// build builds dir in memory and fails the test on any error.
func build(t *testing.T, dir string) (*builder.Result, map[string][]byte) {
	t.Helper()
	sink := builder.NewMemSink()
	res, err := builder.New(builder.Options{NoIndex: true}).Build(context.Background(), os.DirFS(dir), sink)
	if err != nil {
		t.Fatalf("build after the move: %v", err)
	}
	return res, sink.Files()
}

// movesClean plans and applies a move in a copy of the example site, and
// checks that -n (planning alone) changes nothing, that the result builds
// with no error and no new warning, and that every old URL redirects to
// the page's new URL, in the site model and in _redirects.
func movesClean(t *testing.T, from, to string) (string, *Plan) {
	t.Helper()
	dir := copyExample(t)
	before, _ := build(t, dir)
	oldURL := map[string]string{} // new content path → old URL
	snapshot := tree(t, dir)
	plan, err := Make(context.Background(), os.DirFS(dir), from, to)
	if err != nil {
		t.Fatalf("Make: %v", err)
	}
	sameTree(t, snapshot, tree(t, dir)) // kb mv -n
	if len(plan.Kept) > 0 {
		t.Errorf("the example site has errors: %v", plan.Kept)
	}
	for _, a := range plan.Aliases {
		oldURL[strings.TrimPrefix(a.File, "content/")] = a.URL
	}
	if err := plan.Apply(dir); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	for _, m := range plan.Moves {
		if _, err := os.Stat(filepath.Join(dir, m.From)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s still exists", m.From)
		}
		if _, err := os.Stat(filepath.Join(dir, m.To)); err != nil {
			t.Errorf("%s: %v", m.To, err)
		}
	}
	after, files := build(t, dir)
	if len(after.Warnings) != len(before.Warnings) {
		t.Errorf("warnings after the move:\n%v\nbefore:\n%v", after.Warnings, before.Warnings)
	}
	redirects := string(files["_redirects"])
	for _, p := range after.Site.Pages {
		if p.Src == nil {
			continue
		}
		u, ok := oldURL[p.Src.Rel]
		if !ok {
			continue
		}
		delete(oldURL, p.Src.Rel)
		found := false
		for _, a := range after.Site.Aliases {
			if "/"+a.From == u && a.To == p {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: old URL %s does not redirect", p.Src.Path, u)
		}
		if line := u + " " + p.URL + " 301\n"; !strings.Contains(redirects, line) {
			t.Errorf("_redirects lacks %q", line)
		}
	}
	for rel, u := range oldURL {
		t.Errorf("%s (old URL %s) is not published after the move", rel, u)
	}
	return dir, plan
}

func TestMoveArticle(t *testing.T) {
	dir, plan := movesClean(t, "billing/payments/card-declined.md", "payments/cards/")
	if len(plan.Aliases) != 1 || plan.Aliases[0].URL != "/billing/payments/card-declined/" {
		t.Errorf("aliases = %v", plan.Aliases)
	}
	yaml, _ := os.ReadFile(filepath.Join(dir, "site.yaml"))
	if !strings.Contains(string(yaml), "  - payments/cards/card-declined.md\n") {
		t.Errorf("site.yaml featured: not rewritten:\n%s", yaml)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "content/billing/payments/refunds.md"))
	if !strings.Contains(string(got), "(../../payments/cards/card-declined.md)") {
		t.Errorf("relative link in refunds.md not rewritten")
	}
	got, _ = os.ReadFile(filepath.Join(dir, "content/billing/plans/change-your-plan.md"))
	if !strings.Contains(string(got), "(/payments/cards/card-declined/#why-was-my-card-declined)") {
		t.Errorf("site URL in change-your-plan.md not rewritten, or its anchor lost")
	}
}

func TestMoveArticleTakesItsImage(t *testing.T) {
	_, plan := movesClean(t, "account/security/two-factor-authentication.md", "security/")
	want := []Move{
		{"content/account/security/two-factor-authentication.md", "content/security/two-factor-authentication.md"},
		{"content/account/security/two-factor-authentication.png", "content/security/two-factor-authentication.png"},
	}
	if fmt.Sprint(plan.Moves) != fmt.Sprint(want) {
		t.Errorf("moves = %v, want %v", plan.Moves, want)
	}
}

func TestMoveFolder(t *testing.T) {
	dir, plan := movesClean(t, "billing/payments", "account/")
	if n := len(plan.Aliases); n != 4 { // _index.md and three articles
		t.Errorf("%d aliases, want 4: %v", n, plan.Aliases)
	}
	if _, err := os.Stat(filepath.Join(dir, "content/billing/payments")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the old folder is still there")
	}
}

func TestMoveFolderRenames(t *testing.T) {
	movesClean(t, "troubleshooting/connection", "troubleshooting/network")
}

// A page moved back where it was drops the alias the first move gave it,
// which would now be its own URL.
func TestMoveBack(t *testing.T) {
	dir, _ := movesClean(t, "billing/payments/refunds.md", "billing/refunds.md")
	plan, err := Make(context.Background(), os.DirFS(dir), "billing/refunds.md", "billing/payments/")
	if err != nil {
		t.Fatal(err)
	}
	if err := plan.Apply(dir); err != nil {
		t.Fatal(err)
	}
	build(t, dir)
	got, _ := os.ReadFile(filepath.Join(dir, "content/billing/payments/refunds.md"))
	if strings.Contains(string(got), "- /billing/payments/refunds/") {
		t.Errorf("alias of its own URL kept:\n%s", got)
	}
	if !strings.Contains(string(got), "- /billing/refunds/") {
		t.Errorf("alias of the URL it had in between missing:\n%s", got)
	}
}

func TestMoveRefuses(t *testing.T) {
	dir := copyExample(t)
	snapshot := tree(t, dir)
	for _, c := range []struct{ from, to, want string }{
		{"billing/payments/nope.md", "x/", "no such file or folder"},
		{"billing/payments/card-declined.md", "billing/payments/refunds.md", "already exists"},
		{"billing", "billing/plans/", "into itself"},
		{"billing/payments/_index.md", "x/", "move the folder"},
		{"_snippets/still-need-help.md", "x/", "private"},
		{"../site.yaml", "x/", "inside content"},
		{"billing/payments/card-declined.md", "billing/payments/", "already there"},
		{"billing/payments/card-declined.md", "billing/card.txt", "ends in .md"},
	} {
		_, err := Make(context.Background(), os.DirFS(dir), c.from, c.to)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("mv %s %s: %v, want an error with %q", c.from, c.to, err, c.want)
		}
	}
	sameTree(t, snapshot, tree(t, dir))
}

// styles is a site whose links to billing/a.md use every form kb reads.
func styles() fstest.MapFS {
	f := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"site.yaml": f("title: T\nbase_url: https://help.example.com/docs/\nfeatured:\n  - \"billing/a.md\"\n"),
		"content/billing/a.md": f("---\ntitle: A\naliases: [/old/a/]\n---\n\n## Part one\n\n" +
			"See [b](../other/b.md) and [the pic](a.png) and [self](a.md#part-one) and [here](#part-one).\n"),
		"content/billing/a.png": f("png"),
		"content/billing/c.md":  f("# C\n\n[dot](./a.md), [url-relative](../a/), [deep](../a)\n"),
		"content/other/b.md": f("---\ntitle: B\nrelated:\n  - 'billing/a.md'\n---\n" +
			"1. [rel](../billing/a.md#part-one)\n" +
			"2. [two](../billing/a.md) [links](../billing/a.md)\n" +
			"3. [site](/billing/a/)\n" +
			"4. [site no slash](/billing/a?x=1#part-one)\n" +
			"5. [base](/docs/billing/a/)\n" +
			"6. [html](/billing/a.html)\n" +
			"7. [content path](/billing/a.md)\n" +
			"8. [full](https://help.example.com/docs/billing/a/#part-one)\n" +
			"9. [angle](<../billing/a.md>)\n" +
			"10. [ref][a-ref] and [Shortcut]\n" +
			"11. ![pic](../billing/a.png \"title\")\n" +
			"12. [alias](/old/a/)\n" +
			"13. <https://help.example.com/docs/billing/a/>\n" +
			"14. [`code]`](../billing/a.md)\n" +
			"16. [extless](../billing/a)\n" +
			"\n[a-ref]: ../billing/a.md \"A\"\n[shortcut]:\n  /billing/a/\n"),
	}
}

func TestMoveKeepsLinkStyles(t *testing.T) {
	plan, err := Make(context.Background(), styles(), "billing/a.md", "guides/setup/")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"content/guides/setup/a.md": "---\ntitle: A\naliases: [/old/a/, /docs/billing/a/]\n---\n\n## Part one\n\n" +
			"See [b](../../other/b.md) and [the pic](../../billing/a.png) and [self](a.md#part-one) and [here](#part-one).\n",
		"content/billing/c.md": "# C\n\n[dot](../guides/setup/a.md), [url-relative](/docs/guides/setup/a/), [deep](/docs/guides/setup/a)\n",
		"content/other/b.md": "---\ntitle: B\nrelated:\n  - 'guides/setup/a.md'\n---\n" +
			"1. [rel](../guides/setup/a.md#part-one)\n" +
			"2. [two](../guides/setup/a.md) [links](../guides/setup/a.md)\n" +
			"3. [site](/guides/setup/a/)\n" +
			"4. [site no slash](/guides/setup/a?x=1#part-one)\n" +
			"5. [base](/docs/guides/setup/a/)\n" +
			"6. [html](/guides/setup/a.html)\n" +
			"7. [content path](/guides/setup/a.md)\n" +
			"8. [full](https://help.example.com/docs/guides/setup/a/#part-one)\n" +
			"9. [angle](<../guides/setup/a.md>)\n" +
			"10. [ref][a-ref] and [Shortcut]\n" +
			"11. ![pic](../billing/a.png \"title\")\n" +
			"12. [alias](/old/a/)\n" +
			"13. <https://help.example.com/docs/guides/setup/a/>\n" +
			"14. [`code]`](../guides/setup/a.md)\n" +
			"16. [extless](../guides/setup/a)\n" +
			"\n[a-ref]: ../guides/setup/a.md \"A\"\n[shortcut]:\n  /guides/setup/a/\n",
		"site.yaml": "title: T\nbase_url: https://help.example.com/docs/\nfeatured:\n  - \"guides/setup/a.md\"\n",
	}
	for name, w := range want {
		if got := string(plan.writes[name]); got != w {
			t.Errorf("%s:\n%s\nwant:\n%s", name, got, w)
		}
	}
	if len(plan.writes) != len(want) {
		t.Errorf("writes %d files, want %d", len(plan.writes), len(want))
	}
	if len(plan.renames) != 0 { // a.png stays: b.md links to it too
		t.Errorf("renames = %v", plan.renames)
	}
}

// A relative link in a snippet is read from the folder of each article
// that includes it; when a move makes those folders disagree, the link
// becomes a site URL, which reads the same from everywhere.
func TestMoveSnippetLinkBecomesSiteURL(t *testing.T) {
	f := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys := fstest.MapFS{
		"content/_snippets/help.md": f("Ask [support](../support.md).\n"),
		"content/support.md":        f("# Support\n"),
		"content/a/one.md":          f("# One\n\n{!help.md!}\n"),
		"content/b/two.md":          f("# Two\n\n{!help.md!}\n"),
	}
	plan, err := Make(context.Background(), fsys, "a/one.md", "a/deeper/")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(plan.writes["content/_snippets/help.md"]), "Ask [support](/support/).\n"; got != want {
		t.Errorf("snippet = %q, want %q", got, want)
	}
	// the new first line: a file without front matter gets one
	if got := string(plan.writes["content/a/deeper/one.md"]); !strings.HasPrefix(got, "---\naliases:\n  - /a/one/\n---\n# One\n") {
		t.Errorf("one.md = %q", got)
	}
}

func TestMoveKeepsCRLF(t *testing.T) {
	f := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys := fstest.MapFS{
		"content/a.md": f("---\r\ntitle: A\r\naliases:\r\n  - /x/\r\n\r\n---\r\nSee [b](b.md).\r\n"),
		"content/b.md": f("# B\n"),
	}
	plan, err := Make(context.Background(), fsys, "b.md", "sub/")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(plan.writes["content/a.md"]), "---\r\ntitle: A\r\naliases:\r\n  - /x/\r\n\r\n---\r\nSee [b](sub/b.md).\r\n"; got != want {
		t.Errorf("a.md = %q, want %q", got, want)
	}
	plan, err = Make(context.Background(), fsys, "a.md", "sub/")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(plan.writes["content/sub/a.md"]), "---\r\ntitle: A\r\naliases:\r\n  - /x/\r\n  - /a/\r\n\r\n---\r\nSee [b](../b.md).\r\n"; got != want {
		t.Errorf("sub/a.md = %q, want %q", got, want)
	}
}

func TestApplyRefusesChangedFiles(t *testing.T) {
	dir := copyExample(t)
	plan, err := Make(context.Background(), os.DirFS(dir), "billing/payments/card-declined.md", "payments/")
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, "content/billing/payments/refunds.md")
	if err := os.WriteFile(name, []byte("---\ntitle: Changed\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	snapshot := tree(t, dir)
	if err := plan.Apply(dir); err == nil || !strings.Contains(err.Error(), "changed since") {
		t.Errorf("Apply = %v, want a changed-since error", err)
	}
	sameTree(t, snapshot, tree(t, dir))
}

// Apply puts everything back when a step fails half way.
func TestApplyRollsBack(t *testing.T) {
	dir := copyExample(t)
	plan, err := Make(context.Background(), os.DirFS(dir), "billing/payments", "account/")
	if err != nil {
		t.Fatal(err)
	}
	snapshot := tree(t, dir)
	for _, n := range []int{1, 3, len(plan.writes) + len(plan.renames)} {
		calls := 0
		plan.failAt = func(name string) error {
			if calls++; calls == n {
				return fmt.Errorf("disk full at %s", name)
			}
			return nil
		}
		if err := plan.Apply(dir); err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Fatalf("Apply = %v, want the injected error", err)
		}
		sameTree(t, snapshot, tree(t, dir))
	}
	plan.failAt = nil
	if err := plan.Apply(dir); err != nil {
		t.Fatal(err)
	}
}

func TestRelPath(t *testing.T) {
	for _, c := range []struct{ from, to, want string }{
		{"", "a.md", "a.md"},
		{"a", "a/b.md", "b.md"},
		{"a/b", "c/d.md", "../../c/d.md"},
		{"a/b", "a", "../"},
		{"a", "a", "./"},
		{"a/b", "a/c/d.md", "../c/d.md"},
	} {
		if got := relPath(c.from, c.to); got != c.want {
			t.Errorf("relPath(%q, %q) = %q, want %q", c.from, c.to, got, c.want)
		}
	}
}

// A folder without _index.md has nowhere to keep an alias: the plan says
// its old URL will not redirect. Errors the site already had are kept,
// not blamed on the move.
func TestMoveNotesAndKeptErrors(t *testing.T) {
	f := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys := fstest.MapFS{
		"content/a/b/c.md": f("# C\n\n[gone](../../gone.md) and [d](../../d.md)\n"),
		"content/d.md":     f("# D\n\n[c](a/b/c.md) and [gone](nope.md)\n"),
	}
	plan, err := Make(context.Background(), fsys, "a", "z")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"content/z has no _index.md, so its old URL /a/ will not redirect (add an _index.md with aliases: to keep it)",
		"content/z/b has no _index.md, so its old URL /a/b/ will not redirect (add an _index.md with aliases: to keep it)",
	}
	if fmt.Sprint(plan.Notes) != fmt.Sprint(want) {
		t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(plan.Notes, "\n"), strings.Join(want, "\n"))
	}
	if len(plan.Kept) != 2 {
		t.Errorf("kept errors: %v", plan.Kept)
	}
	if got, want := string(plan.writes["content/z/b/c.md"]), "---\naliases:\n  - /a/b/c/\n---\n# C\n\n[gone](../../gone.md) and [d](../../d.md)\n"; got != want {
		t.Errorf("c.md = %q, want %q", got, want)
	}
	if got, want := string(plan.writes["content/d.md"]), "# D\n\n[c](z/b/c.md) and [gone](nope.md)\n"; got != want {
		t.Errorf("d.md = %q, want %q", got, want)
	}
}
