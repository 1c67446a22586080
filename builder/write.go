package builder

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// markerFile is written into every output folder kb makes. kb replaces
// an existing output folder only when it carries this marker, so a
// mistyped -out never wipes someone's files.
const markerFile = ".kb-output"

// dirSink writes outputs under one folder, creating folders as needed.
// It is safe for concurrent use.
//
// Outputs are written by path (dir joined with the output's path) after
// a filepath.IsLocal check, not through an *os.Root: os.Root opens every
// folder of a path on each write, three system calls per file more, and
// the folder is one kb has just created for itself (a symbolic link can
// only appear in it if someone else writes there during the build).
type dirSink struct {
	dir  string // the folder outputs go to
	mu   sync.Mutex
	dirs map[string]bool
}

// Dir is the folder outputs go to: the search index is written there
// directly (see search_docs.go).
func (d *dirSink) Dir() string { return d.dir }

// Link makes p a hard link to the output existing: the two paths of a
// markdown twin are one file on disk, written once.
func (d *dirSink) Link(existing, p string) error {
	if !filepath.IsLocal(filepath.FromSlash(p)) || !filepath.IsLocal(filepath.FromSlash(existing)) {
		return fmt.Errorf("refusing to link %q outside the output folder", p)
	}
	if err := d.mkdirFor(p); err != nil {
		return err
	}
	if err := os.Link(filepath.Join(d.dir, filepath.FromSlash(existing)), filepath.Join(d.dir, filepath.FromSlash(p))); err != nil {
		if le, ok := err.(*os.LinkError); ok {
			err = le.Err // without the machine's paths
		}
		return fmt.Errorf("write %s: %s", p, cleanErr(err))
	}
	return nil
}

// mkdirFor makes the folder of output p, once.
func (d *dirSink) mkdirFor(p string) error {
	dir := filepath.Dir(filepath.FromSlash(p))
	if dir == "." {
		return nil
	}
	if err := d.mkdir(dir); err != nil {
		return fmt.Errorf("write %s: %s", p, cleanErr(err))
	}
	return nil
}

// mkdir makes folder dir of the output and its parents, each once: one
// mkdir call per folder, where os.MkdirAll would stat it first.
func (d *dirSink) mkdir(dir string) error {
	d.mu.Lock()
	ok := d.dirs[dir]
	d.mu.Unlock()
	if ok {
		return nil
	}
	full := filepath.Join(d.dir, dir)
	err := os.Mkdir(full, 0o755)
	if errors.Is(err, fs.ErrNotExist) {
		if parent := filepath.Dir(dir); parent != "." {
			if err := d.mkdir(parent); err != nil {
				return err
			}
		}
		err = os.Mkdir(full, 0o755)
	}
	if err != nil && !errors.Is(err, fs.ErrExist) { // another goroutine may have made it
		return err
	}
	d.mu.Lock()
	d.dirs[dir] = true
	d.mu.Unlock()
	return nil
}

func (d *dirSink) Put(p string, data []byte) error {
	if !filepath.IsLocal(filepath.FromSlash(p)) {
		return fmt.Errorf("refusing to write %q outside the output folder", p)
	}
	if err := d.mkdirFor(p); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(d.dir, filepath.FromSlash(p)), data); err != nil {
		return fmt.Errorf("write %s: %s", p, cleanErr(err))
	}
	return nil
}

// BuildDir builds into a fresh temporary folder beside outDir and, only
// when the build succeeded, swaps it in place of outDir. A failed build
// leaves outDir exactly as it was and removes the temporary folder.
func (b *Builder) BuildDir(ctx context.Context, siteDir, outDir string) (*Result, error) {
	outDir = filepath.Clean(outDir)
	if err := checkOutDir(siteDir, outDir); err != nil {
		return nil, err
	}
	parent := filepath.Dir(outDir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("create %s: %w", parent, err)
	}
	base := filepath.Base(outDir)
	lock, err := lockOutput(filepath.Join(parent, "."+base+".lock"), 10*time.Second)
	if err != nil {
		return nil, err
	}
	defer lock.release()
	removeStale(parent, base)
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("create a temporary folder beside %s: %w", outDir, err)
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.WriteFile(filepath.Join(tmp, markerFile), []byte("This folder is written by kb build. kb replaces it on every build.\n"), 0o644); err != nil {
		return nil, err
	}
	b.lean = true
	res, err := b.Build(ctx, os.DirFS(siteDir), &dirSink{dir: tmp, dirs: map[string]bool{}})
	b.lean = false
	if err != nil {
		return nil, err
	}
	if err := swapDir(tmp, outDir); err != nil {
		return nil, err
	}
	ok = true
	return res, nil
}

// checkOutDir refuses output folders that would destroy something: the
// site folder itself or a folder above it, or a non-empty folder that kb
// did not write.
func checkOutDir(siteDir, outDir string) error {
	absOut, err := filepath.Abs(outDir)
	if err != nil {
		return err
	}
	absSite, err := filepath.Abs(siteDir)
	if err != nil {
		return err
	}
	if rel, err := filepath.Rel(absOut, absSite); err == nil && (rel == "." || filepath.IsLocal(rel)) {
		return fmt.Errorf("output folder %s contains the site folder; choose another -out", outDir)
	}
	if rel, err := filepath.Rel(absSite, absOut); err == nil && filepath.IsLocal(rel) {
		top := strings.Split(filepath.ToSlash(rel), "/")[0]
		if top == "content" || top == "layouts" || top == "static" {
			return fmt.Errorf("output folder %s is inside %s/; kb never writes there", outDir, top)
		}
	}
	ents, err := os.ReadDir(outDir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("output folder %s: %w", outDir, err)
	}
	if len(ents) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(outDir, markerFile)); err != nil {
		return fmt.Errorf("output folder %s is not empty and was not written by kb (no %s); remove it or choose another -out", outDir, markerFile)
	}
	return nil
}

// swapDir puts tmp in place of out: out moves aside, tmp takes its name,
// and the old folder is removed. Between the two renames out does not
// exist for a moment; it never holds a mix of two builds.
func swapDir(tmp, out string) error {
	old := ""
	if _, err := os.Stat(out); err == nil {
		old = filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".old-"+randHex())
		if err := os.Rename(out, old); err != nil {
			return fmt.Errorf("move the previous output aside: %w", err)
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			_ = os.Rename(old, out)
		}
		return fmt.Errorf("move the new output in place: %w", err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// removeStale removes temporary and old folders left by a build that was
// killed before it could clean up.
func removeStale(parent, base string) {
	ents, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range ents {
		n := e.Name()
		if e.IsDir() && (strings.HasPrefix(n, "."+base+".tmp-") || strings.HasPrefix(n, "."+base+".old-")) {
			if _, err := os.Stat(filepath.Join(parent, n, markerFile)); err == nil {
				os.RemoveAll(filepath.Join(parent, n))
			}
		}
	}
}

func randHex() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// writeFile creates (or truncates) file name and writes data to it with
// three system calls: open, write and close. os.WriteFile makes five more
// on Linux for each file, to register it with the runtime's poller: two
// pairs of fcntl calls that set and clear O_NONBLOCK, and an epoll_ctl
// that regular files always refuse. A build writes tens of thousands of
// files, so they added up to a third of its system calls.
func writeFile(name string, data []byte) error {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err == nil && n == 0 {
			err = syscall.EIO // no progress: never loop forever
		}
		if err != nil {
			syscall.Close(fd)
			return &fs.PathError{Op: "write", Path: name, Err: err}
		}
		data = data[n:]
	}
	// EINTR from close is not retried: on Linux the descriptor is
	// already released by then.
	if err := syscall.Close(fd); err != nil && err != syscall.EINTR {
		return &fs.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}
