package search

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Query is what a reader asks.
type Query struct {
	Text     string // plain words and "quoted phrases"; at most MaxQueryBytes
	Category string // only articles of this category key ("billing"), when set
	Section  string // only articles of this section key ("billing/payments"), when set
	Limit    int    // hits to return: 1 to MaxLimit; 0 means DefaultLimit
}

// Limits on results, and the deadline a query gets when its context has
// none.
const (
	DefaultLimit = 10
	MaxLimit     = 50
	Timeout      = time.Second
)

// The first rerankDepth hits of bleve's ranking are reranked: each
// score is multiplied by one plus these weights times how much of the
// query the article covers in one place, in its title, and word for word.
const (
	rerankDepth = 12
	localBoost  = 1.0 // times the share of the query one part of the article covers
	titleBoost  = 1.0 // times the share of the query in the title
	nearBoost   = 0.5 // times the share of the query's neighbouring words found side by side
)

// ErrQueryTooLong is returned for text over MaxQueryBytes.
var ErrQueryTooLong = fmt.Errorf("search: query longer than %d bytes", MaxQueryBytes)

// ErrBadQuery wraps every other problem with a Query's fields.
var ErrBadQuery = errors.New("search: bad query")

// ErrTimeout is returned when a search's deadline passed before it found
// any result. It wraps context.DeadlineExceeded. A search that found some
// results in time returns them instead, with Results.Partial set.
var ErrTimeout = fmt.Errorf("search: out of time before any result was found: %w", context.DeadlineExceeded)

// Results are one page of hits, best first.
type Results struct {
	Query      string  `json:"query"`
	Total      int     `json:"total"`      // matching articles, over all pages
	Hits       []Hit   `json:"hits"`       // at most Limit
	Categories []Count `json:"categories"` // matching articles per category, ignoring the Category and Section filters
	// Partial is set when the search ran out of time: Hits, Total and
	// Categories are of the articles it looked at before its deadline.
	Partial bool `json:"partial,omitempty"`
}

// Hit is one article found.
type Hit struct {
	URL        string   `json:"url"`               // the article's URL, with #anchor when one section matched best
	Title      string   `json:"title"`             // the article's title
	Section    string   `json:"section,omitempty"` // the title of the section URL points at
	Breadcrumb []string `json:"breadcrumb"`        // category, section…: titles
	Category   string   `json:"category,omitempty"`
	Snippet    string   `json:"snippet"` // HTML: escaped text, matched words in <mark>
	Score      float64  `json:"score"`
	// Fallback is set on a fallback article (Doc.Fallback): the text
	// is in the site's default language, not the index's.
	Fallback bool `json:"fallback,omitempty"`
}

// Count is how many matching articles a category has.
type Count struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	Count int    `json:"count"`
}

// Search answers q. The reader's text is planned into bleve queries by
// this package (see query.go), never parsed as bleve query syntax. Every
// search has a deadline: ctx's, or Timeout. A search whose deadline
// passes returns the results found so far, with Partial set, or
// ErrTimeout when it had found none; its first matches (512 per pass)
// are looked at even past the deadline.
func (ix *Index) Search(ctx context.Context, q Query) (*Results, error) {
	if len(q.Text) > MaxQueryBytes {
		return nil, ErrQueryTooLong
	}
	if err := checkKey(q.Category); err != nil {
		return nil, fmt.Errorf("%w: category: %v", ErrBadQuery, err)
	}
	if err := checkKey(q.Section); err != nil {
		return nil, fmt.Errorf("%w: section: %v", ErrBadQuery, err)
	}
	if q.Limit < 0 || q.Limit > MaxLimit {
		return nil, fmt.Errorf("%w: limit must be between 1 and %d", ErrBadQuery, MaxLimit)
	}
	if q.Limit == 0 {
		q.Limit = DefaultLimit
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed {
		return nil, ErrClosed
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, Timeout)
		defer cancel()
	}
	text := strings.ToValidUTF8(q.Text, " ")
	res := &Results{Query: q.Text, Hits: []Hit{}, Categories: []Count{}}
	p := ix.parse(text, &readerDict{ctx: ctx, r: ix.r, dfs: map[[2]string]int{}})
	// Past the deadline, go on: each pass looks at its first matches
	// anyway (collect), so that what they find is answered.
	if err := ctx.Err(); err != nil && !pastDeadline(ctx) {
		return nil, err
	}
	found, err := ix.collect(ctx, p, max(q.Limit, rerankDepth), q.Category, q.Section)
	if err != nil {
		return nil, err
	}
	if found.partial && len(found.best) == 0 {
		return nil, ErrTimeout
	}
	// Past the deadline, the work left is bounded by the hits kept
	// (at most max(MaxLimit, rerankDepth)): it is done, so that what was
	// found is answered.
	res.Total, res.Partial = found.total, found.partial
	type candidate struct {
		hit   Hit
		desc  string
		where *located
		err   errHit // how the text names one of the article's error messages
	}
	cands := make([]candidate, 0, len(found.best))
	for _, b := range found.best {
		url, f, err := ix.stored(b.id)
		if err != nil {
			return nil, err
		}
		c := candidate{hit: Hit{URL: url, Score: b.score, Title: f[fTitle], Category: f[fCat], Breadcrumb: []string{},
			Fallback: ix.keys.fallback[string(b.id)]}, desc: f[fDesc]}
		if cr := f[fCrumb]; cr != "" {
			c.hit.Breadcrumb = strings.Split(cr, sepField)
		}
		c.where = p.examine(ix.an, c.hit.Title, f[fSecs])
		// Rerank: an article that answers the whole query in one place
		// (its title and one section) beats one that scatters it.
		c.hit.Score *= 1 + localBoost*c.where.cover + titleBoost*c.where.titleCover + nearBoost*c.where.adjacent
		if p.etoks != nil {
			c.err = errMatch(p.etoks, f[fErrs])
		}
		cands = append(cands, c)
	}
	// Articles that list an error message the text names come first: a
	// whole message before a part, a longer part before a shorter.
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i].err, cands[j].err
		if a.better(b) || b.better(a) {
			return a.better(b)
		}
		return cands[i].hit.Score > cands[j].hit.Score
	})
	if len(cands) > q.Limit {
		cands = cands[:q.Limit]
	}
	for _, c := range cands {
		if c.err.ok() {
			// The article as a whole answers the message it lists.
			c.hit.Snippet = errSnippet(c.err)
			res.Hits = append(res.Hits, c.hit)
			continue
		}
		if a, t := c.where.anchor(); a != "" {
			c.hit.URL += "#" + a
			c.hit.Section = t
		}
		c.hit.Snippet = p.snippet(ix.an, c.where, c.desc)
		res.Hits = append(res.Hits, c.hit)
	}
	for key, n := range found.counts {
		res.Categories = append(res.Categories, Count{Key: key, Title: ix.meta.Titles[key], Count: n})
	}
	sort.SliceStable(res.Categories, func(i, j int) bool {
		a, b := res.Categories[i], res.Categories[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Key < b.Key
	})
	return res, nil
}

// checkKey accepts a category or section key: short, valid UTF-8, no
// control characters.
func checkKey(k string) error {
	if len(k) > MaxQueryBytes {
		return fmt.Errorf("longer than %d bytes", MaxQueryBytes)
	}
	if !utf8.ValidString(k) {
		return errors.New("not UTF-8")
	}
	for _, r := range k {
		if r < ' ' || r == 0x7f {
			return errors.New("control character")
		}
	}
	return nil
}
