package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runKB(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// kb init makes a site that builds with no warning, passes kb check
// (agent checks included) and serves at once.
func TestInitBuildsAndServes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "help")
	code, out, errOut := runKB(t, "init", "-title", `Acme "Rockets" Help`, dir)
	if code != 0 || !strings.Contains(out, "kb serve -src "+dir) {
		t.Fatalf("kb init: exit %d\n%s%s", code, out, errOut)
	}
	readme, _ := os.ReadFile(filepath.Join(dir, "README.md"))
	if !strings.Contains(string(readme), "kb serve -src "+dir) {
		t.Errorf("README.md does not say how to serve the site:\n%s", readme)
	}
	code, out, errOut = runKB(t, "build", "-src", dir)
	if code != 0 || errOut != "" || !strings.Contains(out, "built 1 article, 2 sections, 0 links checked, 0 warnings") {
		t.Fatalf("kb build: exit %d\n%s%s", code, out, errOut)
	}
	if c, o := check(t, "-src", dir, "-agents"); c != 0 || !strings.HasPrefix(o, "kb check: 0 errors, 0 warnings in 4 pages") {
		t.Errorf("kb check: exit %d\n%s", c, o)
	}
	url, _ := startServe(t, "-src", dir, "-addr", "127.0.0.1:0")
	if code, body := httpGet(t, url+"getting-started/basics/welcome/"); code != 200 || !strings.Contains(body, "Welcome to the help center") {
		t.Errorf("served article: %d", code)
	}
	if code, body := httpGet(t, url); code != 200 || !strings.Contains(body, "Acme &#34;Rockets&#34; Help") && !strings.Contains(body, "Acme &quot;Rockets&quot; Help") {
		t.Errorf("served home page: %d\n%s", code, body)
	}
}

func TestInitRefusesASite(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := runKB(t, "init", dir); code != 0 {
		t.Fatal(errOut)
	}
	code, _, errOut := runKB(t, "init", dir)
	if code != 1 || !strings.Contains(errOut, "already has a site.yaml") {
		t.Errorf("second kb init: exit %d: %s", code, errOut)
	}
	other := t.TempDir()
	writeSite(t, other, map[string]string{"README.md": "mine\n"})
	code, _, errOut = runKB(t, "init", other)
	if code != 1 || !strings.Contains(errOut, "README.md already exists") {
		t.Errorf("kb init over a README: exit %d: %s", code, errOut)
	}
	if b, _ := os.ReadFile(filepath.Join(other, "README.md")); string(b) != "mine\n" {
		t.Errorf("README.md overwritten")
	}
	if _, err := os.Stat(filepath.Join(other, "site.yaml")); err == nil {
		t.Errorf("kb init wrote files before refusing")
	}
	for _, args := range [][]string{{"init"}, {"init", "a", "b"}, {"init", "-title", " ", "x"}} {
		if code, _, _ := runKB(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestInitSaysHowToGetKB: the README kb init writes says how to install
// kb (go install ./cmd/kb from a clone, @latest once published) and how
// to run it without installing; run without kb on the PATH (go run
// ./cmd/kb init), kb init says so too. Writers were told to run kb
// serve, which was not on their PATH.
func TestInitSaysHowToGetKB(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // no kb on it
	dir := filepath.Join(t.TempDir(), "help")
	code, out, errOut := runKB(t, "init", dir)
	if code != 0 {
		t.Fatalf("kb init: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"kb is not on your PATH", "go install ./cmd/kb", "go run ./cmd/kb serve -src " + dir} {
		if !strings.Contains(out, want) {
			t.Errorf("kb init's output has no %q:\n%s", want, out)
		}
	}
	readme, _ := os.ReadFile(filepath.Join(dir, "README.md"))
	for _, want := range []string{"go install ./cmd/kb", "go install github.com/kbhelp/kb/cmd/kb@latest", "Go " + goMin + " or newer", "go run ./cmd/kb serve -src " + dir} {
		if !strings.Contains(string(readme), want) {
			t.Errorf("README.md has no %q:\n%s", want, readme)
		}
	}
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(gomod), "\ngo "+goMin+"\n") {
		t.Errorf("goMin %s is not go.mod's go line", goMin)
	}
}

// TestReadmeInstall: the README gives go.mod's Go version as the
// minimum (it said 1.24 while go.mod required 1.26.8) and the install
// lines for the module path.
func TestReadmeInstall(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Go " + goMin + " or newer", "go install ./cmd/kb", "go install github.com/kbhelp/kb/cmd/kb@latest"} {
		if !strings.Contains(string(readme), want) {
			t.Errorf("README.md has no %q", want)
		}
	}
	if strings.Contains(string(readme), "Go 1.24 or newer") {
		t.Error("README.md still says Go 1.24 or newer")
	}
}
