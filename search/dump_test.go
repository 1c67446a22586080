package search

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"
)

// dumpIndex lists everything an index holds that searches read: the
// mapping, every field's terms with their postings (document, frequency,
// norm, term vectors), and every document's stored fields. Two indexes
// with the same dump answer every query alike. Of the fields in
// termsOnly, only the terms are listed.
func dumpIndex(t testing.TB, dir string, termsOnly ...string) string {
	t.Helper()
	bi, err := bleve.OpenUsing(dir, map[string]interface{}{"read_only": true})
	if err != nil {
		t.Fatal(err)
	}
	defer bi.Close()
	var b strings.Builder
	m, err := json.Marshal(bi.Mapping())
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "mapping %s\n", m)
	adv, err := bi.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	fields, err := r.Fields()
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(fields)
	ext := func(id index.IndexInternalID) string {
		s, err := r.ExternalID(id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for _, f := range fields {
		fd, err := r.FieldDict(f)
		if err != nil {
			t.Fatal(err)
		}
		for {
			e, err := fd.Next()
			if err != nil {
				t.Fatal(err)
			}
			if e == nil {
				break
			}
			if slices.Contains(termsOnly, f) {
				fmt.Fprintf(&b, "%s %q\n", f, e.Term)
				continue
			}
			fmt.Fprintf(&b, "%s %q %d:", f, e.Term, e.Count)
			tfr, err := r.TermFieldReader(context.Background(), []byte(e.Term), f, true, true, true)
			if err != nil {
				t.Fatal(err)
			}
			var ps []string
			for {
				d, err := tfr.Next(nil)
				if err != nil {
					t.Fatal(err)
				}
				if d == nil {
					break
				}
				ps = append(ps, fmt.Sprintf(" %s/%d/%g/%d", ext(d.ID), d.Freq, d.Norm, len(d.Vectors)))
			}
			tfr.Close()
			sort.Strings(ps)
			fmt.Fprintf(&b, "%s\n", strings.Join(ps, ""))
		}
		fd.Close()
	}
	ids, err := r.DocIDReaderAll()
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for {
		id, err := ids.Next()
		if err != nil {
			t.Fatal(err)
		}
		if id == nil {
			break
		}
		urls = append(urls, ext(id))
	}
	ids.Close()
	sort.Strings(urls)
	for _, u := range urls {
		d, err := r.Document(u)
		if err != nil {
			t.Fatal(err)
		}
		var fs []string
		d.VisitFields(func(f index.Field) {
			fs = append(fs, fmt.Sprintf("  %s %c %v %q", f.Name(), f.EncodedFieldType(), f.ArrayPositions(), f.Value()))
		})
		sort.Strings(fs)
		fmt.Fprintf(&b, "doc %s\n%s\n", u, strings.Join(fs, "\n"))
	}
	return b.String()
}
