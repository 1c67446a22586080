package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCheckAgents builds the example site, checks it clean, then breaks
// a link in a twin of a copy and checks that the copy fails with the
// link's position.
func TestCheckAgents(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"build", "-src", "../..", "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("kb build: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}

	stdout.Reset()
	stderr.Reset()
	if code := run(context.Background(), []string{"check", "--agents", "-dir", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("kb check on a fresh build: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if want := "kb check: 0 errors, 0 warnings in " + out + "\n"; stdout.String() != want {
		t.Errorf("stdout = %q, want %q", stdout.String(), want)
	}

	broken := filepath.Join(t.TempDir(), "broken")
	if err := os.CopyFS(broken, os.DirFS(out)); err != nil {
		t.Fatal(err)
	}
	const (
		good = "https://help.kitewire.example/account/security/review-active-sessions.md"
		bad  = "https://help.kitewire.example/account/security/review-active-session.md"
	)
	var line, col int
	for _, name := range []string{"account/security/two-factor-authentication.md", "account/security/two-factor-authentication/index.md"} {
		p := filepath.Join(broken, filepath.FromSlash(name))
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		i := bytes.Index(src, []byte(good))
		if i < 0 {
			t.Fatalf("%s no longer links to %s: pick another link", name, good)
		}
		before := src[:i]
		line = bytes.Count(before, []byte("\n")) + 1
		col = i - (bytes.LastIndexByte(before, '\n') + 1) + 1
		if err := os.WriteFile(p, bytes.Replace(src, []byte(good), []byte(bad), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	stdout.Reset()
	stderr.Reset()
	code := run(context.Background(), []string{"check", "-agents", "-dir", broken}, &stdout, &stderr)
	if code != 1 {
		t.Errorf("kb check with a broken link: exit %d, want 1\n%s%s", code, stdout.String(), stderr.String())
	}
	want := fmt.Sprintf("%s/account/security/two-factor-authentication.md:%d:%d: link/broken: %s: no file account/security/review-active-session.md in the output\n"+
		"kb check: 1 error, 0 warnings in %s\n", filepath.ToSlash(broken), line, col, bad, broken)
	if stdout.String() != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), want)
	}
}

func TestCheckUsage(t *testing.T) {
	dir := t.TempDir()
	site := t.TempDir()
	writeSite(t, site, map[string]string{"content/a.md": "# A\n"})
	for _, args := range [][]string{
		{"check"},                                   // the current folder is no site
		{"check", "-src", dir},                      // nor is an empty one
		{"check", "-agents", "extra"},               // stray argument
		{"check", "-agents", "-dir", dir + "/x"},    // no such folder
		{"check", "-agents", "-dir", dir, "-stale"}, // -dir checks a built folder only
		{"check", "-nope"},                          // unknown flag
		{"check", "-src", site, "-format", "xml"},   // unknown format
		{"check", "-src", site, "-now", "yesterday"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr); code != 2 {
			t.Errorf("%s: exit %d, want 2", strings.Join(args, " "), code)
		}
		if stderr.Len() == 0 {
			t.Errorf("%s: nothing on stderr", strings.Join(args, " "))
		}
	}
}

var elapsed = regexp.MustCompile(` \(\d+(\.\d+)?m?s\)\n$`)

// check runs kb check with args and returns its exit code and output,
// the time in the summary line taken out.
func check(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"check"}, args...), &stdout, &stderr)
	if stderr.Len() > 0 {
		t.Errorf("kb check %s: stderr: %s", strings.Join(args, " "), stderr.String())
	}
	return code, elapsed.ReplaceAllString(stdout.String(), "\n")
}

// exampleMissing is the example site's table of missing translations.
const exampleMissing = "kb check: translations missing (translation/missing; kb check -missing CODE lists them):\n" +
	"  Deutsch (de) 15 of 45 articles (33%): ../../content/api/authentication/create-an-api-token.md, ../../content/api/authentication/token-scopes.md, ../../content/api/errors/401-unauthorized.md and 12 more\n" +
	"  العربية (ar) 34 of 45 articles (75%): ../../content/account/delete-your-account.md, ../../content/account/profile/change-your-email-address.md, ../../content/account/profile/deactivated-account.md and 31 more\n"

// The example site is clean, apart from one review that falls due (in
// English and in the two translations, which copied its dates); every
// language is checked.
func TestCheckExampleSite(t *testing.T) {
	code, out := check(t, "-src", "../..", "-now", "2026-03-01")
	if want := exampleMissing + "kb check: 0 errors, 0 warnings in 144 pages in 3 languages\n"; code != 0 || out != want {
		t.Errorf("exit %d:\n%s\nwant:\n%s", code, out, want)
	}
	due := func(file string, line int) string {
		return fmt.Sprintf("../../content/%s:%d:1: review-overdue: warning: review overdue since 2026-05-11 (21 days; reviewed 2026-02-10, every 90 days); owner @billing-team\n", file, line)
	}
	code, out = check(t, "-src", "../..", "-now", "2026-06-01")
	want := due("ar/billing/payments/card-declined.md", 10) + due("billing/payments/card-declined.md", 12) + due("de/billing/payments/card-declined.md", 10) +
		exampleMissing + "kb check: 0 errors, 3 warnings in 144 pages in 3 languages\n"
	if code != 0 || out != want {
		t.Errorf("exit %d:\n%s\nwant:\n%s", code, out, want)
	}
	code, out = check(t, "-src", "../..", "-now", "2026-06-01", "-stale")
	want = due("billing/payments/card-declined.md", 12) + due("de/billing/payments/card-declined.md", 10) + due("ar/billing/payments/card-declined.md", 10) +
		"kb check: 3 articles overdue for review on 2026-06-01\n"
	if code != 0 || out != want {
		t.Errorf("-stale: exit %d:\n%s\nwant:\n%s", code, out, want)
	}
}

// -agents without -dir renders the site in memory and adds the agent
// checks; the example site passes them.
func TestCheckAgentsInMemory(t *testing.T) {
	code, out := check(t, "-src", "../..", "-now", "2026-03-01", "-agents")
	if want := exampleMissing + "kb check: 0 errors, 0 warnings in 144 pages in 3 languages\n"; code != 0 || out != want {
		t.Errorf("exit %d:\n%s\nwant:\n%s", code, out, want)
	}
}

func TestCheckFormats(t *testing.T) {
	src := t.TempDir()
	writeSite(t, src, map[string]string{
		"site.yaml":      "check:\n  rules:\n    missing-description: off\n",
		"content/a,b.md": "# A, with a, comma\n\nSee [zzz](zzz.md).\n\n#### Too deep\n",
	})
	code, out := check(t, "-src", src)
	want := "content/a,b.md:3:5: link/broken: broken link to zzz.md: no such file\n" +
		"content/a,b.md:5:1: heading-skip: warning: heading level 4 after level 1: make \"Too deep\" level 2 (##)\n" +
		"kb check: 1 error, 1 warning in 2 pages\n"
	if code != 1 || out != want {
		t.Errorf("text: exit %d:\n%s\nwant:\n%s", code, out, want)
	}
	code, out = check(t, "-src", src, "-format", "github")
	want = "::error file=content/a%2Cb.md,line=3,col=5,title=link/broken::link/broken: broken link to zzz.md: no such file\n" +
		"::warning file=content/a%2Cb.md,line=5,col=1,title=heading-skip::heading-skip: heading level 4 after level 1: make \"Too deep\" level 2 (##)\n" +
		"kb check: 1 error, 1 warning in 2 pages\n"
	if code != 1 || out != want {
		t.Errorf("github: exit %d:\n%s\nwant:\n%s", code, out, want)
	}
	code, out = check(t, "-src", src, "-format", "json")
	var got struct {
		Findings []struct {
			File, Rule, Severity, Message string
			Line, Col                     int
		}
		Errors, Warnings int
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if code != 1 || got.Errors != 1 || got.Warnings != 1 || len(got.Findings) != 2 ||
		got.Findings[0].File != "content/a,b.md" || got.Findings[0].Line != 3 || got.Findings[0].Col != 5 ||
		got.Findings[0].Rule != "link/broken" || got.Findings[0].Severity != "error" || got.Findings[1].Severity != "warning" {
		t.Errorf("json: exit %d: %+v", code, got)
	}
}

// A site.yaml kb cannot read is reported, with the rule config/invalid.
func TestCheckBadSiteYAML(t *testing.T) {
	src := t.TempDir()
	writeSite(t, src, map[string]string{"site.yaml": "titel: X\n", "content/a.md": "# A\n"})
	code, out := check(t, "-src", src)
	want := "site.yaml:1:1: config/invalid: unknown site.yaml key \"titel\" (did you mean \"title\"?)\n" +
		"kb check: 1 error, 0 warnings in 0 pages\n"
	if code != 1 || out != want {
		t.Errorf("exit %d:\n%s\nwant:\n%s", code, out, want)
	}
}
