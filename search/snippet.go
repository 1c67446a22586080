package search

import (
	"html"
	"math"
	"math/bits"
	"strings"
)

// Snippet sizes, in words.
const (
	snippetWords = 28
	snippetLead  = 6 // words shown before the first match
)

// matchedWord is a word of a text that the query matched.
type matchedWord struct {
	start, end int // bytes
	unit       int
}

// scan finds the query's words in text: words whose stem is one of the
// plan's terms, or that start with a prefix of the last word typed. It
// returns every word, for snippets; match is the cheap version.
func (p *plan) scan(an *analyzer, text string) (all []word, hits []int, units map[int]bool) {
	all = an.words(text)
	units = map[int]bool{}
	for i, w := range all {
		if u, ok := p.unitOfWord(w.stem, w.lower); ok {
			hits = append(hits, i)
			units[u] = true
		}
	}
	return all, hits, units
}

func (p *plan) unitOfWord(stem, lower string) (int, bool) {
	if stem != "" {
		if u, ok := p.marks[stem]; ok {
			return u, true
		}
	}
	for _, pre := range p.prefixes {
		if strings.HasPrefix(lower, pre) {
			return len(p.units) - 1, true
		}
	}
	return -1, false
}

// match is scan without allocations: the units text matches, as bits,
// how many of its words match, and which units follow the query's
// previous unit word for word (bit k: unit k right after unit k-1, stop
// words between them allowed).
func (p *plan) match(st *stemmer, text string, buf []byte) (units, pairs uint64, hits int, _ []byte) {
	b := []byte(text)
	prev := -1
	var terms uint64
	prefixed := false
	eachTerm(b, st.lang, func(start, end int) {
		buf = appendLowerLang(buf[:0], b[start:end], st.lang)
		if p.lead != nil && len(buf) >= 2 && !p.lead[uint16(buf[0])<<8|uint16(buf[1])] {
			// No term starts like this word: skip the stemmer (most words).
			if len(buf) > 3 {
				prev = -1 // short words (mostly stop words) keep neighbours adjacent
			}
			return
		}
		stem := st.stemBytes(buf)
		u, ok := -1, false
		if stem != nil {
			if u, ok = p.marks[string(stem)]; ok {
				if k, ok := p.terms[string(stem)]; ok {
					terms |= 1 << uint(k)
				}
			}
		}
		if !ok && len(p.prefixes) > 0 {
			lower := st.lang.normalize(buf) // prefixes are normalised
			for _, pre := range p.prefixes {
				if len(lower) >= len(pre) && string(lower[:len(pre)]) == pre {
					u, ok, prefixed = len(p.units)-1, true, true
					break
				}
			}
		}
		switch {
		case ok:
			hits++
			if u > 0 && prev == u-1 {
				pairs |= 1 << uint(u)
			}
			prev = u
		case stem != nil:
			prev = -1
		}
	})
	return p.unitsOf(terms, prefixed), pairs, hits, buf
}

type storedSection struct {
	anchor, title, text string
}

func splitSections(secs string) []storedSection {
	var out []storedSection
	for _, rec := range strings.Split(secs, sepRecord) {
		f := strings.SplitN(rec, sepField, 3)
		if len(f) != 3 {
			continue
		}
		out = append(out, storedSection{f[0], f[1], f[2]})
	}
	return out
}

// located is what examine found in one article.
type located struct {
	parts      []storedSection
	best       int     // the part that answers best; -1 when none matched
	bestHits   int     // matching words in the best part's text
	cover      float64 // idf-weighted share of the query in the title and one part, at best
	titleCover float64 // idf-weighted share of the query in the title
	adjacent   float64 // share of the query's neighbouring words found side by side
}

// examine finds the part of an article that answers the query best, and
// how much of the query one part (with the article's title) covers.
// Parts are the intro and the H2 sections; a part scores for each unit
// of the query its title or text matches, weighted by how few parts of
// this article match it (a word found everywhere in the article does not
// tell its sections apart), and a match in its heading counts half
// again. A section wins over the intro when it scores more. When the
// article's title already matches the whole query, a section wins only
// if its heading does too, in fewer words ("Mute a channel" in "Mute or
// leave a channel"; not "Refunds for annual plans" in "Refunds").
func (p *plan) examine(an *analyzer, title, secs string) *located {
	l := &located{parts: splitSections(secs), best: -1}
	var buf []byte
	titleUnits, pairs, _, buf := p.match(an.st, title, buf)
	all := uint64(1)<<uint(len(p.units)) - 1
	titleCovers := titleUnits == all
	titleLen := len(an.stems(title))
	text := make([]uint64, len(l.parts))
	head := make([]uint64, len(l.parts))
	hits := make([]int, len(l.parts))
	df := make([]int, len(p.units))
	for i, s := range l.parts {
		var tp, hp uint64
		text[i], tp, hits[i], buf = p.match(an.st, s.text, buf)
		head[i], hp, _, buf = p.match(an.st, s.title, buf)
		pairs |= tp | hp
		for k := range p.units {
			if (text[i]|head[i])&(1<<uint(k)) != 0 {
				df[k]++
			}
		}
	}
	total := 0.0
	for _, u := range p.units {
		if !u.soft {
			total += u.idf
		}
	}
	if total > 0 {
		for k, u := range p.units {
			if !u.soft && titleUnits&(1<<uint(k)) != 0 {
				l.titleCover += u.idf / total
			}
		}
	}
	if n := len(p.units) - 1; n > 0 {
		l.adjacent = float64(bits.OnesCount64(pairs>>1)) / float64(n)
	}
	bestScore := 0.0
	for i := range l.parts {
		score, cov := 0.0, 0.0
		for k, u := range p.units {
			bit := uint64(1) << uint(k)
			wt := math.Log(1 + float64(len(l.parts))/float64(max(df[k], 1)))
			in := (text[i]|head[i])&bit != 0
			if in {
				score += wt
			}
			if head[i]&bit != 0 {
				score += 0.5 * wt
			}
			if !u.soft && (in || titleUnits&bit != 0) {
				cov += u.idf
			}
		}
		if total > 0 {
			l.cover = max(l.cover, cov/total)
		}
		score += 0.01 * float64(min(hits[i], 10))
		if titleCovers && i > 0 && (head[i] != all || len(an.stems(l.parts[i].title)) >= titleLen) {
			score = 0 // the title says it all; only a heading that says it in fewer words is better
		}
		if score > bestScore {
			l.best, l.bestHits, bestScore = i, hits[i], score
		}
	}
	return l
}

// anchor is the section the hit should point at, if any.
func (l *located) anchor() (anchor, title string) {
	if l.best > 0 {
		return l.parts[l.best].anchor, l.parts[l.best].title
	}
	return "", ""
}

// snippet is the hit's snippet: from the best part, else from the
// description, else from the article's start.
func (p *plan) snippet(an *analyzer, l *located, desc string) string {
	if l.best >= 0 && l.bestHits > 0 {
		words, hits, _ := p.scan(an, l.parts[l.best].text)
		return window(l.parts[l.best].text, words, hits, p)
	}
	if desc != "" {
		words, hits, _ := p.scan(an, desc)
		return window(desc, words, hits, p)
	}
	for _, s := range l.parts {
		if s.text != "" {
			words, hits, _ := p.scan(an, s.text)
			return window(s.text, words, hits, p)
		}
	}
	return ""
}

// window is the snippet of text around its best run of matches: about
// snippetWords words, HTML-escaped, matches in <mark>, "…" where cut.
func window(text string, words []word, hits []int, p *plan) string {
	if len(words) == 0 {
		return html.EscapeString(strings.TrimSpace(text))
	}
	start := 0
	if len(hits) > 0 {
		// The window with the most distinct units, then the most hits.
		bestU, bestN := -1, -1
		for i, h := range hits {
			units := map[int]bool{}
			n := 0
			for _, h2 := range hits[i:] {
				if h2-h >= snippetWords-snippetLead {
					break
				}
				units[p.unitOf(words[h2])] = true
				n++
			}
			if len(units) > bestU || len(units) == bestU && n > bestN {
				bestU, bestN, start = len(units), n, h
			}
		}
		start = max(0, start-snippetLead)
	}
	end := min(len(words), start+snippetWords)
	isHit := map[int]bool{}
	for _, h := range hits {
		isHit[h] = true
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	from := words[start].start
	for i := start; i < end; i++ {
		w := words[i]
		if !isHit[i] {
			continue
		}
		// cjk's pairs overlap: a pair's first character may be marked
		// already, as the last of the pair before.
		a := max(from, w.start)
		b.WriteString(html.EscapeString(text[from:a]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[a:w.end]))
		b.WriteString("</mark>")
		from = w.end
	}
	stop := words[end-1].end
	if end == len(words) {
		stop = len(text)
	}
	b.WriteString(html.EscapeString(text[from:stop]))
	if end < len(words) {
		b.WriteString(" …")
	}
	out := b.String()
	if p.pairs {
		out = strings.ReplaceAll(out, "</mark><mark>", "") // one mark over a run of pairs
	}
	return strings.Join(strings.Fields(out), " ")
}

func (p *plan) unitOf(w word) int {
	if u, ok := p.marks[w.stem]; ok {
		return u
	}
	return len(p.units) - 1
}
