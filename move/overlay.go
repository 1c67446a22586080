package move

import (
	"io/fs"
	"path"
	"sort"
	"testing/fstest"
)

// overlay is a site folder as it will be after a move: base, with some
// files replaced or added (files) and some gone (removed). Analyze reads
// it like the real folder, so a plan is checked before anything on disk
// changes.
type overlay struct {
	base    fs.FS
	mem     fstest.MapFS    // the new and replaced files
	removed map[string]bool // files gone from base
}

var (
	_ fs.ReadDirFS  = (*overlay)(nil)
	_ fs.ReadFileFS = (*overlay)(nil)
	_ fs.StatFS     = (*overlay)(nil)
)

func newOverlay(base fs.FS, files map[string][]byte, removed map[string]bool) *overlay {
	mem := fstest.MapFS{}
	for name, data := range files {
		mem[name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	return &overlay{base: base, mem: mem, removed: removed}
}

func (o *overlay) Open(name string) (fs.File, error) {
	if _, ok := o.mem[name]; ok {
		return o.mem.Open(name)
	}
	if o.removed[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if f, err := o.base.Open(name); err == nil {
		return f, nil
	}
	return o.mem.Open(name) // a folder that only new files make
}

func (o *overlay) ReadFile(name string) ([]byte, error) {
	if f, ok := o.mem[name]; ok {
		return f.Data, nil
	}
	if o.removed[name] {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	return fs.ReadFile(o.base, name)
}

func (o *overlay) Stat(name string) (fs.FileInfo, error) {
	if _, ok := o.mem[name]; ok {
		return fs.Stat(o.mem, name)
	}
	if o.removed[name] {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	if fi, err := fs.Stat(o.base, name); err == nil {
		return fi, nil
	}
	return fs.Stat(o.mem, name)
}

// ReadDir merges the folder's entries in base and in the new files,
// without the removed ones.
func (o *overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	byName := map[string]fs.DirEntry{}
	baseErr := error(nil)
	if es, err := fs.ReadDir(o.base, name); err == nil {
		for _, e := range es {
			if !o.removed[path.Join(name, e.Name())] {
				byName[e.Name()] = e
			}
		}
	} else {
		baseErr = err
	}
	es, err := fs.ReadDir(o.mem, name)
	if err == nil {
		for _, e := range es {
			byName[e.Name()] = e
		}
	} else if baseErr != nil {
		return nil, baseErr
	}
	out := make([]fs.DirEntry, 0, len(byName))
	for _, e := range byName {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}
