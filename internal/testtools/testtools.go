// Package testtools lets the tests of a package skip for want of a tool
// that is not part of Go (chromium, axe-core…) and say so.
//
// A package's TestMain reports one line per missing tool, such as
//
//	e2e: chromium not found: 37 browser tests skipped (apt-get install chromium)
//
// `go test ./...` discards everything a passing package prints unless -v
// is given (cmd/go keeps only the "ok" line), so Report writes the line to
// the terminal, /dev/tty, when there is one, and to the writer it is given
// (shown under -v) otherwise. A run that go test answers from its cache
// prints only "ok … (cached)": `go test -count=1 ./...` runs the tests, and
// prints the lines, again. (Keeping such runs out of the cache would take a
// fresh file inside the module: cmd/go does not look at files outside it.)
// Under CI=true a missing tool fails the test instead.
package testtools

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
)

// InCI reports whether the tests run in CI, where a missing tool is a
// failure rather than a reason to skip.
func InCI() bool { return os.Getenv("CI") == "true" }

// A Tally counts the tests of one package that missing tools skipped.
// Its zero value is ready to use; it is safe for concurrent use.
type Tally struct {
	mu    sync.Mutex
	tools map[string]*missing
}

type missing struct {
	tool, what, install string
	n                   int
}

// Need is a tool the tests may lack.
type Need struct {
	Tool    string // "chromium"
	What    string // the tests it runs, plural: "browser tests"
	Install string // how to install it: "apt-get install chromium"
}

// Skip skips t because need's tool was not found, counting it for
// Report; detail says what was looked for. Under CI=true it fails t
// instead.
func (ta *Tally) Skip(t testing.TB, need Need, detail string) {
	t.Helper()
	msg := need.Tool + " not found"
	if detail != "" {
		msg += " (" + detail + ")"
	}
	msg += ": " + need.Install
	if InCI() {
		t.Fatal(msg + " (CI=true: these tests must run)")
		return
	}
	ta.mu.Lock()
	if ta.tools == nil {
		ta.tools = map[string]*missing{}
	}
	m := ta.tools[need.Tool]
	if m == nil {
		m = &missing{tool: need.Tool, what: need.What, install: need.Install}
		ta.tools[need.Tool] = m
	}
	m.n++
	ta.mu.Unlock()
	t.Skip(msg)
}

// Lines are Report's lines, sorted by tool, each ending in a newline.
func (ta *Tally) Lines(pkg string) []string {
	ta.mu.Lock()
	defer ta.mu.Unlock()
	var lines []string
	for _, m := range ta.tools {
		what := m.what
		if m.n == 1 {
			what = strings.TrimSuffix(what, "s")
		}
		lines = append(lines, fmt.Sprintf("%s: %s not found: %d %s skipped (%s)\n", pkg, m.tool, m.n, what, m.install))
	}
	sort.Strings(lines)
	return lines
}

// Report writes one line per missing tool, naming pkg (the package's
// short name, "e2e"), the tool, how many tests it skipped and how to
// install it. It writes them to /dev/tty when it can be opened, else to
// w. Call it from TestMain after m.Run.
func (ta *Tally) Report(pkg string, w io.Writer) {
	lines := ta.Lines(pkg)
	if len(lines) == 0 {
		return
	}
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		w = tty
		defer tty.Close()
	}
	for _, l := range lines {
		io.WriteString(w, l)
	}
}
