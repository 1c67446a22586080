package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kbhelp/kb/move"
)

// runMv is kb mv:
//
//	kb mv [-src DIR] [-n] SOURCE DEST
//
// It moves an article (with the images next to it that only it uses), or
// a folder, inside the content folder; rewrites every link to what moved
// in every other file (relative links stay relative, site URLs stay site
// URLs, anchors are kept), and in the moved files themselves; and adds
// each moved page's old URL to its aliases, so the old URL redirects with
// a 301. SOURCE and DEST are paths in the content folder; DEST is a
// folder to move into when it exists or ends in "/" (or, for a file, has
// no extension), else the new name. -n prints the plan and changes
// nothing. Nothing changes either when any step would fail: the move is
// checked in memory first, and must leave every link leading where it
// led. Exit codes: 0 done, 1 the move cannot be made, 2 usage errors.
func runMv(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("kb mv", flag.ContinueOnError)
	fl.SetOutput(stderr)
	src := fl.String("src", ".", "site folder: site.yaml, content/")
	dry := fl.Bool("n", false, "print the plan (moves, link rewrites with path:line:col, aliases) and change nothing")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: kb mv [-src DIR] [-n] SOURCE DEST")
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
	if msg := notSite("kb mv", *src); msg != "" {
		fmt.Fprintln(stderr, msg)
		return 2
	}
	prefix := sitePrefix(*src)
	plan, err := move.Make(ctx, os.DirFS(*src), fl.Arg(0), fl.Arg(1))
	var me *move.Error
	switch {
	case errors.As(err, &me):
		fmt.Fprintf(stderr, "kb mv: %s\n", me.Msg)
		printDiags(stderr, prefix, me.Diags)
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "kb mv: %v\n", err)
		return 1
	}
	summary := fmt.Sprintf("%s, %s rewritten in %s, %s added", plural(len(plan.Moves), "file"),
		plural(len(plan.Edits), "link"), plural(plan.EditedFiles(), "file"), plural(len(plan.Aliases), "alias"))
	if *dry {
		plan.Print(stdout, prefix)
		fmt.Fprintf(stdout, "kb mv: would move %s; nothing changed (-n)\n", summary)
		return 0
	}
	if err := plan.Apply(*src); err != nil {
		fmt.Fprintf(stderr, "kb mv: %v\n", err)
		return 1
	}
	for _, n := range plan.Notes {
		fmt.Fprintf(stdout, "kb mv: note: %s\n", n)
	}
	if len(plan.Kept) > 0 {
		fmt.Fprintf(stdout, "kb mv: the site had %s before the move, unchanged by it (kb check lists them)\n", count(len(plan.Kept), "error"))
	}
	fmt.Fprintf(stdout, "kb mv: moved %s\n", summary)
	return 0
}

// plural writes a count with its noun: "1 file", "2 files", "3 aliases".
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	if strings.HasSuffix(noun, "s") {
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
