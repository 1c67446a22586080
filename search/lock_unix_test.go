//go:build unix

package search

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A process holding bolt's write lock (a build still writing, another
// tool) makes Open fail with ErrLocked after the lock timeout, never hang.
func TestOpenLockedIndex(t *testing.T) {
	dir := buildTemp(t, testDocs[:3])
	f, err := os.OpenFile(filepath.Join(dir, "store", "root.bolt"), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	ix, err := Open(dir)
	if ix != nil {
		ix.Close()
	}
	if !errors.Is(err, ErrLocked) {
		t.Errorf("Open: %v, want ErrLocked", err)
	}
	if d := time.Since(start); d > lockTimeout+time.Second {
		t.Errorf("Open took %v", d)
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	ix, err = Open(dir)
	if err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	ix.Close()
}
