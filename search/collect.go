package search

import (
	"container/heap"
	"context"
	"errors"
	"sort"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// kb runs its searchers itself instead of through bleve's top-N
// collector: one pass over the matches gives the best k, the total, and
// the counts per category, with the category and section filters applied
// to the hits but not to the counts. The category and section of every
// document come from a table made at Open (bleve's facets read doc values
// for every match: a third of the query time, BENCHMARKS.md).

// docKeys is each document's category and section, as indexes into
// keys; 0 is none.
type docKeys struct {
	of   map[string][2]uint16 // internal ID → category, section
	keys []string             // keys[0] is ""
	// rank is each document's place in the order of URLs, which breaks
	// ties between equal scores: the builder numbers a batch's
	// documents in the order their analysis finishes, so the internal
	// IDs differ from build to build of the same site.
	rank map[string]uint32
	// fallback holds the fallback articles (Doc.Fallback), by internal
	// ID: their scores are multiplied by FallbackWeight.
	fallback map[string]bool
}

// FallbackWeight multiplies the score of a fallback article (Doc.Fallback)
// wherever documents are ranked, on the server as in the static engine
// (meta.json's w.fallback): an article in the index's own language ranks
// above an untranslated one that matches the query about as well (up to
// 1/FallbackWeight times better), while a fallback that alone answers
// the query is still found, and first.
const FallbackWeight = 0.5

// loadDocKeys reads the category and section postings.
func loadDocKeys(ctx context.Context, r index.IndexReader) (*docKeys, error) {
	dk := &docKeys{of: map[string][2]uint16{}, keys: []string{""}}
	for slot, field := range []string{fCat, fSec} {
		fd, err := r.FieldDict(field)
		if err != nil {
			return nil, err
		}
		var terms []string
		for len(terms) < 1<<15 {
			e, err := fd.Next()
			if err != nil || e == nil {
				break
			}
			terms = append(terms, e.Term)
		}
		fd.Close()
		for _, t := range terms {
			k := uint16(len(dk.keys))
			dk.keys = append(dk.keys, t)
			tfr, err := r.TermFieldReader(ctx, []byte(t), field, false, false, false)
			if err != nil {
				return nil, err
			}
			for {
				d, err := tfr.Next(nil)
				if err != nil || d == nil {
					break
				}
				v := dk.of[string(d.ID)]
				v[slot] = k
				dk.of[string(d.ID)] = v
			}
			tfr.Close()
		}
	}
	tfr, err := r.TermFieldReader(ctx, []byte("1"), fFallback, false, false, false)
	if err != nil {
		return nil, err
	}
	for {
		d, err := tfr.Next(nil)
		if err != nil || d == nil {
			break
		}
		if dk.fallback == nil {
			dk.fallback = map[string]bool{}
		}
		dk.fallback[string(d.ID)] = true
	}
	tfr.Close()
	fd, err := r.FieldDict("_id")
	if err != nil {
		return nil, err
	}
	defer fd.Close()
	dk.rank = map[string]uint32{}
	for n := uint32(0); ; n++ {
		e, err := fd.Next()
		if err != nil || e == nil {
			break
		}
		id, err := r.InternalID(e.Term)
		if err != nil {
			return nil, err
		}
		dk.rank[string(id)] = n
	}
	return dk, nil
}

// scoredDoc is one of the best matches so far.
type scoredDoc struct {
	id    index.IndexInternalID
	score float64
	rank  uint32 // docKeys.rank
}

// minHeap keeps the best k matches, worst on top.
type minHeap []scoredDoc

func (h minHeap) Len() int { return len(h) }
func (h minHeap) Less(i, j int) bool {
	if h[i].score != h[j].score {
		return h[i].score < h[j].score
	}
	return h[i].rank > h[j].rank // equal scores: the first URL wins, so results are the same from build to build
}
func (h minHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *minHeap) Push(x any)   { *h = append(*h, x.(scoredDoc)) }
func (h *minHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// collected is one pass's outcome.
type collected struct {
	best    []scoredDoc // best first
	total   int         // matches that pass the filters
	counts  map[string]int
	partial bool // the deadline passed before every match was seen: best, total and counts are of those seen
}

// collect runs the plan, keeping the k best matches whose category and
// section are cat and sec (when set), and counting every match per
// category. When the plan has a gate, one pass over the gate's matches
// counts them and keeps the best by the gate's score, then only those
// are scored in full.
//
// When ctx's deadline passes, collect stops and returns what it has,
// marked partial: the gate's best by the gate's score if the gate pass
// did not finish, else those the full pass scored (or, if it scored
// none, the gate's best).
func (ix *Index) collect(ctx context.Context, p *plan, k int, cat, sec string) (*collected, error) {
	full := p.bleveQuery()
	if full == nil {
		return &collected{counts: map[string]int{}}, nil
	}
	ctx = context.WithValue(ctx, search.GetScoringModelCallbackKey,
		search.GetScoringModelCallbackFn(func() string { return index.BM25Scoring }))
	want := [2]uint16{}
	for slot, key := range []string{cat, sec} {
		if key == "" {
			continue
		}
		want[slot] = ix.keyIndex(key)
		if want[slot] == 0 {
			want[slot] = 1<<16 - 1 // no such key: nothing passes
		}
	}
	gate := p.gateQuery()
	if gate == nil {
		return ix.pass(ctx, full, nil, k, want, true)
	}
	first, err := ix.pass(ctx, gate, nil, max(k*gateDepth, gateMin), want, true)
	if err != nil {
		return nil, err
	}
	if first.partial {
		first.best = first.best[:min(k, len(first.best))]
		return first, nil
	}
	ids := make([]index.IndexInternalID, len(first.best))
	for i, b := range first.best {
		ids[i] = b.id
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i].Compare(ids[j]) < 0 })
	second, err := ix.pass(ctx, full, ids, k, [2]uint16{}, false)
	if err != nil {
		return nil, err
	}
	if second.partial {
		first.partial = true
		if len(second.best) == 0 {
			first.best = first.best[:min(k, len(first.best))]
			return first, nil
		}
	}
	first.best = second.best
	return first, nil
}

// How many of the gate's best matches are scored in full: gateDepth
// times the hits wanted, and at least gateMin.
const (
	gateDepth = 10
	gateMin   = 120
)

// pass runs q over every document, or only over only (sorted), and
// keeps the k best that pass the filters in want; count also counts.
// Past ctx's deadline it stops and returns the matches seen so far,
// marked partial; a cancelled ctx is an error. The first checkEvery
// matches are always looked at, even past the deadline (bounded work), so
// that a simple query on a saturated CPU has results to answer.
func (ix *Index) pass(ctx context.Context, q query.Query, only []index.IndexInternalID, k int, want [2]uint16, count bool) (*collected, error) {
	out := &collected{counts: map[string]int{}}
	s, err := q.Searcher(ctx, ix.r, ix.bi.Mapping(), search.SearcherOptions{})
	if err != nil {
		if pastDeadline(ctx) {
			out.partial = true
			return out, nil
		}
		return nil, err
	}
	if only != nil {
		s = &gatedSearcher{gate: &idSearcher{ids: only}, full: s}
	}
	defer s.Close()
	sctx := &search.SearchContext{
		DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0),
		IndexReader:       ix.r,
	}
	counts := make([]int, len(ix.keys.keys))
	h := make(minHeap, 0, k+1)
	for n := 0; ; n++ {
		if ix.timeUp != nil && ix.timeUp(n) {
			out.partial = true
			break
		}
		if n%checkEvery == 0 {
			if n > 0 && pastDeadline(ctx) {
				out.partial = true
				break
			}
			if err := ctx.Err(); err != nil && !pastDeadline(ctx) {
				return nil, err
			}
		}
		d, err := s.Next(sctx)
		if err != nil {
			if pastDeadline(ctx) {
				out.partial = true
				break
			}
			return nil, err
		}
		if d == nil {
			break
		}
		keys := ix.keys.of[string(d.IndexInternalID)]
		if ix.keys.fallback[string(d.IndexInternalID)] {
			d.Score *= FallbackWeight
		}
		if count {
			counts[keys[0]]++
		}
		if (want[0] == 0 || keys[0] == want[0]) && (want[1] == 0 || keys[1] == want[1]) {
			out.total++
			if len(h) < k || d.Score >= h[0].score {
				rank := ix.keys.rank[string(d.IndexInternalID)]
				if len(h) < k || d.Score > h[0].score || rank < h[0].rank {
					heap.Push(&h, scoredDoc{id: append(index.IndexInternalID(nil), d.IndexInternalID...), score: d.Score, rank: rank})
					if len(h) > k {
						heap.Pop(&h)
					}
				}
			}
		}
		sctx.DocumentMatchPool.Put(d)
	}
	for i, c := range counts {
		if i > 0 && c > 0 {
			out.counts[ix.keys.keys[i]] = c
		}
	}
	out.best = make([]scoredDoc, len(h))
	for i := len(h) - 1; i >= 0; i-- {
		out.best[i] = heap.Pop(&h).(scoredDoc)
	}
	return out, nil
}

// checkEvery is how many matches a pass looks at between looks at the
// clock.
const checkEvery = 512

// pastDeadline reports whether ctx ended because its deadline passed
// (not because it was cancelled: the caller is gone).
func pastDeadline(ctx context.Context) bool {
	return errors.Is(ctx.Err(), context.DeadlineExceeded)
}

// idSearcher matches a sorted list of documents, with no score.
type idSearcher struct {
	ids []index.IndexInternalID
	i   int
}

func (s *idSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if s.i >= len(s.ids) {
		return nil, nil
	}
	d := ctx.DocumentMatchPool.Get()
	d.IndexInternalID = append(d.IndexInternalID[:0], s.ids[s.i]...)
	s.i++
	return d, nil
}

func (s *idSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	s.i += sort.Search(len(s.ids)-s.i, func(j int) bool { return s.ids[s.i+j].Compare(id) >= 0 })
	return s.Next(ctx)
}

func (s *idSearcher) Close() error               { return nil }
func (s *idSearcher) Weight() float64            { return 0 }
func (s *idSearcher) SetQueryNorm(float64)       {}
func (s *idSearcher) Count() uint64              { return uint64(len(s.ids)) }
func (s *idSearcher) Min() int                   { return 0 }
func (s *idSearcher) Size() int                  { return 48 + 32*len(s.ids) }
func (s *idSearcher) DocumentMatchPoolSize() int { return 1 }

func (ix *Index) keyIndex(key string) uint16 {
	for i, k := range ix.keys.keys {
		if i > 0 && k == key {
			return uint16(i)
		}
	}
	return 0
}

// stored reads a document's stored fields.
func (ix *Index) stored(id index.IndexInternalID) (url string, fields map[string]string, err error) {
	url, err = ix.r.ExternalID(id)
	if err != nil {
		return "", nil, err
	}
	doc, err := ix.r.Document(url)
	if err != nil || doc == nil {
		return url, nil, err
	}
	fields = map[string]string{}
	doc.VisitFields(func(f index.Field) {
		fields[f.Name()] = string(f.Value())
	})
	return url, fields, nil
}
