package search

import (
	"context"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Limits on the work one query may cause. A reader's text never reaches
// bleve's query-string parser: the planner below builds term, conjunction
// and disjunction queries itself, expands typos and prefixes against the
// index's own dictionary, and stops adding clauses at maxClauses.
const (
	MaxQueryBytes  = 256 // longer text is refused (ErrQueryTooLong)
	maxTerms       = 10  // words after the tenth are ignored
	maxClauses     = 512 // term queries in one search
	maxFuzzy       = 3   // typo corrections tried per word
	maxPrefix      = 6   // completions tried for the last word
	maxPrefixKnown = 2   // completions tried for a last word the index has
	prefixScan     = 4096
	minFuzzyLen    = 4 // shorter words are taken as typed
)

// Field weights: a word in a title counts five times one in the body; in
// the description (or, without one, the first paragraph, which says what
// an article is for) three times. Tuned on the relevance suites of
// builder/search_test.go.
var fieldBoosts = []struct {
	field string
	boost float64
}{
	{fTitle, 5}, {fHead, 2.5}, {fKeys, 2}, {fDesc, 3}, {fTrouble, 3}, {fCrumb, 1}, {fBody, 1},
}

const codeBoost = 0.3

// variantFields are where a word's variants are looked for: the short
// fields that say what an article is about.
var variantFields = map[string]bool{fTitle: true, fHead: true, fKeys: true, fDesc: true, fTrouble: true, fCrumb: true}

// Variant weights, relative to the word as typed.
const (
	wSynonym  = 0.6
	wCompound = 0.8
	wFuzzy    = 0.45
	wPrefix   = 0.8
	wPartial  = 0.3 // one word of a multi-word synonym, alone
)

// soft reports whether a word is a particle or a filler, by its stem.
func (ix *Index) soft(w word) bool { return ix.softStems[w.stem] != 0 }

// filler reports whether a word is a filler: it is dropped from queries
// that have other words.
func (ix *Index) filler(w word) bool { return ix.softStems[w.stem] == stemFiller }

const (
	stemParticle = 1
	stemFiller   = 2
)

// particles tell "sign in" from "sign out" but appear in every article:
// they are looked for only in titles, headings and tags, and count little.
var particles = []string{"in", "on", "out", "up", "down", "off"}

// fillers are words readers wrap a question in ("make someone an admin",
// "see the logs"). Alone, they are searched for like particles; beside
// other words, they are left out.
var fillers = []string{"make", "someone", "somebody", "something", "anyone", "anything",
	"want", "need", "way", "possible", "able", "get", "got", "thing", "things", "stuff", "try", "trying",
	"keep", "keeps", "see", "use", "using", "know", "still", "really", "also"}

// term is one indexed term a unit accepts, with its weight.
type term struct {
	stem   string
	lower  string // for the code field, which is not stemmed; "" to skip code
	weight float64
}

// unit is one thing the reader asked for: a word, or a run of words
// that has synonyms or is a compound, or a quoted phrase. A document
// matches the unit when it matches any alternative; an alternative is a
// set of terms that must all be present.
type unit struct {
	idf      float64  // how rare the unit is in the index: matching rare units counts more
	text     string   // the reader's words
	alts     [][]term // alternatives
	required bool     // a quoted phrase: results must match it
	soft     bool     // a particle: titles, headings and tags only
}

// plan is a parsed query: the units, and what snippets highlight.
type plan struct {
	units    []*unit
	key      string          // titleKey of the whole text
	stemKey  string          // stemSet of the whole text
	marks    map[string]int  // stem → unit index, for snippets and sections
	terms    map[string]int  // stem → bit, for sections
	covers   [][]uint64      // per unit: sets of term bits that match it
	lead     map[uint16]bool // the first two bytes of every term and prefix; nil: test every word
	prefixes []string        // lowercase prefixes of the last word, highlighted as typed
	clauses  int
	gate     []query.Query // the selective clauses (see common)
	required bool          // a unit must match (a quoted phrase)
	pairs    bool          // words overlap: cjk's pairs of characters (snippets)
	etoks    []etok        // the text's error-message tokens, when it names a listed message
	errs     []errTerm     // the index terms of the messages it names (errors.go)
	d        dict
	docs     int
}

// dict answers the planner's questions about the index's terms.
type dict interface {
	df(field, term string) int
	fuzzy(field, term string) []index.DictEntry
	prefix(field, prefix string, max int) []index.DictEntry
}

// parse splits text into units. Quoted text ("…" or “…”) becomes one
// required phrase; other words are units of their own, merged where a
// run of them is a synonym or a compound. The last word, when the text
// does not end in a space, is also a prefix.
func (ix *Index) parse(text string, d dict) *plan {
	p := &plan{marks: map[string]int{}, d: d, docs: ix.meta.Docs, pairs: ix.an.lang().bigrams}
	if ix.hasErrs {
		toks, _ := errTokens(text)
		if p.errs = errorTerms(toks, d); len(p.errs) > 0 {
			p.etoks = toks
		}
	}
	type qword struct {
		word
		phrase int // 0 for free words, else the phrase's number
	}
	var words []qword
	phrase, n := 0, 0
	inQuote := false
	seg := func(s string, ph int) {
		for _, w := range ix.an.words(s) {
			if w.stem == "" {
				continue
			}
			if n >= maxTerms {
				return
			}
			n++
			words = append(words, qword{w, ph})
		}
	}
	rest := text
	for rest != "" {
		i := strings.IndexAny(rest, "\"“”")
		if i < 0 {
			seg(rest, phraseOf(inQuote, phrase))
			break
		}
		seg(rest[:i], phraseOf(inQuote, phrase))
		_, size := firstRune(rest[i:])
		rest = rest[i+size:]
		inQuote = !inQuote
		if inQuote {
			phrase++
		}
	}
	if len(words) == 0 {
		return p
	}
	trimmed := strings.TrimRight(text, " \t\n")
	lastIsPrefix := !inQuote && trimmed == text && words[len(words)-1].phrase == 0
	kept := make([]qword, 0, len(words))
	for _, w := range words {
		if w.phrase != 0 || !ix.filler(w.word) {
			kept = append(kept, w)
		}
	}
	if len(kept) > 0 {
		if kept[len(kept)-1] != words[len(words)-1] {
			lastIsPrefix = false // the last word was a filler, typed in full
		}
		words = kept
	}

	p.key = titleKey(strings.NewReplacer("\"", " ", "“", " ", "”", " ").Replace(text))
	var stems []string
	for _, w := range words {
		stems = append(stems, w.stem)
	}
	p.stemKey = sortedSet(stems)

	// Quoted phrases: one required unit each, exact words only.
	for i := 0; i < len(words); {
		if words[i].phrase == 0 {
			i++
			continue
		}
		j := i
		var alt []term
		var raw []string
		for ; j < len(words) && words[j].phrase == words[i].phrase; j++ {
			alt = append(alt, term{stem: words[j].stem, lower: words[j].lower, weight: 1})
			raw = append(raw, words[j].raw)
		}
		p.units = append(p.units, &unit{text: strings.Join(raw, " "), alts: [][]term{alt}, required: true})
		i = j
	}

	// Free words: synonyms over runs of up to four words, longest first,
	// then compounds written apart, then single words.
	var free []word
	for _, w := range words {
		if w.phrase == 0 {
			free = append(free, w.word)
		}
	}
	for i := 0; i < len(free); {
		span, alts := 1, [][]string(nil)
		for k := min(4, len(free)-i); k >= 1; k-- {
			var st []string
			for _, w := range free[i : i+k] {
				st = append(st, w.stem)
			}
			if a, ok := ix.syn[strings.Join(st, " ")]; ok {
				span, alts = k, a
				break
			}
		}
		last := lastIsPrefix && i+span == len(free)
		u := ix.wordsUnit(free[i:i+span], last, d, p)
		for _, a := range alts {
			var alt []term
			for _, s := range a {
				alt = append(alt, term{stem: s, lower: s, weight: wSynonym})
			}
			u.alts = append(u.alts, alt)
		}
		if span == 1 && i+1 < len(free) && alts == nil && !ix.soft(free[i]) && !ix.soft(free[i+1]) {
			// "time zone" → "timezone"
			joined := ix.an.st.stem(free[i].lower + free[i+1].lower)
			if joined != "" && d.df(fBody, joined)+d.df(fTitle, joined) > 0 {
				u2 := ix.wordsUnit(free[i:i+2], lastIsPrefix && i+2 == len(free), d, p)
				u2.alts = append(u2.alts, []term{{stem: joined, lower: joined, weight: wCompound}})
				u, span = u2, 2
			}
		}
		p.units = append(p.units, u)
		i += span
	}
	for _, u := range p.units {
		df := 0
		for _, alt := range u.alts {
			df = max(df, d.df(fBody, alt[0].stem)+d.df(fTitle, alt[0].stem))
		}
		u.idf = math.Log(1 + float64(ix.meta.Docs)/float64(df+1))
	}
	// What the snippets and the section choice look for: every term of
	// every alternative, numbered (the first 64), and for each unit the
	// sets of terms that together count as matching it (its own words,
	// synonyms, corrections, completions; not one word of several).
	p.terms = map[string]int{}
	p.covers = make([][]uint64, len(p.units))
	p.lead = map[uint16]bool{}
	if !ix.an.lang().english {
		// Elision, normalisation and width folding change how stems
		// start ("l'adresse" → adress, "über" → uber): no quick test.
		p.lead = nil
	}
	for _, pre := range p.prefixes {
		p.addLead(pre)
	}
	for ui, u := range p.units {
		for _, alt := range u.alts {
			var mask uint64
			for _, t := range alt {
				if _, ok := p.marks[t.stem]; !ok {
					p.marks[t.stem] = ui
				}
				p.addLead(t.stem)
				k, ok := p.terms[t.stem]
				if !ok && len(p.terms) < 64 {
					k, ok = len(p.terms), true
					p.terms[t.stem] = k
				}
				if ok {
					mask |= 1 << uint(k)
				} else {
					mask = 0
					break
				}
			}
			if mask != 0 && alt[0].weight > wPartial {
				p.covers[ui] = append(p.covers[ui], mask)
			}
		}
	}
	return p
}

// addLead records how a term starts, for match's quick test. A word
// shorter than two bytes, or a stem that does not start like its words
// (Porter keeps words' first letters; americanize changes later ones),
// turns the test off.
func (p *plan) addLead(s string) {
	if p.lead == nil {
		return
	}
	if len(s) < 2 {
		p.lead = nil
		return
	}
	p.lead[uint16(s[0])<<8|uint16(s[1])] = true
}

// unitsOf turns the terms found in a text into the units they match.
// prefixed says a word started with the last word as typed.
func (p *plan) unitsOf(terms uint64, prefixed bool) uint64 {
	var units uint64
	for ui, masks := range p.covers {
		for _, m := range masks {
			if terms&m == m {
				units |= 1 << uint(ui)
				break
			}
		}
	}
	if prefixed && len(p.units) > 0 {
		units |= 1 << uint(len(p.units)-1)
	}
	return units
}

func phraseOf(inQuote bool, n int) int {
	if inQuote {
		return n
	}
	return 0
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

// wordsUnit is the unit of a run of free words: all of them (each with
// its typo corrections and, for the last word, its completions), and
// each alone at a low weight when there are several.
func (ix *Index) wordsUnit(ws []word, lastIsPrefix bool, d dict, p *plan) *unit {
	u := &unit{}
	var raw []string
	var all []term
	for _, w := range ws {
		raw = append(raw, w.raw)
		all = append(all, term{stem: w.stem, lower: w.lower, weight: 1})
	}
	u.text = strings.Join(raw, " ")
	if len(ws) == 1 {
		w := ws[0]
		u.soft = ix.soft(w)
		u.alts = append(u.alts, all)
		if u.soft {
			return u
		}
		exact := d.df(fBody, w.stem) + d.df(fTitle, w.stem)
		if lastIsPrefix && utf8.RuneCountInString(w.lower) >= 2 {
			for _, c := range ix.completions(w, exact, d, p) {
				u.alts = append(u.alts, []term{c})
			}
		}
		if utf8.RuneCountInString(w.lower) >= minFuzzyLen && !isNumber(w.lower) {
			for _, c := range ix.corrections(w, exact, d) {
				u.alts = append(u.alts, []term{c})
			}
		}
		if alt := ix.split(w, exact, d); alt != nil {
			u.alts = append(u.alts, alt)
		}
		return u
	}
	u.alts = append(u.alts, all)
	for _, w := range ws {
		if !ix.soft(w) {
			u.alts = append(u.alts, []term{{stem: w.stem, lower: w.lower, weight: wPartial}})
		}
	}
	return u
}

// corrections are the index's terms one edit (or one swap of neighbours)
// away from w, most frequent first, when w looks like a typo: absent from
// the index, or far rarer than a near word. A word the index knows well
// is never corrected, so "later" never becomes "latex".
func (ix *Index) corrections(w word, exact int, d dict) []term {
	seen := map[string]int{}
	for _, f := range []string{fTitle, fBody} {
		for _, e := range d.fuzzy(f, w.stem) {
			if e.Term != w.stem {
				seen[e.Term] += int(e.Count)
			}
		}
	}
	// A typo can change the stem beyond one edit ("certficate" stems to
	// "certfic", "certificate" to "certif"): words as written in titles,
	// headings and tags are matched too, then stemmed.
	for _, e := range d.fuzzy(fVocab, w.lower) {
		if st := ix.an.st.stem(e.Term); st != "" && st != w.stem {
			if _, ok := seen[st]; !ok {
				seen[st] += d.df(fBody, st) + d.df(fTitle, st)
			}
		}
	}
	b := []byte(w.stem)
	for i := 0; i+1 < len(b); i++ {
		if b[i] == b[i+1] {
			continue
		}
		b[i], b[i+1] = b[i+1], b[i]
		if c := string(b); c != w.stem {
			if n := d.df(fBody, c) + d.df(fTitle, c); n > 0 {
				seen[c] += n
			}
		}
		b[i], b[i+1] = b[i+1], b[i]
	}
	cands := rank(seen)
	if len(cands) == 0 {
		return nil
	}
	best := seen[cands[0]]
	if exact > 0 && (exact > 2 || best < 20*exact) {
		return nil
	}
	var out []term
	for _, c := range cands {
		if len(out) == maxFuzzy || seen[c]*10 < best {
			break
		}
		out = append(out, term{stem: c, weight: wFuzzy})
	}
	return out
}

// split finds a compound written together that the index has apart
// ("timezone" → time zone, "oauth2" → oauth 2): the split into two words
// the index knows whose rarer half is the most frequent. Words the
// index knows well are not split.
func (ix *Index) split(w word, exact int, d dict) []term {
	if exact > 2 || utf8.RuneCountInString(w.lower) < 4 || strings.ContainsAny(w.lower, "'") {
		return nil
	}
	best, bestDF := []term(nil), 0
	linking := ix.an.lang().linking
	try := func(a, b string) {
		sa, sb := ix.an.st.stem(a), ix.an.st.stem(b)
		if sa == "" || sb == "" {
			return
		}
		df := func(st string) int { return d.df(fBody, st) + d.df(fTitle, st) }
		if len(linking) > 0 {
			// German's parts are often other forms of the words the
			// index has ("Passwort-zurücksetz-ung" for "zurücksetzen"),
			// and often words of headings only ("Empfänger von
			// Rechnungen" for "Rechnungsempfänger").
			sa, sb = ix.truncated(sa, d), ix.truncated(sb, d)
			df = func(st string) int { return d.df(fBody, st) + d.df(fTitle, st) + d.df(fHead, st) }
		}
		n := min(df(sa), df(sb))
		if n > bestDF {
			best, bestDF = []term{{stem: sa, lower: a, weight: wCompound}, {stem: sb, lower: b, weight: wCompound}}, n
		}
	}
	// Splits between letters, counted in letters (analysis.js counts
	// alike).
	na := 0
	for i := range w.lower {
		if i == 0 {
			continue
		}
		na++
		a, b := w.lower[:i], w.lower[i:]
		digitEdge := isDigit(a[len(a)-1]) != isDigit(b[0])
		nb := utf8.RuneCountInString(b)
		if !digitEdge && (na < 3 || nb < 3) {
			continue
		}
		try(a, b)
		// German joins the parts of compounds with letters of their own
		// ("Rechnung-s-adresse"): the first part without them.
		for _, l := range ix.an.lang().linking {
			if strings.HasSuffix(a, l) && na-len(l) >= 3 {
				try(a[:len(a)-len(l)], b)
			}
		}
	}
	return best
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// truncated is st when the index has it, else st less up to three
// letters at the end when the index has that (and five are left), as
// completions shorten the last word: a part of a compound is often
// another form of a word the index has. engine.js does the same.
func (ix *Index) truncated(st string, d dict) string {
	df := func(st string) int { return d.df(fBody, st) + d.df(fTitle, st) + d.df(fHead, st) }
	if df(st) > 0 {
		return st
	}
	r := []rune(st)
	for cut := 1; cut <= 3 && len(r)-cut >= 5; cut++ {
		if c := string(r[:len(r)-cut]); df(c) > 0 {
			return c
		}
	}
	return st
}

// completions are the most frequent terms that start with the last word
// as typed; if none does, with the word shortened by up to three letters
// (a stem is often shorter than the word being typed: "installat").
func (ix *Index) completions(w word, exact int, d dict, p *plan) []term {
	letters := []rune(w.lower) // cut letters, not bytes, as analysis.js does
	for cut := 0; cut == 0 || exact == 0 && cut <= 3 && len(letters)-cut >= 3; cut++ {
		for _, pre := range ix.prefixForms(string(letters[:len(letters)-cut])) {
			if out := ix.complete(w, pre, exact, d, p); out != nil {
				return out
			}
		}
	}
	return nil
}

// prefixForms are the forms of a typed prefix to complete: itself, and
// in another language than English its stem too when that differs, as
// the stemmer strips the start of some words (Arabic's al-, wa-: "الفوا"
// completes to the stem of "الفواتير").
func (ix *Index) prefixForms(pre string) []string {
	if ix.an.lang().english {
		return []string{pre}
	}
	if st := ix.an.st.stem(pre); st != "" && st != pre && utf8.RuneCountInString(st) >= 2 {
		return []string{pre, st}
	}
	return []string{pre}
}

// complete is completions for one prefix: nil when no term has it.
func (ix *Index) complete(w word, pre string, exact int, d dict, p *plan) []term {
	seen := map[string]int{}
	for _, f := range []string{fTitle, fBody} {
		for _, e := range d.prefix(f, pre, prefixScan) {
			if e.Term != w.stem {
				seen[e.Term] += int(e.Count)
			}
		}
	}
	if len(seen) == 0 {
		return nil
	}
	p.prefixes = append(p.prefixes, pre)
	weight, most := wPrefix, maxPrefix
	if exact > 0 {
		// A whole word may still be the start of a longer one, but
		// probably is not: fewer, weaker completions.
		weight, most = wPrefix/2, maxPrefixKnown
	}
	var out []term
	for _, c := range rank(seen) {
		if len(out) == most {
			break
		}
		out = append(out, term{stem: c, weight: weight})
	}
	return out
}

// rank orders terms by count, most first, then alphabetically.
func rank(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if m[out[i]] != m[out[j]] {
			return m[out[i]] > m[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}

func isNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func sortedSet(st []string) string {
	st = append([]string(nil), st...)
	sort.Strings(st)
	out := st[:0]
	for i, x := range st {
		if i == 0 || x != st[i-1] {
			out = append(out, x)
		}
	}
	return strings.Join(out, " ")
}

// coverBoost is what matching a unit at all is worth, times its idf, on
// top of how well it matches: with bleve's coord factor, a document
// covering more of the query, and its rarer words, outranks one that
// matches a single word very well (a title word, say).
const coverBoost = 3.0

// plus adds c to the score of every document q matches, scaled like
// term scores (see scaled).
func plus(q query.Query, c float64) query.Query { return &scaled{q: q, add: c, mul: 1} }

// scaled is a query whose scores are its child's times mul plus add.
// bleve scales every term score of a query by one "query norm" that
// depends on all its terms; scaled multiplies add by the same norm, so a
// bonus keeps its weight against term scores whatever the query.
type scaled struct {
	q        query.Query
	add, mul float64
}

func (s *scaled) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	child, err := s.q.Searcher(ctx, i, m, o)
	if err != nil {
		return nil, err
	}
	return &scaledSearcher{Searcher: child, add: s.add, mul: s.mul, norm: 1}, nil
}

type scaledSearcher struct {
	search.Searcher
	add, mul, norm float64
}

// Weight leaves a query scaled to nothing (the gate) out of the norm.
func (s *scaledSearcher) Weight() float64 {
	if s.mul == 0 {
		return 0
	}
	return s.Searcher.Weight()
}

func (s *scaledSearcher) SetQueryNorm(n float64) {
	s.norm = n
	s.Searcher.SetQueryNorm(n)
}

func (s *scaledSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	return s.adjust(s.Searcher.Next(ctx))
}

func (s *scaledSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	return s.adjust(s.Searcher.Advance(ctx, id))
}

func (s *scaledSearcher) adjust(d *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	if d != nil {
		d.Score = d.Score*s.mul + s.add*s.norm
	}
	return d, err
}

// softWeight is how much a particle or filler counts toward covering
// the query, relative to its idf.
const softWeight = 0.2

// softFieldWeight scales a particle's or filler's term weights: they
// break ties between titles, no more.
const softFieldWeight = 0.2

// Title bonuses, added to the score of a document whose title is the
// query: word for word, or the same stems in any order.
const (
	boostTitleExact = 40
	boostTitleStems = 20
)

// bleveQuery turns the plan into one bleve query. Each unit is the best
// of its alternatives (disMax), each alternative the best of its fields
// plus a bonus for matching at all (coverBoost); the units are a weighted
// "or" whose score is multiplied by the idf-weighted share of the query a
// document matches, so all words matter and rare ones more; required
// units must match; exact titles add a bonus. It also collects the gate
// (see common).
func (p *plan) bleveQuery() query.Query {
	var should, must []query.Query
	var weights []float64
	for _, u := range p.units {
		gated := len(p.gate)
		q := p.unitQuery(u)
		if q == nil {
			continue
		}
		if len(p.gate) == gated && !u.soft {
			// Every clause of the unit is common: its title and heading
			// matches let documents in.
			for _, t := range u.alts[0] {
				for _, f := range []string{fTitle, fHead} {
					if p.d.df(f, t.stem) > 0 {
						g := query.NewTermQuery(t.stem)
						g.SetField(f)
						g.SetBoost(fieldBoost(f))
						p.gate = append(p.gate, g)
					}
				}
			}
		}
		if u.required {
			must = append(must, q)
			p.required = true
		}
		should = append(should, q)
		w := u.idf
		if u.soft {
			w *= softWeight
		}
		weights = append(weights, max(w, 0.01))
	}
	// Articles that list an error message the text names: a bonus far
	// above the words' scores, and into the gate when there is one.
	var errQs []query.Query
	for _, e := range p.errs {
		t := query.NewTermQuery(e.term)
		t.SetField(e.field)
		t.SetBoost(boostError)
		errQs = append(errQs, t)
	}
	if len(p.gate) > 0 {
		p.gate = append(p.gate, errQs...)
	}
	if len(should) == 0 {
		if len(errQs) == 0 {
			return nil
		}
		return sumOf(errQs) // only stop words, in a message
	}
	var core query.Query = should[0]
	if len(should) > 1 {
		core = &disMax{qs: should, weights: weights}
	}
	var top query.Query = core
	if len(must) > 0 {
		top = query.NewConjunctionQuery(append(must, core))
	}
	bonus := errQs
	if p.key != "" {
		t := query.NewTermQuery(p.key)
		t.SetField(fTitleKey)
		t.SetBoost(boostTitleExact)
		bonus = append(bonus, t)
	}
	if p.stemKey != "" {
		t := query.NewTermQuery(p.stemKey)
		t.SetField(fTitleSet)
		t.SetBoost(boostTitleStems)
		bonus = append(bonus, t)
	}
	b := query.NewBooleanQuery([]query.Query{top}, []query.Query{sumOf(bonus)}, nil)
	return b
}

// unitQuery is a disjunction over the unit's alternatives; an alternative
// of several terms is a conjunction of each term over the fields.
func (p *plan) unitQuery(u *unit) query.Query {
	var alts []query.Query
	for _, alt := range u.alts {
		var parts []query.Query
		for _, t := range alt {
			q := p.termQuery(t, u.soft)
			if q == nil {
				break
			}
			parts = append(parts, q)
		}
		if len(parts) < len(alt) {
			continue // a term no document has, or the clause cap: the alternative cannot match
		}
		var q query.Query = query.NewConjunctionQuery(parts)
		if len(parts) == 1 {
			q = parts[0]
		}
		if !u.soft {
			q = plus(q, coverBoost*u.idf*alt[0].weight)
		}
		alts = append(alts, q)
	}
	switch len(alts) {
	case 0:
		return nil
	case 1:
		return alts[0]
	}
	return &disMax{qs: alts, tie: altTie}
}

// Tie-breakers: how much the fields a word matches, beyond the best one,
// and a unit's alternatives, beyond the best one, add.
const (
	fieldTie = 0.3
	altTie   = 0.1
)

// termQuery looks for one term in every field, weighted by field.
// Fields without the term get no clause at all.
func (p *plan) termQuery(t term, soft bool) query.Query {
	var qs []query.Query
	add := func(field, s string, boost float64) {
		if p.clauses >= maxClauses {
			return
		}
		own := p.idf(field, s)
		if own == 0 {
			return
		}
		p.clauses++
		q := query.NewTermQuery(s)
		q.SetField(field)
		q.SetBoost(boost)
		qs = append(qs, q)
		if p.d.df(field, s) <= p.common() || field == fTitle {
			g := query.NewTermQuery(s)
			g.SetField(field)
			g.SetBoost(boost)
			p.gate = append(p.gate, g)
		}
	}
	for _, f := range fieldBoosts {
		if soft && f.field != fTitle && f.field != fHead && f.field != fKeys {
			continue
		}
		if t.weight < 1 && !variantFields[f.field] {
			continue // variants (synonyms, corrections, completions) elsewhere cost much and tell little
		}
		w := t.weight
		if soft {
			w *= softFieldWeight
		}
		add(f.field, t.stem, f.boost*w)
	}
	if t.lower != "" && !soft && t.weight == 1 {
		add(fCode, t.lower, codeBoost*t.weight)
	}
	if len(qs) == 0 {
		return nil
	}
	return &disMax{qs: qs, tie: fieldTie}
}

// common is the document frequency above which a clause is common. A
// word in most articles' bodies ("account", "settings") costs a pass over
// most of the index and tells little: on a large site, documents are let
// in only by selective clauses (rarer terms, and any term of the title),
// which also rank them roughly; the best of those are then scored in
// full, common clauses included (collect). Like Lucene's common-terms
// query, this keeps broad queries fast; sites under a few hundred
// articles have no common clauses.
func (p *plan) common() int { return max(commonMin, p.docs/commonShare) }

const (
	commonMin   = 200
	commonShare = 10
)

// gateQuery is the query of the selective clauses, or nil when every
// document the full query matches should be scored (small sites, quoted
// phrases).
func (p *plan) gateQuery() query.Query {
	if len(p.gate) == 0 || p.required {
		return nil
	}
	return query.NewDisjunctionQuery(p.gate)
}

func fieldBoost(field string) float64 {
	for _, f := range fieldBoosts {
		if f.field == field {
			return f.boost
		}
	}
	return 1
}

// idf is bleve's BM25 idf of a term in a field; 0 when no document has
// it there, except in the body, where such a term (a typo, say) gets the
// idf of a term in one document.
func (p *plan) idf(field, term string) float64 {
	df := p.d.df(field, term)
	if df == 0 {
		if field != fBody {
			return 0
		}
		df = 1
	}
	n := float64(max(p.docs, df))
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

// sumOf is a disjunction scored as the sum of its matching parts. bleve
// multiplies a disjunction's sum by the fraction of parts that matched,
// which would punish a word for having many alternatives or fields;
// multiplying by the number of parts undoes that.
func sumOf(qs []query.Query) query.Query {
	switch len(qs) {
	case 0:
		return nil
	case 1:
		return qs[0]
	}
	return &scaled{q: query.NewDisjunctionQuery(qs), mul: float64(len(qs))}
}
