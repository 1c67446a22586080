package builder_test

// Search in another language than English: the example site's German
// pages (content/de/) built as a site in German, with the relevance of
// reader-style German queries on the server's index and the static one.

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kbhelp/kb/builder"
	"github.com/kbhelp/kb/internal/jsengine"
	"github.com/kbhelp/kb/search"
)

// germanConfig builds content/de/ alone, as a site in German under
// /de/, where a multilingual build puts it; that build gives its German
// sub-site the same Language.
func germanConfig() *builder.Config {
	return &builder.Config{Title: "Kitewire Hilfe-Center", Language: "de", ContentDir: "content/de", BasePath: "/de/", Links: "warn"}
}

// TestSearchRelevanceGerman runs two suites over the German pages: the
// queries below, and those of testdata/relevance-de.txt, written with
// the translations.
func TestSearchRelevanceGerman(t *testing.T) {
	if _, err := os.Stat("../content/de"); err != nil {
		t.Skip(err)
	}
	ix, js := buildIndexes(t, "..", germanConfig())
	if m := ix.Meta(); m.Analysis != "de" {
		t.Fatalf("the index's analysis is %q, not de", m.Analysis)
	}
	t.Run("queries", func(t *testing.T) {
		cases := make([]relevanceCase, len(germanCases))
		for i, c := range germanCases {
			cases[i] = relevanceCase{c.q, "/de" + c.want}
		}
		checkRelevance(t, ix, js, cases, 0.85)
	})
	t.Run("readers", func(t *testing.T) {
		checkRelevance(t, ix, js, readRelevanceCases(t, "testdata/relevance-de.txt"), 0.85)
	})
}

// readRelevanceCases reads a file of cases: a query, a tab and the URL
// a line; blank lines and # comments skipped.
func readRelevanceCases(t *testing.T, file string) []relevanceCase {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var cases []relevanceCase
	for i, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		q, want, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("%s:%d: no tab between the query and the URL", file, i+1)
		}
		cases = append(cases, relevanceCase{strings.TrimSpace(q), strings.TrimSpace(want)})
	}
	return cases
}

// germanCases are German queries as readers type them: inflected,
// misspelt, compounds written together or apart, umlauts typed or not,
// half-typed last words.
var germanCases = []relevanceCase{
	{"passwort vergessen", "/account/security/reset-your-password/"},
	{"Passwortzurücksetzung", "/account/security/reset-your-password/"},
	{"pasword zurücksetzen", "/account/security/reset-your-password/"},
	{"passwort zuruecksetzen", "/account/security/reset-your-password/"},
	{"link zum zurücksetzen abgelaufen", "/account/security/reset-your-password/#der-link-ist-abgelaufen"},
	{"ich kann mich nicht anmelden", "/account/sign-in/cant-sign-in/"},
	{"anmeldung klappt nicht", "/account/sign-in/cant-sign-in/"},
	{"konto gesperrt", "/account/sign-in/locked-account/"},
	{"konto entsperren", "/account/sign-in/locked-account/"},
	{"sitzung abgelaufen", "/account/sign-in/session-expired/"},
	{"sso anmeldeseite", "/account/sign-in/sso-login-loop/"},
	{"zwei faktor authentifizierung", "/account/security/two-factor-authentication/"},
	{"2fa deaktivieren", "/account/security/two-factor-authentication/"},
	{"wiederherstellungscodes", "/account/security/two-factor-authentication/"},
	{"konto löschen", "/account/delete-your-account/"},
	{"emailadresse ändern", "/account/profile/change-your-email-address/"},
	{"profilfoto", "/account/profile/update-your-profile/"},
	{"konto deaktiviert", "/account/profile/deactivated-account/"},
	{"aktive sitzungen", "/account/security/review-active-sessions/"},
	{"rechnungen herunterladen", "/billing/invoices/download-invoices/"},
	{"rechung", "/billing/invoices/download-invoices/"},
	{"karte abgelehnt", "/billing/payments/card-declined/"},
	{"zahlung fehlgeschlagen", "/billing/payments/card-declined/"},
	{"geld zurück", "/billing/payments/refunds/"},
	{"rückerstattungen", "/billing/payments/refunds/"},
	{"zahlungsmethode ändern", "/billing/payments/update-payment-method/"},
	{"abo kündigen", "/billing/plans/cancel-your-subscription/"},
	{"abonnement kündigen", "/billing/plans/cancel-your-subscription/"},
	{"tarif wechseln", "/billing/plans/change-your-plan/"},
	{"tarife vergleichen", "/billing/plans/compare-plans/"},
	{"steuernummer hinzufügen", "/billing/invoices/vat-and-tax-ids/"},
	{"ratenlimit", "/api/errors/rate-limits/"},
	{"zu viele anfragen 429", "/api/errors/rate-limits/"},
	{"fehlercodes", "/api/errors/error-codes/"},
	{"keine verbindung", "/troubleshooting/connection/cant-connect/"},
	{"proxy einstellungen", "/troubleshooting/connection/firewall-and-proxy-settings/"},
	{"cache leeren", "/troubleshooting/desktop-app/clear-the-app-cache/"},
	{"desktop app startet nicht", "/troubleshooting/desktop-app/desktop-app-wont-start/"},
	{"datei upload fehlgeschlagen", "/troubleshooting/files/file-upload-fails/"},
	{"dateien werden nicht synchronisiert", "/troubleshooting/files/files-not-syncing/"},
	{"keine benachrichtigungen", "/troubleshooting/notifications/notifications-not-arriving/"},
	{"benachrichtigungn", "/troubleshooting/notifications/notifications-not-arriving/"},
	{"support kontaktieren", "/contact-support/"},
	{"nachricht nicht finden", "/messaging/search/search-tips/"},
	{"zeitzone einstellen", "/account/profile/update-your-profile/"},
	{"rechnungsadr", "/account/profile/change-your-email-address/#stattdessen-die-rechnungsadresse-ändern"},
}

// TestSearchGermanIndexAndClient: a German site's sidecar and meta.json
// record its language, and the client written beside the static index
// is German's, without English's stemmer.
func TestSearchGermanIndexAndClient(t *testing.T) {
	site := fstest.MapFS{
		"content/konto/passwort.md": {Data: []byte("---\ntitle: Passwort zurücksetzen\n---\n\nSo setzen Sie Ihr Passwort zurück.\n")},
	}
	out := t.TempDir()
	cfg := &builder.Config{Title: "Hilfe", Language: "de-AT"}
	if _, err := builder.New(builder.Options{Config: cfg}).Build(context.Background(), site, folderSink{out}); err != nil {
		t.Fatal(err)
	}
	m, err := search.ReadMeta(filepath.Join(out, builder.SearchDir))
	if err != nil {
		t.Fatal(err)
	}
	if m.Language != "de-AT" || m.Analysis != "de" {
		t.Errorf("sidecar language %q analysis %q, want de-AT, de", m.Language, m.Analysis)
	}
	dir, err := jsengine.Version(out)
	if err != nil {
		t.Fatal(err)
	}
	found, _ := filepath.Glob(filepath.Join(dir, "kb-search.*.js"))
	if len(found) != 1 {
		t.Fatalf("clients %v", found)
	}
	client, _ := os.ReadFile(found[0])
	if c := string(client); !strings.Contains(c, `name: "de"`) || strings.Contains(c, "americanize") || !strings.Contains(c, `"lang":"de"`) {
		t.Error("the client is not German's, or carries English's stemmer, or its meta.json has no lang")
	}
	if raceEnabled {
		return
	}
	js, err := jsengine.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	res, err := js.Search("passwörter zurucksetzen", "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Errorf("static hits %+v", res.Hits)
	}
}

// TestUnknownLanguageWarns: a language search has no analysis for is a
// warning at its position, not an error; the site is searched with the
// neutral analysis.
func TestUnknownLanguageWarns(t *testing.T) {
	site := fstest.MapFS{
		"site.yaml":        {Data: []byte("title: T\nlanguage: tlh\n")},
		"content/qapla.md": {Data: []byte("---\ntitle: Qapla\n---\n\nHeghlu'meH QaQ jajvam.\n")},
	}
	out := t.TempDir()
	res, err := builder.New(builder.Options{}).Build(context.Background(), site, folderSink{out})
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, d := range res.Warnings {
		if d.Warning && d.Pos.File == "site.yaml" && d.Pos.Line == 2 && strings.Contains(d.Msg, `no analysis for "tlh"`) {
			found = true
		}
	}
	if !found {
		t.Errorf("no warning at site.yaml:2 in %v", res.Warnings)
	}
	m, err := search.ReadMeta(filepath.Join(out, builder.SearchDir))
	if err != nil {
		t.Fatal(err)
	}
	if m.Analysis != "none" {
		t.Errorf("analysis %q, want none", m.Analysis)
	}
}
