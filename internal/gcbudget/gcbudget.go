// Package gcbudget lets a short batch job, such as kb build, collect
// garbage less often than Go's default while its heap is small, without
// letting the heap grow past a budget because of it.
//
// Go's default (GOGC=100) starts a collection when the heap has grown to
// twice what the last one left live. A build allocates several times its
// live heap over its run, so it collects often, and a collection of a
// large live heap costs a good part of a build's time. Start raises the
// growth to three times what is live (GOGC=200) as long as that stays
// under the budget; above it, the growth is what keeps the next
// collection at the budget, and never less than Go's default. So a
// process whose live heap outgrows half the budget behaves as it would
// without this package, and one that stays small runs with half the
// collections.
//
// A user who sets GOGC or GOMEMLIMIT in the environment has chosen:
// Start then does nothing.
package gcbudget

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// The growth Start allows, in GOGC's terms: a collection starts when the
// heap reaches live × (1 + percent/100).
const (
	minPercent = 100 // Go's default: never collect more often than without this package
	maxPercent = 200
)

// percent is the growth that puts the next collection at budget bytes for
// a live heap of live bytes, between minPercent and maxPercent.
func percent(live, budget uint64) int {
	switch {
	case live == 0: // no collection yet: the heap is as small as it gets
		return maxPercent
	case budget <= live:
		return minPercent
	}
	p := (budget - live) * 100 / live
	return int(min(max(p, minPercent), maxPercent))
}

// on is set while a Start is in effect: at most one is.
var (
	mu sync.Mutex
	on *tuner
)

type tuner struct {
	budget  uint64
	prev    int // the GC percent before Start
	stopped atomic.Bool
	sample  []metrics.Sample
}

// Start tunes the collector for a heap budget of budget bytes until stop
// is called, which restores the GC percent there was before. It does
// nothing when GOGC or GOMEMLIMIT is set, or when another Start is in
// effect.
func Start(budget uint64) (stop func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	mu.Lock()
	defer mu.Unlock()
	if on != nil {
		return func() {}
	}
	t := &tuner{budget: budget, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	t.prev = debug.SetGCPercent(percent(t.live(), budget))
	on = t
	t.arm()
	return func() {
		mu.Lock()
		defer mu.Unlock()
		if t.stopped.Swap(true) {
			return
		}
		debug.SetGCPercent(t.prev)
		on = nil
	}
}

// live is the heap the last collection left live (0 before the first).
func (t *tuner) live() uint64 {
	metrics.Read(t.sample)
	if t.sample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return t.sample[0].Value.Uint64()
}

// arm runs tune after the next collection: the finalizer of an object
// nothing refers to runs once a collection has found it unreachable.
func (t *tuner) arm() {
	runtime.SetFinalizer(new(sentinel), func(*sentinel) { t.tune() })
}

// sentinel holds a pointer so that it is allocated on its own: the
// finalizer of a zero-sized object, or of a small one without pointers
// that shares a block with others, may never run.
type sentinel struct{ _ *byte }

func (t *tuner) tune() {
	mu.Lock()
	defer mu.Unlock()
	if t.stopped.Load() {
		return
	}
	debug.SetGCPercent(percent(t.live(), t.budget))
	t.arm()
}
