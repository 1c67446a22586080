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
	err := os.Mkdir(full, 0o777) // less the umask, as for every folder of the output
	if errors.Is(err, fs.ErrNotExist) {
		if parent := filepath.Dir(dir); parent != "." {
			if err := d.mkdir(parent); err != nil {
				return err
			}
		}
		err = os.Mkdir(full, 0o777)
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
	tmp, err := mkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("create a temporary folder beside %s: %w", outDir, err)
	}
	ok := false
	defer func() {
		if !ok {
			removeOutput(tmp)
		}
	}()
	// The marker first: from here on removeStale knows the folder as
	// kb's, whenever this build is killed.
	if err := writeFile(filepath.Join(tmp, markerFile), []byte("This folder is written by kb build. kb replaces it on every build.\n")); err != nil {
		return nil, err
	}
	b.lean = true
	res, err := b.Build(ctx, os.DirFS(siteDir), &dirSink{dir: tmp, dirs: map[string]bool{}})
	b.lean = false
	if err != nil {
		return nil, err
	}
	if err := umaskModes(filepath.Join(tmp, SearchDir), tmp); err != nil {
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

// swapDir puts tmp in place of out and removes the previous output.
// Where the system can exchange two paths in one step (Linux's
// renameat2), out always holds one complete build, even if kb is killed
// in between; elsewhere out moves aside, tmp takes its name, and out is
// missing for a moment between the two renames. Either way it never
// holds a mix of two builds.
func swapDir(tmp, out string) error {
	if _, err := os.Lstat(out); err != nil {
		if err := os.Rename(tmp, out); err != nil {
			return fmt.Errorf("move the new output in place: %w", err)
		}
		return nil
	}
	if err := exchange(tmp, out); err == nil {
		return removeOutput(tmp) // tmp's name now holds the previous output
	}
	old := filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".old-"+randHex())
	if err := os.Rename(out, old); err != nil {
		return fmt.Errorf("move the previous output aside: %w", err)
	}
	if err := os.Rename(tmp, out); err != nil {
		_ = os.Rename(old, out)
		return fmt.Errorf("move the new output in place: %w", err)
	}
	return removeOutput(old)
}

// removeOutput removes a folder kb wrote, its marker last. A removal
// cut short (kb killed, the disk failing) leaves either a folder that
// still has its marker or an empty one, and removeStale removes both.
// os.RemoveAll would remove the marker whenever it came in the folder's
// order, leaving a folder of files that no later build dared remove.
func removeOutput(dir string) error {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range ents {
		if e.Name() != markerFile {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	if err := os.Remove(filepath.Join(dir, markerFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return os.Remove(dir)
}

// removeStale removes the temporary and old folders left by a build that
// was killed before it could clean up. A folder is kb's when it has a
// temporary or old folder's name and either carries the marker or is
// empty (a build killed right after making it, or at the end of
// removeOutput); a folder of that name holding files but no marker is
// someone else's and stays.
func removeStale(parent, base string) {
	ents, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range ents {
		n := e.Name()
		if e.IsDir() && staleName(n, base) {
			dir := filepath.Join(parent, n)
			if _, err := os.Stat(filepath.Join(dir, markerFile)); err == nil {
				_ = removeOutput(dir)
			} else {
				_ = os.Remove(dir) // only when empty
			}
		}
	}
}

// staleName reports whether n is the name of a temporary or old folder
// of the output folder named base.
func staleName(n, base string) bool {
	return strings.HasPrefix(n, "."+base+".tmp-") || strings.HasPrefix(n, "."+base+".old-")
}

// mkdirTemp makes a new folder in parent named prefix and a random
// suffix, as os.MkdirTemp does but with the umask's mode (0755 under the
// usual 022) instead of 0700: the folder becomes the output, and a web
// server running as another user must be able to read it.
func mkdirTemp(parent, prefix string) (string, error) {
	for range 100 {
		dir := filepath.Join(parent, prefix+randHex())
		err := os.Mkdir(dir, 0o777)
		if err == nil {
			return dir, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
	return "", fmt.Errorf("mkdir %s*: too many folders of that name", filepath.Join(parent, prefix))
}

// umaskModes gives the folders and files under dir the modes that the
// umask gives new ones, as read off ref (a folder made with 0777): the
// search index's library makes its folders 0700 and its files 0600.
func umaskModes(dir, ref string) error {
	info, err := os.Stat(ref)
	if err != nil {
		return err
	}
	dirMode := info.Mode().Perm()
	fileMode := dirMode &^ 0o111
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		want := fileMode
		if d.IsDir() {
			want = dirMode
		} else if !d.Type().IsRegular() {
			return nil
		}
		if i, err := d.Info(); err == nil && i.Mode().Perm() == want {
			return nil
		}
		return os.Chmod(p, want)
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil // no index
	}
	return err
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
		// 0666 less the umask (0644 under the usual 022), as os.Create.
		fd, err = syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o666)
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
