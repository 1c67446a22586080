package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"path/filepath"
	"strings"

	"github.com/kbhelp/kb/builder"
	"github.com/kbhelp/kb/search"
)

// runSearch is "kb search": it queries the search index of a built
// output folder, as the search API would, and prints the hits (or, with
// -json, the API's JSON). Exit codes: 0 with or without hits, 1 when the
// index is missing, stale or unreadable, 2 for usage errors.
func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("kb search", flag.ContinueOnError)
	fl.SetOutput(stderr)
	dir := fl.String("dir", "public", "built output folder (kb build -out)")
	asJSON := fl.Bool("json", false, "print the results as the search API's JSON")
	n := fl.Int("n", search.DefaultLimit, fmt.Sprintf("number of hits, 1 to %d", search.MaxLimit))
	category := fl.String("category", "", "only hits in this category (its URL path, e.g. billing)")
	section := fl.String("section", "", "only hits in this section (its URL path, e.g. billing/payments)")
	fl.Usage = func() {
		fmt.Fprintln(stderr, `usage: kb search [-dir public] [-json] [-n 10] [-category KEY] [-section KEY] "query"`)
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() == 0 {
		fl.Usage()
		return 2
	}
	if *n < 1 || *n > search.MaxLimit {
		fmt.Fprintf(stderr, "kb search: -n must be from 1 to %d\n", search.MaxLimit)
		return 2
	}
	text := strings.Join(fl.Args(), " ")
	ix, err := search.Open(filepath.Join(*dir, builder.SearchDir))
	if err != nil {
		fmt.Fprintf(stderr, "kb search: %s: %v\n", *dir, err)
		return 1
	}
	defer ix.Close()
	res, err := ix.Search(ctx, search.Query{Text: text, Category: *category, Section: *section, Limit: *n})
	switch {
	case errors.Is(err, search.ErrQueryTooLong), errors.Is(err, search.ErrBadQuery):
		fmt.Fprintf(stderr, "kb search: %v\n", err)
		return 2
	case err != nil:
		fmt.Fprintf(stderr, "kb search: %v\n", err)
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return 1
		}
		return 0
	}
	fmt.Fprintf(stdout, "%d results for %q\n", res.Total, text)
	for i, h := range res.Hits {
		fmt.Fprintf(stdout, "\n%2d. %s", i+1, h.Title)
		if h.Section != "" {
			fmt.Fprintf(stdout, " › %s", h.Section)
		}
		fmt.Fprintf(stdout, "\n    %s\n", h.URL)
		if len(h.Breadcrumb) > 0 {
			fmt.Fprintf(stdout, "    %s\n", strings.Join(h.Breadcrumb, " › "))
		}
		if h.Snippet != "" {
			fmt.Fprintf(stdout, "    %s\n", plainSnippet(h.Snippet))
		}
	}
	if len(res.Categories) > 1 {
		fmt.Fprint(stdout, "\nBy category:")
		for _, c := range res.Categories {
			fmt.Fprintf(stdout, " %s (%d)", c.Title, c.Count)
		}
		fmt.Fprintln(stdout)
	}
	return 0
}

// plainSnippet turns a snippet's HTML into terminal text: matches in
// [brackets], entities decoded.
func plainSnippet(s string) string {
	s = strings.NewReplacer("<mark>", "[", "</mark>", "]").Replace(s)
	return html.UnescapeString(s)
}
