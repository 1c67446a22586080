package search

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestAnalysisOf(t *testing.T) {
	for _, c := range []struct {
		code, want string
		ok         bool
	}{
		{"", "en", true}, {"en", "en", true}, {"en-GB", "en", true}, {"de", "de", true}, {"de-AT", "de", true},
		{"DE_ch", "de", true}, {"fr", "fr", true}, {"pt-BR", "pt", true}, {"ar", "ar", true}, {"fa", "fa", true},
		{"ja", "cjk", true}, {"zh-Hans", "cjk", true}, {"ko", "cjk", true}, {"nb", "no", true}, {"nn", "no", true},
		{"tr", "tr", true}, {"xx", "none", false}, {"el", "none", false}, {"none", "none", true},
	} {
		if got, ok := AnalysisOf(c.code); got != c.want || ok != c.ok {
			t.Errorf("AnalysisOf(%q) = %q, %v; want %q, %v", c.code, got, ok, c.want, c.ok)
		}
	}
	for _, name := range Analyses() {
		if _, err := languageNamed(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestLanguageStems spells out what each analysis makes of a few words:
// bleve's filters for the language, after kb's splitting and lowercasing.
func TestLanguageStems(t *testing.T) {
	for _, c := range []struct{ code, text, want string }{
		// German: stop words, umlauts folded, light stemming.
		{"de", "Passwörter zurücksetzen für das Konto", "passwort zurucksetz konto"},
		{"de", "Straße Strasse STRASSE", "strass strass strass"},
		{"de", "Rechnungen Rechnung", "rechnung rechnung"},
		// French: elision, stop words, light stemming.
		{"fr", "l'adresse d'e-mail des factures", "adres e mail factur"},
		// Spanish: accents folded, light stemming.
		{"es", "las contraseñas de la cuenta", "contraseñ cuent"},
		// Arabic: NFKC, stop words, normalisation, stemming.
		{"ar", "كلمة المرور والحسابات", "كلم مرور حساب"},
		// CJK: pairs of neighbours, a lone character alone, width folded.
		{"ja", "パスワードを再設定", "パス スワ ワー ード ドを を再 再設 設定"},
		{"zh", "重置 密码", "重置 密码"},
		{"ko", "비밀번호를 변경", "비밀 밀번 번호 호를 변경"},
		{"ja", "ＡＰＩキー", "api キー"},
		{"ja", "日", "日"},
		// The neutral analysis: lowercase, nothing else.
		{"xx", "The Passwords", "the passwords"},
		// English as ever.
		{"en", "Resetting the passwords", "reset password"},
	} {
		var got []string
		for _, w := range AnalyzeWordsIn(c.code, c.text) {
			if w.Stem != "" {
				got = append(got, w.Stem)
			}
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("%s %q: stems %q, want %q", c.code, c.text, g, c.want)
		}
	}
}

var germanDocs = []Doc{
	{URL: "/konto/passwort-zuruecksetzen/", Title: "Passwort zurücksetzen", Category: "konto", CategoryTitle: "Konto",
		Body:          "Wenn Sie Ihr Passwort vergessen haben, klicken Sie auf der Anmeldeseite auf „Passwort vergessen“.",
		Sections:      []Section{{Anchor: "link-abgelaufen", Title: "Der Link ist abgelaufen", Text: "Links zum Zurücksetzen gelten eine Stunde."}},
		ErrorMessages: []string{"Der Link zum Zurücksetzen ist abgelaufen (KW-AUTH-0410)"}},
	{URL: "/abrechnung/rechnungsadresse/", Title: "Rechnungsadresse ändern", Category: "abrechnung", CategoryTitle: "Abrechnung",
		Body: "Die Adresse auf Ihren Rechnungen ändern Sie in den Abrechnungseinstellungen."},
	{URL: "/abrechnung/rechnungen/", Title: "Rechnungen herunterladen", Category: "abrechnung", CategoryTitle: "Abrechnung",
		Body: "Alle Rechnungen finden Sie als PDF unter Abrechnung."},
	{URL: "/konto/zwei-faktor/", Title: "Zwei-Faktor-Authentifizierung einrichten", Category: "konto", CategoryTitle: "Konto",
		Body: "Schützen Sie Ihr Konto mit einem zweiten Faktor."},
}

func germanIndex(t *testing.T, opts BuildOptions) *Index {
	t.Helper()
	opts.Language = "de"
	return builtIndex(t, germanDocs, opts)
}

// builtIndex builds docs into a folder of the test's and opens it.
func builtIndex(t *testing.T, docs []Doc, opts BuildOptions) *Index {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ix")
	if err := Build(context.Background(), dir, docs, opts); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// TestGermanIndex: an index built with Language "de" records it, and
// queries are analysed as its documents were: inflections, umlauts
// typed or not, typos, compounds and the last word as a prefix.
func TestGermanIndex(t *testing.T) {
	ix := germanIndex(t, BuildOptions{})
	if m := ix.Meta(); m.Language != "de" || m.Analysis != "de" {
		t.Errorf("meta language %q analysis %q, want de, de", m.Language, m.Analysis)
	}
	for _, c := range []struct{ q, want string }{
		{"passwörter zurücksetzen", "/konto/passwort-zuruecksetzen/"},
		{"passwort zuruecksetzen", "/konto/passwort-zuruecksetzen/"},
		{"pasword vergessen", "/konto/passwort-zuruecksetzen/"},
		{"Passwortzurücksetzen", "/konto/passwort-zuruecksetzen/"},
		{"rechnungs adresse", "/abrechnung/rechnungsadresse/"},
		{"rechnungen herunterl", "/abrechnung/rechnungen/"},
		{"zwei faktor", "/konto/zwei-faktor/"},
		{"einloggen passwort", "/konto/passwort-zuruecksetzen/"}, // no match for einloggen: passwort decides
		{"KW-AUTH-0410", "/konto/passwort-zuruecksetzen/"},
		{"link abgelaufen", "/konto/passwort-zuruecksetzen/#link-abgelaufen"},
		{`"Rechnungen herunterladen"`, "/abrechnung/rechnungen/"}, // a phrase, inflected alike
		{"rechnungsadrese", "/abrechnung/rechnungsadresse/"},      // a typo in a compound
	} {
		res, err := ix.Search(context.Background(), Query{Text: c.q})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || res.Hits[0].URL != c.want {
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.URL)
			}
			t.Errorf("%q: hits %v, want %s first", c.q, got, c.want)
		}
	}
	res, _ := ix.Search(context.Background(), Query{Text: "adresse ände"})
	if len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Snippet, "<mark>ändern</mark>") {
		t.Errorf("a prefix with an umlaut: %+v", res.Hits)
	}
}

// TestGermanLiveUpdate: kb serve's index analyses updated documents in
// the index's language, through the tokenizers its mapping names.
func TestGermanLiveUpdate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	if err := Build(context.Background(), dir, germanDocs, BuildOptions{Language: "de"}); err != nil {
		t.Fatal(err)
	}
	l, err := OpenLive(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	doc := Doc{URL: "/konto/benachrichtigungen/", Title: "Benachrichtigungen stummschalten", Body: "Schalten Sie Töne aus."}
	if _, err := l.Update(context.Background(), []Doc{doc}, nil, nil); err != nil {
		t.Fatal(err)
	}
	res, err := l.Search(context.Background(), Query{Text: "benachrichtigung stummschalten"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].URL != doc.URL {
		t.Errorf("hits %+v, want %s", res.Hits, doc.URL)
	}
	res, _ = l.Search(context.Background(), Query{Text: "tone"})
	if len(res.Hits) == 0 || res.Hits[0].URL != doc.URL {
		t.Errorf("töne typed as tone: hits %+v", res.Hits)
	}
}

// TestEnglishHashUnchanged: languages leave English's content hash (and
// so its static version) as it was, and give another language's its own.
func TestEnglishHashUnchanged(t *testing.T) {
	if contentHash(germanDocs, nil, "en") != ContentHash(germanDocs, nil) {
		t.Error("English's hash changed")
	}
	if contentHash(germanDocs, nil, "de") == ContentHash(germanDocs, nil) {
		t.Error("German's hash is English's")
	}
}

// TestGermanConcurrentSearches: the language's filters are shared by the
// searches of one Index (run with -race).
func TestGermanConcurrentSearches(t *testing.T) {
	ix := germanIndex(t, BuildOptions{})
	done := make(chan error)
	for i := range 8 {
		go func() {
			var err error
			for _, q := range []string{"passwörter", "rechnungsadresse ändern", "zwei-faktor", "Rücksetzung", "zurü"} {
				if _, e := ix.Search(context.Background(), Query{Text: q + strings.Repeat(" konto", i%2)}); e != nil {
					err = e
				}
			}
			done <- err
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
