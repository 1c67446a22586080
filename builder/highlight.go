package builder

// This file highlights code blocks with chroma; markdown.go decides which
// blocks to highlight and with which lexer.
//
// Chroma's own tokeniser tries a state's rules one after another at each
// position, and each try is a full regexp2 match (a runner, a Match and
// its text), although most rules cannot match there: their first
// character is not the one at that position. kb's tokeniser runs the same
// rules, mutators and emitters in the same order, but first checks the
// character against the set of characters that can start each rule's
// match (which regexp2's own analysis gives), and runs only the rules
// that pass. Skipping a rule that cannot match changes nothing, so the
// tokens are chroma's own; highlight_test.go compares the two.

import (
	"bytes"
	"fmt"
	"html"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/dlclark/regexp2/v2"
	"github.com/dlclark/regexp2/v2/syntax"
	"github.com/yuin/goldmark/util"
)

// highlight writes code as chroma token spans with CSS classes. It
// returns false, having written nothing, when the lexer fails or panics
// (chroma's regexp engine panics on some inputs by design), so the caller
// falls back to plain escaped text.
func highlight(w util.BufWriter, lang string, code []byte) (ok bool) {
	lexer := lexers.Get(lang)
	if lexer == nil {
		return false
	}
	fast := fastLexerFor(lexer)
	var buf bytes.Buffer
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	// chroma gives each rule's regular expression 250 ms per match and
	// silently treats a match that runs out as no match, so on a machine
	// too busy to run the build for a quarter of a second, a token can
	// come out with another class than on the next build. Only a block
	// whose tokenising took that long can be affected: it is tokenised
	// again (at most three times in all), so that builds stay the same.
	for try := 1; ; try++ {
		start := time.Now()
		var it chroma.Iterator
		if fast != nil {
			it = fast.tokenise(string(code))
		} else {
			var err error
			if it, err = lexer.Tokenise(nil, string(code)); err != nil {
				return false
			}
		}
		// A lexer that stops advancing (chroma's Jungle lexer does after
		// a "(* *)" comment) yields empty tokens forever: every other token
		// holds at least one byte, so past this many the block is
		// written plain.
		limit := 2*len(code) + 256
		for tok := it(); tok != chroma.EOF; tok = it() {
			if limit--; limit < 0 {
				return false
			}
			cls := tokenClass(tok.Type)
			if cls == "" {
				buf.WriteString(html.EscapeString(tok.Value))
				continue
			}
			buf.WriteString(`<span class="`)
			buf.WriteString(cls)
			buf.WriteString(`">`)
			buf.WriteString(html.EscapeString(tok.Value))
			buf.WriteString(`</span>`)
		}
		if time.Since(start) < chromaMatchTimeout*4/5 || try == 3 {
			break
		}
		buf.Reset()
	}
	w.Write(buf.Bytes())
	return true
}

// chromaMatchTimeout is the time chroma allows one match of one of its
// lexers' rules (chroma's regexp.go sets it on every rule it compiles).
const chromaMatchTimeout = 250 * time.Millisecond

// tokenClass is the CSS class of a token type, walking up to the nearest
// type that the stylesheets style, as chroma's own formatter does.
func tokenClass(tt chroma.TokenType) string {
	for t := tt; ; t = t.Parent() {
		if t == chroma.Text || t == chroma.Background || t == chroma.None {
			return ""
		}
		if cls, ok := chroma.StandardTypes[t]; ok && cls != "" {
			return cls
		}
		if t.Parent() == t {
			return ""
		}
	}
}

// fastLexers holds the fastLexer of each chroma lexer used so far. It is
// global, as chroma's lexer registry is: compiling a lexer's rules costs
// milliseconds, and the result depends on the lexer alone.
var fastLexers sync.Map // chroma.Lexer → *fastLexer, or nil for none

// fastLexerFor returns lexer compiled for kb's tokeniser, or nil when kb
// leaves it to chroma: a lexer that is not a plain RegexLexer (one that
// delegates to others) or whose rules kb cannot compile as chroma does.
func fastLexerFor(lexer chroma.Lexer) *fastLexer {
	if f, ok := fastLexers.Load(lexer); ok {
		return f.(*fastLexer)
	}
	f, _ := compileFastLexer(lexer)
	fastLexers.Store(lexer, f)
	return f
}

// A fastLexer is a chroma RegexLexer's rules compiled as chroma compiles
// them, with the characters that can start each rule's match. It is
// read-only after compileFastLexer, so goroutines share it.
type fastLexer struct {
	lexer    *chroma.RegexLexer
	registry *chroma.LexerRegistry
	rules    chroma.CompiledRules
	states   map[string][]fastRule // rules[state], with their first characters
}

// A fastRule is a compiled rule and a test of the character at which a
// match would start.
type fastRule struct {
	*chroma.CompiledRule
	any   bool      // any character may start a match (or the empty match)
	ascii [2]uint64 // the ASCII characters that may start one
	set   *syntax.CharSet
	// The group number and name of each capture slot of the rule's
	// regexp, the order of regexp2's Match.Groups.
	slots []int
	names []string
	// Whether the regexp names a group: only then does the tokeniser set
	// LexerState.NamedGroups, which only the ByGroupNames emitter reads
	// (chroma v2.27.0), by name; without names it is left nil.
	named bool
}

// mayStartWith reports whether a match of the rule can start with r.
func (r *fastRule) mayStartWith(c rune) bool {
	switch {
	case r.any:
		return true
	case c >= 0 && c < 128:
		return r.ascii[c/64]&(1<<(c%64)) != 0
	default:
		return r.set.CharIn(c)
	}
}

// compileFastLexer compiles lexer's rules the way chroma's regexp.go
// does (fetchRules and maybeCompile, chroma v2.27.0): the same pattern
// and flags for each rule, the same match timeout, and the same
// LexerMutators (include, combined) applied until none is left.
func compileFastLexer(lexer chroma.Lexer) (*fastLexer, error) {
	rl, ok := lexer.(*chroma.RegexLexer)
	if !ok || rl.Config().Name == "Raku" {
		// Raku's mutators replace rules while tokenising (chroma's
		// lexers/raku.go), so its rules are not fixed once compiled.
		return nil, nil
	}
	raw, err := rl.Rules()
	if err != nil {
		return nil, err
	}
	cfg := rl.Config()
	flags := ""
	if !cfg.NotMultiline {
		flags += "m"
	}
	if cfg.CaseInsensitive {
		flags += "i"
	}
	if cfg.DotAll {
		flags += "s"
	}
	rules := chroma.CompiledRules{}
	first := map[*chroma.CompiledRule]fastRule{}
	for state, rs := range raw {
		rules[state] = nil
		for _, r := range rs {
			pattern := "(?:" + r.Pattern + ")"
			if flags != "" {
				pattern = "(?" + flags + ")" + pattern
			}
			pattern = `\G` + pattern
			re, err := regexp2.Compile(pattern)
			if err != nil {
				return nil, err
			}
			re.MatchTimeout = chromaMatchTimeout
			cr := &chroma.CompiledRule{Rule: r, Regexp: re}
			first[cr] = firstChars(pattern)
			rules[state] = append(rules[state], cr)
		}
	}
restart:
	for state := range rules {
		for i, rule := range rules[state] {
			if m, ok := rule.Mutator.(chroma.LexerMutator); ok {
				if err := m.MutateLexer(rules, state, i); err != nil {
					return nil, err
				}
				goto restart // the mutator added or removed rules
			}
		}
	}
	f := &fastLexer{lexer: rl, rules: rules, states: map[string][]fastRule{}}
	for state, rs := range rules {
		frs := make([]fastRule, len(rs))
		for i, r := range rs {
			frs[i] = first[r]
			frs[i].CompiledRule = r
			frs[i].slots = r.Regexp.GetGroupNumbers()
			frs[i].names = r.Regexp.GetGroupNames()
			if len(frs[i].slots) != len(frs[i].names) {
				return nil, fmt.Errorf("%s: %d group numbers for %d names", r.Pattern, len(frs[i].slots), len(frs[i].names))
			}
			for j, name := range frs[i].names {
				frs[i].named = frs[i].named || name != strconv.Itoa(frs[i].slots[j])
			}
		}
		f.states[state] = frs
	}
	// A RegexLexer knows its registry, for emitters that use other
	// lexers, but does not tell it: lexers.Get's lexers are the global
	// registry's. Any other lexer is left to chroma.
	if lexers.GlobalLexerRegistry.Get(cfg.Name) != lexer {
		return nil, nil
	}
	f.registry = lexers.GlobalLexerRegistry
	return f, nil
}

// firstChars returns the test for the characters that can start a match
// of pattern, from regexp2's analysis of it (the one regexp2 uses to skip
// to a possible start when it searches). A pattern that can match the
// empty string, or that regexp2 cannot narrow down, may start anywhere.
func firstChars(pattern string) fastRule {
	anyChar := fastRule{any: true}
	tree, err := syntax.Parse(pattern, syntax.ParseOptions{})
	if err != nil {
		return anyChar
	}
	code, err := syntax.Write(tree)
	// Case-insensitive sets hold lowercase letters only, for a lowered
	// character; such rules are rare, so they are simply always tried.
	if err != nil || code.FcPrefix == nil || code.FcPrefix.CaseInsensitive || code.RightToLeft {
		return anyChar
	}
	r := fastRule{set: &code.FcPrefix.PrefixSet}
	for c := rune(0); c < 128; c++ {
		if r.set.CharIn(c) {
			r.ascii[c/64] |= 1 << (c % 64)
		}
	}
	return r
}

// tokenise returns an iterator over the tokens of text, the same tokens
// as chroma's RegexLexer.Tokenise(nil, text) returns.
func (f *fastLexer) tokenise(text string) chroma.Iterator {
	text = ensureLF(text) // TokeniseOptions.EnsureLF, chroma's default
	newlineAdded := false
	if f.lexer.Config().EnsureNL && !strings.HasSuffix(text, "\n") {
		text += "\n"
		newlineAdded = true
	}
	t := &fastTokeniser{
		f: f,
		state: &chroma.LexerState{
			Lexer:          f.lexer,
			Registry:       f.registry,
			Text:           []rune(text),
			Stack:          []string{"root"},
			Rules:          f.rules,
			MutatorContext: map[any]any{},
		},
	}
	t.end = len(t.state.Text)
	if newlineAdded {
		t.end--
	}
	return t.next
}

// ensureLF is chroma's ensureLF: it replaces \r\n and \r with \n.
func ensureLF(text string) string {
	if strings.IndexByte(text, '\r') < 0 {
		return text
	}
	buf := make([]byte, 0, len(text))
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '\r' {
			if i < len(text)-1 && text[i+1] == '\n' {
				continue
			}
			c = '\n'
		}
		buf = append(buf, c)
	}
	return string(buf)
}

// A fastTokeniser is one tokenising of one text: chroma's
// LexerState.Iterator with matchRules replaced by fastLexer.match.
type fastTokeniser struct {
	f     *fastLexer
	state *chroma.LexerState
	end   int
	iters []chroma.Iterator // the emitters' iterators, innermost last
}

func (t *fastTokeniser) next() chroma.Token {
	l := t.state
	for l.Pos < t.end && len(l.Stack) > 0 {
		if tok, ok := t.drain(); ok {
			return tok
		}
		l.State = l.Stack[len(l.Stack)-1]
		rules, ok := t.f.states[l.State]
		if !ok {
			panic("unknown state " + l.State)
		}
		index, rule, groups, named := t.f.match(l.Text, l.Pos, rules)
		if groups == nil {
			// Pygments' error recovery, as in chroma: an unmatched
			// newline returns to the root state.
			if l.Text[l.Pos] == '\n' && l.State != "root" {
				l.Stack = []string{"root"}
				continue
			}
			l.Pos++
			return chroma.Token{Type: chroma.Error, Value: string(l.Text[l.Pos-1 : l.Pos])}
		}
		l.Rule = index
		l.Groups = groups
		l.NamedGroups = named
		l.Pos += utf8.RuneCountInString(groups[0])
		if rule.Mutator != nil {
			if err := rule.Mutator.Mutate(l); err != nil {
				panic(err)
			}
		}
		if rule.Type != nil {
			t.iters = append(t.iters, rule.Type.Emit(l.Groups, l))
		}
	}
	if tok, ok := t.drain(); ok {
		return tok
	}
	if l.Pos != len(l.Text) && len(l.Stack) == 0 {
		value := string(l.Text[l.Pos:])
		l.Pos = len(l.Text)
		return chroma.Token{Type: chroma.Error, Value: value}
	}
	return chroma.EOF
}

// drain returns the next token of the emitters' iterators, if any has one.
func (t *fastTokeniser) drain() (chroma.Token, bool) {
	for len(t.iters) > 0 {
		n := len(t.iters) - 1
		tok := t.iters[n]()
		if tok.Type == chroma.Ignore {
			continue
		}
		if tok == chroma.EOF {
			t.iters = t.iters[:n]
			continue
		}
		return tok, true
	}
	return chroma.Token{}, false
}

// match is chroma's matchRules: the first rule that matches at pos, with
// its groups by number and by name; groups is nil when none matches.
// Rules that cannot start with text[pos] are not run, and those that
// run match through regexp2's MatchView, which allocates nothing for a
// rule that fails (FindRunesMatchStartingAt makes a Match and its text
// each time).
func (f *fastLexer) match(text []rune, pos int, rules []fastRule) (int, *chroma.CompiledRule, []string, map[string]string) {
	c := text[pos]
	for i := range rules {
		rule := &rules[i]
		if !rule.mayStartWith(c) {
			continue
		}
		var groups []string
		var named map[string]string
		// An error (a timeout) is no match, as in chroma.
		_ = rule.Regexp.FindRunesMatches(text, pos, func(m regexp2.MatchView) bool {
			if at, _, ok := m.GroupRange(0); !ok || at != pos {
				return false
			}
			// The groups in the order of regexp2's Match.Groups: by
			// slot, an unmatched group being "".
			groups = make([]string, len(rule.slots))
			if rule.named {
				named = make(map[string]string, len(rule.slots))
			}
			for j, num := range rule.slots {
				if at, n, ok := m.GroupRange(num); ok {
					groups[j] = string(text[at : at+n])
				}
				if named != nil {
					named[rule.names[j]] = groups[j]
				}
			}
			return false
		})
		if groups != nil {
			return i, rule.CompiledRule, groups, named
		}
	}
	return 0, nil, nil, nil
}
