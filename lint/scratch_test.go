package lint

import (
	"context"
	"os"
	"testing"
	"time"
	"syscall"

	"kb/builder"
)

func cpu() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestScratchAnalyze(t *testing.T) {
	for i := 0; i < 3; i++ {
		start := time.Now()
		c0 := cpu()
		site, diags, err := builder.New(builder.Options{}).Analyze(context.Background(), os.DirFS("/tmp/kbc10k"))
		t.Logf("wall %v cpu %v pages=%d diags=%d err=%v", time.Since(start), cpu()-c0, len(site.Pages), len(diags), err)
	}
}
