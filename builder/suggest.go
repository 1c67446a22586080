package builder

import "strings"

// closest returns the candidate nearest to s by edit distance, or "" when
// none is near enough to be a plausible typo. Ties go to the earlier
// candidate, so callers pass candidates in a stable order. Case is
// ignored.
//
// Near enough is measured on the part that differs: the folders both
// paths start with and the extension (or trailing folders) they end with
// are set aside, so billing/nope.md is compared as nope with bad, not as
// 15 bytes of which most agree. The distance may be at most a third of
// that part's length (at least 2: one transposition, titel for title),
// and never more than half of it: nope is not a typo of bad, nor cd of ab.
func closest(s string, candidates []string) string {
	best, bestD := "", -1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		a, b := differing(ls, strings.ToLower(c))
		n := max(len(a), len(b))
		limit := min(max(2, n/3), n/2)
		if diff := len(a) - len(b); diff > limit || -diff > limit {
			continue // too far apart in length to be within the limit
		}
		if d := editDistance(a, b); d <= limit && (bestD < 0 || d < bestD) {
			best, bestD = c, d
		}
	}
	return best
}

// differing strips what a and b share at either end in whole path parts:
// the leading folders, and the trailing extension or folders.
// "billing/nope.md" and "billing/bad.md" give "nope" and "bad".
func differing(a, b string) (string, string) {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	if k := strings.LastIndexByte(a[:i], '/'); k >= 0 {
		a, b = a[k+1:], b[k+1:]
	}
	j := 0
	for j < len(a) && j < len(b) && a[len(a)-1-j] == b[len(b)-1-j] {
		j++
	}
	if k := strings.IndexAny(a[len(a)-j:], "/."); k >= 0 {
		cut := j - k
		a, b = a[:len(a)-cut], b[:len(b)-cut]
	}
	return a, b
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	if len(a) > 256 || len(b) > 256 { // bounded work for hostile input
		if a == b {
			return 0
		}
		return max(len(a), len(b))
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
