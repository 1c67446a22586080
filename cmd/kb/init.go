package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// runInit is kb init:
//
//	kb init [-title "Acme Help Center"] DIR
//
// It starts a help center in DIR (created when missing): site.yaml, a
// home page, one category with one section and one article, a README
// saying how to serve it, and a .gitignore for the output. The site
// builds with no warning and passes kb check as it is. It refuses a
// folder that already has a site.yaml or content/, and never overwrites a
// file. Exit codes: 0 created, 1 the folder already has a site or cannot
// be written, 2 usage errors.
func runInit(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("kb init", flag.ContinueOnError)
	fl.SetOutput(stderr)
	title := fl.String("title", "Help Center", "the help center's title")
	fl.Usage = func() {
		fmt.Fprintln(stderr, `usage: kb init [-title "Acme Help Center"] DIR`)
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() != 1 {
		fl.Usage()
		return 2
	}
	if strings.TrimSpace(*title) == "" {
		fmt.Fprintln(stderr, "kb init: the title is empty")
		return 2
	}
	dir := fl.Arg(0)
	for _, name := range []string{"site.yaml", "content"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			fmt.Fprintf(stderr, "kb init: %s already has a %s; kb init starts a new site\n", dir, name)
			return 1
		}
	}
	files := starterSite(*title, dir)
	for _, f := range files {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f.name))); err == nil {
			fmt.Fprintf(stderr, "kb init: %s already exists\n", filepath.Join(dir, filepath.FromSlash(f.name)))
			return 1
		}
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fmt.Fprintf(stderr, "kb init: %v\n", err)
			return 1
		}
		if err := os.WriteFile(p, []byte(f.data), 0o644); err != nil {
			fmt.Fprintf(stderr, "kb init: %v\n", err)
			return 1
		}
	}
	serve := "kb serve"
	if dir != "." {
		serve = "kb serve -src " + shellQuote(dir)
	}
	fmt.Fprintf(stdout, "kb init: created a help center in %s\n  %s    # serve it at http://127.0.0.1:1313/ with live reload\n", dir, serve)
	if _, err := exec.LookPath("kb"); err != nil {
		// Run as go run ./cmd/kb init: the writer's next command,
		// kb serve, would not be found.
		fmt.Fprintf(stdout, "kb is not on your PATH: in kb's source folder, run\n  go install ./cmd/kb    # installs kb into $(go env GOPATH)/bin; put that folder on your PATH\n"+
			"or run kb from there without installing it: go run ./cmd/kb serve -src %s\n", shellQuote(absOr(dir)))
	}
	return 0
}

// absOr is dir as an absolute path, or dir itself when that fails.
func absOr(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return dir
}

type starterFile struct {
	name string // slash-separated, relative to the site folder
	data string
}

// goMin is the oldest Go that builds kb: go.mod's go line.
const goMin = "1.26.8"

// starterSite is the files kb init writes.
func starterSite(title, dir string) []starterFile {
	q := strconv.Quote(title)
	serve := "kb serve"
	if dir != "." {
		serve = "kb serve -src " + shellQuote(dir)
	}
	return []starterFile{
		{"site.yaml", `title: ` + q + `
description: "Answers and guides for ` + strings.Trim(q, `"`) + `."
language: en
# base_url: https://help.example.com/   # set it before publishing: canonical links, the sitemap and llms.txt use it
`},
		{"README.md", "# " + title + "\n\nA help center built with kb. Serve it with live reload at http://127.0.0.1:1313/:\n\n    " + serve +
			"\n\nAdd an article with `kb new getting-started/basics/NAME \"Title\"`, check the site with `kb check`, and build it into `public/` with `kb build`.\n" +
			"\n## Getting kb\n\n" +
			"If your shell says `kb: command not found`, install kb. It needs Go " + goMin + " or newer (https://go.dev/dl/). In a clone of kb's source:\n\n" +
			"    go install ./cmd/kb\n\n" +
			"Once kb is published, `go install github.com/kbhelp/kb/cmd/kb@latest` does the same without a clone. " +
			"Either puts `kb` in `$(go env GOPATH)/bin` (usually `~/go/bin`): add that folder to your PATH. " +
			"To run kb without installing it, use `go run ./cmd/kb` in kb's source folder instead of `kb`, with `-src` naming this folder: " +
			"`go run ./cmd/kb serve -src " + shellQuote(absOr(dir)) + "`.\n"},
		{".gitignore", "public/\n.kb/\n"},
		{"content/_index.md", `---
title: ` + q + `
description: "Answers and guides, with a search box and a page for every question."
---

Browse the categories below, or search for the words you would use.
`},
		{"content/getting-started/_index.md", `---
title: "Getting started"
description: "Everything you need on your first day."
order: 1
---
`},
		{"content/getting-started/basics/_index.md", `---
title: "The basics"
description: "How this help center works."
order: 1
---
`},
		{"content/getting-started/basics/welcome.md", `---
title: "Welcome to the help center"
description: "How the help center is organised, and how to add an article to it."
order: 1
---

Each folder of ` + "`content/`" + ` is a category or a section, and each markdown
file an article. The sidebar, breadcrumbs and lists follow the folders.

## Add an article

Run ` + "`kb new getting-started/basics/my-question \"My question\"`" + `, then
write the answer below the front matter. Start with what the reader should
do; explain why afterwards.

## See your changes

` + "`kb serve`" + ` rebuilds the site and reloads the page each time you save.
` + "`kb check`" + ` lists broken links, missing descriptions and other problems,
each with its file, line and column.
`},
	}
}

// shellQuote quotes a folder name for a shell command line when it
// needs it.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`!*?[]{}()<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
