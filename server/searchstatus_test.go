package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kbhelp/kb/builder"
	"github.com/kbhelp/kb/search"
)

// swapHandler is the search API as kb serve's dev mode has it: no index
// (503) until the first one is built, then that index.
type swapHandler struct{ h atomic.Pointer[http.Handler] }

func newSwapHandler() *swapHandler {
	s := &swapHandler{}
	s.set(search.Handler(nil))
	return s
}

func (s *swapHandler) set(h http.Handler) { s.h.Store(&h) }
func (s *swapHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	(*s.h.Load()).ServeHTTP(w, r)
}

// getStatus asks target for the search status and checks that it is
// never an error nor cached, whatever it says.
func getStatus(t *testing.T, h http.Handler, target string) searchStatus {
	t.Helper()
	res := get(t, h, "GET", target, map[string]string{"Accept": "application/json"})
	data := body(t, res)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/json" || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("%s: status %d, type %q, Cache-Control %q: %s", target, res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"), data)
	}
	var st searchStatus
	dec := json.NewDecoder(strings.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&st); err != nil {
		t.Fatalf("%s: %v: %s", target, err, data)
	}
	return st
}

// TestSearchStatusInDevFollowsTheIndex: kb serve answers the status the
// build writes for static hosts with its own, not ready while the index
// is being made, under the base path and at the root, then ready.
func TestSearchStatusInDevFollowsTheIndex(t *testing.T) {
	src := newSiteDir(t, searchSite())
	api := newSwapHandler()
	s := devServer(t, src, func(c *Config) { c.Search = api })
	for _, target := range []string{"/help/api/search-status.json", "/api/search-status.json"} {
		if st := getStatus(t, s, target); st != (searchStatus{Server: true, Ready: false}) {
			t.Errorf("%s before the index is ready: %+v", target, st)
		}
	}
	api.set(searchHandler(t, src))
	for _, target := range []string{"/help/api/search-status.json", "/api/search-status.json"} {
		if st := getStatus(t, s, target); st != (searchStatus{Server: true, Ready: true}) {
			t.Errorf("%s once the index is ready: %+v", target, st)
		}
	}
}

// TestSearchStatusInDevBeforeTheFirstBuild: a page can only be open then
// if it was left open from an earlier run; it still gets no error.
func TestSearchStatusInDevBeforeTheFirstBuild(t *testing.T) {
	s, err := New(Config{Dev: true, Build: func(context.Context, builder.Sink) (*builder.Result, error) { panic("not built") }, Search: newSwapHandler(), Log: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	if st := getStatus(t, s, "/api/search-status.json"); st != (searchStatus{Server: true}) {
		t.Errorf("before the first build: %+v", st)
	}
}

// TestSearchStatusInProd: kb serve -prod answers the path instead of the
// built file ({"server":false}, for static hosts), ready when it has an
// index.
func TestSearchStatusInProd(t *testing.T) {
	src := newSiteDir(t, searchSite())
	h := searchHandler(t, src)
	for _, tc := range []struct {
		name   string
		search http.Handler
		ready  bool
	}{
		{"index", h, true},
		{"no index", search.Handler(nil), false},
		{"no search", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, out := prodServer(t, src, func(c *Config) { c.Search = tc.search })
			built, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(builder.SearchStatusPath)))
			// The built file says there is no server, and where the static
			// index is; the server answers the path itself.
			var file struct {
				Server bool `json:"server"`
				Static struct{ Index, Engine string }
			}
			if err != nil || json.Unmarshal(built, &file) != nil || file.Server ||
				!strings.HasPrefix(file.Static.Index, "/help/assets/search/") || !strings.HasPrefix(file.Static.Engine, "/help/assets/search/") {
				t.Fatalf("the build's %s: %q, %v", builder.SearchStatusPath, built, err)
			}
			for _, target := range []string{"/help/api/search-status.json", "/api/search-status.json"} {
				if st := getStatus(t, s, target); st != (searchStatus{Server: true, Ready: tc.ready}) {
					t.Errorf("%s: %+v, want ready %v", target, st, tc.ready)
				}
			}
		})
	}
}

func TestSearchStatusMethods(t *testing.T) {
	src := newSiteDir(t, searchSite())
	s := devServer(t, src, func(c *Config) { c.Search = searchHandler(t, src) })
	if res := get(t, s, "HEAD", "/help/api/search-status.json", nil); res.StatusCode != http.StatusOK {
		t.Errorf("HEAD: status %d", res.StatusCode)
	}
	res := get(t, s, "POST", "/help/api/search-status.json", nil)
	if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: status %d, Allow %q", res.StatusCode, res.Header.Get("Allow"))
	}
}
