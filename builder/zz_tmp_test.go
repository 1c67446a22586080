package builder

import (
	"context"
	"encoding/gob"
	"os"
	"syscall"
	"testing"
	"time"

	"kb/search"
)

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestTmpDocs(t *testing.T) {
	b := New(Options{Links: "warn"})
	res, err := b.Build(context.Background(), os.DirFS(os.Getenv("SITE")), sinkFunc(func(string, []byte) error { return nil }))
	if err != nil {
		t.Fatal(err)
	}
	docs := res.Site.SearchDocs()
	f, _ := os.Create(os.Getenv("OUT"))
	gob.NewEncoder(f).Encode(docs)
	f.Close()
}

func TestTmpIndex(t *testing.T) {
	var docs []search.Doc
	f, _ := os.Open(os.Getenv("DOCS"))
	gob.NewDecoder(f).Decode(&docs)
	dir := t.TempDir() + "/idx"
	start, c0 := time.Now(), cpuTime()
	if err := search.Build(context.Background(), dir, docs, search.BuildOptions{BatchSize: batchEnv()}); err != nil {
		t.Fatal(err)
	}
	el, cpu := time.Since(start), cpuTime()-c0
	t.Logf("index wall %v cpu %v: %.0f docs/s wall, %.0f docs per cpu-s", el, cpu, float64(len(docs))/el.Seconds(), float64(len(docs))/cpu.Seconds())
}

func batchEnv() int {
	n := 0
	for _, c := range os.Getenv("BATCH") {
		n = n*10 + int(c-'0')
	}
	return n
}
