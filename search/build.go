package search

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
)

// BuildOptions are the settings of an index that do not come from the
// articles.
type BuildOptions struct {
	// Language is the code of the articles' language (site.yaml's
	// language: "de", "pt-BR", "ja"); "" is English. It chooses the
	// analysis (AnalysisOf: stemming, stop words, normalisation, CJK
	// bigrams; a language kb has none for gets the neutral one, words
	// lowercased), which the sidecar and the static index's meta.json
	// record, so that queries are analysed alike. English's index is
	// the same whether Language is "" or "en".
	Language string

	// Synonyms are site.yaml's search.synonyms: each key and its values
	// are words or phrases readers use for the same thing ("sign in":
	// ["log in"]). They apply in both directions, on top of the built-in
	// list, and are recorded in the sidecar for query time.
	Synonyms map[string][]string

	// BatchSize is how many documents go into one segment before it is
	// written; 0 means defaultBatch. Larger batches mean fewer segments
	// to merge at the end and more memory.
	BatchSize int

	// ReadOnly says the index will only be searched (Open), never
	// updated (OpenLive), as kb build's is. The words that typos are
	// corrected to (fVocab: titles, headings, tags, descriptions and
	// symptoms, as written) are then indexed with the first document
	// that has each, not with every one: searches only look the words
	// up, so they answer alike, and Build takes a seventh less CPU time
	// (on the 10,000-article corpus 410,000 postings become 3,500). An
	// update could not keep that list whole (removing a document would
	// remove words that others have), so OpenLive refuses such an index.
	ReadOnly bool

	// Static, when set, is a folder where Close also writes the static
	// index (static.go), in a subfolder named by its version
	// (Writer.StaticVersion). Other versions already there are left.
	Static string
	// StaticDocs is about how many documents will be added: past 10,000
	// the static index's document files hold more each, so that there
	// stay about 2,500 of them. 0 is fine for small indexes.
	StaticDocs int
}

// defaultBatch documents per segment. The builder holds a whole batch
// analysed until its segment is written, so the batch bounds the index's
// memory. Measured on the 10,000-article corpus (search.Build alone, with
// bulk.go; CPU time and the process's peak RSS, the documents' 65 MB
// included): 250 documents per batch 2.1 s and 225 MB, 500 1.9 s and
// 255 MB, 1,000 2.1 s and 298 MB, 2,000 2.1 s and 408 MB.
const defaultBatch = 500

// SidecarFile is the name of the sidecar in the index folder. It is
// written last, so an index without one is incomplete.
const SidecarFile = "kb-search.json"

// Meta is the sidecar: what Open checks before it opens the index.
type Meta struct {
	Schema      int                 `json:"schema"`       // kb's index schema version
	Bleve       string              `json:"bleve"`        // the bleve module version that wrote it
	ContentHash string              `json:"content_hash"` // sha256 of the docs and synonyms
	Docs        int                 `json:"docs"`
	Synonyms    map[string][]string `json:"synonyms,omitempty"`
	// Language and Analysis are BuildOptions.Language and the analysis
	// it chose (AnalysisOf); both "" for English.
	Language string            `json:"language,omitempty"`
	Analysis string            `json:"analysis,omitempty"`
	Titles   map[string]string `json:"titles,omitempty"`    // category and section key → title
	ReadOnly bool              `json:"read_only,omitempty"` // BuildOptions.ReadOnly: OpenLive refuses it
	Files    map[string]int64  `json:"files"`               // every file of the index, slash path → size
}

var (
	// ErrNoIndex means the folder holds no complete index.
	ErrNoIndex = errors.New("search index missing; run kb build")
	// ErrIncompatible means the index was written by another kb schema
	// or bleve version.
	ErrIncompatible = errors.New("search index was built by another version of kb; run kb build")
	// ErrCorrupt means the index's files are not the ones its sidecar lists.
	ErrCorrupt = errors.New("search index is damaged; run kb build")
	// ErrLocked means another process holds the index's lock.
	ErrLocked = errors.New("search index in use by another process")
	// ErrClosed is returned by searches on a closed Index.
	ErrClosed = errors.New("search index closed")
	// ErrReadOnly is OpenLive's error for an index built with
	// BuildOptions.ReadOnly.
	ErrReadOnly = errors.New("search index was built read-only and cannot be updated")

	errSchema = errors.New("search: index mapping lacks kb's analyzer")
)

// BleveVersion is the version of the bleve module this program was built
// with, as recorded in sidecars ("unknown" without build information).
func BleveVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/blevesearch/bleve/v2" {
				if d.Replace != nil {
					return d.Replace.Version
				}
				return d.Version
			}
		}
	}
	return "unknown"
}

// ContentHash is the hash a sidecar records for docs and synonyms.
func ContentHash(docs []Doc, synonyms map[string][]string) string {
	return contentHash(docs, synonyms, "")
}

// contentHash is ContentHash for an index in analysis lang ("" for English).
func contentHash(docs []Doc, synonyms map[string][]string, lang string) string {
	h := newContentHasher(lang)
	for i := range docs {
		h.add(&docs[i])
	}
	return h.sum(synonyms)
}

// contentHasher computes ContentHash one document at a time. Each value
// is written as its length, ":" and itself, through one buffer per
// document (writing strings to the hash one by one copied each of them).
type contentHasher struct {
	h   hash.Hash
	buf []byte
}

// An index in another analysis than English's hashes its name first, so
// that one content indexed in two languages has two hashes (and static
// versions); English's hash is what it was before languages.
func newContentHasher(analysis string) *contentHasher {
	h := &contentHasher{h: sha256.New()}
	fmt.Fprintf(h.h, "kb-search %d\n", schemaVersion)
	if analysis != "" && analysis != analysisEnglish {
		fmt.Fprintf(h.h, "analysis %s\n", analysis)
	}
	return h
}

func (h *contentHasher) put(ss ...string) {
	for _, s := range ss {
		h.buf = strconv.AppendInt(h.buf, int64(len(s)), 10)
		h.buf = append(h.buf, ':')
		h.buf = append(h.buf, s...)
	}
}

func (h *contentHasher) flush() {
	h.h.Write(h.buf)
	h.buf = h.buf[:0]
}

func (h *contentHasher) add(d *Doc) {
	h.put(d.URL, d.Title, d.Description, d.Category, d.Section, d.CategoryTitle, d.SectionTitle, d.Slug, d.Body, d.Code)
	h.put(d.Breadcrumb...)
	h.put("|")
	h.put(d.Tags...)
	h.put("|")
	h.put(d.Headings...)
	h.put("|")
	for _, s := range d.Sections {
		h.put(s.Anchor, s.Title, s.Text)
	}
	h.put("|")
	h.put(d.Symptoms...)
	h.put("|")
	h.put(d.ErrorMessages...)
	if d.Fallback {
		h.put("|", "fallback")
	}
	h.put("\n")
	h.flush()
}

func (h *contentHasher) sum(synonyms map[string][]string) string {
	keys := make([]string, 0, len(synonyms))
	for k := range synonyms {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		h.put(k)
		h.put(synonyms[k]...)
		h.put("\n")
	}
	h.flush()
	return hex.EncodeToString(h.h.Sum(nil))
}

// Build writes an index of docs into dir, which must not exist or be
// empty, with bleve's offline builder (large segments, merged once), then
// writes the sidecar. On any error, including ctx's, it removes dir.
// Docs with an empty or repeated URL are an error.
func Build(ctx context.Context, dir string, docs []Doc, opts BuildOptions) error {
	w, err := NewWriter(dir, opts)
	if err != nil {
		return err
	}
	return w.AddAll(ctx, docs)
}

// AddAll adds docs and closes the writer; on any error, including ctx's,
// it aborts it instead.
func (w *Writer) AddAll(ctx context.Context, docs []Doc) (err error) {
	defer func() {
		if err != nil {
			w.Abort()
		}
	}()
	for i := range docs {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := w.Add(&docs[i]); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return w.Close()
}

// A Writer builds an index from documents added one at a time, for a
// caller that makes them as it goes (kb build, while it parses). Add the
// documents, then Close, or Abort to remove what was written. Not safe
// for concurrent use.
type Writer struct {
	dir    string
	opts   BuildOptions
	im     *mapping.IndexMappingImpl
	bk     *bulk
	b      bleve.Builder
	seen   map[string]bool
	titles map[string]string
	hash   *contentHasher
	n      int
	static *staticBuilder
	ver    string
	lang   *language
}

// NewWriter starts an index in dir, which must not exist or be empty.
func NewWriter(dir string, opts BuildOptions) (*Writer, error) {
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return nil, fmt.Errorf("search: %s is not empty", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	name, _ := AnalysisOf(opts.Language)
	lang, err := languageNamed(name)
	if err != nil {
		return nil, err
	}
	w := &Writer{dir: dir, opts: opts, lang: lang, seen: map[string]bool{}, titles: map[string]string{}, hash: newContentHasher(name)}
	if w.im, err = newMappingFor(lang); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	batch := opts.BatchSize
	if batch <= 0 {
		batch = defaultBatch
	}
	w.bk = newBulk(w.im, newAnalyzerFor(lang))
	w.bk.vocabOnce = opts.ReadOnly
	if opts.Static != "" {
		w.static = newStaticBuilder(opts.Static, opts.StaticDocs)
		w.bk.static = w.static
	}
	w.b, err = bleve.NewBuilder(dir, &bulkMapping{w.im, w.bk}, map[string]interface{}{
		"batchSize":       batch,
		"mergeMax":        32,
		"buildPathPrefix": dir, // the builder's temporary segments stay on the index's disk
	})
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("search: %w", err)
	}
	return w, nil
}

// Add indexes d. A doc with an empty or repeated URL is an error. The
// writer keeps nothing of d once Add returns.
func (w *Writer) Add(d *Doc) error {
	if d.URL == "" || w.seen[d.URL] {
		return fmt.Errorf("search: document %d: empty or repeated URL %q", w.n, d.URL)
	}
	w.seen[d.URL] = true
	w.n++
	if d.Category != "" {
		w.titles[d.Category] = d.CategoryTitle
	}
	if d.Section != "" {
		w.titles[d.Section] = d.SectionTitle
	}
	w.hash.add(d)
	if w.static != nil {
		w.static.add(d)
	}
	if err := w.b.Index(d.URL, d); err != nil { // mapped by bulkMapping
		return fmt.Errorf("search: index %s: %w", d.URL, err)
	}
	w.bk.reuse()
	return nil
}

// Close writes what is left of the index, then the sidecar. On an error
// it removes the folder.
func (w *Writer) Close() (err error) {
	defer func() {
		if err != nil {
			w.Abort()
			return
		}
		// What the index was built with goes: only the static
		// version and client are asked for after Close.
		w.bk, w.b, w.seen, w.titles, w.hash = nil, nil, nil, nil, nil
	}()
	sum := w.hash.sum(w.opts.Synonyms)
	// bleve's Close panics when no segment was written.
	if w.n == 0 {
		err = emptyIndex(w.dir, w.im, w.opts, w.lang)
	} else if err = w.b.Close(); err != nil {
		err = fmt.Errorf("search: %w", err)
	}
	if err != nil {
		return err
	}
	// After bleve's Close, which analyses the last batch.
	if w.static != nil {
		an := w.bk.an
		if w.ver, err = w.static.write(an, newSynonyms(an, w.opts.Synonyms), softStems(an), w.titles, sum); err != nil {
			return fmt.Errorf("search: static index: %w", err)
		}
	}
	if w.n == 0 {
		return nil
	}
	return writeMeta(w.dir, w.n, sum, w.opts, w.lang, w.titles)
}

// StaticVersion is the subfolder of BuildOptions.Static that Close wrote
// the static index into; "" before Close or without one.
func (w *Writer) StaticVersion() string { return w.ver }

// StaticClient writes client, the script that searches the static index
// (kb's theme has it), into the static index's folder with the index's
// meta.json inside it, so that a reader's first query fetches one file
// less; it returns the script's path below BuildOptions.Static. Only
// after Close, and only with a static index.
func (w *Writer) StaticClient(client []byte) (string, error) {
	if w.static == nil || w.ver == "" {
		return "", errors.New("search: no static index written")
	}
	return w.static.client(w.ver, client)
}

// Abort removes the folder. The builder is abandoned without Close: its
// segments are files under the folder.
func (w *Writer) Abort() {
	os.RemoveAll(w.dir)
	if w.static != nil {
		w.static.abort()
	}
}

// writeMeta writes the sidecar, last: an index without one is
// incomplete.
func writeMeta(dir string, docs int, contentHash string, opts BuildOptions, lang *language, titles map[string]string) error {
	m := Meta{Schema: schemaVersion, Bleve: BleveVersion(), ContentHash: contentHash,
		Docs: docs, Synonyms: opts.Synonyms, Titles: titles, ReadOnly: opts.ReadOnly}
	if !lang.english {
		m.Language, m.Analysis = opts.Language, lang.name
	}
	var err error
	if m.Files, err = listFiles(dir); err != nil {
		return err
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, SidecarFile), append(data, '\n'), 0o644)
}

// emptyIndex finishes an index of no documents, which bleve's offline
// builder cannot write: it replaces the builder's files by an empty
// scorch index, then writes the sidecar.
func emptyIndex(dir string, im *mapping.IndexMappingImpl, opts BuildOptions, lang *language) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	if err := os.Remove(dir); err != nil {
		return err
	}
	bi, err := bleve.NewUsing(dir, im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if err := bi.Close(); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return writeMeta(dir, 0, contentHash(nil, nil, lang.name), BuildOptions{Language: opts.Language}, lang, nil)
}

// fields is what bleve indexes and stores for one doc.
func fields(an *analyzer, d *Doc) map[string]interface{} {
	m := fieldsButBody(an, d)
	m[fBody] = strings.Join(bodyParts(d), "\n")
	m[fSecs] = string(appendSections(nil, d))
	return m
}

// bodyParts are the parts of fBody: the intro and each section's text.
func bodyParts(d *Doc) []string {
	parts := make([]string, 0, 1+len(d.Sections))
	parts = append(parts, d.Body)
	for _, s := range d.Sections {
		parts = append(parts, s.Text)
	}
	return parts
}

// fieldsButBody is fields without fBody and fSecs, the largest, which
// bulk makes its own way.
func fieldsButBody(an *analyzer, d *Doc) map[string]interface{} {
	keys := strings.Join(d.Tags, " ; ") + " ; " + strings.ReplaceAll(d.Slug, "-", " ")
	m := map[string]interface{}{
		fTitle:    d.Title,
		fTitleKey: titleKey(d.Title),
		fTitleSet: stemSet(an, d.Title),
		fHead:     strings.Join(d.Headings, " ;\n"),
		fKeys:     keys,
		fDesc:     summary(d),
		fCrumb:    strings.Join(d.Breadcrumb, sepField),
	}
	m[fVocab] = strings.Join([]string{d.Title, m[fHead].(string), keys, d.Description, strings.Join(d.Breadcrumb, " "),
		strings.Join(d.Symptoms, " ; ")}, " ; ")
	if len(d.Symptoms)+len(d.ErrorMessages) > 0 {
		m[fTrouble] = strings.Join(append(append([]string(nil), d.Symptoms...), d.ErrorMessages...), " ;\n")
	}
	if len(d.ErrorMessages) > 0 {
		sfx, wholes := errIndexTerms(d.ErrorMessages)
		if len(sfx) > 0 {
			m[fErrSfx] = sfx
		}
		if len(wholes) > 0 {
			m[fErrMsg] = wholes
		}
		m[fErrs] = storedErrors(d.ErrorMessages)
	}
	if d.Code != "" {
		m[fCode] = d.Code
	}
	if d.Category != "" {
		m[fCat] = d.Category
	}
	if d.Section != "" {
		m[fSec] = d.Section
	}
	if d.Fallback {
		m[fFallback] = "1"
	}
	return m
}

// summary is what the description field indexes: the description, or,
// for an article without one, its first paragraph, where help articles
// say what they are for ("Starring messages is a good way to keep track
// of important messages").
func summary(d *Doc) string {
	if d.Description != "" {
		return d.Description
	}
	s := d.Body
	if s == "" && len(d.Sections) > 0 {
		s = d.Sections[0].Text
	}
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > maxSummary {
		cut := strings.LastIndexByte(s[:maxSummary], ' ')
		if cut <= 0 {
			cut = maxSummary
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
		}
		s = s[:cut]
	}
	return s
}

const maxSummary = 400

// stemSet is the sorted set of a text's stems, as one keyword: a query
// with the same stems as a title is that title, in any order or form.
func stemSet(an *analyzer, s string) string {
	st := an.stems(s)
	sort.Strings(st)
	out := st[:0]
	for i, x := range st {
		if i == 0 || x != st[i-1] {
			out = append(out, x)
		}
	}
	return strings.Join(out, " ")
}

// appendSections appends the stored value of the intro and the
// sections to b: records of anchor, title and text.
func appendSections(b []byte, d *Doc) []byte {
	n := 2 + len(d.Body)
	for _, s := range d.Sections {
		n += 3 + len(s.Anchor) + len(s.Title) + len(s.Text)
	}
	b = slices.Grow(b, n)
	b = append(b, sepField+sepField...)
	b = appendClean(b, d.Body)
	for _, s := range d.Sections {
		b = append(b, sepRecord...)
		b = appendClean(b, s.Anchor)
		b = append(b, sepField...)
		b = appendClean(b, s.Title)
		b = append(b, sepField...)
		b = appendClean(b, s.Text)
	}
	return b
}

// appendClean appends s with the separators of stored values (sepField,
// sepRecord: one byte each) as spaces.
func appendClean(b []byte, s string) []byte {
	if strings.IndexByte(s, sepField[0]) < 0 && strings.IndexByte(s, sepRecord[0]) < 0 {
		return append(b, s...)
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == sepField[0] || c == sepRecord[0] {
			b = append(b, ' ')
		} else {
			b = append(b, c)
		}
	}
	return b
}

// listFiles lists every file under dir with its size, except the sidecar.
func listFiles(dir string) (map[string]int64, error) {
	files := map[string]int64{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if rel == SidecarFile {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = fi.Size()
		return nil
	})
	return files, err
}
