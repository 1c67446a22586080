package main

// kb serve and kb feedback: flags and wiring only; the work is in
// package server.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/kbhelp/kb/builder"
	"github.com/kbhelp/kb/search"
	"github.com/kbhelp/kb/server"
)

const serveUsage = `Usage:
  kb serve [-addr 127.0.0.1:1313] [-src DIR] [-open] [-poll 1s] [-allowed-hosts H,…] [-feedback FILE]
  kb serve -prod [-dir SRC/public] [-addr :8080] [-feedback FILE] [-base-path /help/] [-access-log=false] [-mcp-rate 10]

kb serve builds the site (drafts included), serves it from memory and
rebuilds it when content/, layouts/, static/ or site.yaml change; pages
reload by themselves, and build errors show in the browser. With -prod it
serves a folder written by kb build: no watcher, no live reload, with
caching and security headers, /healthz and access logs, and shuts down
gracefully on SIGTERM.
`

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("kb serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() { fmt.Fprint(stderr, serveUsage+"\nFlags:\n"); fl.PrintDefaults() }
	addr := fl.String("addr", "", "address to listen on (default 127.0.0.1:1313; with -prod :8080)")
	src := fl.String("src", ".", "site folder: site.yaml, content/, layouts/, static/")
	open := fl.Bool("open", false, "open the site in the browser")
	prod := fl.Bool("prod", false, "serve a folder written by kb build (production mode)")
	dir := fl.String("dir", "", "with -prod: the folder to serve (default SRC/public)")
	basePath := fl.String("base-path", "", "with -prod: the path the site is served under (default: read from the folder)")
	feedback := fl.String("feedback", "", `file that receives "Was this page helpful?" votes (default SRC/.kb/feedback.jsonl; with -prod, none unless set)`)
	hosts := fl.String("allowed-hosts", "", "comma-separated Host names to accept besides localhost and IP addresses")
	poll := fl.Duration("poll", 0, "look for changes at this interval instead of using file events (network file systems)")
	links := fl.String("links", "", "broken links are an error or a warn(ing) (overrides site.yaml links)")
	accessLog := fl.Bool("access-log", false, "log every request to standard output (default true with -prod)")
	timings := fl.Bool("timings", false, "print how long each phase of every rebuild took")
	mcpRate := fl.Float64("mcp-rate", 10, "MCP calls a second per client address, after a burst of six seconds' worth")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "kb serve: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	if *links != "" && *links != "error" && *links != "warn" {
		fmt.Fprintf(stderr, "kb serve: -links must be error or warn, not %q\n", *links)
		return 2
	}
	set := map[string]bool{}
	fl.Visit(func(f *flag.Flag) { set[f.Name] = true })
	cfg := server.Config{Dev: !*prod, Log: stderr, Version: version}
	if *mcpRate <= 0 || *mcpRate > 1e6 {
		fmt.Fprintf(stderr, "kb serve: -mcp-rate must be above 0, not %v\n", *mcpRate)
		return 2
	}
	cfg.MCPRate = server.Rate{Burst: max(1, int(6**mcpRate)), Every: time.Duration(float64(time.Second) / *mcpRate)}
	for h := range strings.SplitSeq(*hosts, ",") {
		if h = strings.TrimSpace(h); h != "" {
			cfg.AllowedHosts = append(cfg.AllowedHosts, h)
		}
	}
	if *accessLog || *prod && !set["access-log"] {
		cfg.AccessLog = stdout
	}
	if *prod {
		for _, f := range []string{"open", "poll", "links"} {
			if set[f] {
				fmt.Fprintf(stderr, "kb serve: -%s has no effect with -prod\n", f)
				return 2
			}
		}
		if *addr == "" {
			*addr = ":8080"
		}
		if *dir == "" {
			*dir = filepath.Join(*src, "public")
		}
		cfg.Dir, cfg.BasePath, cfg.FeedbackFile = *dir, *basePath, *feedback
		// Search: the prebuilt index of the folder. Without one (or with a
		// stale, foreign or corrupt one) pages are still served and
		// /api/search answers 503 with a JSON error.
		// A multilingual build has an index per language, in the
		// language's folder, as its _kb.json lists them; the root's is
		// the default language's, unless that is below a folder too.
		langs := openLanguageIndexes(*dir, stderr)
		if langs != nil {
			cfg.Searches = func(code string) http.Handler { return langs[code] }
		}
		rootIndex := filepath.Join(*dir, builder.SearchDir)
		ix, err := search.Open(rootIndex)
		if _, serr := os.Stat(rootIndex); err != nil && (langs == nil || serr == nil) {
			fmt.Fprintf(stderr, "kb serve: search disabled: %v\n", err)
		}
		cfg.Search = search.Handler(ix)
	} else {
		for _, f := range []string{"dir", "base-path"} {
			if set[f] {
				fmt.Fprintf(stderr, "kb serve: -%s needs -prod\n", f)
				return 2
			}
		}
		if msg := notSite("kb serve", *src); msg != "" {
			fmt.Fprintln(stderr, msg)
			return 2
		}
		if *addr == "" {
			*addr = "127.0.0.1:1313"
		}
		cfg.FeedbackFile = *feedback
		if cfg.FeedbackFile == "" {
			cfg.FeedbackFile = filepath.Join(*src, ".kb", "feedback.jsonl")
		}
		fsys := os.DirFS(*src)
		ds := newDevSearches(stderr) // an index per language
		defer ds.close()
		cfg.Search, cfg.Searches = ds, ds.lang
		// A rebuild redoes only what a save changed (builder.Cache).
		build, changed := server.CachedBuild(fsys, builder.Options{Dev: true, Drafts: true, Links: *links})
		cfg.Build = func(ctx context.Context, sink builder.Sink) (*builder.Result, error) {
			res, err := build(ctx, sink)
			if err == nil {
				ds.update(ctx, res)
			}
			return res, err
		}
		cfg.Changed = changed
		cfg.Timings = *timings
		cfg.SourceFS = fsys
		if *src != "." && !filepath.IsAbs(*src) {
			cfg.LogPrefix = filepath.ToSlash(filepath.Clean(*src)) + "/"
		}
	}
	srv, err := server.New(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "kb: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "kb: %v\n", err)
		return 1
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	runDone := make(chan struct{})
	// Serve from the start: while the first build runs (seconds, on a
	// large site), pages answer "building" and reload when it is done,
	// instead of hanging.
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	if cfg.Dev {
		if fi, err := os.Stat(*src); err != nil || !fi.IsDir() {
			cancel()
			<-served
			fmt.Fprintf(stderr, "kb serve: %s is not a folder\n", *src)
			return 1
		}
		changes, err := server.Watch(ctx, *src, server.WatchOptions{Poll: *poll, Log: stderr})
		if err != nil {
			cancel()
			<-served
			fmt.Fprintf(stderr, "kb: watch %s: %v\n", *src, err)
			return 1
		}
		_, _ = srv.Rebuild(ctx, server.Batch{Rescan: true}) // problems are printed; the overlay shows them
		go func() { srv.Run(ctx, changes); close(runDone) }()
	} else {
		close(runDone)
	}
	url := "http://" + displayAddr(ln.Addr()) + srv.BasePath()
	if cfg.Dev {
		fmt.Fprintf(stdout, "kb: serving %s at %s (Ctrl-C to stop)\n", *src, url)
	} else {
		fmt.Fprintf(stdout, "kb: serving %s at %s\n", *dir, url)
	}
	if *open {
		openBrowser(url)
	}
	err = <-served
	cancel()
	<-runDone
	if err != nil {
		fmt.Fprintf(stderr, "kb: %v\n", err)
		return 1
	}
	return 0
}

// openLanguageIndexes opens the search index of each language of the
// multilingual build in dir but the root's (the default language's): the search
// API of each by its code. A language whose index is missing or
// unreadable is left out (its search answers 503), with a warning; nil
// for a build in one language.
func openLanguageIndexes(dir string, stderr io.Writer) map[string]http.Handler {
	data, err := os.ReadFile(filepath.Join(dir, builder.SiteManifestPath))
	if err != nil {
		return nil
	}
	m, err := builder.ReadSiteManifest(data)
	if err != nil || len(m.Languages) < 2 {
		return nil
	}
	out := map[string]http.Handler{}
	for _, l := range m.Languages {
		if l.Path == "" {
			continue // the root's index: Config.Search
		}
		ix, err := search.Open(filepath.Join(dir, filepath.FromSlash(l.Path), builder.SearchDir))
		if err != nil {
			fmt.Fprintf(stderr, "kb serve: search in %s disabled: %v\n", l.Code, err)
			continue
		}
		out[l.Code] = search.Handler(ix)
	}
	return out
}

// displayAddr is a listening address as a browser would use it:
// "localhost:1313" for a wildcard address.
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err == nil {
		go cmd.Wait()
	}
}

func runFeedback(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("kb feedback", flag.ContinueOnError)
	fl.SetOutput(stderr)
	src := fl.String("src", ".", "site folder")
	file := fl.String("file", "", "feedback file (default SRC/.kb/feedback.jsonl)")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "kb feedback: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	if *file == "" {
		*file = filepath.Join(*src, ".kb", "feedback.jsonl")
	}
	f, err := os.Open(*file)
	if errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(stdout, "No feedback yet (%s does not exist).\n", *file)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "kb: %v\n", err)
		return 1
	}
	defer f.Close()
	sum, err := server.Summarize(f)
	if err != nil {
		fmt.Fprintf(stderr, "kb: read %s: %v\n", *file, err)
		return 1
	}
	if err := sum.WriteText(stdout); err != nil {
		return 1
	}
	return 0
}
