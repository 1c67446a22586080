package builder_test

// Search in another language than English: the example site's German
// pages (content/de/) built as a site in German, with the relevance of
// reader-style German queries on the server's index and the static one.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
	// The same suites over the German index of the multilingual example
	// site, which also holds the fallback pages of the articles not
	// translated: these rank after the German pages, and must not take
	// their places.
	ix, js = buildLanguageIndexes(t, "..", "de")
	t.Run("fallbacks", func(t *testing.T) {
		cases := make([]relevanceCase, len(germanCases))
		for i, c := range germanCases {
			cases[i] = relevanceCase{c.q, "/de" + c.want}
		}
		checkRelevance(t, ix, js, append(cases, readRelevanceCases(t, "testdata/relevance-de.txt")...), 0.85)
	})
	// A typo keeps its first letter in both engines: "erstellen" is no
	// typo of "herstellen" (the title of the can't-connect article), so
	// "token erstellen" finds the token article (a fallback page in
	// German) first, as the server does.
	t.Run("first letter", func(t *testing.T) {
		if js == nil {
			t.Skip("the static engine does not run under the race detector (race_on_test.go)")
		}
		const want = "/de/api/authentication/create-an-api-token/"
		for _, q := range []string{"token erstellen", "api token erstellen"} {
			res, err := ix.Search(context.Background(), search.Query{Text: q, Limit: 3})
			if err != nil {
				t.Fatal(err)
			}
			sr, err := js.Search(q, "", 3)
			if err != nil {
				t.Fatal(err)
			}
			for name, hits := range map[string][]string{"server": urlsOf(res.Hits, func(h search.Hit) string { return h.URL }), "static": urlsOf(sr.Hits, func(h jsengine.Hit) string { return h.URL })} {
				if len(hits) == 0 || !hitMatches(hits[0], want) {
					t.Errorf("%s: %q: first hits %v, want %s", name, q, hits, want)
				}
			}
		}
	})
}

// urlsOf lists the URLs of hits.
func urlsOf[H any](hits []H, url func(H) string) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = url(h)
	}
	return out
}

// buildLanguageIndexes builds the multilingual site at root into a
// folder, as kb build does, and opens both indexes of the language code:
// the server's, and the static one in the client readers run.
func buildLanguageIndexes(t testing.TB, root, code string) (*search.Index, *jsengine.Engine) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := builder.New(builder.Options{}).BuildDir(context.Background(), root, out); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(out, code)
	ix, err := search.Open(filepath.Join(dir, builder.SearchDir))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if raceEnabled {
		return ix, nil
	}
	ver, err := jsengine.Version(dir)
	if err != nil {
		t.Fatal(err)
	}
	js, err := jsengine.Open(ver)
	if err != nil {
		t.Fatal(err)
	}
	return ix, js
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

// TestSearchLanguagesBothEngines builds a small site in each language
// the static client has a port for and checks that the server's index
// and the static one answer a reader's queries alike, inflected and
// accented as readers type them.
func TestSearchLanguagesBothEngines(t *testing.T) {
	type page struct{ path, title, body string }
	for _, c := range []struct {
		lang    string
		pages   []page
		queries map[string]string // query → the URL that must come first
	}{
		{"fr", []page{
			{"compte/mot-de-passe.md", "Réinitialiser votre mot de passe", "Cliquez sur « Mot de passe oublié » sur la page de connexion. L'adresse e-mail du compte reçoit un lien."},
			{"facturation/factures.md", "Télécharger les factures", "Toutes les factures de l'abonnement sont disponibles en PDF."},
		}, map[string]string{"mots de passe oubliés": "/compte/mot-de-passe/", "facture": "/facturation/factures/", "l'adresse email": "/compte/mot-de-passe/", "reinitialiser": "/compte/mot-de-passe/"}},
		{"es", []page{
			{"cuenta/contrasena.md", "Restablecer la contraseña", "Haga clic en «¿Olvidó su contraseña?» en la página de inicio de sesión."},
			{"facturacion/facturas.md", "Descargar facturas", "Las facturas de la suscripción están disponibles en PDF."},
		}, map[string]string{"contraseñas": "/cuenta/contrasena/", "factura": "/facturacion/facturas/", "suscripcion": "/facturacion/facturas/", "contrasena olvido": "/cuenta/contrasena/"}},
		{"ar", []page{
			{"account/password.md", "إعادة تعيين كلمة المرور", "انقر على نسيت كلمة المرور في صفحة تسجيل الدخول."},
			{"billing/invoices.md", "تنزيل الفواتير", "جميع الفواتير متاحة بصيغة PDF."},
		}, map[string]string{"كلمة المرور": "/account/password/", "فواتير": "/billing/invoices/", "والفواتير": "/billing/invoices/", "الفوا": "/billing/invoices/"}},
		{"ja", []page{
			{"account/password.md", "パスワードを再設定する", "ログイン画面で「パスワードをお忘れですか」をクリックします。"},
			{"billing/invoices.md", "請求書をダウンロードする", "すべての請求書はＰＤＦで利用できます。"},
		}, map[string]string{"パスワード再設定": "/account/password/", "請求書": "/billing/invoices/", "pdf": "/billing/invoices/", "ﾊﾟｽﾜｰﾄﾞ": "/account/password/"}},
		{"zh", []page{
			{"account/password.md", "重置密码", "在登录页面点击忘记密码。"},
			{"billing/invoices.md", "下载发票", "所有发票均可下载为PDF。"},
		}, map[string]string{"忘记密码": "/account/password/", "发票下载": "/billing/invoices/"}},
		// Dutch: the static client has no port of its Snowball stemmer;
		// inflections a few letters longer than the stem are still found.
		{"nl", []page{
			{"account/wachtwoord.md", "Wachtwoord opnieuw instellen", "Klik op de aanmeldpagina op Wachtwoord vergeten."},
			{"billing/facturen.md", "Overzicht van uw facturen", "Alle facturen van uw abonnement staan als PDF klaar om te downloaden."},
			{"app/downloaden.md", "De app downloaden", "Downloaden kan via de website; na het downloaden start u de app."},
		}, map[string]string{"wachtwoorden": "/account/wachtwoord/", "facturen downloaden": "/billing/facturen/", "abonnementen facturen": "/billing/facturen/"}},
		{"ko", []page{
			{"account/password.md", "비밀번호 재설정", "로그인 화면에서 비밀번호를 잊으셨나요를 클릭하세요."},
			{"billing/invoices.md", "청구서 다운로드", "모든 청구서는 PDF로 제공됩니다."},
		}, map[string]string{"비밀번호": "/account/password/", "청구서를": "/billing/invoices/"}},
	} {
		t.Run(c.lang, func(t *testing.T) {
			site := fstest.MapFS{}
			for _, p := range c.pages {
				site["content/"+p.path] = &fstest.MapFile{Data: []byte("---\ntitle: " + p.title + "\n---\n\n" + p.body + "\n")}
			}
			out := t.TempDir()
			if _, err := builder.New(builder.Options{Config: &builder.Config{Title: "T", Language: c.lang}}).Build(context.Background(), site, folderSink{out}); err != nil {
				t.Fatal(err)
			}
			ix, err := search.Open(filepath.Join(out, builder.SearchDir))
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			var js *jsengine.Engine
			if !raceEnabled {
				dir, err := jsengine.Version(out)
				if err != nil {
					t.Fatal(err)
				}
				if js, err = jsengine.Open(dir); err != nil {
					t.Fatal(err)
				}
			}
			for q, want := range c.queries {
				res, err := ix.Search(context.Background(), search.Query{Text: q})
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Hits) == 0 || res.Hits[0].URL != want {
					t.Errorf("server: %q: hits %+v, want %s first", q, res.Hits, want)
				} else if !strings.Contains(res.Hits[0].Snippet, "<mark>") && !strings.Contains(res.Hits[0].Title, q) {
					t.Logf("server: %q: snippet %q marks nothing", q, res.Hits[0].Snippet)
				}
				if js == nil {
					continue
				}
				sres, err := js.Search(q, "", 10)
				if err != nil {
					t.Fatal(err)
				}
				if len(sres.Hits) == 0 || sres.Hits[0].URL != want {
					t.Errorf("static: %q: hits %+v, want %s first", q, sres.Hits, want)
				}
			}
		})
	}
}

// TestStaticFallbackOrder: in a language's search, the server and the
// static engine both rank a fallback page (an English article without
// a German translation) after a German article that matches about as
// well, find it first when it alone matches, and mark it as a fallback.
func TestStaticFallbackOrder(t *testing.T) {
	root := t.TempDir()
	for name, text := range map[string]string{
		"site.yaml": "title: Help\nlanguages:\n  - code: en\n    name: English\n  - code: de\n    name: Deutsch\n",
		"content/integrations/slack-integration.md": "---\ntitle: Slack integration\ndescription: Set up the Slack integration.\ntags: [slack]\n---\n\n" +
			"The Slack integration posts Kitewire notifications to your Slack channels. Connect Slack from Settings.\n\n" +
			"## Slack integration settings\n\nChoose which Slack channels get which notifications.\n",
		"content/api/webhooks.md":          "---\ntitle: Webhooks\n---\n\nWebhooks send an HTTP request to your server when an event happens.\n",
		"content/de/integrations/slack.md": "---\ntitle: Slack-Integration\n---\n\nMit der Slack-Integration erhalten Sie Benachrichtigungen aus Kitewire in Ihren Slack-Kanälen.\n",
		"content/de/konto/passwort.md":     "---\ntitle: Passwort zurücksetzen\n---\n\nWenn Sie Ihr Passwort vergessen haben, klicken Sie auf „Passwort vergessen“.\n",
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ix, js := buildLanguageIndexes(t, root, "de")
	for _, c := range []struct {
		q, want  string
		fallback bool // want is a fallback page
	}{
		{"slack integration", "/de/integrations/slack/", false},
		{"slack", "/de/integrations/slack/", false},
		{"webhooks", "/de/api/webhooks/", true},
		{"passwort", "/de/konto/passwort/", false},
	} {
		res, err := ix.Search(context.Background(), search.Query{Text: c.q})
		if err != nil {
			t.Fatal(err)
		}
		var server []string
		for _, h := range res.Hits {
			server = append(server, fmt.Sprint(h.URL, " ", h.Fallback))
		}
		if len(res.Hits) == 0 || strings.Split(res.Hits[0].URL, "#")[0] != c.want || res.Hits[0].Fallback != c.fallback {
			t.Errorf("server: %q: %q, want %s (fallback %v) first", c.q, server, c.want, c.fallback)
		}
		if js == nil {
			continue
		}
		sres, err := js.Search(c.q, "", 10)
		if err != nil {
			t.Fatal(err)
		}
		var static []string
		for _, h := range sres.Hits {
			static = append(static, fmt.Sprint(h.URL, " ", h.Fallback))
		}
		if !slices.Equal(static, server) {
			t.Errorf("%q: the static engine answers %q, the server %q", c.q, static, server)
		}
	}
}
