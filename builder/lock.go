package builder

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// buildLock is an OS file lock beside the output folder, held for the
// whole of a build, so two builds into one folder never interleave. The
// kernel releases it when the process dies, so a killed build leaves no
// stale lock behind.
type buildLock struct{ f *os.File }

// lockOutput takes the lock for outDir, waiting up to wait for another
// build to finish.
func lockOutput(path string, wait time.Duration) (*buildLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	deadline := time.Now().Add(wait)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if err != syscall.EWOULDBLOCK || time.Now().After(deadline) {
			holder, _ := os.ReadFile(path)
			f.Close()
			if pid := strings.TrimSpace(string(holder)); pid != "" {
				return nil, fmt.Errorf("another build (pid %s) is writing this output folder; try again when it is done", pid)
			}
			return nil, fmt.Errorf("another build is writing this output folder; try again when it is done")
		}
		time.Sleep(50 * time.Millisecond)
	}
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return &buildLock{f: f}, nil
}

func (l *buildLock) release() {
	_ = l.f.Truncate(0)
	_ = syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	l.f.Close()
}
