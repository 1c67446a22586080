package search

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// The static index: the same analysed documents as the bleve index,
// written as small files that a browser fetches a few at a time, so that
// search works on a host that serves files and nothing else. kb build
// writes it under the output's assets/search/<version>/ (BuildOptions.Static);
// layouts/search/engine.js reads it. The version is a hash of the
// content, so a CDN never mixes two builds' files: every file of a
// version is immutable, and the page learns the version from the search
// status file, which is revalidated.
//
//	meta.json       the engine's settings (field weights, variant weights,
//	                synonyms, particles and fillers: the values of query.go,
//	                so both engines rank by one set of rules), field
//	                length averages, the shards' keys, categories and
//	                each document's category, the fallback documents
//	                (fb), and the analysis (lang, absent for English),
//	                which the client checks
//	t/<key>.json    a shard of the term dictionary, with the postings of
//	                its terms: every term that starts with key (two
//	                letters, or three where two would make a large file)
//	d/<n>.json      documents n·chunk to n·chunk+chunk-1 (meta.json's chunk):
//	                what a result shows (title, URL, breadcrumb, section
//	                titles and anchors, snippet text, error messages)
//	v.json          the words of titles, headings, tags, descriptions and
//	                symptoms as written, for typos in a word's first letters
//
// Every file is also written gzipped beside itself (.gz), for hosts that
// serve precompressed files; uncompressed, the postings are base-32
// varints in strings, a few bytes each.
//
// A shard entry is term → [mask, df…, postings…]: mask says which of
// staticFields the term is in, then its document frequency in each of
// them, then each one's postings (see encodePostings). A term's postings
// in one field are the staticMaxPostings best, when it has more: the
// documents a very common word lets in are the ones it says most about;
// its df stays the true one, for idf.

// staticChunk is how many documents one d/ file holds, for an index of
// about n documents. A query's dozen candidates are mostly in a dozen
// chunks, so the chunk's size is what a result costs: at 10,000
// articles, 4 documents make 0.9 KB gzipped a document and a first query
// of about 60 KB, where 16 made 150 KB (BENCHMARKS.md). Past 10,000
// documents chunks grow instead of their number, so that the index stays
// under about 7,000 files with the .gz copies, for hosts that cap a
// site's files (20,000 on some).
func staticChunk(n int) int { return max(4, (n+staticMaxChunks-1)/staticMaxChunks) }

const staticMaxChunks = 2500

// staticFields are the fields the static index has postings for, in the
// order of a shard entry's mask bits.
var staticFields = []string{fTitle, fHead, fKeys, fDesc, fTrouble, fCrumb, fBody, fCode}

// staticBody is fBody's place in staticFields: its postings carry parts.
const staticBody = 6

const (
	staticMaxPostings = 800
	staticShardBytes  = 48 << 10 // a two-letter shard larger than this is split by three letters
	staticSnippetText = 640      // bytes of each section's text kept for snippets
	staticMaxSections = 31       // sections with a bit of their own in body postings; later ones share bit 31
	staticSchema      = 2
)

// staticPosting is one document's count of a term in one field.
type staticPosting struct {
	doc   uint32
	tf    uint16
	parts uint32 // body only: the parts (intro 0, sections 1…) it is in
}

// staticBuilder collects what the static index needs while the bleve
// index is written: the postings of bulk's analyses (tapped, not
// analysed again), and each document's stored data, which it writes a
// chunk at a time as documents come, into a folder that write renames to
// the version's once it knows it.
type staticBuilder struct {
	dir      string
	chunk    int // documents a d/ file holds
	postings [8]map[string][]staticPosting
	lengths  [8][]uint16 // per field, per document: analysed length
	vocab    map[string]bool
	n        int
	cats     []string // per document, its category key
	fallback []int    // the fallback documents (Doc.Fallback), ascending
	hasErrs  bool
	pending  []staticDoc // the documents of the chunk being filled
	tmp      string      // the folder being written, "" before the first document
	files    *staticFiles
	meta     []byte // meta.json, once written
}

type staticDoc struct {
	URL   string     `json:"u"`
	Title string     `json:"t"`
	Crumb []string   `json:"b,omitempty"`
	Cat   string     `json:"c,omitempty"`
	Desc  string     `json:"d,omitempty"`
	Secs  [][]string `json:"s,omitempty"` // anchor, title, start of text; the first is the intro
	Errs  []string   `json:"e,omitempty"`
}

func newStaticBuilder(dir string, docs int) *staticBuilder {
	s := &staticBuilder{dir: dir, chunk: staticChunk(docs), vocab: map[string]bool{}}
	for i := range s.postings {
		s.postings[i] = map[string][]staticPosting{}
	}
	return s
}

func staticField(name string) int {
	for i, f := range staticFields {
		if f == name {
			return i
		}
	}
	return -1
}

// add records d's stored data; its postings arrive through tap.
func (s *staticBuilder) add(d *Doc) {
	// Copies: a substring would keep the whole of the document's text
	// alive until the index is written.
	sd := staticDoc{URL: d.URL, Title: d.Title, Crumb: d.Breadcrumb, Cat: d.Category, Desc: strings.Clone(summary(d))}
	sd.Secs = append(sd.Secs, []string{"", "", cutText(d.Body, staticSnippetText)})
	for _, sec := range d.Sections {
		sd.Secs = append(sd.Secs, []string{sec.Anchor, sec.Title, cutText(sec.Text, staticSnippetText)})
	}
	if len(d.ErrorMessages) > 0 {
		sd.Errs = d.ErrorMessages
		if len(sd.Errs) > maxErrMessages {
			sd.Errs = sd.Errs[:maxErrMessages]
		}
		s.hasErrs = true
	}
	if s.files == nil {
		s.tmp = filepath.Join(s.dir, fmt.Sprintf(".tmp-%d-%d", os.Getpid(), time.Now().UnixNano()))
		s.files = newStaticFiles(s.tmp)
	}
	s.cats = append(s.cats, d.Category)
	if d.Fallback {
		s.fallback = append(s.fallback, s.n)
	}
	s.n++
	s.pending = append(s.pending, sd)
	if len(s.pending) == s.chunk {
		s.flush()
	}
}

// flush writes the pending documents' chunk.
func (s *staticBuilder) flush() {
	if len(s.pending) == 0 {
		return
	}
	data, _ := json.Marshal(s.pending) // strings and slices of them
	s.files.put("d/"+strconv.Itoa((s.n-1)/s.chunk)+".json", append(data, '\n'))
	s.pending = s.pending[:0]
}

// abort removes what was written.
func (s *staticBuilder) abort() {
	if s.files != nil {
		s.files.close()
		os.RemoveAll(s.tmp)
		s.files = nil
	}
}

// cutText is a copy of the start of s, at most n bytes, cut at a space.
func cutText(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return strings.Clone(s)
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut <= 0 {
		cut = n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return strings.Clone(s[:cut])
}

// tap takes one field's analysis of document doc.
func (s *staticBuilder) tap(doc int, field string, length int, terms []*bulkTerm) {
	if field == fVocab {
		for _, t := range terms {
			s.vocab[t.term] = true
		}
		return
	}
	f := staticField(field)
	if f < 0 {
		return
	}
	for len(s.lengths[f]) <= doc {
		s.lengths[f] = append(s.lengths[f], 0)
	}
	s.lengths[f][doc] = uint16(min(length, math.MaxUint16))
	m := s.postings[f]
	for _, t := range terms {
		p := staticPosting{doc: uint32(doc), tf: uint16(min(t.n, math.MaxUint16))}
		if f == staticBody {
			p.parts = t.parts
		}
		m[t.term] = append(m[t.term], p)
	}
}

// b32 is the alphabet of the varints: a digit is five bits, and the
// second half of the alphabet marks the last digit of a number.
const b32 = "0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ-_@$!*"

func appendVarint(b []byte, v uint64) []byte {
	for v >= 32 {
		b = append(b, b32[v&31])
		v >>= 5
	}
	return append(b, b32[32+v])
}

// bm25 constants, bleve's.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// saturation is bleve's BM25 term-frequency part for tf in a field of
// length n when the field's average length is avg, as a byte: 1 to 255
// for 0 to bm25K1 (which it approaches).
func saturation(tf, n int, avg float64) uint64 {
	t := math.Sqrt(float64(tf))
	sat := t * bm25K1 / (t + bm25K1*(1-bm25B+bm25B*float64(max(n, 1))/avg))
	return uint64(max(1, min(255, math.Round(sat/bm25K1*255))))
}

// encodePostings writes ps (sorted by document) as varints: for each,
// the gap from the previous document, the saturation byte, and for the
// body the parts mask.
func encodePostings(ps []staticPosting, lengths []uint16, avg float64, body bool) string {
	var b []byte
	prev := uint32(0)
	for i, p := range ps {
		gap := p.doc - prev
		if i == 0 {
			gap = p.doc
		}
		prev = p.doc
		b = appendVarint(b, uint64(gap))
		n := 0
		if int(p.doc) < len(lengths) {
			n = int(lengths[p.doc])
		}
		b = appendVarint(b, saturation(int(p.tf), n, avg))
		if body {
			b = appendVarint(b, uint64(p.parts))
		}
	}
	return string(b)
}

// staticKey is the shard key of a term: its first n runes, with every
// character but a-z and 0-9 written as _ and its code in hex, so that
// the key is a file name anywhere. engine.js computes the same.
func staticKey(term string, n int) string {
	var b strings.Builder
	for _, r := range term {
		if n == 0 {
			break
		}
		n--
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteString("_" + strconv.FormatInt(int64(r), 16) + "_")
		}
	}
	return b.String()
}

// staticMeta is meta.json.
type staticMeta struct {
	Schema   int                   `json:"schema"`
	Version  string                `json:"v"`
	Docs     int                   `json:"n"`
	Chunk    int                   `json:"chunk"`
	Fields   []string              `json:"fields"`
	Boosts   []float64             `json:"boosts"`
	Avg      []float64             `json:"avg"`
	Shards   []string              `json:"shards"`
	Split    []string              `json:"split"` // two-letter keys whose terms are in three-letter shards
	Cats     []string              `json:"cats"`  // category keys; a document's category is its index + 1 in DocCats
	Titles   map[string]string     `json:"titles"`
	DocCats  string                `json:"dc"`           // varints, one per document: 0 for none
	Fallback string                `json:"fb,omitempty"` // the fallback documents (Doc.Fallback): varints, the first's number, then gaps
	Syn      map[string][][]string `json:"syn"`
	Soft     map[string]int        `json:"soft"` // stem → stemParticle or stemFiller
	Weights  map[string]float64    `json:"w"`
	Limits   map[string]int        `json:"lim"`
	HasVocab bool                  `json:"vocab"`
	HasErrs  bool                  `json:"errs"`
	// Lang is the analysis (lang.go), for the client to check that it
	// analyses queries alike: "" for English.
	Lang string `json:"lang,omitempty"`
}

// write writes the static index into s.dir/<version>/ and returns the
// version, from hash, the content's hash.
func (s *staticBuilder) write(an *analyzer, syn synonyms, soft map[string]int, titles map[string]string, hash string) (string, error) {
	// The version names the content and the layout both: a CDN that
	// keeps a folder's files for a year never mixes two.
	sum := sha256.Sum256(fmt.Appendf(nil, "%s %d %d %d %d %d", hash, staticSchema, s.chunk,
		staticSnippetText, staticMaxPostings, staticShardBytes))
	ver := hex.EncodeToString(sum[:6])
	root := filepath.Join(s.dir, ver)
	if s.files == nil { // no document
		s.tmp = root + ".tmp"
		s.files = newStaticFiles(s.tmp)
	}
	s.flush()
	files := s.files
	fail := func(err error) (string, error) {
		s.abort()
		return "", err
	}
	n := s.n
	m := staticMeta{Schema: staticSchema, Version: ver, Docs: n, Chunk: s.chunk, Fields: staticFields, Titles: titles,
		Syn: syn, Soft: soft, HasVocab: len(s.vocab) > 0, Weights: staticWeights(), Limits: staticLimits()}
	if l := an.lang(); !l.english {
		m.Lang = l.name
	}
	if m.Syn == nil {
		m.Syn = map[string][][]string{}
	}
	for _, f := range staticFields {
		if f == fCode {
			m.Boosts = append(m.Boosts, codeBoost)
		} else {
			m.Boosts = append(m.Boosts, fieldBoost(f))
		}
	}
	for f := range staticFields {
		total := 0
		for _, l := range s.lengths[f] {
			total += int(l)
		}
		// bleve's average: the field's tokens over all documents, rounded up.
		m.Avg = append(m.Avg, math.Max(1, math.Ceil(float64(total)/float64(max(n, 1)))))
	}
	catIndex := map[string]int{}
	var dc []byte
	for _, c := range s.cats {
		if c != "" && catIndex[c] == 0 {
			m.Cats = append(m.Cats, c)
			catIndex[c] = len(m.Cats)
		}
		dc = appendVarint(dc, uint64(catIndex[c]))
	}
	m.DocCats, m.HasErrs = string(dc), s.hasErrs
	var fb []byte
	for i, doc := range s.fallback {
		if i > 0 {
			doc -= s.fallback[i-1]
		}
		fb = appendVarint(fb, uint64(doc))
	}
	m.Fallback = string(fb)

	// Entries, by term.
	type entry struct {
		mask  int
		df    []int
		posts []string
	}
	entries := map[string]*entry{}
	for f := range staticFields {
		for term, ps := range s.postings[f] {
			e := entries[term]
			if e == nil {
				e = &entry{}
				entries[term] = e
			}
			e.mask |= 1 << f
			e.df = append(e.df, len(ps))
			// bleve analyses a batch's documents in map order.
			if byDoc := func(a, b staticPosting) int { return cmp.Compare(a.doc, b.doc) }; !slices.IsSortedFunc(ps, byDoc) {
				slices.SortFunc(ps, byDoc)
			}
			if len(ps) > staticMaxPostings {
				ps = bestPostings(ps, s.lengths[f], m.Avg[f])
			}
			e.posts = append(e.posts, encodePostings(ps, s.lengths[f], m.Avg[f], f == staticBody))
		}
	}
	terms := make([]string, 0, len(entries))
	for t := range entries {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	encode := func(ts []string) []byte {
		var b bytes.Buffer
		b.WriteByte('{')
		for i, t := range ts {
			if i > 0 {
				b.WriteByte(',')
			}
			e := entries[t]
			k, _ := json.Marshal(t)
			b.Write(k)
			b.WriteString(":[")
			b.WriteString(strconv.Itoa(e.mask))
			for _, df := range e.df {
				b.WriteByte(',')
				b.WriteString(strconv.Itoa(df))
			}
			for _, p := range e.posts {
				b.WriteString(`,"`)
				b.WriteString(p)
				b.WriteByte('"')
			}
			b.WriteByte(']')
		}
		b.WriteString("}\n")
		return b.Bytes()
	}
	order, groups := groupByKey(terms, 2)
	for _, k := range order {
		ts := groups[k]
		data := encode(ts)
		if len(data) <= staticShardBytes || len(ts) < 2 {
			files.put("t/"+k+".json", data)
			m.Shards = append(m.Shards, k)
			continue
		}
		m.Split = append(m.Split, k)
		subOrder, sub := groupByKey(ts, 3)
		for _, k3 := range subOrder {
			files.put("t/"+k3+".json", encode(sub[k3]))
			m.Shards = append(m.Shards, k3)
		}
	}
	if len(s.vocab) > 0 {
		words := make([]string, 0, len(s.vocab))
		for w := range s.vocab {
			words = append(words, w)
		}
		sort.Strings(words)
		data, _ := json.Marshal(words)
		files.put("v.json", append(data, '\n'))
	}
	data, err := json.Marshal(m)
	if err != nil {
		return fail(err)
	}
	files.put("meta.json", append(data, '\n'))
	err = files.close()
	s.files = nil
	if err == nil {
		err = os.RemoveAll(root)
	}
	if err == nil {
		err = os.Rename(s.tmp, root)
	}
	if err != nil {
		os.RemoveAll(s.tmp)
		return "", err
	}
	s.meta = data
	// Only meta.json is needed from here on (client): the postings go,
	// which a multilingual build would otherwise hold for each of its
	// languages' indexes until the whole build ends.
	s.postings, s.lengths, s.vocab, s.cats, s.pending = [8]map[string][]staticPosting{}, [8][]uint16{}, nil, nil, nil
	return ver, nil
}

// client writes the script client with meta.json inside it (as
// kbSearch.meta) into the version ver's folder, and returns its path
// below s.dir. The name carries the hash of both, so that no CDN mixes
// two builds' scripts.
func (s *staticBuilder) client(ver string, client []byte) (string, error) {
	var b bytes.Buffer
	b.Write(client)
	b.WriteString("\nkbSearch.meta = ")
	b.Write(s.meta)
	b.WriteString(";\n")
	sum := sha256.Sum256(b.Bytes())
	name := "kb-search." + hex.EncodeToString(sum[:4]) + ".js"
	files := newStaticFiles(filepath.Join(s.dir, ver))
	files.put(name, b.Bytes())
	if err := files.close(); err != nil {
		return "", err
	}
	return ver + "/" + name, nil
}

// groupByKey groups sorted terms by their shard key of n runes: the keys
// in order, and each key's terms.
func groupByKey(terms []string, n int) ([]string, map[string][]string) {
	groups := map[string][]string{}
	var order []string
	for _, t := range terms {
		k := staticKey(t, n)
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], t)
	}
	return order, groups
}

// bestPostings keeps the staticMaxPostings postings of highest
// saturation (ties to the earlier document), in document order. The
// saturation is a byte, so a count of each value finds the lowest one
// kept without sorting.
func bestPostings(ps []staticPosting, lengths []uint16, avg float64) []staticPosting {
	sats := make([]uint8, len(ps))
	var count [256]int
	for i, p := range ps {
		n := 0
		if int(p.doc) < len(lengths) {
			n = int(lengths[p.doc])
		}
		sats[i] = uint8(saturation(int(p.tf), n, avg))
		count[sats[i]]++
	}
	// cut is the lowest saturation kept; of it, only the first room.
	cut, room := 255, staticMaxPostings
	for ; cut > 0 && count[cut] < room; cut-- {
		room -= count[cut]
	}
	out := make([]staticPosting, 0, staticMaxPostings)
	for i, p := range ps {
		switch {
		case int(sats[i]) > cut:
			out = append(out, p)
		case int(sats[i]) == cut && room > 0:
			out = append(out, p)
			room--
		}
	}
	return out
}

// staticFiles writes files and their gzipped copies below root on as
// many goroutines as there are cores, as they are put.
type staticFiles struct {
	root string
	ch   chan staticFile
	wg   sync.WaitGroup
	mu   sync.Mutex
	err  error
}

type staticFile struct {
	name string
	data []byte
}

func newStaticFiles(root string) *staticFiles {
	w := &staticFiles{root: root, ch: make(chan staticFile, 16)}
	for _, d := range []string{"", "t", "d"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o777); err != nil { // less the umask, as the rest of the output
			w.err = err
		}
	}
	for range runtime.GOMAXPROCS(0) {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			var gz bytes.Buffer
			// Level 6 makes files as small as 9 does here, in two thirds
			// of the time.
			zw, _ := gzip.NewWriterLevel(&gz, gzip.DefaultCompression)
			for f := range w.ch {
				if w.failed() {
					continue
				}
				p := filepath.Join(w.root, filepath.FromSlash(f.name))
				gz.Reset()
				zw.Reset(&gz)
				zw.Write(f.data)
				err := zw.Close()
				if err == nil {
					err = os.WriteFile(p, f.data, 0o666)
				}
				if err == nil {
					err = os.WriteFile(p+".gz", gz.Bytes(), 0o666)
				}
				if err != nil {
					w.mu.Lock()
					w.err = cmp.Or(w.err, err)
					w.mu.Unlock()
				}
			}
		}()
	}
	return w
}

func (w *staticFiles) failed() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err != nil
}

// put writes data as name (slash-separated, in root, t/ or d/).
func (w *staticFiles) put(name string, data []byte) { w.ch <- staticFile{name, data} }

// close waits for every file and answers the first error.
func (w *staticFiles) close() error {
	close(w.ch)
	w.wg.Wait()
	return w.err
}

// staticWeights are query.go's and search.go's ranking values, for
// engine.js: one set of rules for both engines.
func staticWeights() map[string]float64 {
	return map[string]float64{
		"synonym": wSynonym, "compound": wCompound, "fuzzy": wFuzzy, "prefix": wPrefix, "partial": wPartial,
		"cover": coverBoost, "fieldTie": fieldTie, "altTie": altTie, "soft": softWeight, "softField": softFieldWeight,
		"titleExact": boostTitleExact, "titleStems": boostTitleStems,
		"local": localBoost, "title": titleBoost, "near": nearBoost,
		"k1": bm25K1, "b": bm25B, "fallback": FallbackWeight,
	}
}

func staticLimits() map[string]int {
	return map[string]int{
		"queryBytes": MaxQueryBytes, "terms": maxTerms, "fuzzy": maxFuzzy, "prefix": maxPrefix,
		"prefixKnown": maxPrefixKnown, "minFuzzy": minFuzzyLen, "rerank": rerankDepth,
		"snippetWords": snippetWords, "snippetLead": snippetLead, "maxLimit": MaxLimit,
		"errPartWords": errPartWords, "errPartBytes": errPartBytes,
	}
}

// softStems are the stems of particles and fillers: stemParticle or
// stemFiller by stem, for Open and the static index.
// The words are the analyzer's language's (lang.go); a word its
// analysis drops is left out.
func softStems(an *analyzer) map[string]int {
	m := map[string]int{}
	l := an.lang()
	for _, w := range l.particles {
		if st := an.st.stem(w); st != "" || l.english {
			m[st] = stemParticle
		}
	}
	for _, w := range l.fillers {
		if st := an.st.stem(w); st != "" || l.english {
			m[st] = stemFiller
		}
	}
	return m
}
