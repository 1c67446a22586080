//go:build race

package layouts_test

// raceEnabled: the tests that run analysis.js in goja over whole corpora
// skip under the race detector, which makes the interpreter many times
// slower and has nothing to find in it (one goroutine).
const raceEnabled = true
