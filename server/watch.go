package server

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// WatchOptions configure Watch. Zero fields take the defaults.
type WatchOptions struct {
	// Debounce is the quiet time that ends a batch: 15 ms. Editors save
	// in bursts of events a few milliseconds apart (write a temporary
	// file, rename it over the old one); a longer wait would only delay
	// every reload.
	Debounce time.Duration
	// MaxWait sends a batch at the latest this long after its first
	// event, even while events keep coming: 2 s.
	MaxWait time.Duration
	// Poll, when set, looks for changes at this interval instead of
	// using file events (for network and FUSE file systems). It is also
	// the interval used when the inotify limit is reached: 1 s.
	Poll time.Duration
	// Log receives the watcher's messages.
	Log io.Writer
}

// Watch watches the site folder root and sends batches of changes on the
// returned channel until ctx is done; it then closes the channel.
//
// Every folder below root is watched except hidden ones, output folders
// (those holding kb's .kb-output marker) and node_modules; fsnotify is
// not recursive, so folders created later are added as they appear, and
// the files already inside them are reported. At the top of root only
// site.yaml and folders count. Editor temporary and backup files (.swp,
// ~, .#*, 4913, ___jb_tmp___ …) and chmod-only events are ignored. Events
// are debounced into batches. A lost-events error (queue overflow) or any
// other watch error triggers a rescan of the tree and a batch with Rescan
// set. When the inotify limits are reached, Watch says how to raise them
// and polls instead.
func Watch(ctx context.Context, root string, opt WatchOptions) (<-chan Batch, error) {
	w, err := newWatcher(root, opt)
	if err != nil {
		return nil, err
	}
	if opt.Poll > 0 {
		w.startPolling()
	} else if n, err := fsnotify.NewWatcher(); err != nil {
		if !isLimit(err) {
			return nil, err
		}
		w.limitReached(err)
	} else {
		w.n = fsnotifyNotifier{n}
		w.addTree(w.root, false)
		if w.limitHit {
			w.limitReached(w.limitErr)
		}
	}
	out := make(chan Batch)
	go w.run(ctx, out)
	return out, nil
}

// notifier is the part of fsnotify.Watcher the watcher uses; tests
// replace it with channels of fake events.
type notifier interface {
	Add(name string) error
	Remove(name string) error
	Close() error
	Events() <-chan fsnotify.Event
	Errors() <-chan error
}

type fsnotifyNotifier struct{ *fsnotify.Watcher }

func (n fsnotifyNotifier) Events() <-chan fsnotify.Event { return n.Watcher.Events }
func (n fsnotifyNotifier) Errors() <-chan error          { return n.Watcher.Errors }

// watcher is owned by the goroutine running run.
type watcher struct {
	root  string // absolute and clean
	opt   WatchOptions
	log   *logger
	n     notifier // nil while polling
	after func(time.Duration) <-chan time.Time
	now   func() time.Time

	dirs    map[string]bool // watched folders, absolute
	pending map[string]bool // changed paths, slash-separated, relative to root
	rescan  bool
	first   time.Time // of the batch being collected

	polling   bool
	pollState map[string]stamp
	limitHit  bool
	limitErr  error
}

type stamp struct {
	size int64
	mod  time.Time
	mode fs.FileMode
}

func newWatcher(root string, opt WatchOptions) (*watcher, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if opt.Debounce <= 0 {
		opt.Debounce = 15 * time.Millisecond
	}
	if opt.MaxWait <= 0 {
		opt.MaxWait = 2 * time.Second
	}
	return &watcher{root: filepath.Clean(abs), opt: opt, log: newLogger(opt.Log), after: time.After, now: time.Now,
		dirs: map[string]bool{}, pending: map[string]bool{}}, nil
}

func (w *watcher) run(ctx context.Context, out chan<- Batch) {
	defer close(out)
	defer func() {
		if w.n != nil {
			w.n.Close()
		}
	}()
	var (
		timer   <-chan time.Time
		send    chan<- Batch
		ready   Batch
		ticker  *time.Ticker
		pollC   <-chan time.Time
		haveOne bool
	)
	defer func() {
		if ticker != nil {
			ticker.Stop()
		}
	}()
	if w.rescan || len(w.pending) > 0 { // polling fallback at start
		timer = w.arm()
	}
	for {
		if w.polling && ticker == nil {
			ticker = time.NewTicker(w.pollInterval())
			pollC = ticker.C
		}
		var events <-chan fsnotify.Event
		var errs <-chan error
		if w.n != nil {
			events, errs = w.n.Events(), w.n.Errors()
		}
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-events:
			if !ok {
				w.n = nil
				continue
			}
			if w.handle(ev) {
				timer = w.arm()
			}
		case err, ok := <-errs:
			if !ok {
				w.n = nil
				continue
			}
			w.onError(err)
			timer = w.arm()
		case <-pollC:
			if w.pollOnce() {
				timer = w.arm()
			}
		case <-timer:
			timer = nil
			b := w.take()
			if haveOne {
				ready = ready.merge(b)
			} else {
				ready, haveOne = b, true
			}
			send = out
		case send <- ready:
			send, ready, haveOne = nil, Batch{}, false
		}
		if w.limitHit && !w.polling {
			w.limitReached(w.limitErr)
			timer = w.arm()
		}
	}
}

// arm starts (or restarts) the quiet-time timer of the current batch.
func (w *watcher) arm() <-chan time.Time {
	now := w.now()
	if w.first.IsZero() {
		w.first = now
	}
	if now.Sub(w.first) >= w.opt.MaxWait {
		return w.after(0)
	}
	return w.after(w.opt.Debounce)
}

// take returns the batch collected so far and starts a new one.
func (w *watcher) take() Batch {
	b := Batch{Rescan: w.rescan}
	for p := range w.pending {
		b.Paths = append(b.Paths, p)
	}
	sort.Strings(b.Paths)
	w.pending, w.rescan, w.first = map[string]bool{}, false, time.Time{}
	return b
}

// rel returns name relative to root, slash-separated.
func (w *watcher) rel(name string) (string, bool) {
	r, err := filepath.Rel(w.root, filepath.Clean(name))
	if err != nil || !filepath.IsLocal(r) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

// handle takes one event and reports whether it changed the batch.
func (w *watcher) handle(ev fsnotify.Event) bool {
	rel, ok := w.rel(ev.Name)
	if !ok || ev.Op&^fsnotify.Chmod == 0 || skipPath(rel) {
		return false
	}
	if !w.dirs[filepath.Dir(filepath.Clean(ev.Name))] {
		return false // from a folder not watched (an output folder), or no longer watched
	}
	dir := false
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			if isOutputDir(ev.Name) {
				return false
			}
			dir = true
			w.addTree(ev.Name, true)
		}
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		if w.forget(ev.Name) {
			dir = true
		}
	}
	if !strings.Contains(rel, "/") && rel != "site.yaml" && !dir {
		return false // other files at the top: README.md, kb's own files
	}
	w.pending[rel] = true
	return true
}

// addTree watches dir and the folders below it. With report set (a
// folder that just appeared) the files already in it are added to the
// batch: they may have been written before the watch was in place.
func (w *watcher) addTree(dir string, report bool) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // gone already, or unreadable: nothing to watch
		}
		if p != dir && skipName(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			if report {
				if rel, ok := w.rel(p); ok && strings.Contains(rel, "/") {
					w.pending[rel] = true
				}
			}
			return nil
		}
		if p != w.root && isOutputDir(p) {
			return filepath.SkipDir
		}
		if w.dirs[p] || w.n == nil {
			return nil
		}
		if err := w.n.Add(p); err != nil {
			if isLimit(err) {
				w.limitHit, w.limitErr = true, err
				return filepath.SkipAll
			}
			w.log.printf("kb: watch %s: %v\n", p, err)
			return nil
		}
		w.dirs[p] = true
		return nil
	})
}

// forget stops watching name and the folders below it, and reports
// whether name was a watched folder. On Linux a renamed folder keeps its
// watch under the old name, so a rename is handled as a removal here and
// a creation (of the new name) by handle.
func (w *watcher) forget(name string) bool {
	name = filepath.Clean(name)
	was := false
	for d := range w.dirs {
		if d == name || strings.HasPrefix(d, name+string(filepath.Separator)) {
			was = true
			if w.n != nil {
				_ = w.n.Remove(d)
			}
			delete(w.dirs, d)
		}
	}
	return was
}

// onError handles an error from the notifier: events may have been
// lost, so look at everything again.
func (w *watcher) onError(err error) {
	if errors.Is(err, fsnotify.ErrEventOverflow) {
		w.log.printf("kb: file events were lost (the event queue overflowed); rescanning the site folder\n")
	} else {
		w.log.printf("kb: watching files: %v; rescanning the site folder\n", err)
	}
	w.rescanAll()
}

// rescanAll re-establishes the watches after lost events and marks the
// batch as a rescan.
func (w *watcher) rescanAll() {
	for d := range w.dirs {
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			w.forget(d)
		}
	}
	w.addTree(w.root, false)
	w.rescan = true
}

// limitReached switches to polling after the inotify limits were hit,
// saying how to raise them.
func (w *watcher) limitReached(err error) {
	w.log.printf(`kb: cannot watch more folders: the system's inotify limit is reached (%v).
kb: to fix it, raise the limits, then restart kb serve:
kb:     sudo sysctl fs.inotify.max_user_watches=524288 fs.inotify.max_user_instances=1024
kb: and to keep them after a reboot:
kb:     printf 'fs.inotify.max_user_watches=524288\nfs.inotify.max_user_instances=1024\n' | sudo tee /etc/sysctl.d/90-kb.conf
kb: until then kb serve checks for changes every %s (polling).
`, err, w.pollInterval())
	w.startPolling()
	w.rescan = true
}

func (w *watcher) startPolling() {
	if w.n != nil {
		w.n.Close()
		w.n = nil
	}
	w.dirs = map[string]bool{}
	w.polling = true
	w.limitHit = false
	w.pollState = w.scan()
}

func (w *watcher) pollInterval() time.Duration {
	if w.opt.Poll > 0 {
		return w.opt.Poll
	}
	return time.Second
}

// scan lists the files that matter, with what polling compares.
func (w *watcher) scan() map[string]stamp {
	m := map[string]stamp{}
	_ = filepath.WalkDir(w.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == w.root {
			return nil
		}
		rel, ok := w.rel(p)
		if !ok {
			return nil
		}
		if skipName(d.Name()) || d.IsDir() && isOutputDir(p) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !strings.Contains(rel, "/") && rel != "site.yaml" {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return nil
		}
		m[rel] = stamp{size: fi.Size(), mod: fi.ModTime(), mode: fi.Mode()}
		return nil
	})
	return m
}

// pollOnce compares the tree with the last scan.
func (w *watcher) pollOnce() bool {
	cur := w.scan()
	changed := false
	for p, s := range cur {
		if old, ok := w.pollState[p]; !ok || old != s {
			w.pending[p], changed = true, true
		}
	}
	for p := range w.pollState {
		if _, ok := cur[p]; !ok {
			w.pending[p], changed = true, true
		}
	}
	w.pollState = cur
	return changed
}

// isLimit reports the errors of exhausted inotify limits: ENOSPC from
// inotify_add_watch (max_user_watches), EMFILE from inotify_init
// (max_user_instances) or the process's file limit.
func isLimit(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE)
}

func isOutputDir(dir string) bool {
	_, err := os.Lstat(filepath.Join(dir, ".kb-output"))
	return err == nil
}

// skipPath reports whether any segment of a relative path is skipped.
func skipPath(rel string) bool {
	for seg := range strings.SplitSeq(rel, "/") {
		if skipName(seg) {
			return true
		}
	}
	return false
}

var sedTemp = regexp.MustCompile(`^sed[A-Za-z0-9]{6}$`)

// skipName reports names never worth a rebuild: hidden files and
// folders (vim's .x.swp, emacs's .#x, kb's own .kb), editor backups and
// temporary files, and dependency folders.
func skipName(name string) bool {
	switch {
	case name == "" || name == "4913" || name == "node_modules" || name == "Thumbs.db":
		return true
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, "#"), strings.HasPrefix(name, "~"):
		return true
	case strings.HasSuffix(name, "~"), strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, ".swo"), strings.HasSuffix(name, ".bck"), strings.HasSuffix(name, ".tmp"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"), strings.HasSuffix(name, ".crswap"):
		return true
	}
	return sedTemp.MatchString(name)
}
