//go:build race

package builder_test

// raceEnabled: the tests that run the static client in goja skip under
// the race detector, which makes the interpreter many times slower and
// has nothing to find in it (one goroutine). They run in the plain go
// test ./... of the README and CI.
const raceEnabled = true
