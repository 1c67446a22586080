package move

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Apply carries the plan out in the site folder dir. It first checks that
// no file it reads has changed since Make; then writes every new or
// edited file (each to a temporary file renamed over its path), then
// moves the unchanged files, then deletes the old paths of the rewritten
// ones and the folders the move leaves empty. When a step fails, it puts
// back what it had changed and returns the error.
func (p *Plan) Apply(dir string) (err error) {
	osPath := func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) }

	// Nothing changed under our feet.
	for name, raw := range p.orig {
		cur, err := os.ReadFile(osPath(name))
		if err != nil || !bytes.Equal(cur, raw) {
			return fmt.Errorf("%s: %w; run kb mv again", name, errChanged)
		}
	}
	for _, m := range p.renames {
		if _, err := os.Lstat(osPath(m.From)); err != nil {
			return fmt.Errorf("%s: %w; run kb mv again", m.From, errChanged)
		}
	}
	for to := range p.writes {
		if _, ok := p.orig[to]; ok {
			continue // edited in place
		}
		if _, err := os.Lstat(osPath(to)); err == nil {
			return fmt.Errorf("%s already exists", to)
		}
	}
	for _, m := range p.renames {
		if _, err := os.Lstat(osPath(m.To)); err == nil {
			return fmt.Errorf("%s already exists", m.To)
		}
	}

	var undo []func() error
	var made []string // folders created
	defer func() {
		if err == nil {
			return
		}
		var errs []error
		for i := len(undo) - 1; i >= 0; i-- {
			if e := undo[i](); e != nil {
				errs = append(errs, e)
			}
		}
		for i := len(made) - 1; i >= 0; i-- {
			_ = os.Remove(made[i]) // only if empty
		}
		if len(errs) > 0 {
			err = fmt.Errorf("%w (and putting things back failed: %v)", err, errors.Join(errs...))
		}
	}()
	mkdir := func(name string) error {
		d := filepath.Dir(osPath(name))
		var missing []string
		for x := d; ; x = filepath.Dir(x) {
			if _, err := os.Stat(x); err == nil || x == filepath.Dir(x) {
				break
			}
			missing = append(missing, x)
		}
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		for i := len(missing) - 1; i >= 0; i-- {
			made = append(made, missing[i])
		}
		return nil
	}

	// 1. New contents.
	names := make([]string, 0, len(p.writes))
	for name := range p.writes {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := p.step(name); err != nil {
			return err
		}
		if err := mkdir(name); err != nil {
			return err
		}
		mode := os.FileMode(0o644)
		old, inPlace := p.orig[name]
		if inPlace {
			if fi, err := os.Stat(osPath(name)); err == nil {
				mode = fi.Mode().Perm()
			}
		}
		if err := writeFile(osPath(name), p.writes[name], mode); err != nil {
			return err
		}
		if inPlace {
			undo = append(undo, func() error { return writeFile(osPath(name), old, mode) })
		} else {
			undo = append(undo, func() error { return os.Remove(osPath(name)) })
		}
	}

	// 2. Files that move as they are.
	for _, m := range p.renames {
		if err := p.step(m.To); err != nil {
			return err
		}
		if err := mkdir(m.To); err != nil {
			return err
		}
		if err := os.Rename(osPath(m.From), osPath(m.To)); err != nil {
			return err
		}
		undo = append(undo, func() error { return os.Rename(osPath(m.To), osPath(m.From)) })
	}

	// 3. The old paths of rewritten files, then empty folders. From here
	// on the move is done: a folder that cannot be removed stays.
	for _, name := range p.removes {
		if err := os.Remove(osPath(name)); err != nil {
			return err
		}
		undo = append(undo, func() error { return os.WriteFile(osPath(name), p.orig[name], 0o644) })
	}
	var dirs []string
	for _, m := range p.Moves {
		for d := path.Dir(m.From); d != p.content && d != "." && strings.HasPrefix(d, p.content+"/"); d = path.Dir(d) {
			dirs = append(dirs, d)
		}
	}
	sort.Slice(dirs, func(i, j int) bool { return len(dirs[i]) > len(dirs[j]) })
	for _, d := range dirs {
		_ = os.Remove(osPath(d)) // fails, as it should, unless empty
	}
	return nil
}

// step is called before each file is written or moved; tests make it
// fail to check that Apply puts things back.
func (p *Plan) step(name string) error {
	if p.failAt != nil {
		return p.failAt(name)
	}
	return nil
}

// writeFile writes data to a temporary file beside name and renames it
// over name, so name is never seen half written.
func writeFile(name string, data []byte, mode os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".kb-mv-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, mode)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
