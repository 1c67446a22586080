//go:build unix

package builder

import (
	"bufio"
	"io"
	"io/fs"
	"sort"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// Benchmarks of highlight.go over the code blocks of bench_test.go's corpus.

// codeBlock is one fenced code block that markdown.go would highlight.
type codeBlock struct {
	lang string // chroma's name for it
	code []byte
}

// corpusBlocks returns the highlighted code blocks of the benchmarks'
// corpus, in file order.
func corpusBlocks(b *testing.B) []codeBlock {
	b.Helper()
	fsys := benchSite(b)
	md := newMarkdown()
	var blocks []codeBlock
	var paths []string
	fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			paths = append(paths, p)
		}
		return err
	})
	sort.Strings(paths)
	for _, p := range paths {
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			b.Fatal(err)
		}
		doc := md.Parser().Parse(text.NewReader(src))
		ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering || n.Kind() != ast.KindFencedCodeBlock {
				return ast.WalkContinue, nil
			}
			if _, lang := codeLang(n, src); lang != "" {
				blocks = append(blocks, codeBlock{lang, codeText(n, src)})
			}
			return ast.WalkSkipChildren, nil
		})
	}
	if len(blocks) == 0 {
		b.Fatal("the corpus has no code blocks to highlight")
	}
	return blocks
}

// BenchmarkHighlight highlights every code block of the corpus once per
// iteration; the per-block figures are the reported ones divided by
// blocks/op.
func BenchmarkHighlight(b *testing.B) {
	blocks := corpusBlocks(b)
	w := bufio.NewWriter(io.Discard)
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		for _, bl := range blocks {
			if !highlight(w, bl.lang, bl.code) {
				b.Fatalf("%s block not highlighted", bl.lang)
			}
		}
	}
	reportCPU(b, cpu0)
	b.ReportMetric(float64(len(blocks)), "blocks/op")
}
