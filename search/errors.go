package search

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Error messages. A troubleshooting article lists the exact messages its
// readers see ("KW-NET-0042: connection timed out"), and readers paste
// them, or a long exact part of them, into the search box. The words of
// the messages are searchable text like the symptoms (fTrouble); on top
// of that, a query that contains a listed message, or a long exact part
// of one, puts the articles that list it first, above articles that
// merely share its words.
//
// Exact means: the same tokens in the same order, where a token is a run
// of text between spaces, brackets, quotes and markup characters,
// lowercase, without the punctuation at its ends ("(do_not_honor)" is
// do_not_honor, "KW-NET-0042:" is kw-net-0042, "<b>E_42</b>" is b,
// e_42, b). Inside a token nothing is split, so a code matches only as a
// whole: "NET-0042" is not part of "KW-NET-0042".
//
// The index holds every suffix of every message's tokens (fErrSfx): a run
// of the query's tokens is a part of a message exactly when it is a
// suffix or the start of one. Planning a query walks those terms with
// the dictionary; the articles found get a bonus that brings them into
// the candidates, and the hits are then ordered by how the query matches
// their stored messages (errMatch) before their score.

// etok is one token of an error message or of a query.
type etok struct {
	norm       string // lowercase, ’ written ', no punctuation at the ends
	start, end int    // its bytes in the text it comes from
}

// Limits: tokens read from one message or query (a query of
// MaxQueryBytes has fewer), messages read from one article, terms one
// prefix of the query may expand to, and dictionary look-ups per query.
const (
	maxErrTokens   = 128
	maxErrMessages = 64
	maxErrExpand   = 32
	errBudget      = 256
)

// A part of a message that is not all of it counts when it holds a code
// or has at least errPartWords tokens and errPartBytes bytes (tokens and
// single spaces): "connection timed out" does, "timed out" does not.
const (
	errPartWords = 3
	errPartBytes = 15
)

// boostError is the bonus of an article that lists a message the query
// contains: far above any score of words, so that those articles are
// among the candidates that errMatch orders first.
const boostError = 1000

// errSeparators end tokens, besides spaces: brackets, quotes and the
// characters of markup around a code ("(E_42)", "`E_42`", "<b>E_42</b>",
// "**E_42**"). Hyphens, underscores, dots, colons and slashes do not:
// they are part of codes, and at a token's ends they are trimmed.
const errSeparators = "<>()[]{}\"“”‘«»`*,;!?|\\"

func isErrSeparator(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune(errSeparators, r)
}

// errTokens splits s into tokens; more than maxErrTokens says it was cut.
func errTokens(s string) (toks []etok, cut bool) {
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if isErrSeparator(r) {
			i += n
			continue
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if isErrSeparator(r) {
				break
			}
			j += n
		}
		a, b := i, j
		for a < b {
			r, n := utf8.DecodeRuneInString(s[a:b])
			if isWord(r) {
				break
			}
			a += n
		}
		for b > a {
			r, n := utf8.DecodeLastRuneInString(s[a:b])
			if isWord(r) {
				break
			}
			b -= n
		}
		i = j
		if a == b {
			continue
		}
		if len(toks) == maxErrTokens {
			return toks, true
		}
		norm := strings.ToLower(strings.ReplaceAll(strings.ToValidUTF8(s[a:b], "\uFFFD"), "’", "'"))
		toks = append(toks, etok{norm: norm, start: a, end: b})
	}
	return toks, false
}

// isCode reports whether a token is an error code or identifier rather
// than a word: KW-NET-0042, ERR_INSTALL_42, do_not_honor, 0x80070005,
// e3871. Plain numbers ("404", "2024") and words with one digit ("2fa",
// "oauth2") are not.
func isCode(t string) bool {
	if len(t) < 4 {
		return false
	}
	digits, other := 0, 0
	for _, r := range t {
		switch {
		case r == '_':
			return true
		case r >= '0' && r <= '9':
			digits++
		default:
			other++
		}
	}
	return digits >= 2 && other > 0
}

func joinToks(ts []etok) string {
	n := 0
	for _, t := range ts {
		n += len(t.norm) + 1
	}
	var b strings.Builder
	b.Grow(n)
	for i, t := range ts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.norm)
	}
	return b.String()
}

// qualifies reports whether a run of a message's tokens found in a query
// counts as the query naming that message: all of it, a code, or a long
// part.
func qualifies(run []etok, whole bool) bool {
	if whole {
		return true
	}
	n := -1
	for _, t := range run {
		if isCode(t.norm) {
			return true
		}
		n += len(t.norm) + 1
	}
	return len(run) >= errPartWords && n >= errPartBytes
}

// errIndexTerms are the terms of an article's messages: every suffix of
// each message's tokens, cut to MaxQueryBytes at a token (no query is
// longer), and each whole message that a query could hold.
func errIndexTerms(msgs []string) (suffixes, wholes []string) {
	seenS, seenW := map[string]bool{}, map[string]bool{}
	for i, m := range msgs {
		if i == maxErrMessages {
			break
		}
		toks, cut := errTokens(m)
		if len(toks) == 0 {
			continue
		}
		if w := joinToks(toks); !cut && len(w) <= MaxQueryBytes && !seenW[w] {
			seenW[w] = true
			wholes = append(wholes, w)
		}
		for k := range toks {
			end, n := k, -1
			for end < len(toks) && n+1+len(toks[end].norm) <= MaxQueryBytes {
				n += 1 + len(toks[end].norm)
				end++
			}
			if end == k {
				continue // one token longer than any query
			}
			if s := joinToks(toks[k:end]); !seenS[s] {
				seenS[s] = true
				suffixes = append(suffixes, s)
			}
		}
	}
	return suffixes, wholes
}

// storedErrors packs an article's messages into one stored value.
func storedErrors(msgs []string) string {
	var b []byte
	for i, m := range msgs {
		if i == maxErrMessages {
			break
		}
		if i > 0 {
			b = append(b, sepRecord...)
		}
		b = appendClean(b, m)
	}
	return string(b)
}

// errTerm is one index term a query's error-message clause looks for.
type errTerm struct{ field, term string }

// errorTerms finds, with the dictionary, the runs of the query's tokens
// that are listed messages or qualifying parts of them, and returns the
// terms of the articles that hold them: for each start in the query, the
// shortest qualifying run (which every article with a longer one from
// the same start also has) and the longest, each with the message
// suffixes it begins, and every whole message.
func errorTerms(q []etok, d dict) []errTerm {
	var out []errTerm
	seen := map[errTerm]bool{}
	add := func(field, term string) {
		t := errTerm{field, term}
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	type found struct {
		r     string
		exact bool
		ext   []string
	}
	ops := 0
	for i := range q {
		var first, last *found
		for j := i + 1; j <= len(q) && ops < errBudget; j++ {
			r := joinToks(q[i:j])
			if len(r) > MaxQueryBytes {
				break
			}
			ops += 2
			exact := d.df(fErrSfx, r) > 0
			ents := d.prefix(fErrSfx, r+" ", maxErrExpand)
			if !exact && len(ents) == 0 {
				break
			}
			whole := false
			if exact {
				ops++
				if whole = d.df(fErrMsg, r) > 0; whole {
					add(fErrMsg, r)
				}
			}
			if !qualifies(q[i:j], whole) {
				continue
			}
			f := &found{r: r, exact: exact}
			for _, e := range ents {
				f.ext = append(f.ext, e.Term)
			}
			if first == nil {
				first = f
			}
			last = f
		}
		for _, f := range []*found{first, last} {
			if f == nil {
				continue
			}
			if f.exact {
				add(fErrSfx, f.r)
			}
			for _, t := range f.ext {
				add(fErrSfx, t)
			}
		}
	}
	return out
}

// errHit is how a query matches an article's messages at best.
type errHit struct {
	whole      bool   // the query holds a whole message
	length     int    // bytes of the matched tokens, as compared
	msg        string // the message, as written
	start, end int    // the matched part in msg
}

func (h errHit) ok() bool { return h.length > 0 }

// better orders matches: a whole message first, then the longer part.
func (h errHit) better(o errHit) bool {
	if h.whole != o.whole {
		return h.whole
	}
	return h.length > o.length
}

// errMatch finds the best qualifying run of the query's tokens in the
// stored messages of an article: for each message, the common runs of
// tokens by dynamic programming (run[k] is the length of the common run
// ending at the current query token and message token k), each judged
// where it cannot grow.
func errMatch(q []etok, stored string) errHit {
	var best errHit
	if len(q) == 0 || stored == "" {
		return best
	}
	id := make(map[string]int, len(q)) // query token → a number
	qid := make([]int, len(q))
	for i, t := range q {
		n, ok := id[t.norm]
		if !ok {
			n = len(id)
			id[t.norm] = n
		}
		qid[i] = n
	}
	var mid, bytes, codes, prev, cur []int
	for _, msg := range strings.Split(stored, sepRecord) {
		m, cut := errTokens(msg)
		mid, bytes, codes = mid[:0], append(bytes[:0], 0), append(codes[:0], 0)
		for _, t := range m {
			n, ok := id[t.norm]
			if !ok {
				n = -1
			}
			c := 0
			if isCode(t.norm) {
				c = 1
			}
			mid = append(mid, n)
			bytes = append(bytes, bytes[len(bytes)-1]+len(t.norm))
			codes = append(codes, codes[len(codes)-1]+c)
		}
		prev, cur = resize(prev, len(m)+1), resize(cur, len(m)+1)
		for i := range q {
			for k := range m {
				cur[k+1] = 0
				if mid[k] != qid[i] {
					continue
				}
				l := prev[k] + 1
				cur[k+1] = l
				if i+1 < len(q) && k+1 < len(m) && qid[i+1] == mid[k+1] {
					continue // the run goes on
				}
				from := k + 1 - l
				whole := from == 0 && k+1 == len(m) && !cut
				n := bytes[k+1] - bytes[from] + l - 1
				if !whole && codes[k+1] == codes[from] && (l < errPartWords || n < errPartBytes) {
					continue // as qualifies
				}
				h := errHit{whole: whole, length: n, msg: msg, start: m[from].start, end: m[k].end}
				if h.better(best) {
					best = h
				}
			}
			prev, cur = cur, prev
		}
	}
	return best
}

// resize returns s with n zeros.
func resize(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// maxErrSnippet bounds the bytes of a message a snippet shows around the
// match.
const maxErrSnippet = 240

// errSnippet is the snippet of a hit found by an error message: the
// message, HTML-escaped, the matched part in <mark>, "…" where cut.
func errSnippet(h errHit) string {
	msg := h.msg
	from, to := 0, len(msg)
	if to-from > maxErrSnippet {
		spare := max(0, maxErrSnippet-(h.end-h.start)) / 2
		from = max(0, h.start-spare)
		to = min(len(msg), h.end+spare)
		for from > 0 && !utf8.RuneStart(msg[from]) {
			from--
		}
		for to < len(msg) && !utf8.RuneStart(msg[to]) {
			to++
		}
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("… ")
	}
	b.WriteString(html.EscapeString(strings.ToValidUTF8(msg[from:h.start], "\uFFFD")))
	b.WriteString("<mark>")
	b.WriteString(html.EscapeString(strings.ToValidUTF8(msg[h.start:h.end], "\uFFFD")))
	b.WriteString("</mark>")
	b.WriteString(html.EscapeString(strings.ToValidUTF8(msg[h.end:to], "\uFFFD")))
	if to < len(msg) {
		b.WriteString(" …")
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
