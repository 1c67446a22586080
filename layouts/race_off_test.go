//go:build !race

package layouts_test

const raceEnabled = false
