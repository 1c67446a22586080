package testtools

import (
	"fmt"
	"slices"
	"testing"
)

// fakeTB records what Skip asks of a test instead of stopping it.
type fakeTB struct {
	testing.TB
	skipped, failed string
}

func (f *fakeTB) Helper()           {}
func (f *fakeTB) Skip(args ...any)  { f.skipped = fmt.Sprint(args...) }
func (f *fakeTB) Fatal(args ...any) { f.failed = fmt.Sprint(args...) }

var chromium = Need{Tool: "chromium", What: "browser tests", Install: "apt-get install chromium"}

// TestSkipsAreSummedPerTool: each skip counts towards its tool's line,
// which names the package, the tool, the count and the install command.
func TestSkipsAreSummedPerTool(t *testing.T) {
	t.Setenv("CI", "")
	var ta Tally
	for range 3 {
		ta.Skip(&fakeTB{TB: t}, chromium, "")
	}
	tb := &fakeTB{TB: t}
	ta.Skip(tb, Need{Tool: "axe-core", What: "accessibility tests", Install: "npm install axe-core@4"}, "node_modules/axe-core/axe.min.js: no such file")
	if tb.skipped != "axe-core not found (node_modules/axe-core/axe.min.js: no such file): npm install axe-core@4" || tb.failed != "" {
		t.Errorf("skip message %q, failure %q", tb.skipped, tb.failed)
	}
	want := []string{
		"e2e: axe-core not found: 1 accessibility test skipped (npm install axe-core@4)\n",
		"e2e: chromium not found: 3 browser tests skipped (apt-get install chromium)\n",
	}
	if got := ta.Lines("e2e"); !slices.Equal(got, want) {
		t.Errorf("lines %q, want %q", got, want)
	}
	var none Tally
	if got := none.Lines("e2e"); len(got) != 0 {
		t.Errorf("nothing skipped: lines %q", got)
	}
}

// TestMissingToolFailsInCI: under CI=true a missing tool fails the test
// and is not counted as a skip.
func TestMissingToolFailsInCI(t *testing.T) {
	t.Setenv("CI", "true")
	var ta Tally
	tb := &fakeTB{TB: t}
	ta.Skip(tb, chromium, "")
	if tb.failed == "" || tb.skipped != "" {
		t.Errorf("under CI: failed %q, skipped %q; want a failure", tb.failed, tb.skipped)
	}
	if got := ta.Lines("e2e"); len(got) != 0 {
		t.Errorf("under CI: lines %q", got)
	}
}
