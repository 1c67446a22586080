// Package importer converts a site written for another generator
// (Docusaurus, MkDocs, Jekyll, Hugo) into a kb site, once: kb import.
//
// The pipeline runs in one direction, like the builder's:
//
//	fs.FS of SRC
//	  → scan (one per generator)   *plan: pages, snippets, assets, config, old URLs
//	  → convert (shared)           each file's lines: admonitions, tabs, includes,
//	                               Liquid and shortcodes, links; per-line origins
//	  → check (builder.Analyze)    what kb still reports, mapped back to SRC
//	  → Result                     files as values, and the Report
//
// SRC is read through an fs.FS, so the importer cannot modify it; only
// Result.Write writes, and only below DEST. The converter of each
// generator finds the layout, ordering and front matter; the line
// converter (convert.go) is shared by all of them, and a generator's
// flavour only says which syntaxes it turns on.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// Generators are the names -from accepts, in the order the usage lists them.
var Generators = []string{"docusaurus", "mkdocs", "jekyll", "hugo"}

// Options are kb import's settings.
type Options struct {
	From    string // one of Generators
	BaseURL string // the old site's URL when its config has none; sets site.yaml's base_url
}

// File is one file of the converted site: a slash-separated path below
// DEST and its bytes.
type File struct {
	Path string
	Data []byte
}

// Finding is one construct the importer could not convert, or a problem
// kb still reports in the converted site, at its position in SRC.
type Finding struct {
	File      string // slash-separated, relative to SRC
	Line, Col int
	Rule      string // "syntax/foreign", "import", or the builder's rule
	Warning   bool
	Msg       string
}

func (f Finding) String() string {
	sev := ""
	if f.Warning {
		sev = "warning: "
	}
	rule := ""
	if f.Rule != "" {
		rule = f.Rule + ": "
	}
	if f.Line == 0 {
		return fmt.Sprintf("%s: %s%s%s", f.File, sev, rule, f.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s%s%s", f.File, f.Line, f.Col, sev, rule, f.Msg)
}

// Report is what kb import prints: what it converted, and what is left
// for the writer.
type Report struct {
	From      string
	Config    string // the source's config file read, "" when none
	Pages     int
	Snippets  int
	Assets    int
	Converted map[string]int // constructs converted, by kind
	// Translations counts the translated pages of each language but the
	// default one, in the languages' order (site.yaml's languages:).
	Translations []Translation
	Left         []Finding // sorted by position
	// Hint is advice on the options, when the links suggest one: a base
	// path the source's config did not give.
	Hint string
}

// Errors counts the findings that would fail kb build.
func (r *Report) Errors() int {
	n := 0
	for _, f := range r.Left {
		if !f.Warning {
			n++
		}
	}
	return n
}

// Print writes the report. prefix is put before each finding's path (the
// SRC folder as the user wrote it), so positions can be opened.
func (r *Report) Print(w io.Writer, prefix string) {
	cfg := "no config file"
	if r.Config != "" {
		cfg = "site.yaml from " + r.Config
	}
	fmt.Fprintf(w, "converted %s: %s, %s, %s; %s\n", plural(r.Pages+r.Snippets+r.Assets, "file"),
		plural(r.Pages, "page"), plural(r.Snippets, "snippet"), plural(r.Assets, "asset"), cfg)
	if len(r.Translations) > 0 {
		var parts []string
		for _, t := range r.Translations {
			p := t.Lang + " " + plural(t.Pages, "page")
			if t.Only > 0 {
				p += fmt.Sprintf(" (%d in %s only)", t.Only, t.Lang)
			}
			parts = append(parts, p)
		}
		fmt.Fprintf(w, "translations: %s\n", strings.Join(parts, ", "))
	}
	kinds := make([]string, 0, len(r.Converted))
	total := 0
	for k, n := range r.Converted {
		kinds = append(kinds, k)
		total += n
	}
	sort.Strings(kinds)
	if len(kinds) > 0 {
		fmt.Fprintln(w, "constructs converted:")
		for _, k := range kinds {
			fmt.Fprintf(w, "  %5d  %s\n", r.Converted[k], k)
		}
	}
	if len(r.Left) > 0 {
		fmt.Fprintf(w, "left for the writer (%d):\n", len(r.Left))
		for _, f := range r.Left {
			f.File = prefix + f.File
			fmt.Fprintf(w, "  %s\n", f)
		}
	}
	if r.Hint != "" {
		fmt.Fprintf(w, "hint: %s\n", r.Hint)
	}
	fmt.Fprintf(w, "%s, %s converted, %s left (%s)\n", plural(r.Pages+r.Snippets+r.Assets, "file"),
		plural(total, "construct"), plural(len(r.Left), "finding"), plural(r.Errors(), "error"))
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// Result is a converted site: its files, sorted by path, and the report.
type Result struct {
	Files  []File
	Report Report
}

// Import converts the site in src. It reads src only. A problem of the
// source that stops the conversion (an unreadable config) is an error;
// every construct it cannot convert is a Finding in the report instead.
func Import(ctx context.Context, src fs.FS, opts Options) (*Result, error) {
	var scan func(fs.FS) (*plan, error)
	switch opts.From {
	case "docusaurus":
		scan = scanDocusaurus
	case "mkdocs":
		scan = scanMkDocs
	case "jekyll":
		scan = scanJekyll
	case "hugo":
		scan = scanHugo
	default:
		return nil, fmt.Errorf("unknown generator %q: -from takes %s", opts.From, strings.Join(Generators, ", "))
	}
	pl, err := scan(src)
	if err != nil {
		return nil, err
	}
	if pl.cfg.baseURL == "" {
		pl.cfg.baseURL = opts.BaseURL
	}
	pl.from = opts.From
	return pl.run(ctx, src)
}

// errNotEmpty is returned by Write when DEST holds files.
var errNotEmpty = errors.New("exists and is not empty: kb import writes a new site only")

// Write writes the files below dest, which must not exist or be empty.
// Every path is checked to be local (no "..", not absolute), so nothing
// is written outside dest; files are created, never replaced.
func (r *Result) Write(dest string) error {
	if ents, err := os.ReadDir(dest); err == nil && len(ents) > 0 {
		return fmt.Errorf("%s %w", dest, errNotEmpty)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, f := range r.Files {
		if !localPath(f.Path) {
			return fmt.Errorf("refusing to write %q: not a path inside %s", f.Path, dest)
		}
	}
	for _, f := range r.Files {
		p := filepath.Join(dest, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		fh, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		_, err = fh.Write(f.Data)
		if cerr := fh.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", p, err)
		}
	}
	return nil
}

// localPath reports whether p is a clean, relative, slash-separated path
// that stays inside its root.
func localPath(p string) bool {
	return p != "" && fs.ValidPath(p) && p != "." && filepath.IsLocal(filepath.FromSlash(p)) && !strings.Contains(p, "\\") && path.Clean(p) == p
}
