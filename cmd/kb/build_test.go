package main

import (
	"path/filepath"
	"regexp"
	"testing"
)

// TestBuildTimings checks that kb build -timings names every phase with
// its time, after the summary line.
func TestBuildTimings(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	code, stdout, stderr := runKB(t, "build", "-src", "../..", "-out", out, "-timings")
	if code != 0 {
		t.Fatalf("kb build -timings: exit %d\n%s%s", code, stdout, stderr)
	}
	want := regexp.MustCompile(`(?m)^kb: phases: config \d+ms load \d+ms parse \d+ms site \d+ms links \d+ms theme \d+ms render \d+ms index \d+ms$`)
	if !want.MatchString(stdout) {
		t.Errorf("no phases line like %s in:\n%s", want, stdout)
	}
}
