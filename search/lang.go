package search

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/da"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fa"
	"github.com/blevesearch/bleve/v2/analysis/lang/fi"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/hu"
	"github.com/blevesearch/bleve/v2/analysis/lang/it"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/analysis/lang/no"
	"github.com/blevesearch/bleve/v2/analysis/lang/pt"
	"github.com/blevesearch/bleve/v2/analysis/lang/ro"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/analysis/lang/sv"
	"github.com/blevesearch/bleve/v2/analysis/lang/tr"
	"github.com/blevesearch/bleve/v2/analysis/token/apostrophe"
	"github.com/blevesearch/bleve/v2/analysis/token/unicodenorm"
	"github.com/blevesearch/bleve/v2/registry"
)

// A site's language decides how its text is analysed: kb's own English
// analysis (tokens.go), or, for the languages bleve has an analyser for,
// the token filters of that analyser after kb's word splitting and
// lowercasing, so that kb keeps one word splitter for the index, queries,
// snippets and the static client. The filters are bleve's own: the index
// stems as bleve's analyser for the language would. Chinese, Japanese and
// Korean get bleve's cjk analysis instead: full-width ASCII and half-width
// Katakana folded (cjk_width), and runs of Han, Kana and Hangul indexed
// as overlapping pairs of characters (cjk_bigram). Any other language gets
// the neutral analysis: words lowercased, nothing dropped or stemmed.
//
// Analysis names are what indexes record (Meta.Analysis, meta.json's
// "lang"): a language code, or "cjk" or "none".
const (
	analysisEnglish = "en"
	analysisCJK     = "cjk"
	analysisNone    = "none"
)

// language is one analysis. It is read-only once made.
type language struct {
	name       string
	english    bool                   // kb's own English analysis: possessives, stop words, overrides, Porter
	filters    []analysis.TokenFilter // bleve's, on a lowercase word; a word they drop is a stop word
	norms      []analysis.TokenFilter // those of filters that neither drop nor stem: elision, normalisation
	bigrams    bool                   // cjk: runs of CJK characters become pairs of them
	width      bool                   // cjk: fold full-width ASCII and half-width Katakana
	linking    []string               // letters that may join the parts of a compound ("Rechnungsadresse")
	fillers    []string               // words readers wrap a question in (query.go), as written
	particles  []string
	synonyms   [][]string // built-in synonym groups
	noStatic   bool       // the static client has no port of these filters (README)
	noLeadTest bool       // stems may start otherwise than their words (plan.addLead)
}

// bleveLanguages are the languages bleve has analysers for, by their
// primary subtag, with the names of the analyser's token filters after
// its lowercasing, in the analyser's order.
var bleveLanguages = map[string][]string{
	"ar": {unicodenorm.Name + ":nfkc", ar.StopName, ar.NormalizeName, ar.StemmerName},
	"da": {da.StopName, da.SnowballStemmerName},
	"de": {de.StopName, de.NormalizeName, de.LightStemmerName},
	"es": {es.StopName, es.NormalizeName, es.LightStemmerName},
	"fa": {ar.NormalizeName, fa.NormalizeName, fa.StopName},
	"fi": {fi.StopName, fi.SnowballStemmerName},
	"fr": {fr.ElisionName, fr.StopName, fr.LightStemmerName},
	"hu": {hu.StopName, hu.SnowballStemmerName},
	"it": {it.ElisionName, it.StopName, it.LightStemmerName},
	"nl": {nl.StopName, nl.SnowballStemmerName},
	"no": {no.StopName, no.SnowballStemmerName},
	"pt": {pt.StopName, pt.LightStemmerName},
	"ro": {ro.StopName, ro.SnowballStemmerName},
	"ru": {ru.StopName, ru.SnowballStemmerName},
	"sv": {sv.StopName, sv.SnowballStemmerName},
	"tr": {apostrophe.Name, tr.StopName, tr.SnowballStemmerName},
}

// staticLanguages are the analyses layouts/search/lang/ ports to the
// static client.
var staticLanguages = map[string]bool{analysisEnglish: true, "de": true, "fr": true, "es": true, "ar": true, analysisCJK: true, analysisNone: true}

// AnalysisOf is the analysis a language code gets ("de-AT" → "de",
// "ja" → "cjk", "en-GB" → "en", "" → "en"), and whether kb has one for
// it: false means the neutral analysis, "none".
func AnalysisOf(code string) (name string, ok bool) {
	c := strings.ToLower(code)
	if i := strings.IndexAny(c, "-_"); i >= 0 {
		c = c[:i]
	}
	switch c {
	case "", "en":
		return analysisEnglish, true
	case "zh", "ja", "ko":
		return analysisCJK, true
	case "nb", "nn":
		return "no", true
	case analysisNone:
		return analysisNone, true
	}
	if _, ok := bleveLanguages[c]; ok {
		return c, true
	}
	return analysisNone, false
}

// StaticAnalysis reports whether the static client analyses queries
// exactly as the index does for analysis name: the others' static
// clients only lowercase, so a stemmed word is found by its start.
func StaticAnalysis(name string) bool { return staticLanguages[name] }

// Analyses lists the analysis names kb has, sorted.
func Analyses() []string {
	out := []string{analysisEnglish, analysisCJK, analysisNone}
	for c := range bleveLanguages {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// english is kb's English analysis, the default.
var english = &language{name: analysisEnglish, english: true, particles: particles, fillers: fillers, synonyms: builtinSynonyms}

// languageNamed makes the analysis of name (an analysis name, as
// AnalysisOf returns it; "" is English). Each call makes its own filters:
// bleve's are safe to share, but a registry cache is not.
func languageNamed(name string) (*language, error) {
	switch name {
	case "", analysisEnglish:
		return english, nil
	case analysisNone:
		return &language{name: analysisNone}, nil
	case analysisCJK:
		return &language{name: analysisCJK, bigrams: true, width: true}, nil
	}
	names, ok := bleveLanguages[name]
	if !ok {
		return nil, fmt.Errorf("search: no analysis %q", name)
	}
	l := &language{name: name, noStatic: !staticLanguages[name], noLeadTest: true}
	cache := registry.NewCache()
	for _, n := range names {
		var f analysis.TokenFilter
		var err error
		if n == unicodenorm.Name+":nfkc" {
			f, err = unicodenorm.NewUnicodeNormalizeFilter(unicodenorm.NFKC)
		} else {
			f, err = cache.TokenFilterNamed(n)
		}
		if err != nil {
			return nil, fmt.Errorf("search: analysis %s: %w", name, err)
		}
		l.filters = append(l.filters, f)
		if !strings.HasPrefix(n, "stop_") && !strings.Contains(n, "stemmer") {
			l.norms = append(l.norms, f)
		}
	}
	if extra, ok := languageExtras[name]; ok {
		l.linking, l.fillers, l.synonyms = extra.linking, extra.fillers, extra.synonyms
	}
	return l, nil
}

// mustLanguage is languageNamed for names known to exist.
func mustLanguage(name string) *language {
	l, err := languageNamed(name)
	if err != nil {
		panic(err)
	}
	return l
}

// filter runs the language's filters on one lowercase word: the indexed
// term, or nil for a word they drop.
func (l *language) filter(lower []byte) []byte {
	ts := analysis.TokenStream{{Term: append([]byte(nil), lower...), Start: 0, End: len(lower), Position: 1, Type: analysis.AlphaNumeric}}
	for _, f := range l.filters {
		if ts = f.Filter(ts); len(ts) == 0 {
			return nil
		}
	}
	if len(ts[0].Term) == 0 {
		return nil
	}
	return ts[0].Term
}

// normalize is a lowercase word as the language's normalisers leave it,
// without stemming or dropping it: the form of word.lower, of the
// unstemmed fields (code, vocab) and of the prefixes a query's last word
// completes, so that "zurü" finds "zurucksetz" and "l'adr" "adresse".
// English has none: it returns lower itself.
func (l *language) normalize(lower []byte) []byte {
	if len(l.norms) == 0 {
		return lower
	}
	ts := analysis.TokenStream{{Term: append([]byte(nil), lower...), Start: 0, End: len(lower), Position: 1, Type: analysis.AlphaNumeric}}
	for _, f := range l.norms {
		ts = f.Filter(ts)
	}
	if len(ts) == 0 {
		return nil
	}
	return ts[0].Term
}

// isBigram tells the characters that cjk indexes in pairs: Han,
// Hiragana, Katakana and Hangul letters, and the prolonged sound marks
// of Kana, which Unicode puts in no script ("パスワード"). analysis.js
// has the same test.
func isBigram(r rune) bool {
	if r == 0x30fc || r == 0xff70 {
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// languageExtras are what kb adds to bleve's analysis of a language: the
// letters that join compounds, the filler words of questions and
// built-in synonyms, each as readers and writers of help centers use
// them.
var languageExtras = map[string]struct {
	linking  []string
	fillers  []string
	synonyms [][]string
}{
	"de": {
		linking: []string{"s", "es", "n", "en"},
		fillers: []string{"möchte", "möchten", "bitte", "irgendwie", "geht", "gehen", "machen", "mache", "brauche", "finde"},
		synonyms: [][]string{
			{"anmelden", "einloggen", "login", "log in", "anmeldung"},
			{"abmelden", "ausloggen", "logout", "abmeldung"},
			{"registrieren", "registrierung", "konto erstellen"},
			{"passwort", "kennwort", "password"},
			{"zurücksetzen", "vergessen", "reset"},
			{"2fa", "zwei faktor", "zwei-faktor", "mfa", "zweistufige verifizierung"},
			{"löschen", "entfernen", "deaktivieren"},
			{"kündigen", "beenden", "abbestellen"},
			{"rechnung", "quittung", "beleg"},
			{"zahlungsmethode", "kreditkarte", "karte", "zahlungsart"},
			{"erstattung", "rückerstattung", "geld zurück"},
			{"abo", "abonnement", "tarif", "plan"},
			{"e-mail", "email", "mail"},
			{"handy", "smartphone", "mobil", "telefon"},
			{"benachrichtigung", "mitteilung", "hinweis"},
			{"ändern", "bearbeiten", "aktualisieren"},
			{"herunterladen", "download", "exportieren"},
			{"hochladen", "upload", "importieren", "anhängen"},
			{"gesperrt", "blockiert", "ausgesperrt"},
			{"langsam", "verzögerung", "performance"},
			{"api-schlüssel", "api schlüssel", "api-token", "token"},
			{"fehler", "problem"},
		},
	},
	"fr": {fillers: []string{"comment", "faire", "veux", "voudrais", "besoin", "svp"}},
	"es": {fillers: []string{"cómo", "como", "hacer", "quiero", "necesito", "puedo", "favor"}},
}
