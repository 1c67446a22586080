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
