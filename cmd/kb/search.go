package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kbhelp/kb/builder"
	"github.com/kbhelp/kb/search"
)

// runSearch is "kb search": it queries the search index of a built
// output folder, as the search API would, and prints the hits (or, with
// -json, the API's JSON). -lang CODE searches that language's index, at
// <dir>/<code>/ where a multilingual build puts the language's site (or
// the root's, when the root is in that language). Exit codes: 0 with or
// without hits, 1 when the index is missing, stale or unreadable, 2 for
// usage errors.
func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("kb search", flag.ContinueOnError)
	fl.SetOutput(stderr)
	dir := fl.String("dir", "public", "built output folder (kb build -out)")
	asJSON := fl.Bool("json", false, "print the results as the search API's JSON")
	n := fl.Int("n", search.DefaultLimit, fmt.Sprintf("number of hits, 1 to %d", search.MaxLimit))
	category := fl.String("category", "", "only hits in this category (its URL path, e.g. billing)")
	section := fl.String("section", "", "only hits in this section (its URL path, e.g. billing/payments)")
	lang := fl.String("lang", "", "search this language's index (its code, e.g. de): the one under <dir>/<code>/")
	fl.Usage = func() {
		fmt.Fprintln(stderr, `usage: kb search [-dir public] [-lang CODE] [-json] [-n 10] [-category KEY] [-section KEY] "query"`)
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
	if *lang != "" && !validLangCode(*lang) {
		fmt.Fprintf(stderr, "kb search: -lang %q is not a language code (de, pt-br)\n", *lang)
		return 2
	}
	text := strings.Join(fl.Args(), " ")
	idx, err := langIndex(*dir, *lang)
	if err != nil {
		fmt.Fprintf(stderr, "kb search: %v\n", err)
		return 1
	}
	ix, err := search.Open(idx)
	if err != nil {
		fmt.Fprintf(stderr, "kb search: %s: %v\n", filepath.Dir(idx), err)
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

// langIndex is the folder of the index to search in the output dir: the
// root's without a language; language code's under <dir>/<code>/, or the
// root's when there is none there and the root's index is in code.
func langIndex(dir, code string) (string, error) {
	root := filepath.Join(dir, builder.SearchDir)
	if code == "" {
		return root, nil
	}
	own := filepath.Join(dir, strings.ToLower(code), builder.SearchDir)
	if raw, err := os.ReadFile(filepath.Join(dir, builder.SiteManifestPath)); err == nil {
		m, _ := builder.ReadSiteManifest(raw)
		for _, l := range m.Languages { // its folder, hc/de/ as well as de/
			if strings.EqualFold(l.Code, code) {
				own = filepath.Join(dir, filepath.FromSlash(l.Path), builder.SearchDir)
			}
		}
	}
	if _, err := search.ReadMeta(own); !errors.Is(err, search.ErrNoIndex) {
		return own, nil // Open reports any other problem
	}
	if m, err := search.ReadMeta(root); err == nil && sameLanguage(m.Language, code) {
		return root, nil
	}
	return "", fmt.Errorf("%s: no search index in language %s (looked in %s); run kb build", dir, code, filepath.Dir(own))
}

// sameLanguage reports whether an index's language (Meta.Language, ""
// for English, which records no code) is code.
func sameLanguage(indexed, code string) bool {
	if indexed == "" {
		a, _ := search.AnalysisOf(code)
		return a == "en"
	}
	return strings.EqualFold(indexed, code)
}

// validLangCode accepts BCP 47-like codes, one path segment.
func validLangCode(s string) bool {
	if len(s) < 2 || len(s) > 35 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// plainSnippet turns a snippet's HTML into terminal text: matches in
// [brackets], entities decoded.
func plainSnippet(s string) string {
	s = strings.NewReplacer("<mark>", "[", "</mark>", "]").Replace(s)
	return html.UnescapeString(s)
}
