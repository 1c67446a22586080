package search

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHandler(t *testing.T) {
	h := Handler(testIndex(t))
	long := strings.Repeat("a", MaxQueryBytes+1)
	for _, c := range []struct {
		method, target string
		status         int
	}{
		{"GET", "/api/search?q=password", 200},
		{"HEAD", "/api/search?q=password", 200},
		{"GET", "/api/search?q=password&category=account&limit=5", 200},
		{"GET", "/api/search?q=%3Cimg%2Fsrc%2Fonerror%3Dalert(1)%3E", 200},
		{"GET", "/api/search?q=", 200},
		{"GET", "/api/search", 400},
		{"GET", "/api/search?q=a&q=b", 400},
		{"GET", "/api/search?q=" + long, 400},
		{"GET", "/api/search?q=%ff%fe", 400},
		{"GET", "/api/search?q=%zz", 400},
		{"GET", "/api/search?q=a&limit=0", 400},
		{"GET", "/api/search?q=a&limit=51", 400},
		{"GET", "/api/search?q=a&limit=-1", 400},
		{"GET", "/api/search?q=a&limit=1e9", 400},
		{"GET", "/api/search?q=a&category=%00", 400},
		{"GET", "/api/search?q=" + strings.Repeat("x", 5000), 400},
		{"POST", "/api/search?q=a", 405},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(c.method, c.target, nil))
		if rec.Code != c.status {
			t.Errorf("%s %.60s: %d, want %d: %s", c.method, c.target, rec.Code, c.status, rec.Body)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("%s: content type %q", c.target, ct)
		}
		if c.method == "HEAD" {
			continue
		}
		var body map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Errorf("%.60s: not JSON: %v", c.target, err)
		}
		if _, ok := body["error"]; (c.status != 200) != ok {
			t.Errorf("%.60s: body %v", c.target, body)
		}
		if strings.Contains(rec.Body.String(), "<img") {
			t.Errorf("%.60s: reflected markup: %s", c.target, rec.Body)
		}
	}
}

func TestHandlerWithoutIndex(t *testing.T) {
	for _, h := range []http.Handler{Handler(nil), closedHandler(t)} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/search?q=password", nil))
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), `"error"`) {
			t.Errorf("%d %s", rec.Code, rec.Body)
		}
	}
}

func closedHandler(t *testing.T) http.Handler {
	ix, err := Open(buildTemp(t, testDocs[:2]))
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	return Handler(ix)
}
