package gcbudget

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestPercent(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		live, budget uint64
		want         int
	}{
		{0, 384 * mb, 200},        // before the first collection
		{10 * mb, 384 * mb, 200},  // small heap: three times live is far under the budget
		{128 * mb, 384 * mb, 200}, // exactly three times live
		{150 * mb, 384 * mb, 156}, // the next collection at the budget
		{192 * mb, 384 * mb, 100}, // exactly twice live
		{250 * mb, 384 * mb, 100}, // never more often than Go's default
		{500 * mb, 384 * mb, 100}, // live above the budget
		{384 * mb, 384 * mb, 100},
	} {
		if got := percent(tc.live, tc.budget); got != tc.want {
			t.Errorf("percent(%d MB, %d MB) = %d, want %d", tc.live/mb, tc.budget/mb, got, tc.want)
		}
	}
}

// gcPercent reads the GC percent in effect.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

func TestStartTunesAndStopRestores(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetGCPercent(debug.SetGCPercent(150))

	// A budget far above this test's heap: 200 after every collection.
	stop := Start(1 << 40)
	if got := gcPercent(); got != maxPercent {
		t.Errorf("after Start: GC percent %d, want %d", got, maxPercent)
	}
	// A budget below the live heap would put it back to the default
	// after a collection; check that the tuner runs after collections.
	mu.Lock()
	on.budget = 1
	mu.Unlock()
	deadline := time.Now().Add(5 * time.Second)
	for gcPercent() != minPercent {
		if time.Now().After(deadline) {
			t.Fatalf("GC percent still %d after collections, want %d", gcPercent(), minPercent)
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	stop()
	stop() // twice is harmless
	if got := gcPercent(); got != 150 {
		t.Errorf("after stop: GC percent %d, want the 150 there was before Start", got)
	}
	// After stop, collections leave the percent alone.
	runtime.GC()
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	if got := gcPercent(); got != 150 {
		t.Errorf("a collection after stop set the GC percent to %d", got)
	}
}

func TestStartLeavesUsersSettings(t *testing.T) {
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, "150")
			defer debug.SetGCPercent(debug.SetGCPercent(120))
			stop := Start(1 << 40)
			if got := gcPercent(); got != 120 {
				t.Errorf("%s set: Start changed the GC percent to %d", env, got)
			}
			stop()
			if got := gcPercent(); got != 120 {
				t.Errorf("%s set: stop changed the GC percent to %d", env, got)
			}
		})
	}
}

func TestOneAtATime(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	stop := Start(1 << 40)
	inner := Start(1) // does nothing while the first is in effect
	inner()
	if got := gcPercent(); got != maxPercent {
		t.Errorf("the second Start's stop changed the GC percent to %d", got)
	}
	stop()
	if got := gcPercent(); got != 100 {
		t.Errorf("after stop: GC percent %d, want 100", got)
	}
}
