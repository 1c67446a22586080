package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kbhelp/kb/builder"
)

func TestSearchCommand(t *testing.T) {
	src := t.TempDir()
	os.MkdirAll(filepath.Join(src, "content", "account"), 0o755)
	os.WriteFile(filepath.Join(src, "content", "account", "reset-your-password.md"),
		[]byte("---\ntitle: Reset your password\n---\n\nClick Forgot password on the sign-in page.\n"), 0o644)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := builder.New(builder.Options{}).BuildDir(context.Background(), src, out); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var stdout, stderr bytes.Buffer
	if code := run(ctx, []string{"search", "-dir", out, "pasword"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "Reset your password") || !strings.Contains(stdout.String(), "/account/reset-your-password/") {
		t.Errorf("output:\n%s", stdout.String())
	}
	stdout.Reset()
	if code := run(ctx, []string{"search", "-dir", out, "-json", "-n", "1", "forgot"}, &stdout, &stderr); code != 0 {
		t.Fatalf("-json: exit %d: %s", code, stderr.String())
	}
	var res struct {
		Total int
		Hits  []struct{ URL, Snippet string }
	}
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil || res.Total != 1 || len(res.Hits) != 1 {
		t.Errorf("-json: %v %+v", err, res)
	}
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"search", "-dir", out}, 2},
		{[]string{"search", "-dir", out, "-n", "0", "x"}, 2},
		{[]string{"search", "-dir", out, strings.Repeat("x", 300)}, 2},
		{[]string{"search", "-dir", t.TempDir(), "password"}, 1},
	} {
		stderr.Reset()
		if code := run(ctx, c.args, &stdout, &stderr); code != c.code {
			t.Errorf("%v: exit %d, want %d (%s)", c.args[:len(c.args)-1], code, c.code, stderr.String())
		}
	}
}

// TestSearchCommandLang: -lang searches the index of a language's site,
// under <dir>/<code>/ as a multilingual build lays it out, analysed in
// that language; here a German site built on its own into public/de/.
func TestSearchCommandLang(t *testing.T) {
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "public")
	for _, site := range []struct{ dir, yaml, path, md string }{
		{"", "title: Help\n", "account/reset-your-password.md", "---\ntitle: Reset your password\n---\n\nClick Forgot password.\n"},
		{"de", "title: Hilfe\nlanguage: de\n", "konto/passwort-zuruecksetzen.md",
			"---\ntitle: Passwort zurücksetzen\n---\n\nKlicken Sie auf „Passwort vergessen“, um Ihre Passwörter zurückzusetzen.\n"},
	} {
		src := t.TempDir()
		os.MkdirAll(filepath.Join(src, "content", filepath.Dir(site.path)), 0o755)
		os.WriteFile(filepath.Join(src, "site.yaml"), []byte(site.yaml), 0o644)
		os.WriteFile(filepath.Join(src, "content", site.path), []byte(site.md), 0o644)
		if _, err := builder.New(builder.Options{}).BuildDir(ctx, src, filepath.Join(out, site.dir)); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-lang", "de", "passwörter zurucksetzen"}, 0, "/konto/passwort-zuruecksetzen/"},
		{[]string{"-lang", "DE", "pasword vergessen"}, 0, "/konto/passwort-zuruecksetzen/"},
		{[]string{"passwort"}, 0, "/account/reset-your-password/"},
		{[]string{"-lang", "en", "forgot password"}, 0, "/account/reset-your-password/"},
		{[]string{"-lang", "en-GB", "forgot password"}, 0, "/account/reset-your-password/"},
		{[]string{"-lang", "fr", "passwort"}, 1, "no search index in language fr"},
		{[]string{"-lang", "../de", "passwort"}, 2, "not a language code"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(ctx, append([]string{"search", "-dir", out}, c.args...), &stdout, &stderr)
		if code != c.code || !strings.Contains(stdout.String()+stderr.String(), c.want) {
			t.Errorf("%v: exit %d, want %d and %q in:\n%s%s", c.args, code, c.code, c.want, stdout.String(), stderr.String())
		}
	}
}

// TestSearchCommandLangFolder: -lang finds a language's index in the
// folder site.yaml's languages: gave it (hc/de/), which the build's
// _kb.json names.
func TestSearchCommandLangFolder(t *testing.T) {
	ctx := context.Background()
	src, out := t.TempDir(), filepath.Join(t.TempDir(), "public")
	for name, text := range map[string]string{
		"site.yaml":                        "title: Help\nlanguages:\n  - code: en\n  - code: de\n    path: hc/de/\n",
		"content/billing/refunds.md":       "---\ntitle: Get a refund\n---\n\nRefunds take a week.\n",
		"content/de/billing/refunds.md":    "---\ntitle: Geld zurück\n---\n\nErstattungen dauern eine Woche.\n",
		"content/de/billing/rechnungen.md": "---\ntitle: Rechnungen herunterladen\n---\n\nAlle Rechnungen als PDF.\n",
	} {
		os.MkdirAll(filepath.Join(src, filepath.Dir(name)), 0o755)
		os.WriteFile(filepath.Join(src, name), []byte(text), 0o644)
	}
	if _, err := builder.New(builder.Options{}).BuildDir(ctx, src, out); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run(ctx, []string{"search", "-dir", out, "-lang", "de", "erstattung"}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "/hc/de/billing/refunds/") {
		t.Errorf("exit %d:\n%s%s", code, stdout.String(), stderr.String())
	}
}
