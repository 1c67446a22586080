package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing/fstest"
	"time"

	"github.com/kbhelp/kb/agentcheck"
	"github.com/kbhelp/kb/builder"
	"github.com/kbhelp/kb/lint"
)

// runCheck is kb check:
//
//	kb check [-src DIR] [-format text|json|github] [-now YYYY-MM-DD] [-drafts] [-links error|warn] [-agents]
//	kb check -stale [-src DIR] [-now YYYY-MM-DD] [-format text|json|github]
//	kb check -agents -dir public [-base-url URL]
//	kb check -missing CODE [-src DIR]
//	kb check -fix-hashes [-src DIR] [PATH...]
//
// By default it checks the site in -src as kb build would, without
// writing anything, plus the lint rules of package lint (orphans,
// missing descriptions, duplicate titles, alt text, long titles, skipped
// heading levels, empty sections, overdue reviews), with the severities
// of site.yaml's check.rules. -agents adds the agent checks (package
// agentcheck) of the site rendered in memory; their paths are the
// output's, under public/. With -dir, -agents checks an output folder
// kb build already wrote, and nothing else.
//
// -stale lists the articles whose review is overdue, longest overdue
// first, with their owners; it exits 0 whatever it finds.
//
// A multilingual site is checked in every language, with the
// translation rules (lint/translations.go): stale translations, links to
// pages of another language only, articles in one language only, and,
// after the findings, a table of the translations missing per language
// (a line each). -missing CODE lists every article language CODE has no
// translation of (all: every language), one path a line, and exits 0.
// -fix-hashes writes each translation's source_hash, the body hash of
// its original now (builder.BodyHash), into its front matter, changing
// nothing else in the file, and prints what it changed; with PATHs, only
// the translations at or below them. Run it once a translation is up to
// date with its original.
//
// Findings go to standard output as path:line:col: rule: message
// (-format json: one JSON object; -format github: workflow annotations),
// then one summary line. The exit code is 0 when there are no errors
// (warnings are fine), 1 when there are, and 2 for usage errors.
func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("kb check", flag.ContinueOnError)
	fl.SetOutput(stderr)
	src := fl.String("src", ".", "site folder: site.yaml, content/, layouts/, static/")
	format := fl.String("format", "text", "output: text, json or github (workflow annotations)")
	nowFlag := fl.String("now", "", "the date reviews are due against, YYYY-MM-DD (default today)")
	stale := fl.Bool("stale", false, "list the articles whose review is overdue, with their owners")
	drafts := fl.Bool("drafts", false, "check articles marked draft: true as published")
	agents := fl.Bool("agents", false, "also check the llms.txt files, markdown twins and their links")
	dir := fl.String("dir", "public", "with -agents: check this built output folder instead of rendering -src")
	baseURL := fl.String("base-url", "", "absolute URL the site is served at (overrides site.yaml base_url)")
	links := fl.String("links", "", "broken links are an error or a warn(ing) (overrides site.yaml links), as for kb build")
	missing := fl.String("missing", "", "list every article not translated into language `CODE` (all: every language)")
	fixHashes := fl.Bool("fix-hashes", false, "write each translation's source_hash, its original's body hash now (only those at or below the PATHs given)")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() > 0 && !*fixHashes {
		fmt.Fprintf(stderr, "kb check: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	if *links != "" && *links != "error" && *links != "warn" {
		fmt.Fprintf(stderr, "kb check: -links must be error or warn, not %q\n", *links)
		return 2
	}
	if *format != "text" && *format != "json" && *format != "github" {
		fmt.Fprintf(stderr, "kb check: -format must be text, json or github, not %q\n", *format)
		return 2
	}
	now := time.Now()
	if *nowFlag != "" {
		t, err := time.Parse("2006-01-02", *nowFlag)
		if err != nil {
			fmt.Fprintf(stderr, "kb check: -now %q is not a date (write YYYY-MM-DD)\n", *nowFlag)
			return 2
		}
		now = t
	}
	set := map[string]bool{}
	fl.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *agents && set["dir"] {
		if *stale || set["src"] {
			fmt.Fprintln(stderr, "kb check: -agents -dir checks a built folder; it takes no -src or -stale")
			return 2
		}
		return checkOutput(*dir, *baseURL, *format, stdout, stderr)
	}
	if msg := notSite("kb check", *src); msg != "" {
		fmt.Fprintln(stderr, msg)
		return 2
	}

	start := time.Now()
	fsys := os.DirFS(*src)
	report, err := lint.RunLanguages(ctx, fsys, builder.Options{BaseURL: *baseURL, Drafts: *drafts, Links: *links}, lint.Options{Now: now})
	if err != nil {
		fmt.Fprintf(stderr, "kb check: %v\n", err)
		return 1
	}
	findings := report.Findings
	var site *builder.Site
	if len(report.Sites) > 0 {
		site = report.Sites[0]
	}
	prefix := sitePrefix(*src)
	switch {
	case *stale:
		return listStale(report.Sites, findings, now, *format, prefix, stdout, stderr)
	case *fixHashes:
		return fixSourceHashes(report, *src, fl.Args(), stdout, stderr)
	case *missing != "":
		return listMissing(report, *missing, prefix, stdout, stderr)
	}
	errs, _ := lint.Count(findings)
	var agentFindings []lint.Finding
	if *agents && errs == 0 {
		agentFindings, err = checkRendered(ctx, fsys, site, builder.Options{BaseURL: *baseURL, Drafts: *drafts, Links: *links, NoIndex: true})
		if err != nil {
			fmt.Fprintf(stderr, "kb check: %v\n", err)
			return 1
		}
	}
	all := append(withPrefix(findings, prefix), withPrefix(agentFindings, prefix+"public/")...)
	if err := lint.Write(stdout, *format, all, ""); err != nil {
		return 1
	}
	errs, warns := lint.Count(all)
	if *format != "json" {
		if *agents && errs > 0 && agentFindings == nil {
			fmt.Fprintln(stdout, "kb check: the agent checks need a site that builds; fix the errors first")
		}
		if err := lint.WriteMissing(stdout, report.Missing, prefix, 3); err != nil {
			return 1
		}
		pages, notes := 0, 0
		for _, s := range report.Sites {
			for _, p := range s.Pages {
				if !p.Fallback {
					pages++
				}
			}
		}
		for _, f := range all {
			if f.Severity == lint.Info {
				notes++
			}
		}
		counts := count(errs, "error") + ", " + count(warns, "warning")
		if notes > 0 {
			counts += ", " + count(notes, "note")
		}
		in := count(pages, "page")
		if len(report.Sites) > 1 {
			in += " in " + count(len(report.Sites), "language")
		}
		fmt.Fprintf(stdout, "kb check: %s in %s (%s)\n", counts, in, time.Since(start).Round(time.Millisecond))
	}
	if errs > 0 {
		return 1
	}
	return 0
}

// withPrefix puts prefix before the path of every finding.
func withPrefix(fs []lint.Finding, prefix string) []lint.Finding {
	for i := range fs {
		fs[i].Pos.File = prefix + fs[i].Pos.File
	}
	return fs
}

// notSite says why dir is not a site folder, for command cmd ("kb
// build"), or returns "" when it is one: it has a site.yaml or a
// content/ folder. The message names the folder as an absolute path, so
// that a command run from the wrong folder says where it looked, and
// how to start a site there. The commands exit 2 with it: building an
// empty folder "successfully" made an empty site.
func notSite(cmd, dir string) string {
	for _, name := range []string{"site.yaml", "content"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return ""
		}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	if fi, err := os.Stat(dir); err != nil {
		return fmt.Sprintf("%s: there is no folder %s; give the site's folder with -src DIR", cmd, abs)
	} else if !fi.IsDir() {
		return fmt.Sprintf("%s: %s is a file, not a site folder; give the site's folder with -src DIR", cmd, abs)
	}
	return fmt.Sprintf("%s: %s is not a site folder: it has no site.yaml and no content/ folder.\n"+
		"Run kb in the folder of a site, give its folder with -src DIR, or start a new site with: kb init %s", cmd, abs, shellQuote(dir))
}

// sitePrefix is what goes before site paths in messages: the site folder
// as the user named it, so the paths open from where kb ran.
func sitePrefix(src string) string {
	if src == "." || filepath.IsAbs(src) {
		return ""
	}
	return filepath.ToSlash(filepath.Clean(src)) + "/"
}

// listStale is kb check -stale, over every language's own articles.
func listStale(sites []*builder.Site, findings []lint.Finding, now time.Time, format, prefix string, stdout, stderr io.Writer) int {
	if sites == nil { // site.yaml has errors: say which
		_ = lint.Write(stderr, "text", findings, prefix)
		return 1
	}
	var overdue []lint.Stale
	for _, site := range sites {
		for _, s := range lint.Overdue(site, now) {
			if !s.Page.Fallback { // the default language lists it
				overdue = append(overdue, s)
			}
		}
	}
	sort.SliceStable(overdue, func(i, j int) bool { return overdue[i].Due.Before(overdue[j].Due) }) // each language's are by path
	var fs []lint.Finding
	for _, s := range overdue {
		fs = append(fs, lint.Finding{Pos: s.Page.FM.ReviewPos(), Rule: lint.RuleReviewOverdue, Severity: lint.Warning, Msg: s.Message(now)})
	}
	if err := lint.Write(stdout, format, fs, prefix); err != nil {
		return 1
	}
	if format != "json" {
		fmt.Fprintf(stdout, "kb check: %d articles overdue for review on %s\n", len(fs), now.Format("2006-01-02"))
	}
	return 0
}

// checkRendered renders the site in memory and runs the agent checks
// over the outputs.
func checkRendered(ctx context.Context, fsys fs.FS, site *builder.Site, opts builder.Options) ([]lint.Finding, error) {
	sink := builder.NewMemSink()
	b := builder.New(opts)
	if _, err := b.Build(ctx, fsys, sink); err != nil {
		return nil, err
	}
	out := fstest.MapFS{}
	for name, data := range sink.Files() {
		out[name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	cfg := site.Config
	return fromAgents(agentcheck.Check(out, agentcheck.Options{BaseURL: cfg.BaseURL, BasePath: cfg.BasePath})), nil
}

func fromAgents(afs []agentcheck.Finding) []lint.Finding {
	out := make([]lint.Finding, 0, len(afs))
	for _, f := range afs {
		s := lint.Error
		if f.Warning {
			s = lint.Warning
		}
		out = append(out, lint.Finding{Pos: builder.Pos{File: f.Path, Line: f.Line, Col: f.Col}, Rule: f.Rule, Severity: s, Msg: f.Msg})
	}
	return out
}

// checkOutput is kb check -agents -dir: the agent checks of a folder kb
// build wrote.
func checkOutput(dir, baseURL, format string, stdout, stderr io.Writer) int {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "kb check: -dir %s is not a folder; run kb build first\n", dir)
		return 2
	}
	findings := fromAgents(agentcheck.Check(os.DirFS(dir), agentcheck.Options{BaseURL: baseURL}))
	if err := lint.Write(stdout, format, findings, filepath.ToSlash(filepath.Clean(dir))+"/"); err != nil {
		return 1
	}
	errs, warns := lint.Count(findings)
	if format != "json" {
		fmt.Fprintf(stdout, "kb check: %s, %s in %s\n", count(errs, "error"), count(warns, "warning"), dir)
	}
	if errs > 0 {
		return 1
	}
	return 0
}
