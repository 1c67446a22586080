package server

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kbhelp/kb/builder"
)

// errNotFound is what a site answers for a name that is not a file.
var errNotFound = errors.New("not found")

// A site is one consistent set of outputs: a build held in memory (kb
// serve) or a built folder on disk (kb serve -prod). Its methods are
// safe for concurrent use.
type site interface {
	// file returns the regular file at name, a slash path relative to
	// the output root that sitePath accepted; errNotFound when there is
	// none or name is a folder. The caller closes the entry.
	file(name string) (*entry, error)
	// isDir reports whether name is a folder of the output.
	isDir(name string) bool
	// basePath is where the outputs are served: "/" or "/help/".
	basePath() string
	// redirect returns where the _redirects file sends a request path.
	redirect(p string) (to string, code int, ok bool)
	// manifest is the build's settings (builder.SiteManifestPath); a
	// folder without one (an older build) has the defaults.
	manifest() *builder.SiteManifest
}

// readManifest decodes a build's _kb.json, or gives the defaults.
func readManifest(data []byte, base string) *builder.SiteManifest {
	m, err := builder.ReadSiteManifest(data)
	if err != nil || data == nil {
		m, _ = builder.ReadSiteManifest([]byte("{}"))
	}
	m.BasePath = base // the served one: -base-path or _headers decide
	return &m
}

// An entry is one output file ready to serve. Entries in memory are
// shared by concurrent requests and compute their ETag and gzip form
// once; an entry of a big file on disk streams from f and is closed by
// the request.
type entry struct {
	name    string
	data    []byte
	modTime time.Time

	f   *os.File // for files too big to hold in memory; data is nil then
	tag string   // ETag of f

	lazy     func() []byte // dev: makes data when the file is first asked for
	lazyOnce sync.Once

	etagOnce sync.Once
	etagVal  string
	gzOnce   sync.Once
	gzVal    []byte
}

func (e *entry) close() {
	if e.f != nil {
		e.f.Close()
	}
}

// etag is a strong validator computed from the contents.
func (e *entry) etag() string {
	if e.f != nil {
		return e.tag
	}
	e.etagOnce.Do(func() {
		sum := sha256.Sum256(e.data)
		e.etagVal = `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
	})
	return e.etagVal
}

var gzipPool = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression)
	return w
}}

// gzipped is the contents compressed, computed once per entry.
func (e *entry) gzipped() []byte {
	e.gzOnce.Do(func() {
		var b bytes.Buffer
		w := gzipPool.Get().(*gzip.Writer)
		w.Reset(&b)
		_, _ = w.Write(e.data)
		_ = w.Close()
		gzipPool.Put(w)
		e.gzVal = b.Bytes()
	})
	return e.gzVal
}

type redirect struct {
	to   string
	code int
}

// parseRedirects reads a Netlify-style _redirects file: "FROM TO [CODE]"
// per line, # comments. Codes other than 301, 302, 307 and 308 are
// skipped.
func parseRedirects(data []byte) map[string]redirect {
	m := map[string]redirect{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 || strings.HasPrefix(f[0], "#") || !strings.HasPrefix(f[0], "/") {
			continue
		}
		code := 301
		if len(f) > 2 {
			c, err := strconv.Atoi(strings.TrimSuffix(f[2], "!"))
			if err != nil {
				continue
			}
			code = c
		}
		switch code {
		case 301, 302, 307, 308:
			m[f[0]] = redirect{to: f[1], code: code}
		}
	}
	return m
}

// basePathFromHeaders finds the base path in the _headers file kb
// writes: its first rule is "BASE*" ("/help/*").
func basePathFromHeaders(data []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t") {
			continue
		}
		if strings.HasPrefix(line, "/") && strings.HasSuffix(line, "/*") {
			return strings.TrimSuffix(line, "*")
		}
		return "/"
	}
	return "/"
}

// cleanBase makes "help", "/help" and "/help/" into "/help/".
func cleanBase(b string) string {
	b = strings.Trim(b, "/")
	if b == "" {
		return "/"
	}
	return "/" + b + "/"
}

// memSite is one successful build of kb serve, in memory. Read-only.
// Making one costs nothing per output: entries (with their ETag and
// gzipped form) are made when first asked for, reusing the previous
// build's entry while the bytes are the same slice (the builder's cache
// reused them), so a save that changed one page does not redo the
// others.
type memSite struct {
	base      string
	out       memOutputs               // the build's outputs, by path
	entries   *sync.Map                // path → *entry
	old       atomic.Pointer[sync.Map] // the previous build's entries
	dirsOnce  sync.Once
	dirs      map[string]bool // every folder that holds an output, "" included
	redirects map[string]redirect
	built     time.Time
	id        string // names this build for live-reload clients
	man       *builder.SiteManifest
	// earlier are the outputs of the builds just before, newest first,
	// for their fingerprinted stylesheets and scripts only (earlierAsset).
	earlier atomic.Pointer[[]memOutputs]
}

// keepEarlier is how many builds back, and for how long after a build,
// the dev server still serves the fingerprinted stylesheets and scripts
// of earlier builds. The live-reload client swaps stylesheets by
// fetching the page and then the stylesheets it links; a save landing
// in between (an editor that truncates a file and writes it a moment
// later saves twice) would otherwise make it ask for one no longer
// served. Such a name never changes its bytes, so serving an earlier
// one is safe; pages of earlier builds are never served.
const (
	keepEarlierBuilds = 3
	keepEarlierFor    = 10 * time.Second
)

// immutable matches the names of fingerprinted stylesheets and scripts:
// the theme's (assets/style.1a2b3c4d.css) and the site's own
// (theme.stylesheet, css/brand.1a2b3c4d.css).
var immutable = regexp.MustCompile(`(^|/)[^/]+\.[0-9a-f]{8}\.(css|js)$`)

// memOutputs are a build's outputs in memory (builder.MemSink, once
// the build returned): Get returns an output's bytes, or the maker of
// one made when first asked for.
type memOutputs interface {
	Get(name string) (data []byte, lazy func() []byte, ok bool)
	Names() []string
}

var _ memOutputs = (*builder.MemSink)(nil)

// newMemSiteAfter makes the served site of a build from its outputs,
// after prev (the build served until now, or nil).
func newMemSiteAfter(prev *memSite, out memOutputs, base string, built time.Time, id string) *memSite {
	manifest, _, _ := out.Get(builder.SiteManifestPath)
	if b, ok := languagesBase(manifest); ok {
		base = b // a multilingual build: the site's, not its default language's
	}
	m := &memSite{base: cleanBase(base), out: out, entries: &sync.Map{}, built: built, id: id}
	if prev != nil {
		m.old.Store(prev.entries)
		prev.old.Store(nil) // one build back is enough; older ones can go
		earlier := []memOutputs{prev.out}
		if p := prev.earlier.Swap(nil); p != nil {
			earlier = append(earlier, (*p)[:min(len(*p), keepEarlierBuilds-1)]...)
		}
		m.earlier.Store(&earlier)
		time.AfterFunc(keepEarlierFor, func() { m.earlier.Store(nil) })
	}
	redirects, _, _ := out.Get("_redirects")
	m.redirects = parseRedirects(redirects)
	m.man = readManifest(manifest, m.base)
	return m
}

// sameSlice reports whether a and b are the same bytes in memory.
func sameSlice(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

func (m *memSite) file(name string) (*entry, error) {
	if v, ok := m.entries.Load(name); ok {
		return v.(*entry), nil
	}
	var e *entry
	data, make, ok := m.out.Get(name)
	if ok && make == nil {
		if old := m.old.Load(); old != nil {
			if v, ok := old.Load(name); ok && v.(*entry).lazy == nil && sameSlice(v.(*entry).data, data) {
				e = v.(*entry)
			}
		}
		if e == nil {
			e = &entry{name: name, data: data, modTime: m.built}
		}
	} else if ok {
		e = &entry{name: name, lazy: make, modTime: m.built}
	} else if data, ok := m.earlierAsset(name); ok {
		e = &entry{name: name, data: data, modTime: m.built}
	} else {
		return nil, errNotFound
	}
	v, _ := m.entries.LoadOrStore(name, e)
	e = v.(*entry)
	if e.lazy != nil {
		e.lazyOnce.Do(func() { e.data = e.lazy() })
	}
	return e, nil
}

// earlierAsset returns a fingerprinted stylesheet or script of one of
// the builds just before (keepEarlier).
func (m *memSite) earlierAsset(name string) ([]byte, bool) {
	p := m.earlier.Load()
	if p == nil || !immutable.MatchString(name) {
		return nil, false
	}
	for _, out := range *p {
		if data, lazy, ok := out.Get(name); ok && lazy == nil {
			return data, true
		}
	}
	return nil, false
}

// names lists every output's path.
func (m *memSite) names() []string { return m.out.Names() }

func (m *memSite) isDir(name string) bool {
	m.dirsOnce.Do(func() {
		m.dirs = map[string]bool{"": true}
		for _, name := range m.names() {
			for d := path.Dir(name); d != "." && !m.dirs[d]; d = path.Dir(d) {
				m.dirs[d] = true
			}
		}
	})
	return m.dirs[strings.TrimSuffix(name, "/")]
}
func (m *memSite) basePath() string { return m.base }

func (m *memSite) manifest() *builder.SiteManifest { return m.man }

func (m *memSite) redirect(p string) (string, int, bool) {
	r, ok := m.redirects[p]
	return r.to, r.code, ok
}

// diskSite serves a built folder through an os.Root, so no name, symlink
// included, can reach outside it. kb build replaces the folder by
// renaming a new one into place; diskSite notices (the folder's identity
// changed) and reopens it, so a request sees either the old build or the
// new one. Small files are kept in memory, checked against their size,
// modification time and identity on every request.
type diskSite struct {
	dir   string
	base  string // set by configuration, else read from _headers
	fixed bool

	cur atomic.Pointer[diskRoot]
	mu  sync.Mutex // serialises reopening

	cacheMu    sync.RWMutex
	cache      map[string]*cached
	cacheBytes int64
}

type diskRoot struct {
	root      *os.Root
	fi        os.FileInfo
	base      string
	redirects map[string]redirect
	man       *builder.SiteManifest
}

type cached struct {
	fi os.FileInfo
	e  *entry
}

const (
	maxCachedFile = 8 << 20   // bigger files stream from disk
	maxCacheBytes = 256 << 20 // the cache starts over past this
)

func openDiskSite(dir, base string) (*diskSite, error) {
	d := &diskSite{dir: dir, cache: map[string]*cached{}}
	if base != "" {
		d.base, d.fixed = cleanBase(base), true
	}
	if _, err := d.root(); err != nil {
		return nil, err
	}
	return d, nil
}

// root returns the open folder, reopening it when it was replaced.
func (d *diskSite) root() (*diskRoot, error) {
	fi, err := os.Stat(d.dir)
	if err != nil {
		if r := d.cur.Load(); r != nil {
			return r, nil // between the two renames of a swap: keep the old one
		}
		return nil, err
	}
	if r := d.cur.Load(); r != nil && os.SameFile(r.fi, fi) {
		return r, nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if r := d.cur.Load(); r != nil && os.SameFile(r.fi, fi) {
		return r, nil
	}
	root, err := os.OpenRoot(d.dir)
	if err != nil {
		return nil, err
	}
	r := &diskRoot{root: root, fi: fi, base: d.base}
	mf, _ := root.ReadFile(builder.SiteManifestPath)
	if !d.fixed {
		h, _ := root.ReadFile("_headers")
		r.base = basePathFromHeaders(h)
		if b, ok := languagesBase(mf); ok {
			r.base = b // a multilingual build: the site's, not its default language's
		}
	}
	rd, _ := root.ReadFile("_redirects")
	r.redirects = parseRedirects(rd)
	r.man = readManifest(mf, r.base)
	// The old root stays open for requests still using it; it is
	// released with the garbage.
	d.cacheMu.Lock()
	d.cache, d.cacheBytes = map[string]*cached{}, 0
	d.cacheMu.Unlock()
	d.cur.Store(r)
	return r, nil
}

// view returns the folder as it is now. A request uses one view
// throughout, so it never mixes two builds.
func (d *diskSite) view() (*diskView, error) {
	r, err := d.root()
	if err != nil {
		return nil, err
	}
	return &diskView{d: d, r: r}, nil
}

// diskView is one opened build folder of a diskSite.
type diskView struct {
	d *diskSite
	r *diskRoot
}

func (v *diskView) file(name string) (*entry, error) {
	d, root := v.d, v.r.root
	fi, err := root.Stat(name)
	if err != nil || !fi.Mode().IsRegular() {
		return nil, errNotFound
	}
	d.cacheMu.RLock()
	c := d.cache[name]
	d.cacheMu.RUnlock()
	if c != nil && os.SameFile(c.fi, fi) && c.fi.Size() == fi.Size() && c.fi.ModTime().Equal(fi.ModTime()) {
		return c.e, nil
	}
	if fi.Size() > maxCachedFile {
		f, err := root.Open(name)
		if err != nil {
			return nil, errNotFound
		}
		tag := `"` + strconv.FormatInt(fi.Size(), 36) + "-" + strconv.FormatInt(fi.ModTime().UnixNano(), 36) + `"`
		return &entry{name: name, f: f, modTime: fi.ModTime(), tag: tag}, nil
	}
	data, err := root.ReadFile(name)
	if err != nil {
		return nil, errNotFound
	}
	e := &entry{name: name, data: data, modTime: fi.ModTime()}
	d.cacheMu.Lock()
	if d.cacheBytes+int64(len(data)) > maxCacheBytes {
		d.cache, d.cacheBytes = map[string]*cached{}, 0
	}
	if old := d.cache[name]; old != nil {
		d.cacheBytes -= int64(len(old.e.data))
	}
	d.cache[name] = &cached{fi: fi, e: e}
	d.cacheBytes += int64(len(data))
	d.cacheMu.Unlock()
	return e, nil
}

func (v *diskView) isDir(name string) bool {
	name = strings.TrimSuffix(name, "/")
	if name == "" {
		return true
	}
	fi, err := v.r.root.Stat(name)
	return err == nil && fi.IsDir()
}

func (v *diskView) basePath() string { return v.r.base }

func (v *diskView) manifest() *builder.SiteManifest { return v.r.man }

func (v *diskView) redirect(p string) (string, int, bool) {
	rd, ok := v.r.redirects[p]
	return rd.to, rd.code, ok
}

// healthy reports whether the folder can be read and has a home page.
func (d *diskSite) healthy() error {
	r, err := d.root()
	if err != nil {
		return err
	}
	_, err = r.root.Stat("index.html")
	return err
}
