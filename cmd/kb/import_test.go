package main

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const importFixture = "../../importer/testdata/import/mkdocs/src"

// TestImportExitCodes: usage errors exit 2, a finished import 0; SRC is
// never changed and a non-empty DEST is refused.
func TestImportExitCodes(t *testing.T) {
	before := treeSum(t, importFixture)
	dir := t.TempDir()
	busy := filepath.Join(dir, "busy")
	if err := os.MkdirAll(busy, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(busy, "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"import", importFixture, dir + "/a"}, 2, "-from must be one of"},
		{[]string{"import", "-from", "sphinx", importFixture, dir + "/a"}, 2, "-from must be one of"},
		{[]string{"import", "-from", "mkdocs", importFixture}, 2, "usage: kb import"},
		{[]string{"import", "-from", "mkdocs", importFixture, busy}, 2, "exists and is not empty"},
		{[]string{"import", "-from", "mkdocs", dir + "/nope", dir + "/a"}, 2, "is not a folder"},
		{[]string{"import", "-from", "mkdocs", "-n", importFixture, dir + "/dry"}, 0, "nothing written (-n)"},
		{[]string{"import", "-from", "mkdocs", importFixture, dir + "/new"}, 0, "kb import: wrote"},
	} {
		code, out, errOut := runKB(t, tc.args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("kb %s: exit %d, want %d with %q:\n%s%s", strings.Join(tc.args, " "), code, tc.code, tc.want, out, errOut)
		}
	}
	if _, err := os.Stat(dir + "/dry"); err == nil {
		t.Error("-n wrote DEST")
	}
	if _, err := os.Stat(dir + "/new/content/getting-started/install.md"); err != nil {
		t.Error(err)
	}
	if code, out, errOut := runKB(t, "check", "-src", dir+"/new"); code != 0 {
		t.Errorf("kb check of the imported site: exit %d\n%s%s", code, out, errOut)
	}
	if after := treeSum(t, importFixture); after != before {
		t.Errorf("SRC changed:\n%s\nwas\n%s", after, before)
	}
}

// treeSum lists every file below dir with its size and bytes' hash.
func treeSum(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		fmt.Fprintf(&b, "%s %x\n", p, sha256.Sum256(data))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
