// Command kb builds and serves help centers from a folder of markdown.
//
// Usage:
//
//	kb build [-src DIR] [-out DIR] [-drafts] [-base-url URL] [-links error|warn] [-timings]
//	kb serve [-addr 127.0.0.1:1313] [-src DIR] [-open]
//	kb serve -prod [-dir public] [-addr :8080] [-feedback FILE]
//	kb feedback [-file FILE]
//	kb check [-src DIR] [-format text|json|github] [-now YYYY-MM-DD] [-drafts] [-links error|warn] [-agents]
//	kb check -stale [-src DIR] [-now YYYY-MM-DD] [-format text|json|github]
//	kb check -agents -dir public [-base-url URL]
//	kb init [-title TITLE] DIR
//	kb new [-section] [-src DIR] PATH ["Title"]
//	kb mv [-src DIR] [-n] SOURCE DEST
//	kb import -from docusaurus|mkdocs|jekyll|hugo [-n] [-base-url URL] SRC DEST
//	kb search [-dir public] [-lang CODE] [-json] [-n 10] [-category KEY] "query"
//	kb mcp [-dir public]
//	kb version
//	kb help
//
// kb build reads site.yaml, content/, layouts/ and static/ from -src (the
// current folder by default) and writes the site to -out (DIR/public by
// default). Problems are printed to standard error as path:line:col:
// message. The exit code is 0 on success, 1 when the content has errors
// (the previous output is then left untouched), and 2 for usage errors.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/kbhelp/kb/builder"
	"github.com/kbhelp/kb/internal/gcbudget"
)

// version is set at link time (-ldflags "-X main.version=…").
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `kb builds a help center from a folder of markdown.

Usage:
  kb build [-src DIR] [-out DIR] [-drafts] [-base-url URL] [-links error|warn] [-timings]
  kb serve [-addr 127.0.0.1:1313] [-src DIR] [-open]
  kb serve -prod [-dir public] [-addr :8080] [-feedback FILE]
  kb feedback [-file FILE]
  kb check [-src DIR] [-format text|json|github] [-now YYYY-MM-DD] [-drafts] [-links error|warn] [-agents]
  kb check -stale [-src DIR] [-now YYYY-MM-DD]
  kb check -agents -dir public [-base-url URL]
  kb init [-title TITLE] DIR
  kb new [-section] [-src DIR] PATH ["Title"]
  kb mv [-src DIR] [-n] SOURCE DEST
  kb import -from docusaurus|mkdocs|jekyll|hugo [-n] [-base-url URL] SRC DEST
  kb search [-dir public] [-lang CODE] [-json] [-n 10] [-category KEY] "query"
  kb mcp [-dir public]
  kb version
  kb help

Run "kb COMMAND -h" for a command's flags.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return runBuild(ctx, args[1:], stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "feedback":
		return runFeedback(args[1:], stdout, stderr)
	case "check":
		return runCheck(ctx, args[1:], stdout, stderr) // check.go
	case "init":
		return runInit(args[1:], stdout, stderr) // init.go
	case "new":
		return runNew(ctx, args[1:], stdout, stderr) // new.go
	case "mv":
		return runMv(ctx, args[1:], stdout, stderr) // mv.go
	case "import":
		return runImport(ctx, args[1:], stdout, stderr) // import.go
	case "search":
		return runSearch(ctx, args[1:], stdout, stderr) // search.go
	case "mcp":
		return runMCP(ctx, args[1:], os.Stdin, stdout, stderr) // mcp.go
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "kb", version)
		return 0
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "kb: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}

// buildHeapBudget is the heap kb build lets grow before it collects
// garbage as often as Go's default (internal/gcbudget): a build of up to
// a few thousand articles collects half as often; the 10,000-article
// benchmark site's live heap peaks near 250 MB, and its build then
// collects a little more often than that but no more than the default.
// Peak memory stays as it was (BENCHMARKS.md).
const buildHeapBudget = 384 << 20

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("kb build", flag.ContinueOnError)
	fl.SetOutput(stderr)
	src := fl.String("src", ".", "site folder: site.yaml, content/, layouts/, static/")
	out := fl.String("out", "", "output folder (default SRC/public)")
	drafts := fl.Bool("drafts", false, "build articles marked draft: true")
	baseURL := fl.String("base-url", "", "absolute URL the site is served at (overrides site.yaml base_url)")
	links := fl.String("links", "", "broken links are an error or a warn(ing) (overrides site.yaml links)")
	timings := fl.Bool("timings", false, "print how long each phase of the build took")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "kb build: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	if *links != "" && *links != "error" && *links != "warn" {
		fmt.Fprintf(stderr, "kb build: -links must be error or warn, not %q\n", *links)
		return 2
	}
	if msg := notSite("kb build", *src); msg != "" {
		fmt.Fprintln(stderr, msg)
		return 2
	}
	if *out == "" {
		*out = filepath.Join(*src, "public")
	}
	start := time.Now()
	defer gcbudget.Start(buildHeapBudget)()
	prog := newProgress(stderr, start)
	b := builder.New(builder.Options{BaseURL: *baseURL, Drafts: *drafts, Links: *links, Progress: prog.update})
	res, err := b.BuildDir(ctx, *src, *out)
	prog.done()
	prefix := ""
	if *src != "." && !filepath.IsAbs(*src) {
		prefix = filepath.ToSlash(filepath.Clean(*src)) + "/"
	}
	var diags builder.Diagnostics
	switch {
	case errors.As(err, &diags):
		printDiags(stderr, prefix, diags)
		fmt.Fprintf(stderr, "kb: build failed: %s, %s; %s left unchanged\n", count(diags.Errors(), "error"), count(diags.Warnings(), "warning"), *out)
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "kb: %v\n", err)
		return 1
	}
	printDiags(stderr, prefix, res.Warnings)
	fmt.Fprintf(stdout, "kb: built %s, %s, %s checked, %s in %s → %s\n",
		count(res.Articles, "article"), count(res.Sections, "section"), count(res.Links, "link"), count(len(res.Warnings), "warning"),
		time.Since(start).Round(time.Millisecond), *out)
	printFullText(stdout, res.LLMSFull)
	if *timings {
		phases := ""
		for _, t := range res.Timings {
			phases += fmt.Sprintf(" %s %dms", t.Phase, t.D.Milliseconds())
		}
		fmt.Fprintf(stdout, "kb: phases:%s\n", phases)
	}
	return 0
}

// printFullText gives the size of the root's and each category's
// llms-full.txt and, for a category split into parts, how many and the
// largest.
func printFullText(w io.Writer, files []builder.FileSize) {
	for _, f := range files {
		if f.PartOf != "" {
			continue
		}
		line := fmt.Sprintf("kb: %s: %s, about %s tokens", f.Path, humanBytes(f.Bytes), humanCount(f.Bytes/4))
		if f.Parts > 0 {
			var n int
			largest := builder.FileSize{}
			for _, p := range files {
				if p.PartOf == f.Path {
					n++
					if p.Bytes > largest.Bytes {
						largest = p
					}
				}
			}
			line += fmt.Sprintf("; the rest in %s below it, the largest %s (about %s tokens)", count(n, "part"), largest.Path, humanCount(largest.Bytes/4))
		}
		fmt.Fprintln(w, line)
	}
}

func printDiags(w io.Writer, prefix string, ds builder.Diagnostics) {
	for _, d := range ds {
		d.Pos.File = prefix + d.Pos.File
		fmt.Fprintln(w, d.String())
	}
}

// progress shows "rendering N/M" on a terminal once a build has run for
// a second; it prints nothing when standard error is not a terminal.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	tty   bool
	start time.Time
	last  time.Time
	shown bool
}

func newProgress(w io.Writer, start time.Time) *progress {
	p := &progress{w: w, start: start}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

func (p *progress) update(done, total int) {
	if !p.tty {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.start) < time.Second || now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last, p.shown = now, true
	fmt.Fprintf(p.w, "\rkb: rendering %d/%d pages", done, total)
}

func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// count is n and the noun, in the plural unless n is 1: "1 error",
// "2 errors", "0 warnings".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func humanBytes(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func humanCount(n int) string {
	switch {
	case n >= 1_000_000:
		return fmt.Sprintf("%.1fM", float64(n)/1e6)
	case n >= 1_000:
		return fmt.Sprintf("%.1fk", float64(n)/1e3)
	}
	return fmt.Sprint(n)
}
