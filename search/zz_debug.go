package search

import (
	"context"
	"encoding/json"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// DebugExplain is temporary.
func (ix *Index) DebugExplain(text, id string) string {
	p := ix.parse(text, &readerDict{ctx: context.Background(), r: ix.r, dfs: map[[2]string]int{}})
	bq := p.bleveQuery()
	b := query.NewBooleanQuery([]query.Query{bq}, nil, nil)
	b.Filter = query.NewDocIDQuery([]string{id})
	req := bleve.NewSearchRequest(b)
	req.Explain = true
	sr, err := ix.bi.Search(req)
	if err != nil || len(sr.Hits) == 0 {
		return "no hit"
	}
	var out []byte
	out, _ = json.MarshalIndent(sr.Hits[0].Expl, "", " ")
	return string(out)
}
