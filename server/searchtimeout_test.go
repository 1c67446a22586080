package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestSearchPastItsDeadline: a search whose deadline passed before it
// started (a saturated CPU) still answers its first matches, at the API
// and on the search page, in both modes; never a 5xx.
func TestSearchPastItsDeadline(t *testing.T) {
	past, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	for mode, s := range searchServers(t, searchSite()) {
		t.Run(mode, func(t *testing.T) {
			for _, target := range []string{"/api/search?q=refunds", "/help/api/search?q=refunds"} {
				r := httptest.NewRequest("GET", target, nil).WithContext(past)
				r.Host = "127.0.0.1:1313"
				w := httptest.NewRecorder()
				s.ServeHTTP(w, r)
				var res struct{ Hits []struct{ URL string } }
				if err := json.Unmarshal(w.Body.Bytes(), &res); w.Code != http.StatusOK || err != nil || len(res.Hits) == 0 {
					t.Errorf("%s: %d %s; want 200 with hits", target, w.Code, w.Body)
				}
			}
			r := httptest.NewRequest("GET", "/help/search/?q=refunds", nil).WithContext(past)
			r.Host = "127.0.0.1:1313"
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `href="/help/billing/refunds/"`) {
				t.Errorf("search page: %d, want 200 with the refunds article:\n%s", w.Code, w.Body)
			}
		})
	}
}

// TestSearchPageSaysResultsArePartial: when the API answers the hits it
// found before its deadline ("partial": true), the search page shows
// them and says the list may be incomplete.
func TestSearchPageSaysResultsArePartial(t *testing.T) {
	src := newSiteDir(t, searchSite())
	partial := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write([]byte(`{"query":"refunds","total":1,"partial":true,"categories":[],"hits":[{"url":"/help/billing/refunds/","title":"Refunds","breadcrumb":["Billing"],"snippet":"We <mark>refund</mark>","score":1}]}`))
	})
	s := devServer(t, src, func(c *Config) { c.Search = partial })
	res := get(t, s, "GET", "/help/search/?q=refunds", nil)
	page := body(t, res)
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	r := results(t, page)
	if !strings.Contains(r, `href="/help/billing/refunds/"`) || !strings.Contains(r, "may not be all the results") {
		t.Errorf("partial results not shown as such:\n%s", r)
	}
}
