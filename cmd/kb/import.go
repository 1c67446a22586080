package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/kbhelp/kb/importer"
)

// runImport is kb import:
//
//	kb import -from docusaurus|mkdocs|jekyll|hugo [-n] [-base-url URL] SRC DEST
//
// It converts the site in SRC, written for another generator, into a kb
// site in DEST, once (package importer), and prints a report: the files
// converted, the constructs converted by kind, and every construct left
// for the writer at its path:line:col in SRC. SRC is only read. DEST must
// not exist or be empty. -n prints the report and writes nothing.
// -base-url is the old site's URL when its config has none (site.yaml's
// base_url; images missing from SRC then point at the old site). Exit
// codes: 0 converted (warnings may be left), 1 the converted site would
// not build (errors left) or the import failed, 2 usage errors.
func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("kb import", flag.ContinueOnError)
	fl.SetOutput(stderr)
	from := fl.String("from", "", "the generator SRC was written for: "+strings.Join(importer.Generators, ", "))
	dry := fl.Bool("n", false, "print the report and write nothing")
	baseURL := fl.String("base-url", "", "the old site's URL, when its config has none")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: kb import -from docusaurus|mkdocs|jekyll|hugo [-n] [-base-url URL] SRC DEST")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() != 2 {
		fl.Usage()
		return 2
	}
	if !slices.Contains(importer.Generators, *from) {
		fmt.Fprintf(stderr, "kb import: -from must be one of %s, not %q\n", strings.Join(importer.Generators, ", "), *from)
		return 2
	}
	src, dest := fl.Arg(0), fl.Arg(1)
	if fi, err := os.Stat(src); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "kb import: %s is not a folder\n", src)
		return 2
	}
	if ents, err := os.ReadDir(dest); err == nil && len(ents) > 0 && !*dry {
		fmt.Fprintf(stderr, "kb import: %s exists and is not empty: give a new folder\n", dest)
		return 2
	}
	start := time.Now()
	res, err := importer.Import(ctx, os.DirFS(src), importer.Options{From: *from, BaseURL: *baseURL})
	if err != nil {
		fmt.Fprintf(stderr, "kb import: %v\n", err)
		return 1
	}
	res.Report.Print(stdout, sitePrefix(src))
	if *dry {
		fmt.Fprintf(stdout, "kb import: nothing written (-n), %s\n", time.Since(start).Round(time.Millisecond))
	} else {
		if err := res.Write(dest); err != nil {
			fmt.Fprintf(stderr, "kb import: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "kb import: wrote %s in %s\n", dest, time.Since(start).Round(time.Millisecond))
	}
	if res.Report.Errors() > 0 {
		return 1
	}
	return 0
}
