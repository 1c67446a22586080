package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// fakeNotifier stands in for fsnotify: the test sends the events.
type fakeNotifier struct {
	events chan fsnotify.Event
	errs   chan error

	mu      sync.Mutex
	added   []string
	removed []string
	failAdd error // returned by Add once set
	closed  bool
}

func newFake() *fakeNotifier {
	return &fakeNotifier{events: make(chan fsnotify.Event), errs: make(chan error)}
}

func (f *fakeNotifier) Add(name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failAdd != nil {
		return f.failAdd
	}
	f.added = append(f.added, name)
	return nil
}

func (f *fakeNotifier) Remove(name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.removed = append(f.removed, name)
	return nil
}

func (f *fakeNotifier) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	return nil
}

func (f *fakeNotifier) Events() <-chan fsnotify.Event { return f.events }
func (f *fakeNotifier) Errors() <-chan error          { return f.errs }

func (f *fakeNotifier) watched(root, rel string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Contains(f.added, filepath.Join(root, filepath.FromSlash(rel)))
}

// fakeWatcher is a watcher over a real folder with fake events and a
// debounce timer that fires only when the test says so.
func fakeWatcher(t *testing.T, root string, log *syncBuffer) (*watcher, *fakeNotifier) {
	t.Helper()
	w, err := newWatcher(root, WatchOptions{MaxWait: time.Hour, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	f := newFake()
	w.n = f
	w.addTree(w.root, false)
	return w, f
}

// ev makes an event for a path relative to root.
func ev(root, rel string, op fsnotify.Op) fsnotify.Event {
	return fsnotify.Event{Name: filepath.Join(root, filepath.FromSlash(rel)), Op: op}
}

// apply feeds events to the watcher synchronously and returns the batch.
func apply(w *watcher, evs ...fsnotify.Event) Batch {
	for _, e := range evs {
		w.handle(e)
	}
	return w.take()
}

func editorSite(t *testing.T) string {
	return newSiteDir(t, map[string]string{
		"site.yaml":               "title: T\n",
		"README.md":               "not part of the site\n",
		"content/a.md":            "---\ntitle: A\n---\nA.\n",
		"content/billing/b.md":    "---\ntitle: B\n---\nB.\n",
		"content/billing/c.md":    "---\ntitle: C\n---\nC.\n",
		"layouts/assets/x.css":    "body{}\n",
		"public/.kb-output":       "kb\n",
		"public/index.html":       "old\n",
		".kb/feedback.jsonl":      "{}\n",
		"node_modules/x/index.js": "x\n",
	})
}

func TestWatchesEveryFolderButOutputAndHidden(t *testing.T) {
	root := editorSite(t)
	_, f := fakeWatcher(t, root, nil)
	for _, rel := range []string{".", "content", "content/billing", "layouts", "layouts/assets"} {
		if !f.watched(root, rel) {
			t.Errorf("%s not watched", rel)
		}
	}
	for _, rel := range []string{"public", ".kb", "node_modules"} {
		if f.watched(root, rel) {
			t.Errorf("%s watched", rel)
		}
	}
}

func TestEditorSaves(t *testing.T) {
	const (
		C  = fsnotify.Create
		W  = fsnotify.Write
		R  = fsnotify.Remove
		RN = fsnotify.Rename
		CH = fsnotify.Chmod
	)
	root := editorSite(t)
	for _, tc := range []struct {
		name string
		evs  []fsnotify.Event
		want []string
	}{
		{"vim", []fsnotify.Event{ // write 4913, rename f→f~, write new f, remove f~
			ev(root, "content/4913", C), ev(root, "content/4913", CH), ev(root, "content/4913", R),
			ev(root, "content/a.md", RN), ev(root, "content/a.md~", C),
			ev(root, "content/a.md", C), ev(root, "content/a.md", W), ev(root, "content/a.md", CH),
			ev(root, "content/a.md~", R),
			ev(root, "content/.a.md.swp", W), ev(root, "content/.a.md.swx", C),
		}, []string{"content/a.md"}},
		{"vs code", []fsnotify.Event{ // in place: truncate, write, write
			ev(root, "content/a.md", W), ev(root, "content/a.md", W), ev(root, "content/a.md", W),
		}, []string{"content/a.md"}},
		{"jetbrains", []fsnotify.Event{ // safe write
			ev(root, "content/billing/b.md___jb_tmp___", C), ev(root, "content/billing/b.md___jb_tmp___", W),
			ev(root, "content/billing/b.md", RN), ev(root, "content/billing/b.md___jb_old___", C),
			ev(root, "content/billing/b.md___jb_tmp___", RN), ev(root, "content/billing/b.md", C),
			ev(root, "content/billing/b.md___jb_old___", R),
		}, []string{"content/billing/b.md"}},
		{"emacs", []fsnotify.Event{
			ev(root, "content/.#a.md", C), ev(root, "content/#a.md#", W), ev(root, "content/a.md", W), ev(root, "content/.#a.md", R),
		}, []string{"content/a.md"}},
		{"sed -i and helix", []fsnotify.Event{
			ev(root, "content/sedAb12Cd", C), ev(root, "content/sedAb12Cd", RN), ev(root, "content/a.md", C),
			ev(root, "content/a.md.bck", C), ev(root, "content/a.md.bck", R),
		}, []string{"content/a.md"}},
		{"junk only", []fsnotify.Event{
			ev(root, "content/.a.md.swp", C), ev(root, "content/a.md~", W), ev(root, "content/4913", C),
			ev(root, "content/a.md", CH), ev(root, ".DS_Store", C), ev(root, "content/x___jb_tmp___", W),
		}, nil},
		{"top level", []fsnotify.Event{
			ev(root, "README.md", W), ev(root, "site.yaml", W), ev(root, "public/index.html", W),
			ev(root, ".kb/feedback.jsonl", W), ev(root, "site.yaml~", C),
		}, []string{"site.yaml"}},
		{"config saved atomically", []fsnotify.Event{
			ev(root, ".site.yaml.swp", C), ev(root, "site.yaml", RN), ev(root, "site.yaml", C),
		}, []string{"site.yaml"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, _ := fakeWatcher(t, root, nil)
			got := apply(w, tc.evs...)
			if !reflect.DeepEqual(got.Paths, tc.want) || got.Rescan {
				t.Errorf("batch %+v, want %v", got, tc.want)
			}
		})
	}
}

func TestNewFoldersAreWatchedAndScanned(t *testing.T) {
	root := editorSite(t)
	w, f := fakeWatcher(t, root, nil)
	// mkdir -p content/x/y/z && touch content/x/y/z/new.md, reported as
	// one event for the top folder: the files below were written before
	// any watch could be added.
	writeFiles(t, root, map[string]string{"content/x/y/z/new.md": "---\ntitle: N\n---\n"})
	got := apply(w, ev(root, "content/x", fsnotify.Create))
	for _, rel := range []string{"content/x", "content/x/y", "content/x/y/z"} {
		if !f.watched(root, rel) {
			t.Errorf("%s not watched", rel)
		}
	}
	if !slices.Contains(got.Paths, "content/x/y/z/new.md") || !slices.Contains(got.Paths, "content/x") {
		t.Errorf("batch %v", got.Paths)
	}
	// A new output folder is not watched.
	writeFiles(t, root, map[string]string{"out2/.kb-output": "kb\n", "out2/index.html": "x"})
	if got := apply(w, ev(root, "out2", fsnotify.Create)); len(got.Paths) != 0 || f.watched(root, "out2") {
		t.Errorf("output folder: %v", got.Paths)
	}
}

func TestFolderRename(t *testing.T) {
	root := editorSite(t)
	w, f := fakeWatcher(t, root, nil)
	if err := os.Rename(filepath.Join(root, "content/billing"), filepath.Join(root, "content/payments")); err != nil {
		t.Fatal(err)
	}
	// inotify reports a rename of a watched folder as Rename on the old
	// name and Create on the new one.
	got := apply(w, ev(root, "content/billing", fsnotify.Rename), ev(root, "content/payments", fsnotify.Create))
	want := []string{"content/billing", "content/payments", "content/payments/b.md", "content/payments/c.md"}
	if !reflect.DeepEqual(got.Paths, want) {
		t.Errorf("batch %v, want %v", got.Paths, want)
	}
	if !f.watched(root, "content/payments") || w.dirs[filepath.Join(root, "content/billing")] {
		t.Errorf("watches not moved: %v", w.dirs)
	}
	f.mu.Lock()
	removed := slices.Contains(f.removed, filepath.Join(root, "content/billing"))
	f.mu.Unlock()
	if !removed {
		t.Error("old folder's watch kept")
	}
	// The watched root of the content is deleted and recreated (git stash).
	if err := os.RemoveAll(filepath.Join(root, "content")); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, root, map[string]string{"content/a.md": "---\ntitle: A\n---\n"})
	got = apply(w, ev(root, "content", fsnotify.Remove), ev(root, "content", fsnotify.Create))
	if !reflect.DeepEqual(got.Paths, []string{"content", "content/a.md"}) || !f.watched(root, "content") {
		t.Errorf("recreated content: %v", got.Paths)
	}
}

// runFake runs the watcher loop with a debounce timer the test fires.
func runFake(t *testing.T, w *watcher) (tick chan time.Time, out chan Batch) {
	t.Helper()
	tick = make(chan time.Time)
	w.after = func(time.Duration) <-chan time.Time { return tick }
	out = make(chan Batch)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.run(ctx, out); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return tick, out
}

func recv(t *testing.T, out chan Batch) Batch {
	t.Helper()
	select {
	case b := <-out:
		return b
	case <-time.After(10 * time.Second):
		t.Fatal("no batch within 10s")
	}
	return Batch{}
}

func TestCheckoutOfThousandFilesIsOneBatch(t *testing.T) {
	root := editorSite(t)
	files := map[string]string{}
	for i := range 1000 {
		files[fmt.Sprintf("content/sec%d/art%03d.md", i%10, i)] = "---\ntitle: X\n---\n"
	}
	writeFiles(t, root, files)
	w, f := fakeWatcher(t, root, nil)
	tick, out := runFake(t, w)
	for name := range files {
		f.events <- ev(root, name, fsnotify.Create)
		f.events <- ev(root, name, fsnotify.Write)
	}
	tick <- time.Now() // the quiet time ends
	b := recv(t, out)
	if len(b.Paths) != 1000 {
		t.Errorf("batch of %d paths, want 1000", len(b.Paths))
	}
	// Nothing of the checkout is left for a second batch: the next one
	// holds only the next change.
	f.events <- ev(root, "content/a.md", fsnotify.Write)
	tick <- time.Now()
	if b := recv(t, out); !reflect.DeepEqual(b.Paths, []string{"content/a.md"}) {
		t.Errorf("next batch %v", b.Paths)
	}
}

func TestBatchesWaitForSlowConsumer(t *testing.T) {
	root := editorSite(t)
	w, f := fakeWatcher(t, root, nil)
	tick, out := runFake(t, w)
	// Two batches become ready while nobody reads: they merge.
	f.events <- ev(root, "content/a.md", fsnotify.Write)
	tick <- time.Now()
	f.events <- ev(root, "content/billing/b.md", fsnotify.Write)
	tick <- time.Now()
	if b := recv(t, out); !reflect.DeepEqual(b.Paths, []string{"content/a.md", "content/billing/b.md"}) {
		t.Errorf("merged batch %v", b.Paths)
	}
}

func TestOverflowRescans(t *testing.T) {
	root := editorSite(t)
	var log syncBuffer
	w, f := fakeWatcher(t, root, &log)
	tick, out := runFake(t, w)
	// Events were lost, among them a new folder's.
	writeFiles(t, root, map[string]string{"content/lost/x.md": "---\ntitle: X\n---\n"})
	f.errs <- fsnotify.ErrEventOverflow
	tick <- time.Now()
	if b := recv(t, out); !b.Rescan {
		t.Errorf("batch after overflow %+v, want Rescan", b)
	}
	if !f.watched(root, "content/lost") {
		t.Error("folder created during the overflow not watched")
	}
	if !strings.Contains(log.String(), "overflowed") {
		t.Errorf("log %q", log.String())
	}
	// Any other watch error rescans too.
	f.errs <- fmt.Errorf("inotify: bad things")
	tick <- time.Now()
	if b := recv(t, out); !b.Rescan {
		t.Errorf("batch after an error %+v", b)
	}
}

func TestWatchLimitFallsBackToPolling(t *testing.T) {
	root := editorSite(t)
	var log syncBuffer
	w, err := newWatcher(root, WatchOptions{MaxWait: time.Hour, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	f := newFake()
	f.failAdd = fmt.Errorf("add %s: %w", root, syscall.ENOSPC) // max_user_watches
	w.n = f
	w.addTree(w.root, false)
	if !w.limitHit {
		t.Fatal("limit not detected")
	}
	w.limitReached(w.limitErr)
	for _, s := range []string{"fs.inotify.max_user_watches", "sudo sysctl", "polling"} {
		if !strings.Contains(log.String(), s) {
			t.Errorf("message lacks %q:\n%s", s, log.String())
		}
	}
	if !w.polling || w.n != nil || !f.closed {
		t.Fatal("not polling")
	}
	w.take()
	// Polling sees edits, new files and deletions, and ignores junk.
	writeFiles(t, root, map[string]string{"content/a.md": "---\ntitle: A changed\n---\n", "content/new.md": "x", "content/new.md~": "x"})
	if err := os.Remove(filepath.Join(root, "content/billing/c.md")); err != nil {
		t.Fatal(err)
	}
	if !w.pollOnce() {
		t.Fatal("no change seen")
	}
	if got := w.take().Paths; !reflect.DeepEqual(got, []string{"content/a.md", "content/billing/c.md", "content/new.md"}) {
		t.Errorf("polled %v", got)
	}
	if w.pollOnce() {
		t.Error("change seen twice")
	}
	if !isLimit(fmt.Errorf("x: %w", syscall.EMFILE)) || isLimit(os.ErrPermission) {
		t.Error("isLimit")
	}
}

// Real fsnotify on a temporary folder.

// awaitPath reads batches until one holds rel.
func awaitPath(t *testing.T, out <-chan Batch, rel string) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case b, ok := <-out:
			if !ok {
				t.Fatal("watch ended")
			}
			if slices.Contains(b.Paths, rel) {
				return
			}
		case <-deadline:
			t.Fatalf("no batch with %s within 10s", rel)
		}
	}
}

func TestWatchRealFileSystem(t *testing.T) {
	root := editorSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, err := Watch(ctx, root, WatchOptions{Debounce: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	p := func(rel string) string { return filepath.Join(root, filepath.FromSlash(rel)) }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	// vim, 20 saves in a row: the watch survives each rename.
	for i := range 20 {
		must(os.WriteFile(p("content/4913"), nil, 0o644))
		must(os.Remove(p("content/4913")))
		must(os.Rename(p("content/a.md"), p("content/a.md~")))
		must(os.WriteFile(p("content/a.md"), fmt.Appendf(nil, "---\ntitle: A%d\n---\n", i), 0o644))
		must(os.Remove(p("content/a.md~")))
		awaitPath(t, out, "content/a.md")
	}

	// JetBrains safe write.
	must(os.WriteFile(p("content/billing/b.md___jb_tmp___"), []byte("---\ntitle: B2\n---\n"), 0o644))
	must(os.Rename(p("content/billing/b.md"), p("content/billing/b.md___jb_old___")))
	must(os.Rename(p("content/billing/b.md___jb_tmp___"), p("content/billing/b.md")))
	must(os.Remove(p("content/billing/b.md___jb_old___")))
	awaitPath(t, out, "content/billing/b.md")

	// mkdir -p and a file at once.
	writeFiles(t, root, map[string]string{"content/x/y/z/new.md": "---\ntitle: N\n---\n"})
	awaitPath(t, out, "content/x/y/z/new.md")

	// A renamed folder is watched under its new name.
	must(os.Rename(p("content/billing"), p("content/payments")))
	awaitPath(t, out, "content/payments")
	must(os.WriteFile(p("content/payments/d.md"), []byte("---\ntitle: D\n---\n"), 0o644))
	awaitPath(t, out, "content/payments/d.md")

	// site.yaml saved atomically.
	must(os.WriteFile(p("site.yaml.tmp"), []byte("title: T2\n"), 0o644))
	must(os.Rename(p("site.yaml.tmp"), p("site.yaml")))
	awaitPath(t, out, "site.yaml")

	cancel()
	for range out { // closed after cancel
	}
}

func TestWatchPollingRealFileSystem(t *testing.T) {
	root := editorSite(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, err := Watch(ctx, root, WatchOptions{Debounce: 10 * time.Millisecond, Poll: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, root, map[string]string{"content/polled.md": "---\ntitle: P\n---\n"})
	awaitPath(t, out, "content/polled.md")
}
