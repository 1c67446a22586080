package builder

import (
	"fmt"
	"maps"
	"path"
	"strings"
	"sync"
)

// MemSink keeps a build's outputs in memory, for kb serve. Put is safe
// for concurrent use. The sink keeps the slices it is given without
// copying them: nobody may change them afterwards.
//
// The outputs are kept in layers: the sink's own, and one for each
// language of a multilingual build (sub), which that language's build
// alone writes. A build with a Cache that changed nothing of a language
// takes the language's layer of the last build as it is, and one that
// changed a few pages a copy of it (reuse): a save then costs no put of
// every page of every language. A layer taken over is copied before
// anything is put into it, so the build that made it keeps its own.
type MemSink struct {
	*memFiles
	prefix string    // of every path put: a language's folder on a multilingual site (sub)
	layer  *memLayer // where this sink's outputs go
}

type memFiles struct {
	mu     sync.Mutex
	layers []*memLayer // the root sink's first, then each sub's in order
	merged map[string][]byte
	lazies map[string]func() []byte
}

// A memLayer is the outputs of one sink, by full path (its prefix
// included). A layer whose maps are another build's (reuse) copies them
// before its first change.
type memLayer struct {
	prefix string
	files  map[string][]byte
	lazy   map[string]func() []byte
	shared bool // files and lazy are another layer's too: read-only
}

// own makes l's maps its own before a change. m.mu must be held.
func (l *memLayer) own() {
	if l.shared {
		l.files, l.lazy, l.shared = maps.Clone(l.files), maps.Clone(l.lazy), false
	}
}

// sub returns the sink seen from its folder dir ("de/", or "" for a
// language at the root): what it is given goes below dir, in a layer of
// its own.
func (m *MemSink) sub(dir string) *MemSink {
	m.mu.Lock()
	defer m.mu.Unlock()
	l := &memLayer{prefix: m.prefix + dir, files: map[string][]byte{}, lazy: map[string]func() []byte{}}
	m.layers = append(m.layers, l)
	return &MemSink{memFiles: m.memFiles, prefix: l.prefix, layer: l}
}

// reuse makes the sink's layer hold what prev holds (a layer of an
// earlier build of the same outputs), to be changed from there: the
// copy is made on the first change. The sink must be empty.
func (m *MemSink) reuse(prev *memLayer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	l := m.layer
	l.files, l.lazy, l.shared = prev.files, prev.lazy, true
	prev.shared = true // neither may change the maps any more
}

// remove deletes outputs put at these paths (relative to the sink).
func (m *MemSink) remove(paths ...string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.layer.own()
	for _, p := range paths {
		delete(m.layer.files, m.prefix+p)
		delete(m.layer.lazy, m.prefix+p)
	}
}

var _ Sink = (*MemSink)(nil)

// NewMemSink returns an empty MemSink.
func NewMemSink() *MemSink { return NewMemSinkSize(0) }

// NewMemSinkSize returns an empty MemSink with room for n outputs.
func NewMemSinkSize(n int) *MemSink {
	l := &memLayer{files: make(map[string][]byte, n), lazy: map[string]func() []byte{}}
	return &MemSink{memFiles: &memFiles{layers: []*memLayer{l}}, layer: l}
}

// Put stores data under p, a slash-separated path relative to the output
// root. Like the folder sink, it refuses paths that would leave the root.
func (m *MemSink) Put(p string, data []byte) error {
	if err := checkMemPath(p); err != nil {
		return err
	}
	m.mu.Lock()
	m.layer.own()
	m.layer.files[m.prefix+p] = data
	m.mu.Unlock()
	return nil
}

// PutLazy stores an output made only when it is first asked for: kb
// serve's llms-full.txt files, tens of megabytes on a large site, which
// every save would otherwise copy.
func (m *MemSink) PutLazy(p string, make func() []byte) error {
	if err := checkMemPath(p); err != nil {
		return err
	}
	m.mu.Lock()
	m.layer.own()
	m.layer.lazy[m.prefix+p] = make
	m.mu.Unlock()
	return nil
}

func checkMemPath(p string) error {
	// path.Clean only when a segment could be "", "." or "..": most
	// paths have no dot after a slash, and this runs for every output.
	clean := !strings.Contains(p, "//") && !strings.Contains(p, "/.") && !strings.HasPrefix(p, ".") && !strings.HasSuffix(p, "/")
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || (!clean && (path.Clean(p) != p || p == ".." || strings.HasPrefix(p, "../"))) {
		return fmt.Errorf("refusing to keep %q outside the output root", p)
	}
	return nil
}

// Files returns the outputs put so far, by path, every layer's. Call it
// once the build has returned; the map must not be changed. On a
// multilingual site it is a merged copy, made once: kb serve looks
// outputs up with Get instead.
func (m *MemSink) Files() map[string][]byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.layers) == 1 {
		return m.layers[0].files
	}
	if m.merged == nil {
		m.merged, m.lazies = m.merge()
	}
	return m.merged
}

// Lazy returns the outputs put with PutLazy, by path, as Files does.
func (m *MemSink) Lazy() map[string]func() []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.layers) == 1 {
		return m.layers[0].lazy
	}
	if m.merged == nil {
		m.merged, m.lazies = m.merge()
	}
	return m.lazies
}

// merge puts every layer into one map: the languages' in order, then
// the root's (what the site puts once for every language), as the
// lookups of Get find them. m.mu must be held.
func (m *memFiles) merge() (map[string][]byte, map[string]func() []byte) {
	n := 0
	for _, l := range m.layers {
		n += len(l.files)
	}
	files, lazy := make(map[string][]byte, n), map[string]func() []byte{}
	for _, l := range append(m.layers[1:], m.layers[0]) {
		maps.Copy(files, l.files)
		maps.Copy(lazy, l.lazy)
	}
	return files, lazy
}

// Get returns the output at name: its bytes, or, for one put with
// PutLazy, its maker. Call it once the build has returned; it is then
// safe for concurrent use.
func (m *MemSink) Get(name string) (data []byte, lazy func() []byte, ok bool) {
	// No lock: once the build returned, nothing changes the layers.
	if data, ok := m.layers[0].files[name]; ok {
		return data, nil, true
	}
	if make, ok := m.layers[0].lazy[name]; ok {
		return nil, make, true
	}
	for i := len(m.layers) - 1; i > 0; i-- {
		l := m.layers[i]
		if !strings.HasPrefix(name, l.prefix) {
			continue
		}
		if data, ok := l.files[name]; ok {
			return data, nil, true
		}
		if make, ok := l.lazy[name]; ok {
			return nil, make, true
		}
	}
	return nil, nil, false
}

// Names lists the path of every output, each once (in no order). Call it
// once the build has returned.
func (m *MemSink) Names() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, l := range m.layers {
		n += len(l.files) + len(l.lazy)
	}
	out := make([]string, 0, n)
	seen := map[string]bool{}
	add := func(name string) {
		if len(m.layers) > 1 { // layers may hold a name twice
			if seen[name] {
				return
			}
			seen[name] = true
		}
		out = append(out, name)
	}
	for _, l := range m.layers {
		for name := range l.files {
			add(name)
		}
		for name := range l.lazy {
			add(name)
		}
	}
	return out
}

// putPages puts the outputs of rendered pages (nil entries are skipped)
// under one lock: their HTML, twin (at its one or two paths) and
// llms.txt, at the paths putPage uses (pagePaths, set). It returns how
// many files and bytes it put.
func (m *MemSink) putPages(rs []*cachedPage) (files int, bytes int64, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.layer.own()
	for _, r := range rs {
		if r == nil {
			continue
		}
		data := [4][]byte{r.twin, r.twin, r.llms, r.html}
		for i, p := range r.paths {
			if p == "" {
				continue
			}
			if !r.checked {
				if err := checkMemPath(p); err != nil {
					return files, bytes, err
				}
			}
			m.layer.files[m.prefix+p] = data[i]
			files++
			bytes += int64(len(data[i]))
		}
		r.checked = true
	}
	return files, bytes, nil
}
