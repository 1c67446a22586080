package main

// kb mcp: flags and wiring only; the MCP server is in package server.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/kbhelp/kb/builder"
	"github.com/kbhelp/kb/search"
	"github.com/kbhelp/kb/server"
)

const mcpUsage = `Usage:
  kb mcp [-dir SRC/public] [-src DIR]

kb mcp serves a folder written by kb build to a local AI agent over the
Model Context Protocol on standard input and output: the tools search,
get_page and list_sections, and the llms.txt files as resources. Point
an agent's MCP configuration at "kb mcp -dir /path/to/public" (see the
README). Nothing is written; messages go to standard error.
`

func runMCP(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("kb mcp", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() { fmt.Fprint(stderr, mcpUsage+"\nFlags:\n"); fl.PrintDefaults() }
	src := fl.String("src", ".", "site folder, whose public/ is served unless -dir is set")
	dir := fl.String("dir", "", "the folder kb build wrote (default SRC/public)")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "kb mcp: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	if *dir == "" {
		*dir = filepath.Join(*src, "public")
	}
	if _, err := os.Stat(filepath.Join(*dir, "llms.txt")); err != nil {
		fmt.Fprintf(stderr, "kb mcp: %s is not a folder written by kb build (no llms.txt); run kb build first\n", *dir)
		return 1
	}
	ix, err := search.Open(filepath.Join(*dir, builder.SearchDir))
	if err != nil {
		fmt.Fprintf(stderr, "kb mcp: search disabled: %v\n", err)
	}
	if ix != nil {
		defer ix.Close()
	}
	srv, err := server.New(server.Config{Dir: *dir, Search: search.Handler(ix), Log: stderr, Version: version})
	if err != nil {
		fmt.Fprintf(stderr, "kb: %v\n", err)
		return 1
	}
	err = srv.ServeMCP(ctx, &mcp.IOTransport{Reader: io.NopCloser(stdin), Writer: nopWriteCloser{stdout}, MaxLineLength: 1 << 20})
	if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, io.EOF) {
		fmt.Fprintf(stderr, "kb mcp: %v\n", err)
		return 1
	}
	return 0
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
