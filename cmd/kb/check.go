package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"kb/agentcheck"
)

// runCheck is "kb check -agents": it checks, offline, what a built site
// offers AI agents (see package agentcheck for the rules). Findings go to
// standard output as path:line:col: rule: message, sorted, paths
// starting with -dir, then one summary line. The exit code is 0 when
// there are no errors (warnings are fine), 1 when there are, and 2 for
// usage errors.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("kb check", flag.ContinueOnError)
	fl.SetOutput(stderr)
	agents := fl.Bool("agents", false, "check the llms.txt files, markdown twins and their links (the only check so far)")
	dir := fl.String("dir", "public", "the built output folder")
	baseURL := fl.String("base-url", "", "absolute URL the site is served at (default: the canonical link of the root index.html)")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "kb check: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	if !*agents {
		fmt.Fprintln(stderr, "kb check: say what to check: -agents")
		return 2
	}
	if fi, err := os.Stat(*dir); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "kb check: -dir %s is not a folder; run kb build first\n", *dir)
		return 2
	}
	findings := agentcheck.Check(os.DirFS(*dir), agentcheck.Options{BaseURL: *baseURL})
	prefix := filepath.ToSlash(filepath.Clean(*dir)) + "/"
	errs := 0
	for _, f := range findings {
		if !f.Warning {
			errs++
		}
		f.Path = prefix + f.Path
		fmt.Fprintln(stdout, f)
	}
	fmt.Fprintf(stdout, "kb check: %d errors, %d warnings in %s\n", errs, len(findings)-errs, *dir)
	if errs > 0 {
		return 1
	}
	return 0
}
