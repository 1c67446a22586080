package server

import (
	"strings"
	"testing"
)

// TestSearchPageInSiteLanguage: the server writes its results in the
// language of the built search page, from the texts the page carries
// (builder.SearchMessagesMarker), the site's overrides included, in
// both modes.
func TestSearchPageInSiteLanguage(t *testing.T) {
	site := testSite(map[string]string{
		"site.yaml":                      "title: Hilfe\nlanguage: de\n",
		"layouts/messages/de.yaml":       "search_filter_all: Alles\n",
		"content/billing/_index.md":      "---\ntitle: Abrechnung\n---\n",
		"content/billing/refunds.md":     "---\ntitle: Erstattung der Rechnung\n---\nDie Erstattung kommt in fünf Tagen.\n",
		"content/account/_index.md":      "---\ntitle: Konto\n---\n",
		"content/account/password.md":    "---\ntitle: Passwort und Rechnung\n---\nEin neues Passwort für die Rechnung.\n",
		"content/account/invoice.md":     "---\ntitle: Rechnung herunterladen\n---\nJede Rechnung als PDF.\n",
		"content/account/other.md":       "---\ntitle: Anderes\n---\nNichts.\n",
		"content/account/more/_index.md": "---\ntitle: Mehr\n---\n",
	})
	for mode, s := range searchServers(t, site) {
		t.Run(mode, func(t *testing.T) {
			r := results(t, body(t, get(t, s, "GET", "/search/?q=rechnung", nil)))
			for _, want := range []string{
				`<p class="search-summary" role="status">3 Artikel zu „rechnung“.</p>`,
				`aria-label="Nach Kategorie filtern"`,
				`Alles <span class="search-count">3<span class="visually-hidden"> Ergebnisse</span>`,
				`<span class="visually-hidden"> Ergebnis</span>`,
			} {
				if !strings.Contains(r, want) {
					t.Errorf("results lack %q:\n%s", want, r)
				}
			}
			r = results(t, body(t, get(t, s, "GET", "/search/?q=zebra", nil)))
			if want := `<p class="search-empty-title">Keine Artikel zu „zebra“ gefunden.</p>`; !strings.Contains(r, want) {
				t.Errorf("no-results state lacks %q:\n%s", want, r)
			}
			r = results(t, body(t, get(t, s, "GET", "/search/", nil)))
			if want := "Geben Sie eine Frage"; !strings.Contains(r, want) {
				t.Errorf("empty search lacks %q:\n%s", want, r)
			}
			res := get(t, s, "GET", "/search/?q=a&q=b", nil)
			if r := body(t, res); res.StatusCode != 400 || !strings.Contains(r, "Diese Suchadresse nennt q mehr als einmal.") {
				t.Errorf("status %d:\n%s", res.StatusCode, results(t, r))
			}
		})
	}
}
