package lint

import (
	"cmp"
	"context"
	"os"
	"testing"

	"github.com/kbhelp/kb/builder"
)

// benchSite is the site the benchmarks check: the example site, or the
// folder KB_BENCH_SITE names (a kbcorpus site, for instance).
func benchSite() string { return cmp.Or(os.Getenv("KB_BENCH_SITE"), "..") }

// BenchmarkCheck is kb check without its printing: Analyze (load, parse,
// resolve links), the layouts, and the lint rules.
func BenchmarkCheck(b *testing.B) {
	fsys := os.DirFS(benchSite())
	for b.Loop() {
		if _, _, err := Run(context.Background(), fsys, builder.Options{}, Options{Now: fixtureNow}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRules is the lint rules alone, over a site analyzed once.
func BenchmarkRules(b *testing.B) {
	site, diags, err := builder.New(builder.Options{}).Analyze(context.Background(), os.DirFS(benchSite()))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Check(site, diags, Options{Now: fixtureNow})
	}
}
