// Command langcorpus turns a kbcorpus site into a multilingual one, for
// issue 18's figures (scripts/bench-languages.sh runs it): it writes
// "translations" of the default language's files into content/<code>/
// and the languages into site.yaml.
//
// Usage:
//
//	langcorpus -site DIR [-langs de,fr] [-pct 100]
//
// A translation is a copy of the original at the same relative path with
// a language marker: the title, the description and every paragraph's
// first line start with "[de] ". Headings, list items, quotes, code
// blocks, tables and links are left as they are, so that a translation's
// links and anchors resolve exactly as the original's do. Every _index.md
// is translated; of the articles, those whose path hashes below -pct
// percent (FNV-1a, so the same articles in every language, and the same
// from one run to the next), the others are left to kb's fallback pages.
// The articles are read from content/ less the languages' folders, so a
// site can be run through again with more languages.
//
// site.yaml gets title, language: en and, with -langs, languages: en
// first; an existing site.yaml is replaced (kbcorpus writes none).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

func main() {
	site := flag.String("site", "", "kbcorpus site folder")
	langs := flag.String("langs", "", "language codes to write, comma-separated (empty: site.yaml only)")
	pct := flag.Int("pct", 100, "percent of the articles translated")
	flag.Parse()
	if *site == "" || *pct < 0 || *pct > 100 || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	var codes []string
	for c := range strings.SplitSeq(*langs, ",") {
		if c = strings.TrimSpace(c); c != "" {
			codes = append(codes, c)
		}
	}
	if err := run(*site, codes, *pct); err != nil {
		fmt.Fprintln(os.Stderr, "langcorpus:", err)
		os.Exit(1)
	}
}

var names = map[string]string{"de": "Deutsch", "fr": "Français", "ar": "العربية", "es": "Español", "ja": "日本語"}

func run(site string, codes []string, pct int) error {
	root := filepath.Join(site, "content")
	var files []string // relative to root, slash-separated
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && !strings.Contains(rel, "/") && (slices.Contains(codes, rel) || names[rel] != "") {
				return filepath.SkipDir // a language's folder
			}
			return nil
		}
		if strings.HasSuffix(rel, ".md") {
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		return err
	}
	slices.Sort(files)
	translated := 0
	for _, code := range codes {
		translated = 0
		for _, rel := range files {
			if !strings.HasSuffix(rel, "/_index.md") && rel != "_index.md" && !Translated(rel, pct) {
				continue
			}
			src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
			if err != nil {
				return err
			}
			dst := filepath.Join(root, code, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(dst, Mark(src, "["+code+"] "), 0o644); err != nil {
				return err
			}
			translated++
		}
	}
	var y strings.Builder
	y.WriteString("title: Corpus Help Center\nlanguage: en\n")
	if len(codes) > 0 {
		y.WriteString("languages:\n  - code: en\n    name: English\n")
		for _, c := range codes {
			n := names[c]
			if n == "" {
				n = c
			}
			fmt.Fprintf(&y, "  - code: %s\n    name: %s\n    title: \"[%s] Corpus Help Center\"\n", c, n, c)
		}
	}
	// Removed first: the site may share its files with another (cp -al).
	_ = os.Remove(filepath.Join(site, "site.yaml"))
	if err := os.WriteFile(filepath.Join(site, "site.yaml"), []byte(y.String()), 0o644); err != nil {
		return err
	}
	if len(codes) == 0 {
		fmt.Printf("langcorpus: %d files in content/; site.yaml in one language\n", len(files))
		return nil
	}
	fmt.Printf("langcorpus: %d files in content/; %d translated into each of %s (%d%% of the articles, every _index.md)\n",
		len(files), translated, strings.Join(codes, ", "), pct)
	return nil
}

// Translated reports whether the article at rel (relative to content/)
// has translations when pct percent of the articles have.
func Translated(rel string, pct int) bool {
	h := fnv.New32a()
	h.Write([]byte(rel))
	return int(h.Sum32()%100) < pct
}

var fmField = regexp.MustCompile(`(?m)^(title|description):[ \t]*("?)`)

// Mark returns a markdown file with marker before its title, its
// description and the first line of each paragraph of its body.
func Mark(src []byte, marker string) []byte {
	body, fm := src, []byte(nil)
	if bytes.HasPrefix(src, []byte("---\n")) {
		if end := bytes.Index(src[4:], []byte("\n---\n")); end >= 0 {
			fm, body = src[:4+end+5], src[4+end+5:]
		}
	}
	var out bytes.Buffer
	out.Grow(len(src) + len(src)/50)
	out.Write(fmField.ReplaceAll(fm, []byte("${1}: ${2}"+marker)))
	fence := ""
	blank := true // the previous line was blank (or the body starts)
	for line := range bytes.Lines(body) {
		t := bytes.TrimRight(line, "\n")
		trim := string(bytes.TrimLeft(t, " "))
		switch {
		case fence != "":
			if strings.HasPrefix(trim, fence) {
				fence = ""
			}
		case strings.HasPrefix(trim, "```") || strings.HasPrefix(trim, "~~~"):
			fence = trim[:3]
		case blank && len(t) > 0 && t[0] != ' ' && t[0] != '\t' && isParagraph(trim):
			out.WriteString(marker)
		}
		out.Write(line)
		blank = len(bytes.TrimSpace(t)) == 0 && fence == ""
	}
	return out.Bytes()
}

// isParagraph reports whether a line that follows a blank one starts a
// paragraph: not a heading, list item, quote, table, HTML block or rule.
func isParagraph(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '#', '-', '*', '+', '>', '|', '<', '=', '_', '[', '!':
		return false
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return !(i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')'))
}
