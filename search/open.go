package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"
)

// lockTimeout bounds how long Open waits for another process's lock on
// the index (bleve's bolt file) before it reports ErrLocked.
const lockTimeout = 2 * time.Second

// Index is an open, read-only search index. It is safe for concurrent
// use by many goroutines; Close it when done.
type Index struct {
	dir  string
	meta Meta
	bi   bleve.Index
	r    index.IndexReader // one snapshot for dictionary look-ups: the index never changes
	an   *analyzer
	syn  synonyms
	keys *docKeys // each document's category and section

	softStems map[string]int // stems of particles and fillers: stemParticle, stemFiller
	hasErrs   bool           // some article lists error messages
	shared    bool           // a view of a Live index, which owns bi

	// timeUp, when set, is asked before each match of a pass whether the
	// deadline has passed, after n matches: tests use it to run out of
	// time at a chosen point without depending on the clock.
	timeUp func(n int) bool

	// mu is held for reading by every search and for writing by Close,
	// so Close waits for searches in flight and none starts after it.
	mu     sync.RWMutex
	closed bool
}

// ReadMeta reads and checks an index folder's sidecar: that it exists,
// that this kb and bleve wrote it, and that the folder holds exactly the
// files it lists, with their sizes. It opens nothing else.
func ReadMeta(dir string) (Meta, error) {
	var m Meta
	data, err := os.ReadFile(filepath.Join(dir, SidecarFile))
	if errors.Is(err, os.ErrNotExist) {
		return m, ErrNoIndex
	}
	if err != nil {
		return m, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("%w: %s: %v", ErrCorrupt, SidecarFile, err)
	}
	if m.Schema != schemaVersion || m.Bleve != BleveVersion() {
		return m, fmt.Errorf("%w (schema %d, bleve %s; this kb reads schema %d with bleve %s)",
			ErrIncompatible, m.Schema, m.Bleve, schemaVersion, BleveVersion())
	}
	files, err := listFiles(dir)
	if err != nil {
		return m, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	for name, size := range files {
		want, ok := m.Files[name]
		if !ok {
			return m, fmt.Errorf("%w: unexpected file %s", ErrCorrupt, name)
		}
		if want != size {
			return m, fmt.Errorf("%w: %s is %d bytes, not %d", ErrCorrupt, name, size, want)
		}
	}
	for name := range m.Files {
		if _, ok := files[name]; !ok {
			return m, fmt.Errorf("%w: %s is missing", ErrCorrupt, name)
		}
	}
	return m, nil
}

// Open opens the index in dir read-only, after ReadMeta's checks. Other
// processes may have it open too. If one holds a write lock, Open fails
// with ErrLocked within about two seconds rather than wait.
func Open(dir string) (*Index, error) {
	m, err := ReadMeta(dir)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	bi, err := bleve.OpenUsing(dir, map[string]interface{}{"read_only": true, "bolt_timeout": lockTimeout.String()})
	if err != nil {
		// bolt reports a lock timeout only in its message ("timeout");
		// the time spent says it without parsing text.
		if time.Since(start) >= lockTimeout*9/10 {
			return nil, ErrLocked
		}
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	lang, err := languageNamed(m.Analysis)
	if err != nil {
		bi.Close()
		return nil, fmt.Errorf("%w: %v", ErrIncompatible, err)
	}
	ix, err := newIndex(dir, m, bi, newAnalyzerFor(lang))
	if err != nil {
		bi.Close()
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return ix, nil
}

// newIndex makes an Index over an open bleve index: a reader snapshot
// and the tables made from it.
func newIndex(dir string, m Meta, bi bleve.Index, an *analyzer) (*Index, error) {
	ix := &Index{dir: dir, meta: m, bi: bi, an: an}
	adv, err := bi.Advanced()
	if err == nil {
		ix.r, err = adv.Reader()
	}
	if err != nil {
		return nil, err
	}
	if ix.keys, err = loadDocKeys(context.Background(), ix.r); err != nil {
		ix.r.Close()
		return nil, err
	}
	if fd, err := ix.r.FieldDict(fErrSfx); err == nil {
		e, err := fd.Next()
		ix.hasErrs = err == nil && e != nil
		fd.Close()
	}
	ix.syn = newSynonyms(ix.an, m.Synonyms)
	ix.softStems = softStems(ix.an)
	return ix, nil
}

// Meta is the index's sidecar.
func (ix *Index) Meta() Meta { return ix.meta }

// Close releases the index, after the searches in flight have finished.
// Searches after Close fail with ErrClosed.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil
	}
	ix.closed = true
	if ix.shared {
		return ix.r.Close()
	}
	return errors.Join(ix.r.Close(), ix.bi.Close())
}

// readerDict answers the planner's dictionary questions from the index
// reader, remembering document frequencies for the length of one query.
type readerDict struct {
	ctx context.Context
	r   index.IndexReader
	dfs map[[2]string]int
}

var _ dict = (*readerDict)(nil)

func (d *readerDict) df(field, term string) int {
	k := [2]string{field, term}
	if n, ok := d.dfs[k]; ok {
		return n
	}
	n := 0
	if tfr, err := d.r.TermFieldReader(d.ctx, []byte(term), field, false, false, false); err == nil {
		n = int(tfr.Count())
		tfr.Close()
	}
	d.dfs[k] = n
	return n
}

func (d *readerDict) fuzzy(field, term string) []index.DictEntry {
	fr, ok := d.r.(index.IndexReaderFuzzy)
	if !ok || term == "" {
		return nil
	}
	_, n := utf8.DecodeRuneInString(term) // the first letter, whole: one byte of it is no prefix
	fd, err := fr.FieldDictFuzzy(field, term, 1, term[:n])
	if err != nil {
		return nil
	}
	return drain(fd, 256)
}

func (d *readerDict) prefix(field, prefix string, max int) []index.DictEntry {
	fd, err := d.r.FieldDictPrefix(field, []byte(prefix))
	if err != nil {
		return nil
	}
	return drain(fd, max)
}

func drain(fd index.FieldDict, max int) []index.DictEntry {
	defer fd.Close()
	var out []index.DictEntry
	for len(out) < max {
		e, err := fd.Next()
		if err != nil || e == nil {
			break
		}
		out = append(out, *e)
	}
	return out
}
