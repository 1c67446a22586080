package builder

import (
	"fmt"
	"path"
	"strings"
	"sync"
)

// MemSink keeps a build's outputs in memory, for kb serve. Put is safe
// for concurrent use. The sink keeps the slices it is given without
// copying them: nobody may change them afterwards.
type MemSink struct {
	*memFiles
	prefix string // of every path put: a language's folder on a multilingual site (sub)
}

type memFiles struct {
	mu    sync.Mutex
	files map[string][]byte
	lazy  map[string]func() []byte
}

// sub returns the sink seen from its folder dir ("de/"): what it is
// given goes below dir.
func (m *MemSink) sub(dir string) *MemSink {
	return &MemSink{memFiles: m.memFiles, prefix: m.prefix + dir}
}

var _ Sink = (*MemSink)(nil)

// NewMemSink returns an empty MemSink.
func NewMemSink() *MemSink { return NewMemSinkSize(0) }

// NewMemSinkSize returns an empty MemSink with room for n outputs.
func NewMemSinkSize(n int) *MemSink {
	return &MemSink{memFiles: &memFiles{files: make(map[string][]byte, n), lazy: map[string]func() []byte{}}}
}

// Put stores data under p, a slash-separated path relative to the output
// root. Like the folder sink, it refuses paths that would leave the root.
func (m *MemSink) Put(p string, data []byte) error {
	if err := checkMemPath(p); err != nil {
		return err
	}
	m.mu.Lock()
	m.files[m.prefix+p] = data
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
	m.lazy[m.prefix+p] = make
	m.mu.Unlock()
	return nil
}

// Lazy returns the outputs put with PutLazy, by path.
func (m *MemSink) Lazy() map[string]func() []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.lazy
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

// Files returns the outputs put so far, by path. Call it once the build
// has returned; the map is the sink's own and must not be changed.
func (m *MemSink) Files() map[string][]byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.files
}

// putPages puts the outputs of rendered pages (nil entries are skipped)
// under one lock: their HTML, twin (at its one or two paths) and
// llms.txt, at the paths putPage uses (pagePaths, set). It returns how
// many files and bytes it put.
func (m *MemSink) putPages(rs []*cachedPage) (files int, bytes int64, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
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
			m.files[m.prefix+p] = data[i]
			files++
			bytes += int64(len(data[i]))
		}
		r.checked = true
	}
	return files, bytes, nil
}
