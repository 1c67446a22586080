package builder

import (
	"context"
	"io/fs"
	"path/filepath"
	"syscall"
	"testing"
)

// TestBuildDirFollowsUmask: the output folder, every folder in it and
// every file it holds get the modes of the umask (0755 and 0644 under
// the usual 022), so a web server running as another user can read the
// site. os.MkdirTemp makes 0700 folders, which gave nginx a 403 on the
// whole site.
//
// It changes the process's umask, so it must not run in parallel.
func TestBuildDirFollowsUmask(t *testing.T) {
	for _, tt := range []struct {
		umask          int
		dirMode, fMode fs.FileMode
	}{
		{0o022, 0o755, 0o644},
		{0o027, 0o750, 0o640},
	} {
		t.Run(fs.FileMode(tt.umask).String(), func(t *testing.T) {
			site := t.TempDir()
			writeSite(t, site, keepSite)
			out := filepath.Join(t.TempDir(), "public")
			old := syscall.Umask(tt.umask)
			_, err := New(Options{}).BuildDir(context.Background(), site, out)
			syscall.Umask(old)
			if err != nil {
				t.Fatal(err)
			}
			bad := 0
			err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				info, err := d.Info()
				if err != nil {
					return err
				}
				want := tt.fMode
				if d.IsDir() {
					want = tt.dirMode
				}
				if got := info.Mode().Perm(); got != want && bad < 10 {
					rel, _ := filepath.Rel(out, p)
					t.Errorf("%s: mode %v, want %v", filepath.ToSlash(rel), got, want)
					bad++
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
