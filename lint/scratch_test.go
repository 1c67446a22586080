package lint

import (
	"context"
	"os"
	"testing"
	"time"

	"kb/builder"
)

func TestScratchExample(t *testing.T) {
	site, diags, err := builder.New(builder.Options{}).Analyze(context.Background(), os.DirFS("/tmp/kbc10k"))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	fs := Check(site, diags, Options{Now: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)})
	t.Log(time.Since(start), len(fs))
	counts := map[string]int{}
	for _, f := range fs {
		if counts[f.Rule] < 3 {
			t.Log(f)
		}
		counts[f.Rule]++
	}
	t.Log(counts)
}
