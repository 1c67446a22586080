package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// staticHost serves a built site as Netlify or nginx with gzip_static do:
// a file's precompressed twin (name.gz) when the browser accepts gzip,
// with Content-Encoding: gzip and the type of the file itself; other text
// (HTML, CSS, JavaScript, JSON, SVG, plain text) gzipped on the fly; and
// everything else (Pagefind's .pf_* and .pagefind files, which Pagefind
// compresses itself) as it is. It is safe for concurrent use.
type staticHost struct {
	dir string

	mu  sync.Mutex
	gzs map[string][]byte // file → gzipped on the fly, once
}

var _ http.Handler = (*staticHost)(nil)

func newStaticHost(dir string) *staticHost {
	return &staticHost{dir: dir, gzs: map[string][]byte{}}
}

// compressible reports whether a host would gzip a response of type ct.
func compressible(ct string) bool {
	ct, _, _ = strings.Cut(ct, ";")
	switch ct {
	case "application/javascript", "text/javascript", "application/json", "image/svg+xml", "application/xml", "application/manifest+json":
		return true
	}
	return strings.HasPrefix(ct, "text/")
}

func (h *staticHost) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := path.Clean("/" + r.URL.Path)
	file := filepath.Join(h.dir, filepath.FromSlash(p))
	fi, err := os.Stat(file)
	if err == nil && fi.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		file = filepath.Join(file, "index.html")
		fi, err = os.Stat(file)
	}
	if err != nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	ct := mime.TypeByExtension(filepath.Ext(file))
	switch {
	case ct == "" && strings.HasSuffix(file, ".json"):
		ct = "application/json"
	case ct == "":
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Add("Vary", "Accept-Encoding")
	gz := strings.Contains(r.Header.Get("Accept-Encoding"), "gzip")
	if gz {
		if b, err := os.ReadFile(file + ".gz"); err == nil {
			w.Header().Set("Content-Encoding", "gzip")
			http.ServeContent(w, r, "", fi.ModTime(), bytes.NewReader(b))
			return
		}
	}
	b, err := os.ReadFile(file)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if gz && compressible(ct) {
		w.Header().Set("Content-Encoding", "gzip")
		b = h.gzipped(file, b)
	}
	http.ServeContent(w, r, "", fi.ModTime(), bytes.NewReader(b))
}

// gzipped returns b gzipped at the level hosts use by default (nginx's
// gzip_comp_level 1 is faster but Netlify and Cloudflare send about
// level 6), remembering it for file.
func (h *staticHost) gzipped(file string, b []byte) []byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	if z, ok := h.gzs[file]; ok {
		return z
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	zw.Write(b)
	zw.Close()
	h.gzs[file] = buf.Bytes()
	return buf.Bytes()
}

// readHeaderTimeout bounds a request's headers, as every kb server does.
const readHeaderTimeout = 10 * time.Second

// A recorder counts, per step of a session, the requests the host
// answered and the bytes it wrote on the wire (status line, headers and
// body: what CDP reports as encodedDataLength). It sees what the page's
// CDP session does not: the requests of Pagefind's web worker. Steps are
// separated by idle waits, so a byte written belongs to the step current
// when it is written. It is safe for concurrent use.
type recorder struct {
	mu       sync.Mutex
	step     int
	inflight int
	last     time.Time        // the last request started or ended
	reqs     map[int][]string // step → paths
	bytes    map[int]int64
}

func newRecorder() *recorder {
	return &recorder{step: -1, reqs: map[int][]string{}, bytes: map[int]int64{}}
}

// reset forgets everything and starts at step -1 (the page load).
func (rc *recorder) reset() {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.step = -1
	clear(rc.reqs)
	clear(rc.bytes)
}

func (rc *recorder) setStep(step int) {
	rc.mu.Lock()
	rc.step = step
	rc.mu.Unlock()
}

// at returns the paths requested and bytes written in step.
func (rc *recorder) at(step int) ([]string, int64) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]string(nil), rc.reqs[step]...), rc.bytes[step]
}

func (rc *recorder) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc.mu.Lock()
		rc.reqs[rc.step] = append(rc.reqs[rc.step], r.URL.Path)
		rc.inflight++
		rc.last = time.Now()
		rc.mu.Unlock()
		h.ServeHTTP(w, r)
		rc.mu.Lock()
		rc.inflight--
		rc.last = time.Now()
		rc.mu.Unlock()
	})
}

// idle waits until the host is answering nothing and has not started or
// ended an answer for quiet: the step's requests are all in.
func (rc *recorder) idle(quiet time.Duration) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		rc.mu.Lock()
		ok := rc.inflight == 0 && time.Since(rc.last) >= quiet
		rc.mu.Unlock()
		if ok {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the host is still busy after 30 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// listen returns a listener whose connections count what they write.
func (rc *recorder) listen(l net.Listener) net.Listener { return countingListener{l, rc} }

type countingListener struct {
	net.Listener
	rc *recorder
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return countingConn{c, l.rc}, nil
}

type countingConn struct {
	net.Conn
	rc *recorder
}

func (c countingConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	c.rc.mu.Lock()
	c.rc.bytes[c.rc.step] += int64(n)
	c.rc.mu.Unlock()
	return n, err
}
