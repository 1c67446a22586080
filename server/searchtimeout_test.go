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

// TestSearchPastItsDeadline: a search whose deadline has passed (a
// saturated CPU) answers the API with 503, a JSON error and Retry-After,
// and the search page with its "not available" message, in both modes;
// never a 500.
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
				var e struct{ Error string }
				if err := json.Unmarshal(w.Body.Bytes(), &e); w.Code != http.StatusServiceUnavailable || err != nil || e.Error == "" || w.Header().Get("Retry-After") == "" {
					t.Errorf("%s: %d Retry-After %q %s; want 503, Retry-After and a JSON error", target, w.Code, w.Header().Get("Retry-After"), w.Body)
				}
			}
			r := httptest.NewRequest("GET", "/help/search/?q=refunds", nil).WithContext(past)
			r.Host = "127.0.0.1:1313"
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "try again in a moment") {
				t.Errorf("search page: %d, want 503 with a message:\n%s", w.Code, w.Body)
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
