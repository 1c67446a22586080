package search

import (
	"math/bits"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// Build gives bleve's offline builder documents it has already split into
// fields, instead of a map for the mapping to walk by reflection, and
// analyses their text fields itself: the same words and terms as the
// tokenizers (tokens.go) and bleve's analysis.TokenFrequency, counted in
// one pass over the text, with each distinct word looked up once per
// build instead of once per occurrence and no token stream in between.
// That analysis and its term frequencies were a third of Build's time.
// The index is the same as the mapping's (TestBulkMatchesMapping).

// bulkMapping is the mapping Build hands bleve's offline builder: the
// index's mapping, stored in the index as it is (its JSON is the
// mapping's), except that a *Doc is mapped by bulk.
type bulkMapping struct {
	*mapping.IndexMappingImpl
	b *bulk
}

func (m *bulkMapping) MapDocument(doc *document.Document, data interface{}) error {
	d, ok := data.(*Doc)
	if !ok {
		return m.IndexMappingImpl.MapDocument(doc, data)
	}
	m.b.mapDoc(doc, d)
	return nil
}

// bulk makes and analyses the fields of the documents of one Build. It
// is not safe for concurrent use: bleve's offline builder maps and
// analyses documents one at a time, under its lock.
type bulk struct {
	an      *analyzer
	fields  map[string]bulkFieldMapping
	words   [2]map[string]*bulkTerm // per termKind: word as written → its term; nil for a stop word
	cache   [2][]wordSlot           // per termKind: see term
	terms   map[string]*bulkTerm    // term → itself, so that every spelling of a term shares one
	max     int                     // entries of each table: bulkWordsMax but in tests
	buf     []byte
	stamp   int         // which analysis is counting
	seen    []*bulkTerm // the terms of the analysis counting, in order of appearance
	over    map[string]*bulkTerm
	scratch []index.TokenFreq // an analysis's token frequencies, before they are laid out

	// vocabOnce indexes each word of fVocab with the first document
	// analysed that has it (BuildOptions.ReadOnly).
	vocabOnce bool

	// static, when set, is given every analysis (static.go), and docs
	// counts the documents mapped, to number them.
	static *staticBuilder
	docs   int

	// Memory of token frequencies, reused from batch to batch (reuse).
	made, analysed int                        // bulkFields since the last reuse
	chunks         [][]index.TokenFreq        // chunks[:chunk] are in use, the last up to used
	chunk, used    int                        //
	maps           [][]index.TokenFrequencies // free maps, by size class
	lent           []lentMap                  // maps in use
}

// lentMap is a map of token frequencies in use, and its size class.
type lentMap struct {
	m     index.TokenFrequencies
	class int
}

// bulkChunk is how many token frequencies are allocated at a time.
const bulkChunk = 1 << 14

// bulkFieldMapping is what bulk needs of one field's mapping.
type bulkFieldMapping struct {
	opts index.FieldIndexingOptions
	an   analysis.Analyzer // bleve's, for the fields bulk does not analyse
	kind termKind
	ours bool // analysed by bulk: indexed, with one of kb's analyzers
}

// bulkTerm is one indexed term, with its count in the analysis that saw
// it last.
type bulkTerm struct {
	term  string
	bytes []byte // term, as bleve's token frequencies hold it (read only)
	stamp int
	n     int
	vocab bool   // some document's fVocab holds it (vocabOnce)
	parts uint32 // the parts of the text it is in (bit 31: the 32nd and later)
	temp  bool   // in bulk.over, not bulk.terms
}

// bulkWordsMax bounds each of bulk's tables: words past it are looked up
// again at each occurrence.
const bulkWordsMax = 1 << 18

func newBulk(im *mapping.IndexMappingImpl, an *analyzer) *bulk {
	b := &bulk{an: an, fields: map[string]bulkFieldMapping{}, terms: map[string]*bulkTerm{}, over: map[string]*bulkTerm{}, max: bulkWordsMax}
	for i := range b.words {
		b.words[i] = map[string]*bulkTerm{}
		b.cache[i] = make([]wordSlot, 1<<wordCacheBits)
	}
	for name, dm := range im.DefaultMapping.Properties {
		if len(dm.Fields) != 1 {
			continue
		}
		fm := dm.Fields[0]
		a := fm.Analyzer
		if a == "" {
			a = im.DefaultAnalyzer
		}
		f := bulkFieldMapping{opts: fm.Options(), an: im.AnalyzerNamed(a)}
		switch a {
		case anText:
			f.kind, f.ours = termStem, fm.Index
		case anCode:
			f.kind, f.ours = termLower, fm.Index
		}
		b.fields[name] = f
	}
	return b
}

// mapDoc adds d's fields to doc as the mapping adds those of fields(d):
// the text of kb's analyzers as bulkFields, the rest as bleve's text
// fields. The two largest are made from d's parts, not from fields'
// strings: fSecs as bytes, fBody analysed part by part, never joined.
func (b *bulk) mapDoc(doc *document.Document, d *Doc) {
	secs, body := b.fields[fSecs], b.fields[fBody]
	n := b.docs
	b.docs++
	doc.AddField(document.NewTextFieldCustom(fSecs, []uint64{}, appendSections(nil, d), secs.opts, secs.an))
	doc.AddField(&bulkField{b: b, name: fBody, text: bodyParts(d), opts: body.opts, kind: body.kind, doc: n})
	b.made++
	for name, v := range fieldsButBody(b.an, d) {
		f := b.fields[name]
		switch v := v.(type) {
		case string:
			if f.ours {
				bf := &bulkField{b: b, name: name, text: []string{v}, opts: f.opts, kind: f.kind, once: b.vocabOnce && name == fVocab, doc: n}
				b.made++
				if f.opts.IsStored() {
					bf.value = []byte(v)
				}
				doc.AddField(bf)
				continue
			}
			doc.AddField(document.NewTextFieldCustom(name, []uint64{}, []byte(v), f.opts, f.an))
		case []string:
			for i, s := range v {
				doc.AddField(document.NewTextFieldCustom(name, []uint64{uint64(i)}, []byte(s), f.opts, f.an))
			}
		}
	}
	doc.SetIndexed()
}

// term returns the term of word w (as written) for analysis kind, nil for
// a stop word. Words are looked up in a direct-mapped cache first (one
// slot for each hash, the word in it): it finds most words with one
// memory access where the map needs three (slot, key, bytes); that made
// the analysis a seventh faster.
func (b *bulk) term(kind termKind, w string) *bulkTerm {
	if len(w) > len(wordSlot{}.word) {
		return b.lookup(kind, w)
	}
	h := uint32(2166136261) // FNV-1a
	for i := 0; i < len(w); i++ {
		h = (h ^ uint32(w[i])) * 16777619
	}
	e := &b.cache[kind][h>>(32-wordCacheBits)]
	if int(e.n) == len(w) && string(e.word[:e.n]) == w {
		if e.t == stopTerm {
			return nil
		}
		return e.t
	}
	t := b.lookup(kind, w)
	switch {
	case t == nil:
		e.t = stopTerm
	case !t.temp:
		e.t = t
	default:
		return t // counted through bulk.over, not cached
	}
	e.n = uint8(copy(e.word[:], w))
	return t
}

// wordSlot is one slot of bulk.cache: a word of up to 23 bytes and its
// term (stopTerm for a stop word).
type wordSlot struct {
	word [23]byte
	n    uint8
	t    *bulkTerm
}

// wordCacheBits: 1<<15 slots of 32 bytes, a megabyte per kind of term.
const wordCacheBits = 15

// stopTerm marks a stop word in bulk.cache.
var stopTerm = new(bulkTerm)

// lookup is term, through the maps.
func (b *bulk) lookup(kind termKind, w string) *bulkTerm {
	words := b.words[kind]
	if t, ok := words[w]; ok {
		return t
	}
	b.buf = appendLowerLang(b.buf[:0], w, b.an.lang())
	s := b.buf
	if kind == termLower {
		s = b.an.lang().normalize(s)
	}
	if kind == termStem {
		if s = b.an.st.stemBytes(b.buf); s == nil {
			if len(words) < b.max {
				words[strings.Clone(w)] = nil
			}
			return nil
		}
	}
	t, ok := b.terms[string(s)]
	if !ok {
		if t, ok = b.over[string(s)]; !ok {
			t = &bulkTerm{term: string(s)}
			t.bytes = []byte(t.term)
			if len(b.terms) < b.max {
				b.terms[t.term] = t
			} else {
				// Counted through over for the rest of this analysis.
				t.temp = true
				b.over[t.term] = t
			}
		}
	}
	if len(words) < b.max && len(b.terms) < b.max {
		words[strings.Clone(w)] = t
	}
	return t
}

// analyze counts the terms of text (parts joined by a separator), as kb's tokenizer and
// analysis.TokenFrequency would: the number of tokens (stop words are
// none) and each distinct term's frequency (0 with SkipFreqNorm). With
// once, terms that an earlier analysis with once returned are left out
// (except, when the tables are full, some that are not in them).
func (b *bulk) analyze(f *bulkField) (int, index.TokenFrequencies) {
	text, kind, opts, once := f.text, f.kind, f.opts, f.once
	b.stamp++
	clear(b.over)
	seen := b.seen[:0]
	n := 0
	for pi, text := range text {
		bit := uint32(1) << min(pi, 31)
		eachTerm(text, b.an.lang(), func(start, end int) {
			t := b.term(kind, text[start:end])
			if t == nil {
				return
			}
			n++
			if t.stamp != b.stamp {
				t.stamp, t.n, t.parts = b.stamp, 0, 0
				if once {
					if t.vocab {
						return
					}
					t.vocab = true
				}
				seen = append(seen, t)
			}
			t.n++
			t.parts |= bit
		})
	}
	if b.static != nil {
		b.static.tap(f.doc, f.name, n, seen)
	}
	// bleve's segment builder reads the token frequencies twice, each
	// time in the map's order, and after the whole batch was analysed,
	// when they are out of the processor's caches: laid out in the order
	// a range over the map visits them (which bleve's ranges follow,
	// from another starting point), they are read in sequence rather
	// than at random, which the processor predicts. That costs a second
	// assignment per term and saved more than twice that (a sixth of
	// segment building), the misses on the token frequencies.
	freqs := b.freqMap(len(seen))
	scratch := slices.Grow(b.scratch[:0], len(seen))[:len(seen)]
	for i, t := range seen {
		tf := &scratch[i]
		*tf = index.TokenFreq{Term: t.bytes}
		if !opts.SkipFreqNorm() {
			tf.SetFrequency(t.n)
		}
		freqs[t.term] = tf
	}
	b.scratch = scratch
	tfs := b.tokenFreqs(len(seen))
	i := 0
	for k, v := range freqs {
		tfs[i] = *v
		freqs[k] = &tfs[i]
		i++
	}
	clear(seen)
	b.seen = seen[:0]
	return n, freqs
}

// tokenFreqs returns n token frequencies to fill.
func (b *bulk) tokenFreqs(n int) []index.TokenFreq {
	if n > bulkChunk {
		return make([]index.TokenFreq, n)
	}
	if b.chunk == len(b.chunks) || b.used+n > bulkChunk {
		if b.chunk < len(b.chunks) {
			b.chunk++
		}
		if b.chunk == len(b.chunks) {
			b.chunks = append(b.chunks, make([]index.TokenFreq, bulkChunk))
		}
		b.used = 0
	}
	tfs := b.chunks[b.chunk][b.used : b.used+n : b.used+n]
	b.used += n
	return tfs
}

// freqMap returns an empty map for n token frequencies. Maps are reused
// by size class: class c holds up to 7/8 of 1<<c entries, as many as a
// Go map of 1<<c slots does. A map much larger than its entries would
// make bleve's passes over it slower.
func (b *bulk) freqMap(n int) index.TokenFrequencies {
	c := 3 // a map of up to 8 entries is one group of slots
	if n > 7 {
		c = bits.Len(uint((n*8+6)/7 - 1))
	}
	for len(b.maps) <= c {
		b.maps = append(b.maps, nil)
	}
	var m index.TokenFrequencies
	if free := b.maps[c]; len(free) > 0 {
		m = free[len(free)-1]
		b.maps[c] = free[:len(free)-1]
	} else {
		m = make(index.TokenFrequencies, max(8, 7<<c>>3))
	}
	b.lent = append(b.lent, lentMap{m, c})
	return m
}

// reuse is called after each document Build hands bleve. Once every
// bulkField made has been analysed, bleve's builder has analysed their
// batch and written its segment (both happen in the Index call that
// completes a batch), and no longer holds their token frequencies: their
// memory serves the next batch. TestBulkMatchesMapping builds in small
// batches, so a bleve that kept them longer would fail it.
func (b *bulk) reuse() {
	if b.made == 0 || b.analysed < b.made {
		return
	}
	b.made, b.analysed = 0, 0
	for _, l := range b.lent {
		clear(l.m)
		b.maps[l.class] = append(b.maps[l.class], l.m)
	}
	clear(b.lent)
	b.lent = b.lent[:0]
	b.chunk, b.used = 0, 0
}

// bulkField is a text field that bulk analyses: what document.TextField
// is for the same text with kb's analyzer.
type bulkField struct {
	b      *bulk
	name   string
	text   []string // the text, in parts the mapping sees joined by a separator
	value  []byte   // the stored value: text, when stored
	opts   index.FieldIndexingOptions
	kind   termKind
	once   bool // fVocab, each word once (bulk.vocabOnce)
	doc    int  // the document's number, in the order mapped
	length int
	freqs  index.TokenFrequencies
}

var _ document.Field = (*bulkField)(nil)

func (f *bulkField) Name() string                        { return f.name }
func (f *bulkField) ArrayPositions() []uint64            { return nil }
func (f *bulkField) Options() index.FieldIndexingOptions { return f.opts }
func (f *bulkField) Value() []byte                       { return f.value }
func (f *bulkField) NumPlainTextBytes() uint64 {
	n := 0
	for _, s := range f.text {
		n += len(s)
	}
	return uint64(n + len(f.text) - 1)
}
func (f *bulkField) EncodedFieldType() byte                           { return 't' }
func (f *bulkField) AnalyzedLength() int                              { return f.length }
func (f *bulkField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

func (f *bulkField) Size() int {
	n := 96 + len(f.name) + int(f.NumPlainTextBytes()) + len(f.value)
	if f.freqs != nil {
		n += f.freqs.Size()
	}
	return n
}

func (f *bulkField) Analyze() {
	f.length, f.freqs = f.b.analyze(f)
	f.b.analysed++
}
