package layouts_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"

	"github.com/kbhelp/kb/layouts"
	"github.com/kbhelp/kb/search"
)

// The static client of a site in another language than English gets
// that language's stemmer (search/lang-<analysis>.js); these tests hold
// each one to package search's analysis of the language (bleve's filters,
// lang.go), on word lists written for it, on every stop word of bleve's
// list, on the tricky texts and, for German, on the example site's
// German pages.

// languageWords are texts in each language with the inflections,
// accents, elisions and compounds its stemmer must get right.
var languageWords = map[string][]string{
	"de": {
		"Passwort Passwörter Passworts Kennwort zurücksetzen Zurücksetzung zurückgesetzt Passwortzurücksetzung",
		"Rechnung Rechnungen Rechnungsadresse Abrechnung Abrechnungen abrechnen Zahlungsmethode Zahlungsmethoden",
		"Konto Kontos Konten anmelden Anmeldung angemeldet abmelden einloggen ausgeloggt Anmeldeseite",
		"Benachrichtigung Benachrichtigungen Töne Häuser Bücher Straße STRASSE Maße Masse Fuß Füße",
		"ändern Änderung geändert Übersicht über für Größe größer groß Grüße Schlüssel API-Schlüssel",
		"Zwei-Faktor-Authentifizierung Wiederherstellungscodes Sitzung Sitzungen abgelaufen Ablauf",
		"herunterladen hochladen Datei Dateien Dateigröße synchronisieren Synchronisierung",
		"kündigen Kündigung Abonnement Abonnements Tarif Tarife wechseln jährlich monatlich",
		"der die das den dem des ein eine einer und oder nicht kann können würde möchte ich Sie",
		"Müller Mueller Goethe Göthe Quelle quer Aue Frauen Bauer Baür schöner schoener aeiou",
		"Fehler Fehlercode KW-NET-0042 HTTP 429 zu viele Anfragen Ratenbegrenzung Stunde Stunden",
		"gesendet sendest Lehrerin Lehrerinnen Lehrern lehrst schönsten Kindern kindes Tests",
	},
	"fr": {
		"l'adresse d'e-mail qu'il jusqu'à aujourd'hui s'inscrire c'est n'arrive l’application",
		"mot de passe mots réinitialiser réinitialisation oublié connexion connecter déconnexion",
		"facture factures facturation paiement paiements carte bancaire remboursement rembourser",
		"abonnement abonnements annuler résilier forfait forfaits mensuel annuel",
		"notification notifications téléchargement télécharger fichier fichiers synchronisation",
		"heureusement rapidement généralement opérateur opératrice directrice directeur amicalement",
		"chevaux journaux travaux bijoux folle molle traditionnelle traditionnel septième",
		"le la les un une des du de et ou ne pas je vous nous être avoir été étaient",
		"identification vérification organisation actualisation sécurité activité",
		"chanteuse menteuse vendeuse crème première dernière poète complète électrique",
	},
	"es": {
		"contraseña contraseñas restablecer restablecimiento olvidé olvidaste iniciar sesión",
		"factura facturas facturación pago pagos tarjeta tarjetas reembolso reembolsos",
		"suscripción suscripciones cancelar plan planes mensual anual actualizar",
		"notificación notificaciones descargar archivo archivos sincronizar sincronización",
		"el la los las un una de del y o no es son está están cómo qué dónde",
		"luces voces peces lápiz lápices canción canciones ratón ratones árbol árboles",
		"inglés inglesa ingleses interés intereses países pingüino ambigüedad",
	},
	"ar": {
		"كلمة المرور كلمات المرور إعادة تعيين نسيت تسجيل الدخول تسجيل الخروج",
		"الفاتورة الفواتير والفواتير بالفاتورة الدفع طريقة الدفع البطاقة بطاقات",
		"الاشتراك الاشتراكات إلغاء الخطة الخطط شهري سنوي",
		"الإشعارات إشعار تنزيل الملف الملفات المزامنة",
		"مُحَمَّد كَتَبَ الكِتابُ أحمد إبراهيم آمنة مدرسة مدرستي على إلى في من هذا هذه",
		"ﻻ ﷲ ﻷ ٣٤ ١٢٣ ـــ كتـــاب",
	},
	"cjk": {
		"パスワードを再設定する パスワード再設定 ログインできない 請求書 ダウンロード",
		"ＡＰＩキー ｱｲｳｴｵ ｶﾞｷﾞ ＡＢＣ１２３ 全角ｶﾀｶﾅ",
		"重置密码 忘记密码 登录 发票 下载 取消订阅 通知",
		"비밀번호를 재설정 비밀번호 로그인 청구서 다운로드 구독 취소 알림",
		"東京都 ひらがな カタカナ 漢字かな交じり文 日 本 日本 mixed日本語text 카카오톡app",
		"「パスワード」、再設定。 ー ーー 々 〆 ⼀ ㈠ 𠀋𠀋 ｰ",
	},
	"none": {
		"Het wachtwoord opnieuw instellen ΣΟΦΙΑ ΟΔΟΣ Ω Ὀδυσσεύς Anna's don't",
		"Zaloguj się Hasło Γειά σου κόσμε KW-NET-0042 ﬁnance İstanbul",
	},
}

// bleveStops are bleve's stop word lists of the languages with a port.
var bleveStops = map[string][]byte{"de": de.GermanStopWords, "fr": fr.FrenchStopWords, "es": es.SpanishStopWords, "ar": ar.ArabicStopWords}

// languageCodes are a code of each analysis, as site.yaml would have it.
var languageCodes = map[string]string{"de": "de", "fr": "fr", "es": "es", "ar": "ar", "cjk": "ja", "none": "xx"}

func TestSearchAnalysisLanguages(t *testing.T) {
	for name, texts := range languageWords {
		t.Run(name, func(t *testing.T) {
			a := loadAnalysisLang(t, name)
			a.code = languageCodes[name]
			if got, _ := search.AnalysisOf(a.code); got != name {
				t.Fatalf("%s analyses %s, not %s", a.code, got, name)
			}
			n := 0
			for _, s := range texts {
				n += len(compare(t, a, s, s))
			}
			for _, s := range tricky {
				n += len(compare(t, a, fmt.Sprintf("%q", s), s))
			}
			if list, ok := bleveStops[name]; ok {
				m := analysis.NewTokenMap()
				if err := m.LoadBytes(list); err != nil {
					t.Fatal(err)
				}
				var words []string
				for w := range m {
					words = append(words, w)
				}
				sort.Strings(words)
				for _, ws := range [][]string{words, a.sets[len(a.sets)-1]} {
					for _, w := range ws {
						n += len(compare(t, a, w, w))
						if got := a.call(t, "isStop", w).ToBoolean(); !got {
							t.Errorf("%q: bleve's stop word, not the client's", w)
						}
					}
				}
				if js := a.sets[len(a.sets)-1]; len(js) != len(words) {
					t.Errorf("the client has %d stop words, bleve %d", len(js), len(words))
				}
			}
			t.Logf("%d words", n)
		})
	}
}

// TestSearchAnalysisGermanSite compares every word of the example site's
// German pages.
func TestSearchAnalysisGermanSite(t *testing.T) {
	if raceEnabled {
		t.Skip("runs analysis.js in goja over every word: not under the race detector (race_on_test.go)")
	}
	dir := "../content/de"
	if _, err := os.Stat(dir); err != nil {
		t.Skip(err)
	}
	a := loadAnalysisLang(t, "de")
	a.code = "de"
	words := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		words += len(compare(t, a, path, string(b)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d words", words)
}

// TestSearchAnalysisCJKCodePoints compares, in cjk's analysis, each code
// point of the blocks it folds or pairs, alone, side by side and after a
// Latin letter.
func TestSearchAnalysisCJKCodePoints(t *testing.T) {
	if raceEnabled {
		t.Skip("runs analysis.js in goja over every code point: not under the race detector (race_on_test.go)")
	}
	a := loadAnalysisLang(t, "cjk")
	a.code = "ja"
	for _, r := range [][2]rune{{0x1100, 0x11ff}, {0x2e80, 0x30ff}, {0x3130, 0x318f}, {0x3200, 0x32ff},
		{0x4e00, 0x4fff}, {0xa960, 0xa97f}, {0xac00, 0xadff}, {0xd7b0, 0xd7ff}, {0xff00, 0xffef}} {
		var b strings.Builder
		for c := r[0]; c <= r[1]; c++ {
			b.WriteString(string(c) + string(c+1) + " a" + string(c) + " " + string(c) + "'" + string(c) + " ")
		}
		compare(t, a, fmt.Sprintf("U+%04X-U+%04X", r[0], r[1]), b.String())
	}
}

// TestSearchClientHasOneLanguage: the client the build writes for a
// language carries that language's stemmer and no other's.
func TestSearchClientHasOneLanguage(t *testing.T) {
	marks := map[string]string{"en": "americanize", "de": "stemmer_de_light", "fr": "stemmer_fr_light", "es": "stemmer_es_light", "ar": "stemmer_ar", "cjk": "cjk_bigram"}
	for name := range marks {
		c := string(layouts.SearchClient(name))
		for other, mark := range marks {
			if has := strings.Contains(c, mark); has != (other == name) {
				t.Errorf("the %s client has %s's code: %v", name, other, has)
			}
		}
	}
	if c := string(layouts.SearchClient("nl")); !strings.Contains(c, `name: "none"`) {
		t.Error("a language without a port does not get the neutral analysis")
	}
	if string(layouts.SearchEngine()) != string(layouts.SearchClient("en")) {
		t.Error("SearchEngine is not English's client")
	}
}

// FuzzSearchAnalysisLanguages compares JS and Go on any text in each
// language with a port (lang picks it); invalid UTF-8 is replaced by
// U+FFFD on both sides.
func FuzzSearchAnalysisLanguages(f *testing.F) {
	names := make([]string, 0, len(languageCodes))
	for n := range languageCodes {
		names = append(names, n)
	}
	sort.Strings(names)
	as := make([]*jsAnalysis, len(names))
	for i, n := range names {
		as[i] = loadAnalysisLang(f, n)
		as[i].code = languageCodes[n]
		for _, s := range languageWords[n] {
			f.Add(uint8(i), s)
		}
	}
	f.Fuzz(func(t *testing.T, lang uint8, s string) {
		a := as[int(lang)%len(as)]
		compare(t, a, fmt.Sprintf("%s %q", a.code, s), s)
	})
}
