//go:build unix

package builder

// In a file of its own rather than bench_test.go, which others were
// editing at the same time; it uses that file's corpus and helpers.

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// benchLanguages returns the benchmark corpus with every file of
// content/ copied into content/de/ and content/fr/ (each article
// translated, as far as the build can tell) and site.yaml listing the
// three languages; the one-language site is the corpus as it is.
func benchLanguages(b *testing.B) (one, three fstest.MapFS) {
	one = benchSite(b).(fstest.MapFS)
	three = fstest.MapFS{}
	for name, f := range one {
		three[name] = f
		if rest, ok := strings.CutPrefix(name, "content/"); ok {
			three["content/de/"+rest] = f
			three["content/fr/"+rest] = f
		}
	}
	three["site.yaml"] = &fstest.MapFile{Mode: 0o644, Data: []byte(`title: Corpus Help Center
language: en
languages:
  - code: en
    name: English
  - code: de
    name: Deutsch
  - code: fr
    name: Français
`)}
	return one, three
}

// peakHeap samples the live heap every millisecond until stop is
// called, which returns the largest it saw.
func peakHeap() (stop func() uint64) {
	var peak uint64
	done, quit := make(chan struct{}), make(chan struct{})
	var once sync.Once
	go func() {
		defer close(done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-quit:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		once.Do(func() { close(quit) })
		<-done
		return peak
	}
}

// writeBenchSite writes fsys into a new folder below dir.
func writeBenchSite(b *testing.B, dir string, fsys fstest.MapFS) string {
	site, err := os.MkdirTemp(dir, "site-")
	if err != nil {
		b.Fatal(err)
	}
	for name, f := range fsys {
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return site
}

// BenchmarkBuildLanguages is kb build (BuildDir, every output and each
// language's search index written) of the corpus in one language and
// then in three, and reports the ratios of the three-language build to
// the one-language build in CPU time (user + system) and in peak heap
// (objects, sampled every millisecond): issue 18 asks for at most 3.0 in
// both. The sites are written to a temporary folder first (a sink that
// is not a folder would leave the languages' indexes out).
//
//	go test -run='^$' -bench=BuildLanguages ./builder -kb.articles=2000
func BenchmarkBuildLanguages(b *testing.B) {
	one, three := benchLanguages(b)
	ctx := context.Background()
	tmp := b.TempDir()
	sites := [2]string{writeBenchSite(b, tmp, one), writeBenchSite(b, tmp, three)}
	var cpu, heap [2]float64
	build := func(i int) {
		out := filepath.Join(tmp, "out")
		runtime.GC() // each build starts from the same heap
		stop := peakHeap()
		c0 := cpuTime()
		if _, err := New(Options{}).BuildDir(ctx, sites[i], out); err != nil {
			b.Fatal(err)
		}
		cpu[i] += float64(cpuTime() - c0)
		heap[i] += float64(stop())
		os.RemoveAll(out)
	}
	for b.Loop() {
		build(0)
		build(1)
	}
	b.ReportMetric(cpu[1]/cpu[0], "cpu-3/1")
	b.ReportMetric(heap[1]/heap[0], "heap-3/1")
	b.ReportMetric(cpu[0]/float64(b.N), "cpu-ns/1lang")
	b.ReportMetric(heap[0]/float64(b.N)/1e6, "heapMB/1lang")
}
