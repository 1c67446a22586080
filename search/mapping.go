package search

import (
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
)

// schemaVersion is kb's index schema: the fields, analyzers and stored
// layout below. Change it whenever any of them changes, so an index built
// by another kb is detected (through the sidecar) before it is opened.
const schemaVersion = 5 // 3: BuildOptions.ReadOnly (vocab words with one document each); 4: no doc values; 5: fFallback

// Index fields. Each text field is indexed once, without term vectors or
// the _all field (nothing queries them), and only what results show is
// stored.
const (
	fTitle    = "title"   // text, stored
	fTitleKey = "tkey"    // keyword: the title's words, lowercase, as typed
	fTitleSet = "tset"    // keyword: the title's stems, sorted and unique
	fHead     = "head"    // text: every heading
	fKeys     = "keys"    // text: tags and the words of the slug
	fDesc     = "desc"    // text, stored
	fCrumb    = "crumb"   // text, stored (joined by sepField)
	fBody     = "body"    // text: intro and every section
	fTrouble  = "trbl"    // text: symptoms and the words of error messages
	fErrSfx   = "esfx"    // keyword: every suffix of every error message's tokens (errors.go)
	fErrMsg   = "emsg"    // keyword: each whole error message, as tokens
	fErrs     = "errs"    // stored only: the error messages as written
	fCode     = "code"    // text, lowercase words, no stemming
	fVocab    = "vocab"   // text, lowercase words, no stemming: titles, headings, tags, descriptions, symptoms (typo correction)
	fCat      = "cat"     // keyword, stored (facets count its postings: no doc values)
	fSec      = "sec"     // keyword (filter)
	fFallback = "fb"      // keyword: "1" on a fallback article (Doc.Fallback), absent on the others
	fSecs     = "secs"    // stored only: intro and sections for snippets and anchors
	anText    = "kb_en"   // English: lowercase, possessives, stop words, Porter stems (tokens.go)
	anCode    = "kb_code" // lowercase words
	sepField  = "\x1f"    // between the parts of a stored value
	sepRecord = "\x1e"    // between stored sections
)

// stopWords are dropped from text and queries. This is bleve's English
// list without the particles that tell "sign in" from "sign out", "turn
// on" from "turn off", "set up" from "back up" ("in", "out", "on", "off",
// "up", "down"), plus the filler readers type into a help center's box.
var stopWords = []string{
	"a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "aren't", "as", "at",
	"be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
	"can", "can't", "cannot", "cant", "could", "couldn't",
	"did", "didn't", "do", "does", "doesn't", "doing", "don't", "dont", "during",
	"each", "few", "for", "from", "further", "had", "hadn't", "has", "hasn't", "have", "haven't", "having",
	"he", "he'd", "he'll", "he's", "her", "here", "here's", "hers", "herself", "him", "himself", "his",
	"how", "how's", "i", "i'd", "i'll", "i'm", "i've", "if", "im", "into", "is", "isn't", "it", "it's", "its", "itself",
	"let's", "me", "more", "most", "mustn't", "my", "myself", "no", "nor", "not", "of", "once", "only", "or",
	"other", "ought", "our", "ours", "ourselves", "over", "own", "please", "same", "shan't", "she", "she'd", "she'll",
	"she's", "should", "shouldn't", "so", "some", "such", "than", "that", "that's", "the", "their", "theirs",
	"them", "themselves", "then", "there", "there's", "these", "they", "they'd", "they'll", "they're", "they've",
	"this", "those", "through", "to", "too", "under", "until", "very", "was", "wasn't", "we", "we'd", "we'll",
	"we're", "we've", "were", "weren't", "what", "what's", "when", "when's", "where", "where's", "which", "while",
	"who", "who's", "whom", "why", "why's", "will", "with", "won't", "would", "wouldn't",
	"you", "you'd", "you'll", "you're", "you've", "your", "yours", "yourself", "yourselves",
}

// newMapping is the index mapping: one document type, explicit fields,
// nothing dynamic.
func newMapping() (*mapping.IndexMappingImpl, error) { return newMappingFor(english) }

// newMappingFor is the mapping of an index in language l. English's
// names kb's tokenizers as they are; another language's defines
// tokenizers of its own, of their types, with the analysis as a setting,
// so that bleve, when it analyses (Live), makes them for that language.
// The analyzers keep their names whatever the language.
func newMappingFor(l *language) (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	textTok, codeTok := tokText, tokCode
	if !l.english {
		textTok, codeTok = tokText+"_"+l.name, tokCode+"_"+l.name
		for name, typ := range map[string]string{textTok: tokText, codeTok: tokCode} {
			if err := im.AddCustomTokenizer(name, map[string]interface{}{"type": typ, tokLanguage: l.name}); err != nil {
				return nil, err
			}
		}
	}
	if err := im.AddCustomAnalyzer(anText, map[string]interface{}{"type": custom.Name, "tokenizer": textTok}); err != nil {
		return nil, err
	}
	if err := im.AddCustomAnalyzer(anCode, map[string]interface{}{"type": custom.Name, "tokenizer": codeTok}); err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = anText
	im.ScoringModel = "bm25"
	im.IndexDynamic, im.StoreDynamic, im.DocValuesDynamic = false, false, false

	text := func(store bool) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer, f.Store, f.IncludeInAll, f.IncludeTermVectors, f.DocValues = anText, store, false, false, false
		return f
	}
	kw := func(store bool) *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer, f.Store, f.IncludeInAll, f.IncludeTermVectors, f.DocValues = keyword.Name, store, false, false, false
		return f
	}
	stored := func() *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Index, f.Store, f.IncludeInAll, f.IncludeTermVectors, f.DocValues = false, true, false, false, false
		return f
	}
	code := text(false)
	code.Analyzer = anCode
	vocab := text(false)
	vocab.Analyzer, vocab.SkipFreqNorm = anCode, true

	dm := mapping.NewDocumentStaticMapping()
	for name, f := range map[string]*mapping.FieldMapping{
		fTitle: text(true), fTitleKey: kw(false), fTitleSet: kw(false),
		fHead: text(false), fKeys: text(false), fDesc: text(true), fCrumb: text(true),
		fBody: text(false), fCode: code, fVocab: vocab, fCat: kw(true), fSec: kw(false), fFallback: kw(false), fSecs: stored(),
		fTrouble: text(false), fErrSfx: kw(false), fErrMsg: kw(false), fErrs: stored(),
	} {
		dm.AddFieldMappingsAt(name, f)
	}
	// No _all field: every query names its fields.
	dm.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	im.DefaultMapping = dm
	return im, nil
}

// titleKey is how exact title matches are found: the words of a title or
// query, lowercase, apostrophes dropped, joined by single spaces.
func titleKey(s string) string {
	var b strings.Builder
	word := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '\'' || r == '’':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !word && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			word = true
		default:
			word = false
		}
	}
	return b.String()
}
