package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"

	"github.com/kbhelp/kb/builder"
)

// runNew is kb new:
//
//	kb new [-src DIR] PATH ["Title"]
//	kb new -section [-src DIR] PATH ["Title"]
//	kb new -lang CODE [-section] [-src DIR] PATH ["Title"]
//
// It creates the article PATH.md in the content folder (or, with
// -section, the folder PATH with its _index.md), with its front matter
// filled in: the title (from the folder or file name when not given), an
// empty description to write, and an order one past the last of its
// siblings.
//
// With -lang, PATH is the default language's article (or, with
// -section, folder) to translate, and kb new creates its translation at
// the same path in the language's folder (content/de/PATH.md) with the
// original's front matter: its title (or "Title"), description, order,
// tags and the rest, but not aliases, redirect_from, translation_key
// or updated, plus source_hash, the original's body hash (kb check
// reports the translation as stale once the original changes), and a
// note in place of the body saying what to translate. When the default
// language has no article at PATH, it creates an article of that
// language only. It never overwrites a file. Exit codes: 0 created, 1 the
// file exists or the site cannot be read, 2 usage errors.
func runNew(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("kb new", flag.ContinueOnError)
	fl.SetOutput(stderr)
	src := fl.String("src", ".", "site folder: site.yaml, content/")
	section := fl.Bool("section", false, "create a section: the folder PATH and its _index.md")
	lang := fl.String("lang", "", "create the translation into language `CODE` of the article PATH")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: kb new [-section] [-lang CODE] [-src DIR] PATH [\"Title\"]")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() < 1 || fl.NArg() > 2 {
		fl.Usage()
		return 2
	}
	if msg := notSite("kb new", *src); msg != "" {
		fmt.Fprintln(stderr, msg)
		return 2
	}
	if *lang != "" {
		title := ""
		if fl.NArg() == 2 {
			title = strings.TrimSpace(fl.Arg(1))
		}
		return newTranslation(ctx, *src, *lang, fl.Arg(0), title, *section, stdout, stderr)
	}
	site, diags, err := builder.New(builder.Options{Drafts: true}).Analyze(ctx, os.DirFS(*src))
	if err != nil {
		fmt.Fprintf(stderr, "kb new: %v\n", err)
		return 1
	}
	if site == nil {
		printDiags(stderr, sitePrefix(*src), diags)
		return 1
	}
	contentDir := path.Clean(site.Config.ContentDir)
	rel, err := newPath(fl.Arg(0), contentDir, *section)
	if err != nil {
		fmt.Fprintf(stderr, "kb new: %v\n", err)
		return 2
	}
	name := strings.TrimSuffix(path.Base(rel), ".md")
	dir := path.Dir(rel)
	file := rel
	if *section {
		name, dir, file = path.Base(rel), path.Dir(rel), rel+"/_index.md"
	}
	if dir == "." {
		dir = ""
	}
	title := titleOf(name)
	if fl.NArg() == 2 {
		title = strings.TrimSpace(fl.Arg(1))
	}
	if title == "" {
		fmt.Fprintln(stderr, "kb new: the title is empty")
		return 2
	}

	// The URL must be free: no article where a folder is, and the reverse.
	clash := strings.TrimSuffix(rel, ".md")
	if !*section {
		if fi, err := fs.Stat(os.DirFS(*src), path.Join(contentDir, clash)); err == nil && fi.IsDir() {
			fmt.Fprintf(stderr, "kb new: %s is a folder; to add an article to it, write %s/NAME\n", path.Join(contentDir, clash), clash)
			return 1
		}
	} else if _, err := fs.Stat(os.DirFS(*src), path.Join(contentDir, clash+".md")); err == nil {
		fmt.Fprintf(stderr, "kb new: %s.md is an article; a section there would have its URL\n", path.Join(contentDir, clash))
		return 1
	}

	order, note := nextOrder(site, dir, rel)
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", strconv.Quote(title))
	b.WriteString("description: \"\" # one sentence: shown under the title, in lists, in search results and in llms.txt\n")
	if order != "" {
		fmt.Fprintf(&b, "order: %s\n", order)
	}
	b.WriteString("---\n")
	if !*section {
		b.WriteString("\n")
	}

	osFile := filepath.Join(*src, filepath.FromSlash(contentDir), filepath.FromSlash(file))
	if err := os.MkdirAll(filepath.Dir(osFile), 0o755); err != nil {
		fmt.Fprintf(stderr, "kb new: %v\n", err)
		return 1
	}
	f, err := os.OpenFile(osFile, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(stderr, "kb new: %s%s already exists; kb new never overwrites a file\n", sitePrefix(*src), path.Join(contentDir, file))
		return 1
	}
	if err == nil {
		_, err = f.WriteString(b.String())
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "kb new: %v\n", err)
		return 1
	}
	if order != "" {
		note = "order " + order
	}
	fmt.Fprintf(stdout, "kb new: created %s%s (%s); write its description\n", sitePrefix(*src), path.Join(contentDir, file), note)
	return 0
}

// newPath checks PATH and returns it relative to the content folder:
// ending in .md for an article, a folder path for a section.
func newPath(arg, contentDir string, section bool) (string, error) {
	p := path.Clean(strings.ReplaceAll(arg, "\\", "/"))
	if contentDir != "." {
		p = strings.TrimPrefix(p, contentDir+"/")
	}
	if section {
		p = strings.TrimSuffix(p, "/_index.md")
	} else if ext := path.Ext(p); ext == ".md" || ext == ".markdown" {
		p = strings.TrimSuffix(p, ext)
	}
	if p == "." || p == "" || strings.HasPrefix(p, "/") || p == ".." || strings.HasPrefix(p, "../") {
		return "", fmt.Errorf("%s: give a path inside %s, such as billing/refunds/card-declined", arg, contentDir)
	}
	for _, seg := range strings.Split(p, "/") {
		if strings.HasPrefix(seg, ".") || strings.HasPrefix(seg, "_") {
			return "", fmt.Errorf("%s: names starting with . or _ are never published", arg)
		}
	}
	if !strings.ContainsFunc(path.Base(p), func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return "", fmt.Errorf("%s: the name needs a letter or a digit to make a URL from", arg)
	}
	if section {
		return p, nil
	}
	return p + ".md", nil
}

// nextOrder is the order that puts a new page after its last sibling in
// the folder dir: one more than the largest, as a whole number. With no
// siblings it is 1; when the siblings have no order, the new page gets
// none either (an order would put it first), and note says so.
func nextOrder(site *builder.Site, dir, self string) (order, note string) {
	var folder *builder.Page
	for _, p := range site.Pages {
		if p.Kind != builder.KindArticle && p.Dir == dir {
			folder = p
			break
		}
	}
	if folder == nil {
		return "1", ""
	}
	most, n, ordered := math.Inf(-1), 0, false
	for _, c := range folder.Children {
		if c.Src != nil && (c.Src.Rel == self || c.Src.Rel == self+"/_index.md") || c.Kind != builder.KindArticle && c.Dir == self {
			continue
		}
		n++
		if c.FM.HasOrder {
			ordered = true
			most = math.Max(most, c.FM.Order)
		}
	}
	switch {
	case n == 0:
		return "1", ""
	case !ordered:
		return "", "no order: its siblings have none, so it sorts by title"
	}
	return strconv.Itoa(int(math.Floor(most)) + 1), ""
}

// titleOf makes a title from a file or folder name: "card-declined" →
// "Card declined".
func titleOf(name string) string {
	name = strings.TrimSpace(strings.NewReplacer("-", " ", "_", " ").Replace(name))
	if name == "" {
		return ""
	}
	r := []rune(name)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}
