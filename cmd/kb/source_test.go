package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRefusesFolderWithoutSite: kb build, serve and check in a folder
// with no site.yaml and no content/ exit 2, saying which folder they
// looked in and how to start a site, and write nothing (kb build used
// to "succeed" with an empty site).
func TestRefusesFolderWithoutSite(t *testing.T) {
	empty := t.TempDir()
	file := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "no-such-folder")
	for _, tt := range []struct {
		name string
		args []string
		want []string // in standard error
	}{
		{"build", []string{"build", "-src", empty}, []string{"kb build: " + empty + " is not a site folder", "no site.yaml and no content/", "kb init " + empty}},
		{"serve", []string{"serve", "-src", empty, "-addr", "127.0.0.1:0"}, []string{"kb serve: " + empty + " is not a site folder", "kb init " + empty}},
		{"check", []string{"check", "-src", empty}, []string{"kb check: " + empty + " is not a site folder", "kb init " + empty}},
		{"check -stale", []string{"check", "-stale", "-src", empty}, []string{"kb check: " + empty + " is not a site folder"}},
		{"build of a missing folder", []string{"build", "-src", missing}, []string{"kb build: there is no folder " + missing}},
		{"serve of a file", []string{"serve", "-src", file, "-addr", "127.0.0.1:0"}, []string{"kb serve: " + file + " is a file, not a site folder"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runKB(t, tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2\n%s%s", code, stdout, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("standard error has no %q:\n%s", w, stderr)
				}
			}
			if ents, _ := os.ReadDir(empty); len(ents) > 0 {
				t.Errorf("wrote into the folder: %v", ents)
			}
		})
	}

	// With no -src, the message names the current folder in full.
	t.Run("current folder", func(t *testing.T) {
		t.Chdir(empty)
		code, _, stderr := runKB(t, "build")
		if code != 2 || !strings.Contains(stderr, empty+" is not a site folder") || !strings.Contains(stderr, "kb init .") {
			t.Errorf("kb build in an empty folder: exit %d\n%s", code, stderr)
		}
		if _, err := os.Stat(filepath.Join(empty, "public")); err == nil {
			t.Error("kb build wrote public/ in an empty folder")
		}
	})
}
