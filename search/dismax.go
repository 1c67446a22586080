package search

import (
	"context"
	"errors"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// disMax matches what any of its queries matches, scored by the best of
// them plus tie times the others: a word found in the title and the body
// scores about its title match, and a word matched by itself and by a
// synonym scores about its own match. (bleve's disjunction sums its
// parts and multiplies by the fraction matched, which stacks up
// alternatives and fields.) This is Lucene's DisjunctionMaxQuery.
type disMax struct {
	qs  []query.Query
	tie float64

	// weights, when set, make it a weighted "or" instead: the sum of the
	// matching parts' scores times the share of the weights they carry.
	// kb's top-level query is one, over the units weighted by idf, so
	// that missing a rare word costs more than missing a common one
	// (bleve's disjunction multiplies by the share of parts, all alike).
	weights []float64
}

var _ query.Query = (*disMax)(nil)

func (q *disMax) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	ss := make([]search.Searcher, 0, len(q.qs))
	for _, c := range q.qs {
		s, err := c.Searcher(ctx, i, m, o)
		if err != nil {
			for _, s := range ss {
				s.Close()
			}
			return nil, err
		}
		ss = append(ss, s)
	}
	total := 0.0
	for _, w := range q.weights {
		total += w
	}
	return &disMaxSearcher{searchers: ss, currs: make([]*search.DocumentMatch, len(ss)), done: make([]bool, len(ss)),
		tie: q.tie, weights: q.weights, total: total}, nil
}

// disMaxSearcher merges its children's matches in document order. Like
// bleve's own disjunction searchers, it owns the current match of each
// child and returns the ones it does not hand out to the pool.
type disMaxSearcher struct {
	searchers []search.Searcher
	currs     []*search.DocumentMatch
	done      []bool // children with no more matches
	matching  []int
	tie       float64
	weights   []float64
	total     float64
	started   bool
}

func (s *disMaxSearcher) start(ctx *search.SearchContext) error {
	s.started = true
	for i, c := range s.searchers {
		d, err := c.Next(ctx)
		if err != nil {
			return err
		}
		s.currs[i], s.done[i] = d, d == nil
	}
	return nil
}

// match finds the children positioned on the smallest document.
func (s *disMaxSearcher) match() {
	s.matching = s.matching[:0]
	for i, d := range s.currs {
		if d == nil {
			continue
		}
		if len(s.matching) > 0 {
			cmp := d.IndexInternalID.Compare(s.currs[s.matching[0]].IndexInternalID)
			if cmp > 0 {
				continue
			}
			if cmp < 0 {
				s.matching = s.matching[:0]
			}
		}
		s.matching = append(s.matching, i)
	}
}

func (s *disMaxSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx); err != nil {
			return nil, err
		}
	}
	s.match()
	if len(s.matching) == 0 {
		return nil, nil
	}
	rv := s.currs[s.matching[0]]
	best, sum, share := 0.0, 0.0, 0.0
	for _, i := range s.matching {
		sc := s.currs[i].Score
		sum += sc
		best = max(best, sc)
		if s.weights != nil {
			share += s.weights[i]
		}
	}
	for _, i := range s.matching {
		if s.currs[i] != rv {
			ctx.DocumentMatchPool.Put(s.currs[i])
		}
		d, err := s.searchers[i].Next(ctx)
		if err != nil {
			return nil, err
		}
		s.currs[i], s.done[i] = d, d == nil
	}
	if s.weights != nil {
		rv.Score = sum * share / s.total
	} else {
		rv.Score = best + s.tie*(sum-best)
	}
	return rv, nil
}

func (s *disMaxSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	s.started = true
	for i, c := range s.searchers {
		if s.done[i] {
			continue
		}
		if d := s.currs[i]; d != nil {
			if d.IndexInternalID.Compare(id) >= 0 {
				continue
			}
			ctx.DocumentMatchPool.Put(d)
		}
		d, err := c.Advance(ctx, id)
		if err != nil {
			return nil, err
		}
		s.currs[i], s.done[i] = d, d == nil
	}
	return s.Next(ctx)
}

func (s *disMaxSearcher) Close() error {
	var first error
	for _, c := range s.searchers {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

func (s *disMaxSearcher) Weight() float64 {
	w := 0.0
	for _, c := range s.searchers {
		w += c.Weight()
	}
	return w
}

func (s *disMaxSearcher) SetQueryNorm(n float64) {
	for _, c := range s.searchers {
		c.SetQueryNorm(n)
	}
}

func (s *disMaxSearcher) Count() uint64 {
	var n uint64
	for _, c := range s.searchers {
		n += c.Count()
	}
	return n
}

func (s *disMaxSearcher) Min() int { return 0 }

func (s *disMaxSearcher) Size() int {
	n := 64 + 8*len(s.currs)
	for _, c := range s.searchers {
		n += c.Size()
	}
	return n
}

func (s *disMaxSearcher) DocumentMatchPoolSize() int {
	n := len(s.currs)
	for _, c := range s.searchers {
		n += c.DocumentMatchPoolSize()
	}
	return n
}

// gated matches what gate and full both match, scored by full alone,
// and moves full only by Advance: full's own matches (every document
// with a common word, say) are never walked one by one. gate must match
// a subset of full for no match to be lost; kb's gate is made of some of
// full's own clauses (see plan.common).
type gated struct {
	gate, full query.Query
}

var _ query.Query = (*gated)(nil)

func (q *gated) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	g, err := q.gate.Searcher(ctx, i, m, o)
	if err != nil {
		return nil, err
	}
	f, err := q.full.Searcher(ctx, i, m, o)
	if err != nil {
		g.Close()
		return nil, err
	}
	return &gatedSearcher{gate: g, full: f}, nil
}

type gatedSearcher struct {
	gate, full search.Searcher
	cur        *search.DocumentMatch // full's current match, not yet handed out
	done       bool                  // full has no more matches
	id         index.IndexInternalID // scratch copy of an ID
}

func (s *gatedSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	g, err := s.gate.Next(ctx)
	return s.align(ctx, g, err)
}

func (s *gatedSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	g, err := s.gate.Advance(ctx, id)
	return s.align(ctx, g, err)
}

// align finds the first document from gate's match g on that full
// matches too.
func (s *gatedSearcher) align(ctx *search.SearchContext, g *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	for {
		if err != nil || g == nil || s.done {
			if g != nil {
				ctx.DocumentMatchPool.Put(g)
			}
			return nil, err
		}
		s.id = append(s.id[:0], g.IndexInternalID...)
		ctx.DocumentMatchPool.Put(g)
		if s.cur == nil || s.cur.IndexInternalID.Compare(s.id) < 0 {
			if s.cur != nil {
				ctx.DocumentMatchPool.Put(s.cur)
			}
			s.cur, err = s.full.Advance(ctx, s.id)
			if err != nil {
				return nil, err
			}
			if s.cur == nil {
				s.done = true
				return nil, nil
			}
		}
		if s.cur.IndexInternalID.Equals(s.id) {
			rv := s.cur
			s.cur = nil
			return rv, nil
		}
		g, err = s.gate.Advance(ctx, s.cur.IndexInternalID)
	}
}

func (s *gatedSearcher) Close() error {
	return errors.Join(s.gate.Close(), s.full.Close())
}

func (s *gatedSearcher) Weight() float64 { return s.full.Weight() }

func (s *gatedSearcher) SetQueryNorm(n float64) { s.full.SetQueryNorm(n) }

func (s *gatedSearcher) Count() uint64 { return s.gate.Count() }

func (s *gatedSearcher) Min() int { return 0 }

func (s *gatedSearcher) Size() int { return 64 + s.gate.Size() + s.full.Size() }

func (s *gatedSearcher) DocumentMatchPoolSize() int {
	return 2 + s.gate.DocumentMatchPoolSize() + s.full.DocumentMatchPoolSize()
}
