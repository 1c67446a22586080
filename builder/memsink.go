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
	mu    sync.Mutex
	files map[string][]byte
}

var _ Sink = (*MemSink)(nil)

// NewMemSink returns an empty MemSink.
func NewMemSink() *MemSink { return &MemSink{files: map[string][]byte{}} }

// Put stores data under p, a slash-separated path relative to the output
// root. Like the folder sink, it refuses paths that would leave the root.
func (m *MemSink) Put(p string, data []byte) error {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || path.Clean(p) != p || p == ".." || strings.HasPrefix(p, "../") {
		return fmt.Errorf("refusing to keep %q outside the output root", p)
	}
	m.mu.Lock()
	m.files[p] = data
	m.mu.Unlock()
	return nil
}

// Files returns the outputs put so far, by path. Call it once the build
// has returned; the map is the sink's own and must not be changed.
func (m *MemSink) Files() map[string][]byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.files
}
