package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary run as kb itself (KB_TEST_AS_KB=1), so
// a test can start real kb processes and kill them, without building
// the command first.
func TestMain(m *testing.M) {
	if os.Getenv("KB_TEST_AS_KB") == "1" {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestKilledBuildsLeaveNothingBehind kills kb build with SIGKILL at
// random moments, over and over: while it loads, renders, swaps the new
// output in, or removes the previous one. After every kill public/ is
// still one whole build; the next build that runs to the end leaves no
// temporary or old folder beside it. A build killed while removing the
// old output used to leave a folder of files without its marker, which
// no later build dared remove.
func TestKilledBuildsLeaveNothingBehind(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills about 30 builds")
	}
	site := t.TempDir()
	files := map[string]string{
		"site.yaml":                  "title: Kill\n",
		"content/_index.md":          "---\ntitle: Home\n---\nHello.\n",
		"content/billing/refunds.md": "---\ntitle: Refunds\ndescription: How refunds work.\n---\nText.\n",
	}
	// Many small files, so that writing the output and removing the
	// previous one take a good part of each build.
	for i := range 1500 {
		files[fmt.Sprintf("static/files/%02d/f%04d.txt", i%30, i)] = fmt.Sprintf("file %d\n", i)
	}
	for name, data := range files {
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	kb := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "build", "-src", site, "-out", out)
		cmd.Env = append(os.Environ(), "KB_TEST_AS_KB=1")
		return cmd
	}
	start := time.Now()
	if b, err := kb().CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, b)
	}
	took := time.Since(start)
	want := siteFiles(t, out)

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 14))
	for i := range 30 {
		cmd := kb()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Half the kills at any moment, half near the end, where the
		// output is swapped and the previous one removed.
		delay := time.Duration(rng.Int64N(int64(took + took/4)))
		if i%2 == 1 {
			delay = took/2 + time.Duration(rng.Int64N(int64(took/2+took/4)))
		}
		time.Sleep(delay) // the point is a random moment of a real process
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		if got := siteFiles(t, out); got != want {
			t.Fatalf("kill %d after %v: public/ is not one whole build:\n%s", i, delay, got)
		}
	}
	if b, err := kb().CombinedOutput(); err != nil {
		t.Fatalf("build after the kills: %v\n%s", err, b)
	}
	if got := siteFiles(t, out); got != want {
		t.Errorf("public/ after the kills differs from the first build")
	}
	ents, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if n := e.Name(); n != "public" && n != ".public.lock" {
			t.Errorf("left beside public/ after a build that ran to the end: %s", n)
		}
	}
}

// siteFiles is one line per published file of an output folder, with a
// hash of its contents; "(missing)" when there is no folder. The search
// index is left out: its files are not byte-identical between builds.
func siteFiles(t *testing.T, dir string) string {
	t.Helper()
	if _, err := os.Stat(dir); err != nil {
		return "(missing)"
	}
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() && rel == ".kb-search" {
			return fs.SkipDir
		}
		if d.Type().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			fmt.Fprintf(&b, "%s %s\n", filepath.ToSlash(rel), hex.EncodeToString(sum[:8]))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
