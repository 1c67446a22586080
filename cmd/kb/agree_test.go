package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckAgreesWithBuild: kb check and kb build give one verdict on
// the same broken link: both fail by default, both pass with a warning
// under links: warn (site.yaml or -links warn). kb check used to exit 1
// where the build exited 0. check.rules may still make it an error for
// kb check alone.
func TestCheckAgreesWithBuild(t *testing.T) {
	article := "---\ntitle: Refunds\ndescription: How refunds work.\n---\nSee [the old page](nope.md).\n"
	for _, tt := range []struct {
		name      string
		siteYAML  string
		flags     []string
		build     int // exit codes
		check     int
		checkWarn bool // kb check reports the link as a warning
	}{
		{"default", "title: T\n", nil, 1, 1, false},
		{"links: warn", "title: T\nlinks: warn\n", nil, 0, 0, true},
		{"-links warn", "title: T\n", []string{"-links", "warn"}, 0, 0, true},
		{"-links error over links: warn", "title: T\nlinks: warn\n", []string{"-links", "error"}, 1, 1, false},
		{"check.rules makes it an error for check", "title: T\nlinks: warn\ncheck:\n  rules:\n    link/broken: error\n", nil, 0, 1, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := t.TempDir()
			for name, data := range map[string]string{"site.yaml": tt.siteYAML, "content/billing/refunds.md": article} {
				p := filepath.Join(site, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(t.TempDir(), "public")
			code, stdout, stderr := runKB(t, append([]string{"build", "-src", site, "-out", out}, tt.flags...)...)
			if code != tt.build {
				t.Errorf("kb build: exit %d, want %d\n%s%s", code, tt.build, stdout, stderr)
			}
			code, stdout, stderr = runKB(t, append([]string{"check", "-src", site}, tt.flags...)...)
			if code != tt.check {
				t.Errorf("kb check: exit %d, want %d\n%s%s", code, tt.check, stdout, stderr)
			}
			want := "link/broken: broken link"
			if tt.checkWarn {
				want = "link/broken: warning: broken link"
			}
			if !strings.Contains(stdout, want) {
				t.Errorf("kb check does not report %q:\n%s", want, stdout)
			}
		})
	}
}
