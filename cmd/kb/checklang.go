package main

import (
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/kbhelp/kb/builder"
	"github.com/kbhelp/kb/lint"
)

// fixSourceHashes is kb check -fix-hashes: each translation's
// source_hash set to its original's body hash now, for the translations
// at or below paths (all when none is given).
func fixSourceHashes(r *lint.Report, src string, paths []string, stdout, stderr io.Writer) int {
	prefix := sitePrefix(src)
	if r.Sites == nil {
		_ = lint.Write(stderr, "text", r.Findings, prefix)
		return 1
	}
	if len(r.Sites) < 2 {
		fmt.Fprintln(stderr, "kb check: -fix-hashes: the site has one language (site.yaml lists no languages:), so no translations")
		return 2
	}
	var want []string
	for _, p := range paths {
		p = path.Clean(filepath.ToSlash(p))
		if prefix != "" {
			p = strings.TrimPrefix(p, strings.TrimSuffix(prefix, "/")+"/")
		}
		want = append(want, p)
	}
	chosen := func(file string) bool {
		if len(want) == 0 {
			return true
		}
		for _, w := range want {
			if w == "." || file == w || strings.HasPrefix(file, w+"/") {
				return true
			}
		}
		return false
	}
	code, n := 0, 0
	for _, f := range lint.HashFixes(r.Sites) {
		file := f.Page.Src.Path
		if !chosen(file) {
			continue
		}
		osPath := filepath.Join(src, filepath.FromSlash(file))
		data, err := os.ReadFile(osPath)
		if err == nil {
			data, err = builder.SetSourceHash(data, f.New)
		}
		if err == nil {
			err = writeFileKeepMode(osPath, data)
		}
		if err != nil {
			fmt.Fprintf(stderr, "kb check: %s%s: %v\n", prefix, file, err)
			code = 1
			continue
		}
		old := "none"
		if f.Old != "" {
			old = f.Old
		}
		fmt.Fprintf(stdout, "%s%s: source_hash %s → %s (%s)\n", prefix, file, old, f.New, f.Original.Src.Path)
		n++
	}
	fmt.Fprintf(stdout, "kb check: source_hash written in %s\n", count(n, "translation"))
	return code
}

// writeFileKeepMode replaces the file at name with data, keeping its
// permissions.
func writeFileKeepMode(name string, data []byte) error {
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(name); err == nil {
		mode = fi.Mode().Perm()
	}
	return os.WriteFile(name, data, mode)
}

// listMissing is kb check -missing CODE: every article of the default
// language that language CODE (or, for all, each language) has no
// translation of, one path a line.
func listMissing(r *lint.Report, code, prefix string, stdout, stderr io.Writer) int {
	if r.Sites == nil {
		_ = lint.Write(stderr, "text", r.Findings, prefix)
		return 1
	}
	ms := lint.MissingTranslations(r.Sites)
	var codes []string
	found := false
	for _, m := range ms {
		codes = append(codes, m.Code)
		if code != "all" && !strings.EqualFold(m.Code, code) {
			continue
		}
		found = true
		for _, p := range m.Paths {
			fmt.Fprintf(stdout, "%s: %s%s\n", m.Code, prefix, p)
		}
		fmt.Fprintf(stdout, "kb check: %s (%s): %d of %d articles not translated\n", m.Name, m.Code, len(m.Paths), m.Articles)
	}
	if !found {
		if len(codes) == 0 {
			fmt.Fprintln(stderr, "kb check: -missing: the site has one language (site.yaml lists no languages:)")
		} else {
			fmt.Fprintf(stderr, "kb check: -missing %q: not a language of the site's translations (%s, or all)\n", code, strings.Join(codes, ", "))
		}
		return 2
	}
	return 0
}
