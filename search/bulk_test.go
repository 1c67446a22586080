package search

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
)

// bulkDocs are words at the edges of kb's analysis: possessives, inner
// and curly apostrophes, stop words, particles, British spellings, stem
// overrides, marks, Han and Kana, digits, separators of stored values,
// one word many times and empty fields.
var bulkDocs = []Doc{
	{URL: "/edges/words/", Title: "The user’s café can't ORGANISE naïve Ａｐｐs", Category: "edges", Section: "edges/words",
		CategoryTitle: "Edges", SectionTitle: "Words", Breadcrumb: []string{"Edges", "Words\x1fand\x1eseparators"},
		Tags: []string{"it's", "o'clock", "'quoted'", "rock'n'roll"}, Slug: "user-s-cafe",
		Headings:    []string{"Sign in", "Sign out", "Set up", "Back up", "Important news in general"},
		Description: "Users' settings: authorise, authorisation, organising; importantly, the universal university.",
		Body:        "日本語のテキスト と カタカナ. Ünïcödé wörds, e\u0301te\u0301, 42, 3.14, v2, x86_64, pm.environment.set " + strings.Repeat("password ", 300),
		Code:        "func main() { fmt.Println(\"Hello, World's\") } // TODO: FIXME x_y_z",
		Symptoms:    []string{"The app’s icon bounces", "Nothing happens"},
		Sections: []Section{{Anchor: "a\x1fb", Title: "Title\x1ewith separators", Text: "Text with an apostrophe at the end' and ’ alone"},
			{Anchor: "empty", Title: "", Text: ""}}},
	{URL: "/edges/empty/", Title: "", Slug: ""},
	{URL: "/edges/stop/", Title: "The and of", Body: "a an the is are was were be", Headings: []string{"", "the"}},
}

// TestBulkMatchesMapping builds the fixtures as Build does (bulk.go, in
// batches of a few documents, so that its memory is reused) and through
// the mapping, as bleve indexes the maps of fields (which Live does),
// and compares everything the two indexes hold: all of it, or, read-only,
// all but fVocab's postings, which hold each word once.
func TestBulkMatchesMapping(t *testing.T) {
	var docs []Doc
	docs = append(docs, testDocs...)
	docs = append(docs, errDocs...)
	docs = append(docs, bulkDocs...)
	for i := range docs {
		if strings.HasPrefix(docs[i].URL, "/account/") && i >= len(testDocs) {
			docs[i].URL = "/err" + docs[i].URL // errDocs reuse a URL of testDocs
		}
	}
	for _, readOnly := range []bool{false, true} {
		for _, batch := range []int{3, 1000} {
			dir := filepath.Join(t.TempDir(), "bulk")
			if err := Build(context.Background(), dir, docs, BuildOptions{BatchSize: batch, ReadOnly: readOnly}); err != nil {
				t.Fatal(err)
			}
			var terms []string
			if readOnly {
				terms = []string{fVocab}
				for _, l := range strings.Split(dumpIndex(t, dir), "\n") {
					if strings.HasPrefix(l, fVocab+" ") && !strings.HasSuffix(strings.SplitN(l, ":", 2)[0], " 1") {
						t.Errorf("read-only, batches of %d: %.100s…: more than one document", batch, l)
					}
				}
			}
			got, want := dumpIndex(t, dir, terms...), dumpIndex(t, buildMapped(t, docs, batch), terms...)
			if got != want {
				gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
				for i := 0; i < max(len(gl), len(wl)); i++ {
					if i >= len(gl) || i >= len(wl) || gl[i] != wl[i] {
						t.Fatalf("read-only %v, batches of %d: the bulk build differs from the mapping's at line %d:\n got %.300q\nwant %.300q",
							readOnly, batch, i+1, at(gl, i), at(wl, i))
					}
				}
			}
		}
	}
}

// TestOpenLiveRefusesReadOnly: an index whose words are listed once
// cannot be updated.
func TestOpenLiveRefusesReadOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	if err := Build(context.Background(), dir, testDocs, BuildOptions{ReadOnly: true}); err != nil {
		t.Fatal(err)
	}
	if l, err := OpenLive(dir); !errors.Is(err, ErrReadOnly) {
		if err == nil {
			l.Close()
		}
		t.Fatalf("OpenLive: %v, want ErrReadOnly", err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(end)"
}

// buildMapped indexes docs as Build did before bulk.go: fields' maps,
// walked by bleve's mapping, with bleve's analysis.
func buildMapped(t *testing.T, docs []Doc, batch int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "mapped")
	im, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	b, err := bleve.NewBuilder(dir, im, map[string]interface{}{"batchSize": batch, "buildPathPrefix": dir})
	if err != nil {
		t.Fatal(err)
	}
	an := newAnalyzer()
	for i := range docs {
		if err := b.Index(docs[i].URL, fields(an, &docs[i])); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestBulkAnalyzeFullTables analyses with tables too small for the
// words: words past them are counted alike.
func TestBulkAnalyzeFullTables(t *testing.T) {
	im, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	text := "Passwords, password; PASSWORD's passwords the reset Reset résumé 日本 日本 x x x y z z " + strings.Repeat("again and again ", 3)
	for _, an := range []string{anText, anCode} {
		want := analysis.TokenFrequency(im.AnalyzerNamed(an).Analyze([]byte(text)), nil, 0)
		kind := termStem
		if an == anCode {
			kind = termLower
		}
		for _, size := range []int{0, 1, 3, bulkWordsMax} {
			b := newBulk(im, newAnalyzer())
			b.max = size
			for range 2 {
				n, got := b.analyze(&bulkField{text: []string{text}, kind: kind})
				if n != len(im.AnalyzerNamed(an).Analyze([]byte(text))) || len(got) != len(want) {
					t.Fatalf("%s, tables of %d: %d tokens, %d terms; want %d terms", an, size, n, len(got), len(want))
				}
				for term, tf := range want {
					if g := got[term]; g == nil || g.Frequency() != tf.Frequency() || string(g.Term) != term {
						t.Errorf("%s, tables of %d: %q: %+v, want frequency %d", an, size, term, g, tf.Frequency())
					}
				}
			}
		}
	}
}
