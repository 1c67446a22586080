package search

import (
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// TestBestPostings holds bestPostings to its definition: the
// staticMaxPostings postings of highest saturation, ties to the earlier
// document, in document order.
func TestBestPostings(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{staticMaxPostings + 1, 2 * staticMaxPostings, 10000} {
		for _, spread := range []int{1, 3, 40} { // few distinct frequencies: many ties
			lengths := make([]uint16, n)
			ps := make([]staticPosting, n)
			for i := range ps {
				lengths[i] = uint16(20 + r.IntN(400))
				ps[i] = staticPosting{doc: uint32(i), tf: uint16(1 + r.IntN(spread))}
			}
			const avg = 120
			want := func() []staticPosting {
				all := slices.Clone(ps)
				sat := func(p staticPosting) uint64 { return saturation(int(p.tf), int(lengths[p.doc]), avg) }
				sort.SliceStable(all, func(i, j int) bool { return sat(all[i]) > sat(all[j]) })
				all = all[:staticMaxPostings]
				slices.SortFunc(all, func(a, b staticPosting) int { return int(a.doc) - int(b.doc) })
				return all
			}()
			if got := bestPostings(ps, lengths, avg); !slices.Equal(got, want) {
				t.Errorf("%d postings, tf 1–%d: %d kept, not the definition's %d", n, spread, len(got), len(want))
			}
		}
	}
}

// TestStaticChunk: up to 10,000 documents, 4 a file (what a result
// costs); past it, about 2,500 files (what hosts' file caps allow).
func TestStaticChunk(t *testing.T) {
	for _, tc := range []struct{ docs, chunk int }{{0, 4}, {1, 4}, {10000, 4}, {10001, 5}, {50000, 20}, {1000000, 400}} {
		if got := staticChunk(tc.docs); got != tc.chunk {
			t.Errorf("staticChunk(%d) = %d, want %d", tc.docs, got, tc.chunk)
		}
		if files := (tc.docs + tc.chunk - 1) / tc.chunk; files > staticMaxChunks {
			t.Errorf("%d documents: %d files", tc.docs, files)
		}
	}
}
