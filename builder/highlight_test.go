package builder

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// fenceRE finds fenced code blocks in markdown and txtar files, roughly:
// the samples only need to be code of many kinds.
var fenceRE = regexp.MustCompile("(?ms)^ *```+ *([A-Za-z0-9+#-]*)[^\n]*\n(.*?)^ *```")

// tokeniserSamples returns code to tokenise: every fenced block of the
// example site and of the build goldens, and a few awkward texts.
func tokeniserSamples(t testing.TB) (samples []string, langs []string) {
	t.Helper()
	seen := map[string]bool{}
	var files []string
	for _, glob := range []string{"../content/*.md", "../content/*/*.md", "../content/*/*/*.md", "testdata/build/*.txtar"} {
		m, _ := filepath.Glob(glob)
		files = append(files, m...)
	}
	sort.Strings(files)
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range fenceRE.FindAllStringSubmatch(string(src), -1) {
			if !seen[m[2]] {
				seen[m[2]] = true
				samples = append(samples, m[2])
			}
			langs = append(langs, m[1])
		}
	}
	samples = append(samples,
		"",
		"\n",
		"x",
		"no newline at the end",
		"crlf\r\nline ending\rold mac\r\n",
		"\"unterminated string\nnext line\n",
		"'single', `back`, /* open comment\n",
		"tab\there  and unicode: héllo wörld → ✓ 日本語 \U0001F600\n",
		"{\"a\": [1, 2.5e-3, true, null], \"b\": {\"c\": \"d\\n\"}}\n",
		"#!/bin/sh\nfor f in *.md; do echo \"$f\" | sed -e 's/a/b/g' >> out; done\n",
		"package main\n\nfunc main() { fmt.Println(`raw`, 'r', 0x1F) }\n",
		"def f(x: int) -> str:\n    \"\"\"Doc.\"\"\"\n    return f\"{x!r:>10}\"\n",
		"<div class=\"a\">&amp; <script>var x = 1 < 2;</script></div>\n",
		"SELECT * FROM t WHERE a = 'b' -- comment\n",
	)
	return samples, langs
}

// chromaTokens tokenises text with chroma itself, or reports its panic.
func chromaTokens(lexer chroma.Lexer, text string) (toks []chroma.Token, panicked string) {
	it, err := lexer.Tokenise(nil, text)
	if err != nil {
		return nil, err.Error()
	}
	return drainTokens(it, text)
}

// fastTokens tokenises text with kb's tokeniser, or reports its panic.
func fastTokens(f *fastLexer, text string) (toks []chroma.Token, panicked string) {
	return drainTokens(f.tokenise(text), text)
}

// drainTokens returns it's tokens, its panic, or the first tokens of a
// runaway: some chroma lexers emit empty tokens forever on some texts.
func drainTokens(it chroma.Iterator, text string) (toks []chroma.Token, panicked string) {
	defer func() {
		if r := recover(); r != nil {
			panicked = fmt.Sprint(r)
		}
	}()
	for tok := it(); tok != chroma.EOF; tok = it() {
		toks = append(toks, tok)
		if len(toks) > 1000+4*len(text) {
			return toks, "runaway"
		}
	}
	return toks, ""
}

var allLexers = flag.Bool("kb.alllexers", false, "TestFastTokeniserMatchesChroma: try every chroma lexer (about 20 s), not only the common ones")

// TestFastTokeniserMatchesChroma checks that kb's tokeniser gives chroma's
// own tokens, for every sample and the lexers of the samples' and
// langAliases' languages. After upgrading chroma or regexp2, run it for
// every lexer:
//
//	go test ./builder -run FastTokeniser -kb.alllexers
func TestFastTokeniserMatchesChroma(t *testing.T) {
	samples, names := tokeniserSamples(t)
	for _, l := range langAliases {
		names = append(names, l)
	}
	if *allLexers {
		names = lexers.Names(false)
	}
	sort.Strings(names)
	done := map[chroma.Lexer]bool{}
	fast := 0
	for _, name := range names {
		lexer := lexers.Get(name)
		if lexer == nil || done[lexer] {
			continue
		}
		done[lexer] = true
		f := fastLexerFor(lexer)
		if f == nil {
			continue
		}
		fast++
		for i, s := range samples {
			want, wantPanic := chromaTokens(lexer, s)
			got, gotPanic := fastTokens(f, s)
			if wantPanic != gotPanic || !reflect.DeepEqual(got, want) {
				t.Errorf("%s, sample %d %.40q: kb's tokens differ from chroma's\n got: %v %s\nwant: %v %s",
					lexer.Config().Name, i, s, got, gotPanic, want, wantPanic)
			}
		}
	}
	if fast == 0 {
		t.Fatal("no lexer compiled for kb's tokeniser")
	}
	t.Logf("%d lexers, %d samples", fast, len(samples))
}

// TestFastLexerForCommonLanguages checks that the languages help centers
// use most take the fast path: a chroma upgrade that changed lexer types
// would otherwise fall back to chroma silently.
func TestFastLexerForCommonLanguages(t *testing.T) {
	for _, lang := range []string{"bash", "json", "go", "python", "javascript", "yaml"} {
		if fastLexerFor(lexers.Get(lang)) == nil {
			t.Errorf("%s: no fast lexer", lang)
		}
	}
}

// FuzzFastTokeniser compares kb's tokeniser with chroma's on any text.
func FuzzFastTokeniser(f *testing.F) {
	langs := []string{"bash", "json", "go", "python", "javascript", "yaml", "html", "sql"}
	samples, _ := tokeniserSamples(f)
	for i, s := range samples {
		f.Add(uint8(i), s)
	}
	f.Fuzz(func(t *testing.T, which uint8, text string) {
		lexer := lexers.Get(langs[int(which)%len(langs)])
		fl := fastLexerFor(lexer)
		if fl == nil {
			t.Skip("no fast lexer")
		}
		want, wantPanic := chromaTokens(lexer, text)
		got, gotPanic := fastTokens(fl, text)
		if wantPanic != gotPanic || !reflect.DeepEqual(got, want) {
			t.Errorf("%s %q: kb's tokens differ from chroma's\n got: %v %s\nwant: %v %s",
				lexer.Config().Name, text, got, gotPanic, want, wantPanic)
		}
	})
}

// chromaMatch is chroma's matchRules (regexp.go, v2.27.0), to compare
// fastLexer.match with: every rule tried, groups from Match.Groups.
func chromaMatch(text []rune, pos int, rules []*chroma.CompiledRule) (int, []string, map[string]string) {
	for i, rule := range rules {
		match, err := rule.Regexp.FindRunesMatchStartingAt(text, pos)
		if match != nil && err == nil && match.RuneIndex == pos {
			groups := []string{}
			namedGroups := make(map[string]string)
			for _, g := range match.Groups() {
				namedGroups[g.Name] = g.String()
				groups = append(groups, g.String())
			}
			return i, groups, namedGroups
		}
	}
	return 0, nil, nil
}

// TestFastMatchIsChromaMatch checks fastLexer.match against chroma's
// matchRules in every state at every position of the samples: the rule,
// its groups and its named groups, which the tokens alone do not show.
func TestFastMatchIsChromaMatch(t *testing.T) {
	samples, _ := tokeniserSamples(t)
	for _, lang := range []string{"bash", "json", "go", "python", "javascript", "yaml", "html", "sql"} {
		f := fastLexerFor(lexers.Get(lang))
		if f == nil {
			t.Fatalf("%s: no fast lexer", lang)
		}
		for state, rules := range f.states {
			for i, s := range samples {
				if i%4 != 0 && i < len(samples)-14 {
					continue // the awkward texts at the end, and some code blocks
				}
				text := []rune(s)
				if len(text) > 100 {
					text = text[:100] // enough to meet every rule, and quick under -race
				}
				for pos := range text {
					gi, _, got, gotNamed := f.match(text, pos, rules)
					wi, want, wantNamed := chromaMatch(text, pos, f.rules[state])
					if got != nil && !rules[gi].named {
						// No group has a name: NamedGroups is left nil.
						if gotNamed != nil {
							t.Fatalf("%s, state %s, rule %d: NamedGroups %v for a regexp without names", lang, state, gi, gotNamed)
						}
						gotNamed = wantNamed
					}
					if gi != wi || !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotNamed, wantNamed) {
						t.Fatalf("%s, state %s, %q at %d: rule %d %q %v, want rule %d %q %v",
							lang, state, s, pos, gi, got, gotNamed, wi, want, wantNamed)
					}
				}
			}
		}
	}
}

// TestHighlightStuckLexer checks that a lexer that stops advancing (chroma's
// Jungle lexer yields empty tokens forever after a "(* *)" comment) leaves the block
// plain instead of hanging the build.
func TestHighlightStuckLexer(t *testing.T) {
	done := make(chan bool, 1)
	go func() {
		var out bytes.Buffer
		w := bufio.NewWriter(&out)
		done <- highlight(w, "jungle", []byte("(* a comment *)\nlet x = 1\n"))
	}()
	select {
	case ok := <-done:
		if ok {
			t.Error("highlight of a stuck lexer reported success; want plain text")
		}
	case <-time.After(20 * time.Second):
		t.Fatal("highlight of a jungle block did not return")
	}
}
