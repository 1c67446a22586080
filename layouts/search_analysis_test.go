package layouts_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"

	"github.com/kbhelp/kb/layouts"
	"github.com/kbhelp/kb/search"
)

// search/analysis.js is the browser's copy of package search's text
// analysis; these tests run it in goja and compare it with
// search.AnalyzeWords.

var updateTable = flag.Bool("update", false, "rewrite the character table in search/analysis.js")

const analysisFile = "search/analysis.js"

// jsAnalysis is analysis.js loaded into a goja runtime. A runtime is not
// safe for concurrent use, hence the mutex.
type jsAnalysis struct {
	mu    sync.Mutex
	rt    *goja.Runtime
	words goja.Callable // JSON.stringify(kbAnalysis.words(s))
	sets  [][]string    // the contents of every Set the script made
	maps  [][][2]string // the entries of every Map it made
	code  string        // the language: Go's words are search.AnalyzeWordsIn(code, …)
}

func loadAnalysis(t testing.TB) *jsAnalysis { return loadAnalysisLang(t, "en") }

// loadAnalysisLang is analysis.js with the language file of the analysis
// name (lang-<name>.js), as the client of a site in that language has
// them.
func loadAnalysisLang(t testing.TB, name string) *jsAnalysis {
	t.Helper()
	src, err := fs.ReadFile(layouts.FS, analysisFile)
	if err != nil {
		t.Fatal(err)
	}
	langSrc, err := fs.ReadFile(layouts.FS, "search/lang-"+name+".js")
	if err != nil {
		t.Fatal(err)
	}
	rt := goja.New()
	// Set and Map record what the script puts in them, so the tests can
	// compare its stop words and overrides with Go's.
	const record = `var made = {sets: [], maps: []};
(function () {
	var S = Set, M = Map;
	Set = function (it) { var s = new S(it); made.sets.push(Array.from(s)); return s; };
	Map = function (it) { var m = new M(it); made.maps.push(Array.from(m)); return m; };
})();`
	if _, err := rt.RunString(record); err != nil {
		t.Fatal(err)
	}
	if _, err := rt.RunScript(analysisFile, string(src)); err != nil {
		t.Fatal(err)
	}
	if _, err := rt.RunScript("search/lang-"+name+".js", string(langSrc)); err != nil {
		t.Fatal(err)
	}
	a := &jsAnalysis{rt: rt, code: name}
	v, err := rt.RunString(`JSON.stringify(made)`)
	if err != nil {
		t.Fatal(err)
	}
	var made struct {
		Sets [][]string
		Maps [][][2]string
	}
	if err := json.Unmarshal([]byte(v.String()), &made); err != nil {
		t.Fatal(err)
	}
	a.sets, a.maps = made.Sets, made.Maps
	fn, err := rt.RunString(`(function (s) { return JSON.stringify(kbAnalysis.words(s)); })`)
	if err != nil {
		t.Fatal(err)
	}
	a.words, _ = goja.AssertFunction(fn)
	return a
}

// jsWord is a word as analysis.js returns it; Start and End count UTF-16
// code units.
type jsWord struct {
	Raw   string `json:"raw"`
	Lower string `json:"lower"`
	Stem  string `json:"stem"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

func (w jsWord) String() string {
	return fmt.Sprintf("{raw %+q lower %+q stem %+q [%d,%d)}", w.Raw, w.Lower, w.Stem, w.Start, w.End)
}

func (a *jsAnalysis) analyze(t testing.TB, s string) []jsWord {
	t.Helper()
	a.mu.Lock()
	defer a.mu.Unlock()
	v, err := a.words(goja.Undefined(), a.rt.ToValue(s))
	if err != nil {
		t.Fatalf("words(%q): %v", s, err)
	}
	var ws []jsWord
	if err := json.Unmarshal([]byte(v.String()), &ws); err != nil {
		t.Fatal(err)
	}
	return ws
}

func (a *jsAnalysis) call(t testing.TB, fn, arg string) goja.Value {
	t.Helper()
	a.mu.Lock()
	defer a.mu.Unlock()
	f, _ := goja.AssertFunction(a.rt.Get("kbAnalysis").ToObject(a.rt).Get(fn))
	v, err := f(goja.Undefined(), a.rt.ToValue(arg))
	if err != nil {
		t.Fatalf("%s(%q): %v", fn, arg, err)
	}
	return v
}

// goWords is search.AnalyzeWords with offsets in UTF-16 code units.
func goWords(s string) []jsWord { return goWordsIn("en", s) }

// goWordsIn is goWords for an index in the language code.
func goWordsIn(code, s string) []jsWord {
	units := make([]int, len(s)+1) // byte offset → UTF-16 offset, at rune starts
	u := 0
	for i, r := range s {
		units[i] = u
		u += utf16.RuneLen(r)
	}
	units[len(s)] = u
	var out []jsWord
	for _, w := range search.AnalyzeWordsIn(code, s) {
		out = append(out, jsWord{w.Raw, w.Lower, w.Stem, units[w.Start], units[w.End]})
	}
	return out
}

// compare reports the first word where JS and Go disagree on s; it
// returns Go's words.
func compare(t testing.TB, a *jsAnalysis, name, s string) []jsWord {
	t.Helper()
	s = strings.ToValidUTF8(s, "\uFFFD") // a JS string holds no invalid UTF-8
	js, gw := a.analyze(t, s), goWordsIn(a.code, s)
	for i := range max(len(js), len(gw)) {
		var j, g jsWord
		if i < len(js) {
			j = js[i]
		}
		if i < len(gw) {
			g = gw[i]
		}
		if i >= len(js) || i >= len(gw) || j != g {
			t.Errorf("%s: word %d of %d (JS) / %d (Go) differs:\nJS %v\nGo %v", name, i, len(js), len(gw), j, g)
			return gw
		}
	}
	return gw
}

// TestSearchAnalysisMatchesGoOnSites compares every word of the example
// site and of the two real corpora, file by file.
func TestSearchAnalysisMatchesGoOnSites(t *testing.T) {
	if raceEnabled {
		t.Skip("runs analysis.js in goja over every word: not under the race detector (race_on_test.go)")
	}
	a := loadAnalysis(t)
	for _, dir := range []string{"../content", "/work/shared/corpus/postman-docs", "/work/shared/corpus/zulip-help"} {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			if _, err := os.Stat(dir); err != nil {
				t.Skip(err)
			}
			files, words, vocab := 0, 0, map[string]string{} // lowercase word → Go's stem
			err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
					return err
				}
				b, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				files++
				ws := compare(t, a, path, string(b))
				words += len(ws)
				for _, w := range ws {
					vocab[w.Lower] = w.Stem
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			// isStop and stem on their own, on every distinct word.
			for w, st := range vocab {
				if got := a.call(t, "isStop", w).ToBoolean(); got != (st == "") {
					t.Errorf("isStop(%q) = %v, Go stems it to %q", w, got, st)
				}
				if got := a.call(t, "stem", w).String(); got != st {
					t.Errorf("stem(%q) = %q, Go stems it to %q", w, got, st)
				}
			}
			t.Logf("%d files, %d words, %d distinct", files, words, len(vocab))
		})
	}
}

// tricky are texts whose analysis is easy to get wrong; they also seed
// FuzzSearchAnalysis.
var tricky = []string{
	"", "'", "’", "''", "a'", "'a", "a''b", "a'’b", "a' b", "don't", "Don’t", "rock’n’roll", "o'clock",
	"Anna's", "ANNA'S", "Anna’s", "James'", "it's", "It’s", "'s", "x's", "ab's", "s's", "'s's",
	"authorise authorised authorises authorising authorisation authorisations authoriser authorisers",
	"rise rises raise wise promise exercise ise ised éise éeise ééise 日ise ✓ise 𝐀𝐀ise",
	"important importance importantly general generally news universal university new import",
	"a the and or not can't cannot won't shouldn't you've i'm I’m in out on off up down",
	"1 22 333 4444 v2 2fa 1st 10x 3.14 1,000 ٣٤ ४२ x²", "a b c ab bc abc I A y Y yy ys sss ies sses ss eed ed ing",
	"pm.environment.set api_key foo-bar user@example.com https://example.com/a?b=c#d",
	"café naïve Zoë's résumé façade Ærø Ørsted straße STRASSE ǅemal ﬁnance",
	"Ä Äpfel İstanbul İ ΣΟΦΙΑ ΟΔΟΣ Σ ς Ω Ὀδυσσεύς КИРИЛЛИЦА Ǆ ẞ K Å",
	"東京都 ひらがな カタカナ 漢字かな交じり文 日本語テキスト ー 々 〆 ⼀ ㈠ 🈀 𠀋",
	"한국어 ไทย العربية עברית हिन्दी தமிழ்",
	"e\u0301 \u0301 a\u0301\u0302 n\u0303o \u200d \u200c \ufe0f a\u0300'b",
	"😀 👍🏽 👨‍👩‍👧 🇩🇪 a😀b 😀's ❤️ 𝒜𝒷𝒸 𝟙𝟚",
	"yyyyyy yyyyyyed sky skies happy happiness hopping hoping filing failing fizzed agreed feed",
	"constructor __proto__ toString hasOwnProperty valueOf prototype",
	"relational conditional valenci hesitanci digitizer conformabli radicalli differentli vileli analogousli",
	"vietnamization predication operator feudalism decisiveness hopefulness callousness formaliti sensitiviti sensibiliti",
	"triplicate formative formalize electriciti electrical hopeful goodness",
	"revival allowance inference airliner gyroscopic adjustable defensible irritant replacement adjustment dependent adoption homologou communism activate angulariti homologous effective bowdlerize",
	"probate rate cease controll roll generalization oscillators",
	"\x00\t\n\r\u00a0\u2028\u3000\ufeff",
}

// TestSearchAnalysisTrickyCases compares the texts above, and spells out
// a few results so that the cases show what they test.
func TestSearchAnalysisTrickyCases(t *testing.T) {
	a := loadAnalysis(t)
	n := 0
	for _, s := range tricky {
		n += len(compare(t, a, fmt.Sprintf("%q", s), s))
	}
	t.Logf("%d words", n)
	for _, c := range []struct{ text, lower, stem string }{
		{"Anna’s", "anna", "anna"},
		{"Authorised", "authorised", "author"},
		{"İ", "i", ""}, // "i" is a stop word
		{"İSTANBUL", "istanbul", "istanbul"},
		{"ΟΔΟΣ", "οδοσ", "οδοσ"},
		{"Importance", "importance", "important"},
		{"can’t", "can't", ""},
		{"constructor", "constructor", "constructor"},
	} {
		ws := a.analyze(t, c.text)
		if len(ws) != 1 || ws[0].Lower != c.lower || ws[0].Stem != c.stem {
			t.Errorf("words(%q) = %v, want one word, lower %q, stem %q", c.text, ws, c.lower, c.stem)
		}
	}
}

// TestSearchAnalysisEveryCodePoint compares each code point that can be
// part of a word, and each separator next to one, alone and after an
// apostrophe. The other separators, the long runs of unassigned and
// private-use code points between, are left out for time: they look up
// the same runs of the table as their neighbours.
func TestSearchAnalysisEveryCodePoint(t *testing.T) {
	if raceEnabled {
		t.Skip("runs analysis.js in goja over every word: not under the race detector (race_on_test.go)")
	}
	a := loadAnalysis(t)
	inWord := func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) ||
			unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
	}
	var b strings.Builder
	n, points := 0, 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if utf8.ValidRune(r) && (inWord(r) || inWord(r-1) || inWord(r+1)) { // not a surrogate
			c := string(r)
			b.WriteString(c + "'" + c + " ")
			points++
		}
		if r%0x1000 == 0xfff && b.Len() > 0 {
			n += len(compare(t, a, fmt.Sprintf("U+%04X block", r&^0xfff), b.String()))
			b.Reset()
			if t.Failed() {
				return
			}
		}
	}
	t.Logf("%d code points, %d words", points, n)
}

// TestSearchAnalysisStopWordsAndOverrides checks that analysis.js has
// search's stop words and stem overrides, no more and no fewer.
func TestSearchAnalysisStopWordsAndOverrides(t *testing.T) {
	a := loadAnalysis(t)
	if len(a.sets) != 1 || len(a.maps) != 1 {
		t.Fatalf("analysis.js made %d Sets and %d Maps; this test expects one of each (stop words, overrides)", len(a.sets), len(a.maps))
	}
	goStops := goLiterals(t, "../search/mapping.go", "stopWords")
	jsStops := slices.Clone(a.sets[0])
	slices.Sort(goStops)
	slices.Sort(jsStops)
	if !slices.Equal(goStops, jsStops) {
		t.Errorf("stop words differ:\nGo %q\nJS %q", goStops, jsStops)
	}
	goOver := goLiterals(t, "../search/tokens.go", "stemOverrides")
	var jsOver []string
	for _, kv := range a.maps[0] {
		jsOver = append(jsOver, kv[0], kv[1])
	}
	if !slices.Equal(goOver, jsOver) {
		t.Errorf("overrides differ:\nGo %q\nJS %q", goOver, jsOver)
	}
	for _, w := range goStops {
		if !a.call(t, "isStop", w).ToBoolean() || a.call(t, "stem", w).String() != "" {
			t.Errorf("%q: isStop false or stem not empty", w)
		}
		compare(t, a, w, w)
	}
	for i := 0; i < len(goOver); i += 2 {
		if got := a.call(t, "stem", goOver[i]).String(); got != goOver[i+1] {
			t.Errorf("stem(%q) = %q, want %q", goOver[i], got, goOver[i+1])
		}
		compare(t, a, goOver[i], goOver[i])
	}
}

// goLiterals returns the string literals of the composite literal that
// initialises the package variable name in a Go file, in order (a map's
// keys and values alternate). The search package keeps them unexported.
func goLiterals(t *testing.T, file, name string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || vs.Names[0].Name != name {
			return true
		}
		ast.Inspect(vs.Values[0], func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, s)
			}
			return true
		})
		return false
	})
	if len(out) == 0 {
		t.Fatalf("%s: no string literals in var %s", file, name)
	}
	return out
}

// TestSearchAnalysisTable checks the character table of analysis.js
// against Go's unicode package; -update rewrites it.
func TestSearchAnalysisTable(t *testing.T) {
	const head, tail = "  var CLASSES =\n", ";\n"
	path := filepath.FromSlash(analysisFile)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(src), head)
	j := strings.Index(string(src[i+len(head):]), tail)
	if i < 0 || j < 0 {
		t.Fatalf("%s: no %q ... %q", path, head, tail)
	}
	j += i + len(head)
	got, want := string(src[i+len(head):j]), classTable()
	if got == want {
		return
	}
	if !*updateTable {
		t.Fatalf("%s: the character table is not Go's (Unicode %s); rewrite it with go test ./layouts -run TestSearchAnalysisTable -update", path, unicode.Version)
	}
	out := string(src[:i+len(head)]) + want + string(src[j:])
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}

// classTable is the CLASSES literal of analysis.js: the class of each
// code point from U+0080 up, in runs of base-36 length and class letter,
// in JS string literals of about 100 characters joined by +.
func classTable() string {
	class := func(r rune) byte {
		cjk := unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
		ld := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case cjk && ld:
			return 'C'
		case cjk:
			return 'H'
		case ld:
			return 'W'
		case unicode.IsMark(r):
			return 'M'
		}
		return 'X'
	}
	var lines []string
	var line []byte
	start, prev := rune(0x80), class(0x80)
	for r := start + 1; r <= unicode.MaxRune+1; r++ {
		c := byte(0)
		if r <= unicode.MaxRune {
			c = class(r)
		}
		if c == prev {
			continue
		}
		run := strconv.AppendInt(nil, int64(r-start), 36)
		run = append(run, prev)
		if len(line)+len(run) > 96 {
			lines = append(lines, string(line))
			line = nil
		}
		line = append(line, run...)
		start, prev = r, c
	}
	lines = append(lines, string(line))
	return `    "` + strings.Join(lines, "\" +\n    \"") + `"`
}

// FuzzSearchAnalysis compares JS and Go on any text; invalid UTF-8 is
// replaced by U+FFFD on both sides.
func FuzzSearchAnalysis(f *testing.F) {
	for _, s := range tricky {
		f.Add(s)
	}
	a := loadAnalysis(f)
	f.Fuzz(func(t *testing.T, s string) {
		compare(t, a, fmt.Sprintf("%q", s), s)
	})
}
